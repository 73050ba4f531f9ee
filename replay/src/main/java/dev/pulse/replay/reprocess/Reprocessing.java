package dev.pulse.replay.reprocess;

import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.replay.export.ClusterConnection;
import dev.pulse.streams.PulseStreams;
import dev.pulse.streams.StreamsSettings;
import dev.pulse.streams.Engine;
import dev.pulse.streams.EngineShape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The views rebuilt from the event topics from scratch: the streams application of the server
 * ({@link PulseStreams}, the same topology) under a new application id, so it has no committed
 * offsets and no state, reads every input topic from its beginning and publishes into the view
 * topics. The partitioned engine holds its rows until it has caught up and then publishes them
 * ({@link #publish}), so that readers of the view topics never see half-built figures; the
 * single-partition engine publishes as it goes. Rows are complete values, not increments, so
 * readers converge on them; the server keeps answering until it is switched to the new id.
 *
 * <p>{@link #progress()} says how far it has got toward the end offsets the input topics had when
 * it started. It has caught up when it has processed them all, the engine's repartition topics
 * are consumed, and nothing waits to be recounted.
 */
public final class Reprocessing implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Reprocessing.class);

  private final StreamsSettings settings;
  private final Admin admin;
  private final InputOffsets offsets;
  private final Collection<TopicPartition> inputs;
  private final Map<TopicPartition, Long> logStarts;
  private final Map<TopicPartition, Long> target;
  private final SchemaRegistryClient registry;
  private volatile PulseStreams streams;
  /** Rows computed but not yet published: the partitioned engine publishes once caught up. */
  private volatile boolean holding;
  /** Read from the topology once: asked at every progress report. */
  private final Set<String> repartitionTopics;

  private Reprocessing(StreamsSettings settings, Admin admin, Collection<TopicPartition> inputs,
      Map<TopicPartition, Long> logStarts, Map<TopicPartition, Long> target, PulseStreams streams,
      SchemaRegistryClient registry, boolean holding) {
    this.settings = settings;
    this.registry = registry;
    this.holding = holding;
    this.repartitionTopics = EngineShape.repartitionTopics(settings.engine(), settings.applicationId());
    this.admin = admin;
    this.offsets = new InputOffsets(admin);
    this.inputs = inputs;
    this.logStarts = logStarts;
    this.target = target;
    this.streams = streams;
  }

  /**
   * Starts the application; returns at once.
   *
   * @throws IllegalStateException when an application with that id is running already
   */
  public static Reprocessing start(StreamsSettings settings, SchemaRegistryClient registry, ClusterConnection cluster) {
    Map<String, Object> adminProps = new HashMap<>(cluster.clientProperties());
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    Admin admin = Admin.create(adminProps);
    try {
      Applications applications = new Applications(admin);
      int members = applications.members(settings.applicationId());
      if (members > 0) {
        throw new IllegalStateException("application " + settings.applicationId() + " is running (" + members
            + " members in its group): reprocessing needs a new application id");
      }
      InputOffsets offsets = new InputOffsets(admin);
      Collection<TopicPartition> inputs = offsets.partitions(Topics.INPUTS.stream().map(Topic::name).toList());
      Map<TopicPartition, Long> target = offsets.ends(inputs);
      Map<TopicPartition, Long> logStarts = offsets.starts(inputs);
      if (!offsets.committed(settings.applicationId()).isEmpty()) {
        log.info("Application {} has committed offsets already: it goes on from them", settings.applicationId());
      }
      // The partitioned engine computes the rows without publishing them until it has caught up,
      // so that readers of the view topics never see half-built figures (see publish()).
      boolean hold = settings.engine() == Engine.PARTITIONED;
      PulseStreams streams = PulseStreams.start(hold ? settings.withPublishInterval(null) : settings, registry);
      return new Reprocessing(settings, admin, inputs, logStarts, target, streams, registry, hold);
    } catch (RuntimeException e) {
      admin.close();
      throw e;
    }
  }

  public String applicationId() {
    return settings.applicationId();
  }

  public PulseStreams streams() {
    return streams;
  }

  /** The topics records travel on between the engine's stages (Kafka Streams names them after the application). */
  public Set<String> repartitionTopics() {
    return repartitionTopics;
  }

  /** Where the application stands now. */
  public CatchUp progress() {
    if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING
        || streams.state() == KafkaStreams.State.PENDING_ERROR) {
      throw new IllegalStateException("the streams application " + applicationId() + " stopped: " + streams.state()
          + " (see the log above)");
    }
    Map<TopicPartition, Long> committed = offsets.committed(applicationId());
    Map<TopicPartition, Long> endsNow = offsets.ends(inputs);
    long done = 0;
    long total = 0;
    Map<String, Long> lag = new TreeMap<>();
    for (TopicPartition tp : inputs) {
      long start = logStarts.get(tp);
      long position = Math.max(committed.getOrDefault(tp, start), start);
      long goal = target.get(tp);
      total += goal - start;
      done += Math.min(position, goal) - start;
      lag.merge(tp.topic(), Math.max(0, endsNow.get(tp) - position), Long::sum);
    }
    long internalLag = internalLag(committed);
    boolean running = streams.state() == KafkaStreams.State.RUNNING;
    return new CatchUp(done, total, lag, internalLag, running && recountsDone(), running);
  }

  /** Records on the repartition topics not yet processed; unknown (as one) while they are not there yet. */
  private long internalLag(Map<TopicPartition, Long> committed) {
    List<TopicPartition> internal;
    try {
      internal = new ArrayList<>(offsets.partitions(List.copyOf(repartitionTopics())));
    } catch (IllegalStateException e) {
      return 1; // created when the application starts
    }
    long lag = 0;
    for (Map.Entry<TopicPartition, Long> end : offsets.ends(internal).entrySet()) {
      lag += Math.max(0, end.getValue() - committed.getOrDefault(end.getKey(), 0L));
    }
    return lag;
  }

  /**
   * Nothing waits to be recounted, asked of the engine's own queues: a recount sends what it
   * changes in the same step, so empty queues (and consumed repartition topics) mean every change
   * has reached the rows.
   */
  private boolean recountsDone() {
    try {
      for (String queue : EngineShape.recountQueues(settings.engine())) {
        if (!isEmpty(queue)) return false;
      }
      return true;
    } catch (InvalidStateStoreException e) {
      return false; // migrating or restoring: ask again later
    }
  }

  private boolean isEmpty(String store) {
    ReadOnlyKeyValueStore<Object, Object> s = streams.kafkaStreams().store(
        StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
    try (KeyValueIterator<Object, Object> all = s.all()) {
      return !all.hasNext();
    }
  }

  /**
   * Waits until {@link CatchUp#caughtUp()} holds on two reports a poll interval apart — the second
   * lets the transaction that published the last rows commit — telling each report to the listener.
   *
   * @return the last report
   * @throws IllegalStateException when the timeout passes first, or the application stops
   */
  public CatchUp awaitCaughtUp(Duration pollInterval, Duration timeout, java.util.function.Consumer<CatchUp> listener)
      throws InterruptedException {
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    boolean seenOnce = false;
    while (true) {
      CatchUp now = progress();
      listener.accept(now);
      if (now.caughtUp()) {
        if (seenOnce) return now;
        seenOnce = true;
      } else {
        seenOnce = false;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("application " + applicationId() + " has not caught up after "
            + timeout.toSeconds() + " s: " + now.done() + " of " + now.total() + " input records processed, "
            + now.lagLine());
      }
      Thread.sleep(pollInterval.toMillis());
    }
  }

  /**
   * Publishes the rows held while catching up: runs the application again, this time publishing;
   * each row task then compares every row with what it last published (nothing) and publishes it,
   * complete, in its first few transactions. Returns once caught up again (the rows are out).
   * Nothing to do for an engine that publishes as it goes.
   */
  public CatchUp publish(Duration pollInterval, Duration timeout, java.util.function.Consumer<CatchUp> listener)
      throws InterruptedException {
    if (!holding) return progress();
    streams.kafkaStreams().close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(30)));
    streams.close();
    log.info("Application {} caught up; publishing its rows", applicationId());
    streams = PulseStreams.start(settings, registry);
    holding = false;
    return awaitCaughtUp(pollInterval, timeout, listener);
  }

  /**
   * Stops the application (it commits what it has processed) and the admin client. It leaves its
   * group as it goes, so that a server switched to the application id gets its work at once rather
   * than after the session timeout.
   */
  @Override
  public void close() {
    try {
      streams.kafkaStreams().close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(Duration.ofSeconds(30)));
      streams.close();
    } finally {
      admin.close(Duration.ofSeconds(10));
    }
  }
}
