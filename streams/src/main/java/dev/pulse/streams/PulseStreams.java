package dev.pulse.streams;

import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.kafka.KafkaConfigs;
import dev.pulse.streams.partitioned.PartitionedTopology;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running streams application: start, state, shutdown. The topology is the one of the engine
 * the settings name ({@link PartitionedTopology} or {@link ViewsTopology}).
 */
public final class PulseStreams implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PulseStreams.class);

  private final KafkaStreams streams;
  private final StreamsSettings settings;

  private PulseStreams(KafkaStreams streams, StreamsSettings settings) {
    this.streams = streams;
    this.settings = settings;
  }

  /** Builds the topology with serdes over the given registry and starts it (returns at once). */
  public static PulseStreams start(StreamsSettings settings) {
    SchemaRegistryClient registry = new RestSchemaRegistryClient(settings.schemaRegistryUrl());
    return start(settings, registry);
  }

  public static PulseStreams start(StreamsSettings settings, SchemaRegistryClient registry) {
    Topology topology = topology(settings, registry);
    KafkaStreams streams = new KafkaStreams(topology, StreamsConfigs.of(settings));
    streams.setStateListener((now, before) -> log.info("Streams {} → {}", before, now));
    streams.setUncaughtExceptionHandler(e -> {
      log.error("A stream thread failed; replacing it (its task restarts from the last commit)", e);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.start();
    log.info("Streams application '{}' ({} engine, {} thread{}) started against {}", settings.applicationId(),
        settings.engine().label(), settings.threads(), settings.threads() == 1 ? "" : "s", settings.bootstrapServers());
    return new PulseStreams(streams, settings);
  }

  /** The topology of the engine the settings name. */
  public static Topology topology(StreamsSettings settings, SchemaRegistryClient registry) {
    return switch (settings.engine()) {
      case SINGLE -> ViewsTopology.build(serdes(registry), settings.inMemoryStores(), settings.publishInterval(),
          settings.dateBounds());
      case PARTITIONED -> PartitionedTopology.build(serdes(registry), partitionedOptions(settings));
    };
  }

  /**
   * The partitioned engine's options: as many partitions in its internal topics as the attendance
   * topic has (the member tasks read it in place where its records lie in the partition of their
   * key), stores and publishing as the settings say.
   */
  static PartitionedTopology.Options partitionedOptions(StreamsSettings settings) {
    int partitions;
    try (Admin admin = Admin.create(KafkaConfigs.admin(settings.bootstrapServers(), clientProperties(settings)))) {
      partitions = admin.describeTopics(List.of(Topics.ATTENDANCE.name())).allTopicNames()
          .get(30, TimeUnit.SECONDS).get(Topics.ATTENDANCE.name()).partitions().size();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the partitions of " + Topics.ATTENDANCE.name()
          + " (the partitioned engine takes its task count from it): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the partitions of " + Topics.ATTENDANCE.name(), e);
    }
    return PartitionedTopology.Options.defaults().withPartitions(partitions)
        .withInMemoryStores(settings.inMemoryStores()).withPublishEvery(settings.publishInterval())
        .withBounds(settings.dateBounds());
  }

  /** The security properties among the settings' extras: what an admin client needs to log in. */
  private static Map<String, Object> clientProperties(StreamsSettings settings) {
    Map<String, Object> out = new HashMap<>();
    settings.extra().forEach((k, v) -> {
      if (k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")) out.put(k, v);
    });
    return out;
  }

  /** The contract topics' Avro serdes over a registry. */
  public static ViewsTopology.ContractSerdes serdes(SchemaRegistryClient registry) {
    return new ViewsTopology.ContractSerdes() {
      @Override
      public <V> Serde<V> valueSerde(Topic<V> topic) {
        return AvroSerdes.forTopic(topic, registry);
      }
    };
  }

  public KafkaStreams kafkaStreams() {
    return streams;
  }

  public StreamsSettings settings() {
    return settings;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * Records the application's consumers have yet to read, summed over their partitions (the
   * input topics and the ledger topic), from the clients' own {@code records-lag} metrics; -1
   * before the first fetch has measured it.
   */
  public long lag() {
    double sum = 0;
    boolean measured = false;
    for (var e : streams.metrics().entrySet()) {
      var name = e.getKey();
      if (!name.name().equals("records-lag") || !name.group().equals("consumer-fetch-manager-metrics")) continue;
      Object v = e.getValue().metricValue();
      if (v instanceof Number n && !Double.isNaN(n.doubleValue())) {
        sum += n.doubleValue();
        measured = true;
      }
    }
    return measured ? (long) sum : -1;
  }

  /** Blocks until the application is RUNNING, or throws when it is not within the timeout. */
  public void awaitRunning(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (streams.state() == KafkaStreams.State.RUNNING) return;
      if (!streams.state().isRunningOrRebalancing() && streams.state() != KafkaStreams.State.CREATED) {
        throw new IllegalStateException("streams application stopped: " + streams.state());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("streams application not RUNNING after " + timeout.toSeconds() + " s: " + streams.state());
  }

  /**
   * Stops the application and leaves its consumer group. Kafka Streams stays in the group by
   * default so that a restarted instance takes its tasks back, but a lone instance restarted would
   * then wait out the old member's session in REBALANCING, answering no query.
   */
  @Override
  public void close() {
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(30)));
    log.info("Streams application '{}' stopped", settings.applicationId());
  }
}
