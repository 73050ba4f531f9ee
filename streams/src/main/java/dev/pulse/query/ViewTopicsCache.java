package dev.pulse.query;

import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.avro.PovertyRow;
import dev.pulse.contract.Period;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import dev.pulse.streams.ledger.ViewRows;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The views as the view topics publish them, kept in memory: what an instance that serves the
 * API but runs no streams tasks answers from. The topics are compacted and carry every row as
 * last published (committed records only), so the copy is at most one publishing interval and
 * the consumer's lag behind the streams application's stores.
 */
public final class ViewTopicsCache implements ViewReader, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ViewTopicsCache.class);

  private final Map<String, Map<String, SpecificRecord>> rowsByTopic = new ConcurrentHashMap<>();
  private final Map<String, Deserializer<?>> deserializers = new HashMap<>();
  private final KafkaConsumer<String, byte[]> consumer;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;

  private ViewTopicsCache(String bootstrapServers, Map<String, Object> clientProperties, SchemaRegistryClient registry) {
    for (Topic<?> t : Topics.VIEWS) {
      deserializers.put(t.name(), AvroSerdes.forTopic(t, registry, false).deserializer());
      rowsByTopic.put(t.name(), new ConcurrentHashMap<>());
    }
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "pulse-view-topics");
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    thread = new Thread(this::run, "view-topics");
    thread.setDaemon(true);
  }

  /** Starts following the view topics and waits up to {@code initialLoad} for what they already hold. */
  public static ViewTopicsCache follow(String bootstrapServers, Map<String, Object> clientProperties,
      SchemaRegistryClient registry, Duration initialLoad) {
    ViewTopicsCache cache = new ViewTopicsCache(bootstrapServers, clientProperties, registry);
    cache.thread.start();
    try {
      if (!cache.caughtUp.await(initialLoad.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("The view topics were not read to their end within {} s; answering from what has arrived",
            initialLoad.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return cache;
  }

  /** Rows held, all views together. */
  public int size() {
    return rowsByTopic.values().stream().mapToInt(Map::size).sum();
  }

  @Override
  public ParticipationRow participation(String unitId, Period period) {
    String key = ViewRows.key(unitId, period);
    SpecificRecord row = rowsByTopic.get(Topics.PARTICIPATION_VIEW.name()).get(key);
    return row != null ? (ParticipationRow) row : ViewRows.participation(key, null, System.currentTimeMillis());
  }

  @Override
  public PovertyRow poverty(String unitId, int year) {
    String key = ViewRows.key(unitId, year);
    SpecificRecord row = rowsByTopic.get(Topics.POVERTY_VIEW.name()).get(key);
    return row != null ? (PovertyRow) row : ViewRows.poverty(key, null, System.currentTimeMillis());
  }

  @Override
  public ActivitiesRow activities(String unitId, Period period) {
    String key = ViewRows.key(unitId, period);
    SpecificRecord row = rowsByTopic.get(Topics.ACTIVITIES_VIEW.name()).get(key);
    return row != null ? (ActivitiesRow) row : ViewRows.activities(key, null, System.currentTimeMillis());
  }

  private void run() {
    try {
      List<TopicPartition> partitions = Topics.VIEWS.stream()
          .flatMap(t -> consumer.partitionsFor(t.name(), Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition())))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) apply(r);
        if (caughtUp.getCount() > 0 && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          log.info("View topics read: {} rows", size());
          caughtUp.countDown();
        }
      }
    } catch (WakeupException e) {
      if (running) throw e;
    } catch (RuntimeException e) {
      log.error("Stopped following the view topics: {}", e.getMessage(), e);
    } finally {
      caughtUp.countDown();
      consumer.close();
    }
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    if (r.key() == null) return;
    Map<String, SpecificRecord> rows = rowsByTopic.get(r.topic());
    if (r.value() == null) {
      rows.remove(r.key());
      return;
    }
    try {
      rows.put(r.key(), (SpecificRecord) deserializers.get(r.topic()).deserialize(r.topic(), r.value()));
    } catch (RuntimeException e) {
      log.warn("Skipping an undecodable view row {}[{}]@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
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
