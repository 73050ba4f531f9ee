package dev.pulse.bench;

import dev.pulse.avro.PovertyRow;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.serde.AvroSerdes;
import dev.pulse.producers.simulate.Scale;
import dev.pulse.streams.PulseStreams;
import dev.pulse.streams.StreamsConfigs;
import dev.pulse.streams.StreamsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Starts Pulse's streams application from empty on the loaded year and times it to complete,
 * then the plain count the same way; both in this process, with {@link StreamsConfigs}: exactly
 * once, one stream thread, Pulse's commit interval and cache.
 */
final class PipelineBench {

  /** The count's application id; Pulse's is its default, so that {@code pulse up} finds its state. */
  static final String COUNT_APPLICATION_ID = "pulse-bench-count";

  private PipelineBench() {}

  static PipelineResult run(BenchBroker broker, LoadedYear year, Path stateDir, Duration timeout)
      throws InterruptedException {
    List<String> inputs = Topics.INPUTS.stream().map(Topic::name).toList();
    StreamsSettings pulseSettings = StreamsSettings.local(broker.bootstrapServers(), broker.registryUrl(),
        stateDir.resolve("pulse"));

    Progress.say("Pulse's views from empty over %,d records (application id %s)", year.records(),
        pulseSettings.applicationId());
    long begun = System.nanoTime();
    double pulseSeconds;
    try (PulseStreams streams = PulseStreams.start(pulseSettings, broker.registry())) {
      CompletionWatch watch = new CompletionWatch(broker.admin(), pulseSettings.applicationId(), inputs,
          Topics.VIEWS.stream().map(Topic::name).toList());
      pulseSeconds = watch.await(begun, year.records(), timeout, "Pulse's views");
    }
    PipelineResult.Run pulse = new PipelineResult.Run(pulseSettings.applicationId(), pulseSeconds,
        year.records() / pulseSeconds, heapUsedMiB());
    PipelineResult.ViewsCheck check = checkProvinceRow(broker, ProvinceScale.of(year.scaleFraction()));

    createTopic(broker, PlainCountTopology.OUTPUT_TOPIC);
    StreamsSettings countSettings = StreamsSettings.local(broker.bootstrapServers(), broker.registryUrl(),
        stateDir.resolve("count")).withApplicationId(COUNT_APPLICATION_ID);
    Progress.say("the plain count from empty over the same records (application id %s)", COUNT_APPLICATION_ID);
    begun = System.nanoTime();
    double countSeconds;
    KafkaStreams count = new KafkaStreams(PlainCountTopology.build(inputs), StreamsConfigs.of(countSettings));
    try {
      count.start();
      CompletionWatch watch = new CompletionWatch(broker.admin(), COUNT_APPLICATION_ID, inputs,
          List.of(PlainCountTopology.OUTPUT_TOPIC));
      countSeconds = watch.await(begun, year.records(), timeout, "Plain count");
    } finally {
      count.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(Duration.ofSeconds(30)));
    }
    PipelineResult.Run plain = new PipelineResult.Run(COUNT_APPLICATION_ID, countSeconds,
        year.records() / countSeconds, heapUsedMiB());
    return new PipelineResult(year.records(), pulse, plain, check);
  }

  /** The province's poverty row for the year, as the view topic holds it last. */
  private static PipelineResult.ViewsCheck checkProvinceRow(BenchBroker broker, Scale scale) {
    String key = "DB|" + scale.year();
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Deserializer<PovertyRow> rows = AvroSerdes.forTopic(Topics.POVERTY_VIEW, broker.registry(), false).deserializer();
    PovertyRow last = null;
    try (KafkaConsumer<String, byte[]> consumer =
             new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.POVERTY_VIEW.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("could not read " + Topics.POVERTY_VIEW.name());
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (key.equals(r.key())) last = r.value() == null ? null : rows.deserialize(r.topic(), r.value());
        }
      }
    }
    return new PipelineResult.ViewsCheck(Topics.POVERTY_VIEW.name() + " " + key, scale.supportedHouseholds(),
        last == null ? 0 : last.getSupportedHouseholds(), scale.exitedHouseholds(),
        last == null ? 0 : last.getExitedHouseholds());
  }

  private static void createTopic(BenchBroker broker, String name) {
    try {
      broker.admin().createTopics(List.of(new NewTopic(name, RawBench.PARTITIONS, (short) 1))).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not create the topic " + name + ": " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long heapUsedMiB() {
    Runtime rt = Runtime.getRuntime();
    return (rt.totalMemory() - rt.freeMemory()) >> 20;
  }
}
