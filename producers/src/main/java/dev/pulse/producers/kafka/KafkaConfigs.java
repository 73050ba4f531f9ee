package dev.pulse.producers.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one place where the Kafka clients of the producers module are configured. Values are
 * serialized before they reach a producer (so that a Schema Registry failure is told apart from a
 * Kafka failure), hence byte-array values throughout.
 */
public final class KafkaConfigs {

  private KafkaConfigs() {}

  /**
   * An idempotent producer that waits for every in-sync replica: a record acknowledged is a record
   * kept, and a retry never writes it twice.
   *
   * @param timeout how long a send or a commit may wait for the cluster before failing
   */
  public static Map<String, Object> durableProducer(String bootstrapServers, Duration timeout) {
    Map<String, Object> c = new HashMap<>();
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    int ms = (int) timeout.toMillis();
    // Bounded waits: a caller hears "Kafka is unreachable" within about twice the timeout, never hangs.
    c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
    c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ms + 1_000);
    return c;
  }

  /**
   * A transactional producer: the records of one request commit together or not at all.
   *
   * @param transactionTimeout how long the coordinator keeps a transaction open whose producer
   *     vanished; until then read_committed consumers wait at it, so it is kept short
   */
  public static Map<String, Object> transactionalProducer(Map<String, Object> durableProducer, String transactionalId,
      Duration transactionTimeout) {
    Map<String, Object> c = new HashMap<>(durableProducer);
    c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    c.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout.toMillis());
    return c;
  }

  /** A group-less consumer that reads committed records only, for mirroring a compacted topic. */
  public static Map<String, Object> mirrorConsumer(String bootstrapServers) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    // The mirror's thread must come back to its loop (and to close()) even while Kafka is away.
    c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    c.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    return c;
  }
}
