package dev.pulse.server.query;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of some topics on a thread of its own, committed records only, and hands
 * each record to a callback: what the live stream, the view-topics cache and the dead-letter log
 * each need. No consumer group: every instance reads everything, and nothing is committed.
 */
public final class TopicFollower implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

  private final String name;
  private final List<String> topics;
  private final boolean fromBeginning;
  private final Consumer<ConsumerRecord<byte[], byte[]>> onRecord;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param name the client id and thread name, e.g. {@code pulse-live-stream}
   * @param fromBeginning read what the topics hold, or only what arrives from now on
   */
  public TopicFollower(String name, String bootstrapServers, Map<String, Object> clientProperties,
      List<String> topics, boolean fromBeginning, Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
    this.name = name;
    this.topics = List.copyOf(topics);
    this.fromBeginning = fromBeginning;
    this.onRecord = onRecord;
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
    consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  public TopicFollower start() {
    thread.start();
    return this;
  }

  /** Waits until what the topics held when reading began has been handed over; false on timeout. */
  public boolean awaitCaughtUp(Duration timeout) {
    try {
      return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void run() {
    try {
      List<TopicPartition> partitions = topics.stream()
          .flatMap(t -> consumer.partitionsFor(t, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition())))
          .toList();
      consumer.assign(partitions);
      if (fromBeginning) consumer.seekToBeginning(partitions); else consumer.seekToEnd(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) onRecord.accept(r);
        if (caughtUp.getCount() > 0 && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          caughtUp.countDown();
        }
      }
    } catch (WakeupException e) {
      if (running) throw e;
    } catch (RuntimeException e) {
      log.error("{} stopped reading {}: {}", name, topics, e.getMessage(), e);
    } finally {
      caughtUp.countDown();
      consumer.close();
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
