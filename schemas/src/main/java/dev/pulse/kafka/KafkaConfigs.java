package dev.pulse.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
 *
 * <p>Each builder takes the client properties of the principal Pulse logs in as ({@link
 * dev.pulse.kafka.ClientProperties#load}: {@code security.protocol}, {@code sasl.*}, {@code ssl.*}, tuning). They
 * replace Pulse's tuning defaults (linger, timeouts) but never what Pulse relies on: the bootstrap
 * servers given, serializers, acks=all with idempotence, read_committed.
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
    return durableProducer(bootstrapServers, Map.of(), timeout);
  }

  /**
   * {@link #durableProducer(String, Duration)} logging in with these client properties.
   *
   * @param clientProperties from {@link dev.pulse.kafka.ClientProperties#load}; empty on an open cluster
   */
  public static Map<String, Object> durableProducer(String bootstrapServers, Map<String, Object> clientProperties,
      Duration timeout) {
    Map<String, Object> c = new HashMap<>(clientProperties);
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    c.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    int ms = (int) timeout.toMillis();
    // Bounded waits: a caller hears "Kafka is unreachable" within about twice the timeout, never hangs.
    c.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
    c.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    c.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ms + 1_000);
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
    return mirrorConsumer(bootstrapServers, Map.of());
  }

  /**
   * {@link #mirrorConsumer(String)} logging in with these client properties. It reads with
   * assigned partitions, so the principal needs Read on the topic and no consumer group.
   */
  public static Map<String, Object> mirrorConsumer(String bootstrapServers, Map<String, Object> clientProperties) {
    Map<String, Object> c = new HashMap<>(clientProperties);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    // The mirror's thread must come back to its loop (and to close()) even while Kafka is away.
    c.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    c.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    return c;
  }

  /** An admin client's configuration, with bounded waits. */
  public static Map<String, Object> admin(String bootstrapServers, Map<String, Object> clientProperties) {
    Map<String, Object> c = new HashMap<>(clientProperties);
    c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    c.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    return c;
  }
}
