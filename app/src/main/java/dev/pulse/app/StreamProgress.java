package dev.pulse.app;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the streams application makes progress, for {@code /health}: a stream thread stuck on one
 * record keeps its state RUNNING and its own lag metric frozen (it no longer fetches), so neither
 * tells. What does: the group's committed offsets stand still while the input topics hold records
 * beyond them. Sampled from the broker every few seconds, the same way any Kafka operator would
 * look at the group.
 */
final class StreamProgress implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamProgress.class);
  /** How long {@code /health} lets the committed offsets stand still while records wait, unless told otherwise. */
  static final Duration DEFAULT_STALL_AFTER = Duration.ofSeconds(60);

  private final Admin admin;
  private final String groupId;
  private final BooleanSupplier running;
  private final Watch watch;
  private final ScheduledExecutorService sampler;

  /**
   * @param running whether the application is RUNNING: restoring or rebalancing is not a stall
   */
  StreamProgress(String bootstrapServers, Map<String, Object> clientProperties, String groupId,
      BooleanSupplier running, Duration stallAfter) {
    Map<String, Object> props = new LinkedHashMap<>(clientProperties);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "pulse-progress");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    this.admin = Admin.create(props);
    this.groupId = groupId;
    this.running = running;
    this.watch = new Watch(stallAfter, System::nanoTime);
    this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pulse-progress");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(250, Math.min(5_000, stallAfter.toMillis() / 4));
    sampler.scheduleWithFixedDelay(this::sample, every, every, TimeUnit.MILLISECONDS);
  }

  /** How long the committed offsets have stood still while records wait, once that is longer than allowed. */
  Optional<Duration> stalledFor() {
    return watch.stalledFor();
  }

  private void sample() {
    try {
      if (!running.getAsBoolean()) {
        watch.reset();
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
          .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
      var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
          .get(5, TimeUnit.SECONDS);
      long position = 0;
      boolean recordsWait = false;
      for (var e : committed.entrySet()) {
        if (e.getValue() == null) continue;
        long offset = e.getValue().offset();
        position += offset;
        var end = ends.get(e.getKey());
        // One offset past the last commit may be a transaction's marker, which no record follows.
        if (end != null && end.offset() - offset >= 2) recordsWait = true;
      }
      watch.observe(position, recordsWait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // The cluster does not answer: /health says so through its own probe; no verdict on progress.
      log.debug("Could not sample the progress of {}: {}", groupId, e.toString());
    }
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    admin.close(Duration.ofSeconds(2));
  }

  /**
   * The decision alone, on a clock of its own: stalled when the position (the sum of the committed
   * offsets) has not moved for {@code stallAfter} while records wait beyond it.
   */
  static final class Watch {

    private final Duration stallAfter;
    private final LongSupplier nanoClock;
    private long position = Long.MIN_VALUE;
    /** Since when the position has stood still while records wait; null while it moves or nothing waits. */
    private Long stillSince;

    Watch(Duration stallAfter, LongSupplier nanoClock) {
      this.stallAfter = stallAfter;
      this.nanoClock = nanoClock;
    }

    synchronized void observe(long newPosition, boolean recordsWait) {
      long now = nanoClock.getAsLong();
      if (!recordsWait || newPosition != position) {
        stillSince = recordsWait ? now : null;
      } else if (stillSince == null) {
        stillSince = now;
      }
      position = newPosition;
    }

    synchronized void reset() {
      position = Long.MIN_VALUE;
      stillSince = null;
    }

    synchronized Optional<Duration> stalledFor() {
      if (stillSince == null) return Optional.empty();
      Duration still = Duration.ofNanos(nanoClock.getAsLong() - stillSince);
      return still.compareTo(stallAfter) >= 0 ? Optional.of(still) : Optional.empty();
    }
  }
}
