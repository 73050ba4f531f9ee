package dev.pulse.registry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.registry.CompatibilityLevel;
import dev.pulse.registry.RegisteredSchema;
import dev.pulse.registry.RegistryState;
import dev.pulse.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable state: the compacted topic {@value #TOPIC}, in the record format of
 * Confluent's Schema Registry (JSON keys and values), replayed into a {@link RegistryState} on
 * start and appended to (acks=all) before the registry answers a change.
 *
 * <p>Single writer: ids and versions are decided by this process from what it has read, so only
 * one registry instance may write to the topic at a time. A reader thread applies every record in
 * log order, this instance's own writes included, and a write returns only once it has been
 * applied: whoever asks next sees it, and the state is always the log's.
 */
final class SchemaLog implements AutoCloseable {

  static final String TOPIC = "_schemas";

  private static final Logger log = LoggerFactory.getLogger(SchemaLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Confluent's {@code _schemas} keys; compaction keeps the last value of each. */
  private record SchemaKey(String keytype, String subject, int version, int magic) {}

  private record SchemaValue(String subject, int version, int id, String schema, boolean deleted) {}

  private record ConfigKey(String keytype, String subject, int magic) {}

  private record ConfigValue(String compatibilityLevel) {}

  private final RegistryState state;
  private final KafkaProducer<String, String> producer;
  private final KafkaConsumer<String, String> consumer;
  private final Thread reader;
  private volatile boolean closing;
  /** Offset of the last record applied to the state; guarded by this. */
  private long applied = -1;
  private RuntimeException readerFailure;

  private SchemaLog(String bootstrapServers, Map<String, Object> clientProperties, RegistryState state) {
    this.state = state;
    Map<String, Object> producerConfig = new HashMap<>(clientProperties);
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "pulse-schema-registry-writer");
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
    this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
    // Assigned, not subscribed: the reader needs Read on the topic and no consumer group.
    Map<String, Object> consumerConfig = new HashMap<>(clientProperties);
    consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "pulse-schema-registry-reader");
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
    this.reader = new Thread(this::read, "schema-registry-log-reader");
    reader.setDaemon(true);
  }

  /**
   * Creates the topic if missing, then replays it to its end into the state.
   *
   * @param replicationFactor of a created topic: 1 for a single broker, 3 for a cluster
   */
  static SchemaLog open(String bootstrapServers, short replicationFactor, RegistryState state) {
    return open(bootstrapServers, Map.of(), replicationFactor, state);
  }

  /**
   * {@link #open(String, short, RegistryState)} logging in with these client properties: the
   * principal needs Create (if the topic is missing), Read and Write on {@value #TOPIC}.
   */
  static SchemaLog open(String bootstrapServers, Map<String, Object> clientProperties, short replicationFactor,
      RegistryState state) {
    createTopicIfMissing(bootstrapServers, clientProperties, replicationFactor);
    SchemaLog schemaLog = new SchemaLog(bootstrapServers, clientProperties, state);
    try {
      schemaLog.consumer.assign(List.of(PARTITION));
      schemaLog.consumer.seekToBeginning(List.of(PARTITION));
      long end = schemaLog.consumer.endOffsets(List.of(PARTITION), TIMEOUT).get(PARTITION);
      schemaLog.reader.start();
      schemaLog.awaitApplied(end - 1);
      log.info("Replayed {} up to offset {} from {}: subjects {}", TOPIC, end, bootstrapServers, state.subjects());
      return schemaLog;
    } catch (RuntimeException e) {
      schemaLog.close();
      throw e;
    }
  }

  /** Records a new version of a subject. */
  void appendVersion(RegisteredSchema registered) {
    append(registered, false);
  }

  /** Records that a version of a subject is deleted. */
  void appendDeleted(RegisteredSchema registered) {
    append(registered, true);
  }

  /** Records the compatibility level of a subject, or the global one for null. */
  void appendCompatibility(String subjectOrNull, CompatibilityLevel level) {
    append(new ConfigKey("CONFIG", subjectOrNull, 0), new ConfigValue(level.name()));
  }

  private void append(RegisteredSchema registered, boolean deleted) {
    append(new SchemaKey("SCHEMA", registered.subject(), registered.version(), 1),
        new SchemaValue(registered.subject(), registered.version(), registered.id(),
            registered.schema().toString(), deleted));
  }

  private void append(Object key, Object value) {
    long offset;
    try {
      offset = producer.send(new ProducerRecord<>(TOPIC, PARTITION.partition(), toJson(key), toJson(value)))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new SchemaRegistryException(500, SchemaRegistryException.STORE_ERROR,
          "could not write " + key + " to " + TOPIC + ": " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(500, SchemaRegistryException.STORE_ERROR,
          "interrupted while writing " + key + " to " + TOPIC, e);
    }
    awaitApplied(offset);
  }

  private synchronized void awaitApplied(long offset) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (applied < offset) {
      if (readerFailure != null) {
        throw new SchemaRegistryException(500, SchemaRegistryException.STORE_ERROR,
            "the reader of " + TOPIC + " failed: " + readerFailure, readerFailure);
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new SchemaRegistryException(500, SchemaRegistryException.STORE_ERROR,
            "offset " + offset + " of " + TOPIC + " was not read back within " + TIMEOUT.toSeconds() + " s");
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, remaining);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException(500, SchemaRegistryException.STORE_ERROR,
            "interrupted while reading " + TOPIC, e);
      }
    }
  }

  private void read() {
    try {
      while (!closing) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          apply(record);
        }
        // The position, not the last record, since compaction leaves gaps in the offsets.
        long position = consumer.position(PARTITION);
        synchronized (this) {
          applied = position - 1;
          notifyAll();
        }
      }
    } catch (WakeupException e) {
      // close() woke the consumer up
    } catch (RuntimeException e) {
      log.error("Reading {} failed; the registry can no longer change", TOPIC, e);
      synchronized (this) {
        readerFailure = e;
        notifyAll();
      }
    } finally {
      consumer.close();
    }
  }

  /** Applies one record; one this registry cannot understand is logged and skipped. */
  private void apply(ConsumerRecord<String, String> record) {
    try {
      JsonNode key = JSON.readTree(record.key());
      JsonNode value = record.value() == null ? null : JSON.readTree(record.value());
      String subject = key.path("subject").isTextual() ? key.get("subject").asText() : null;
      switch (key.path("keytype").asText()) {
        case "SCHEMA" -> applySchema(subject, key.path("version").asInt(), value);
        case "CONFIG" -> {
          if (value != null) {
            state.setCompatibility(subject, CompatibilityLevel.parse(value.path("compatibilityLevel").asText()));
          }
        }
        default -> log.debug("Skipping {} record at offset {} of {}", key.path("keytype"), record.offset(), TOPIC);
      }
    } catch (JsonProcessingException | RuntimeException e) {
      log.error("Skipping unreadable record at offset {} of {} (key {}): {}", record.offset(), TOPIC, record.key(), e.toString());
    }
  }

  private void applySchema(String subject, int version, JsonNode value) {
    if (value == null) {
      state.markDeleted(subject, version);
      return;
    }
    String type = value.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      log.warn("Skipping {} schema of subject {} version {}: only Avro is supported", type, subject, version);
      return;
    }
    Schema schema = new Schema.Parser().parse(value.path("schema").asText());
    state.put(new RegisteredSchema(subject, version, value.path("id").asInt(), schema));
    if (value.path("deleted").asBoolean(false)) {
      state.markDeleted(subject, version);
    }
  }

  private static void createTopicIfMissing(String bootstrapServers, Map<String, Object> clientProperties,
      short replicationFactor) {
    Map<String, Object> adminConfig = new HashMap<>(clientProperties);
    adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(adminConfig)) {
      NewTopic topic = new NewTopic(TOPIC, 1, replicationFactor).configs(Map.of("cleanup.policy", "compact"));
      admin.createTopics(List.of(topic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      log.info("Created topic {} (1 partition, compacted, replication factor {})", TOPIC, replicationFactor);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("could not create topic " + TOPIC + " on " + bootstrapServers + ": " + e.getCause(), e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("could not create topic " + TOPIC + " on " + bootstrapServers + " within "
          + TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + TOPIC, e);
    }
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value + " as JSON", e);
    }
  }

  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    try {
      if (reader.getState() == Thread.State.NEW) {
        consumer.close();
      } else {
        reader.join(TIMEOUT.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(TIMEOUT);
  }
}
