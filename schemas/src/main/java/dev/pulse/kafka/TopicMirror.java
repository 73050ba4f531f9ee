package dev.pulse.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A copy in memory of a compacted topic: one thread reads every partition from the beginning and
 * hands each committed record to a sink, a null value meaning the key was deleted. It keeps reading
 * while Kafka comes and goes, and it never stops on a record it cannot decode (it logs it).
 *
 * <p>{@link #awaitCaughtUp} gives read-your-writes: it returns once everything committed to the
 * topic before the call has reached the sink.
 */
public final class TopicMirror<V> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TopicMirror.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final long RETRY_MS = 1_000;

  /** Receives each record in log order; {@code value} is null when the key was deleted. */
  @FunctionalInterface
  public interface Sink<V> {
    void apply(String key, V value);
  }

  private final String topic;
  private final Map<String, Object> consumerConfig;
  private final Function<byte[], V> decoder;
  private final Sink<V> sink;
  private final Thread thread;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<CompletableFuture<Void>> waiting = new ArrayList<>();
  private volatile KafkaConsumer<String, byte[]> consumer;

  // Owned by the mirror's thread.
  private final List<CompletableFuture<Void>> inFlight = new ArrayList<>();
  private Map<TopicPartition, Long> target;

  private TopicMirror(String topic, Map<String, Object> consumerConfig, Function<byte[], V> decoder, Sink<V> sink) {
    this.topic = topic;
    this.consumerConfig = Map.copyOf(consumerConfig);
    this.decoder = decoder;
    this.sink = sink;
    this.thread = new Thread(this::run, "mirror-" + topic);
    this.thread.setDaemon(true);
  }

  /**
   * Starts mirroring a topic.
   *
   * @param consumerConfig from {@link KafkaConfigs#mirrorConsumer}
   * @param decoder turns value bytes into a value; it may throw on bytes it cannot read
   */
  public static <V> TopicMirror<V> start(String topic, Map<String, Object> consumerConfig,
      Function<byte[], V> decoder, Sink<V> sink) {
    TopicMirror<V> mirror = new TopicMirror<>(topic, consumerConfig, decoder, sink);
    mirror.thread.start();
    return mirror;
  }

  /**
   * Waits until every record committed to the topic before this call has been applied.
   *
   * @return false when that did not happen within the timeout (Kafka unreachable, say)
   */
  public boolean awaitCaughtUp(Duration timeout) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (waiting) {
      waiting.add(done);
    }
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) c.wakeup();
    try {
      done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void run() {
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig)) {
      consumer = c;
      while (closed.getCount() > 0) {
        try {
          if (c.assignment().isEmpty() && !assign(c)) {
            releaseWaitersOnMissingTopic();
            pause();
            continue;
          }
          try {
            for (ConsumerRecord<String, byte[]> r : c.poll(POLL)) {
              apply(r);
            }
          } catch (WakeupException e) {
            // close() or awaitCaughtUp() cut the poll short: look at both at once.
          }
          if (closed.getCount() > 0) serveCatchUps(c);
        } catch (WakeupException e) {
          // A wake-up meant for the poll hit another call; the next round serves it.
        } catch (KafkaException e) {
          log.warn("Reading {} failed ({}); trying again in {} ms", topic, e.getMessage(), RETRY_MS);
          target = null;
          pause();
        }
      }
    } catch (RuntimeException e) {
      log.error("The mirror of {} stopped: {}", topic, e.toString(), e);
    } finally {
      consumer = null;
    }
  }

  private boolean assign(KafkaConsumer<String, byte[]> c) {
    List<PartitionInfo> partitions = c.partitionsFor(topic);
    if (partitions == null || partitions.isEmpty()) {
      log.debug("Topic {} does not exist yet", topic);
      return false;
    }
    List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    c.assign(tps);
    c.seekToBeginning(tps);
    log.debug("Mirroring {} ({} partitions)", topic, tps.size());
    return true;
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    V value;
    try {
      value = r.value() == null ? null : decoder.apply(r.value());
    } catch (RuntimeException e) {
      log.warn("Skipping a record of {} that cannot be read (partition {}, offset {}, key {}): {}",
          topic, r.partition(), r.offset(), r.key(), e.getMessage());
      return;
    }
    if (r.key() == null) {
      log.warn("Skipping a record of {} without a key (partition {}, offset {})", topic, r.partition(), r.offset());
      return;
    }
    sink.apply(r.key(), value);
  }

  private void serveCatchUps(KafkaConsumer<String, byte[]> c) {
    if (target == null) {
      synchronized (waiting) {
        inFlight.addAll(waiting);
        waiting.clear();
      }
      if (inFlight.isEmpty()) return;
      // Taken after the waiters were: it covers everything committed before each of them asked.
      target = c.endOffsets(c.assignment());
    }
    for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) return;
    }
    inFlight.forEach(f -> f.complete(null));
    inFlight.clear();
    target = null;
  }

  private void releaseWaitersOnMissingTopic() {
    // A topic that does not exist holds nothing to catch up with.
    synchronized (waiting) {
      waiting.forEach(f -> f.complete(null));
      waiting.clear();
    }
  }

  private void pause() {
    try {
      closed.await(RETRY_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed.countDown();
    }
  }

  @Override
  public void close() {
    closed.countDown();
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) c.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
