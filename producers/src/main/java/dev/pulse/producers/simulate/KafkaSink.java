package dev.pulse.producers.simulate;

import dev.pulse.contract.Topic;
import dev.pulse.kafka.KafkaConfigs;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Sends records to their Kafka topics: String keys, values in the Confluent wire format through
 * {@link AvroSerdes} (schemas registered on first use), null values as tombstones. The producer
 * is idempotent, so versions of one key keep their order within its partition, which the
 * compacted topics rely on.
 *
 * <p>Sends are asynchronous; the first failure is kept and thrown, with the record it concerned,
 * by the next {@link #send}, {@link #flush} or {@link #close}.
 */
public final class KafkaSink implements Sink {

  private final Producer<String, byte[]> producer;
  private final SchemaRegistryClient registry;
  private final Map<Topic<?>, Serializer<?>> serializers = new HashMap<>();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final AtomicLong acknowledged = new AtomicLong();

  /** A sink to this cluster, registering schemas in the Schema Registry at this URL. */
  public static KafkaSink connect(String bootstrapServers, String schemaRegistryUrl) {
    return connect(bootstrapServers, Map.of(), schemaRegistryUrl);
  }

  /** {@link #connect(String, String)} logging in with these client properties (the ingest principal's). */
  public static KafkaSink connect(String bootstrapServers, Map<String, Object> clientProperties,
      String schemaRegistryUrl) {
    return new KafkaSink(bootstrapServers, clientProperties, new RestSchemaRegistryClient(schemaRegistryUrl));
  }

  public KafkaSink(String bootstrapServers, SchemaRegistryClient registry) {
    this(bootstrapServers, Map.of(), registry);
  }

  /** A sink logging in with these client properties: the principal needs Write on the input topics. */
  public KafkaSink(String bootstrapServers, Map<String, Object> clientProperties, SchemaRegistryClient registry) {
    this(new KafkaProducer<>(producerConfig(bootstrapServers, clientProperties)), registry);
  }

  /** Over a producer built elsewhere (String keys, byte-array values). */
  public KafkaSink(Producer<String, byte[]> producer, SchemaRegistryClient registry) {
    this.producer = producer;
    this.registry = registry;
  }

  private static Map<String, Object> producerConfig(String bootstrapServers, Map<String, Object> clientProperties) {
    Map<String, Object> config = new HashMap<>(
        KafkaConfigs.durableProducer(bootstrapServers, clientProperties, Duration.ofSeconds(30)));
    // A simulator sends many small records: let them batch a little longer.
    if (!clientProperties.containsKey(ProducerConfig.LINGER_MS_CONFIG)) config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "pulse-simulator");
    return config;
  }

  @Override
  public <V> void send(Topic<V> topic, String key, V value) {
    throwIfFailed();
    byte[] bytes;
    try {
      bytes = serializer(topic).serialize(topic.name(), value);
    } catch (RuntimeException e) {
      throw new SinkException("serializing the record for " + topic.name() + " key " + key + " failed", e);
    }
    producer.send(new ProducerRecord<>(topic.name(), key, bytes), (metadata, error) -> {
      if (error != null) {
        failure.compareAndSet(null,
            new SinkException("Kafka refused the record for " + topic.name() + " key " + key + ": " + error.getMessage(), error));
      } else {
        acknowledged.incrementAndGet();
      }
    });
  }

  /** Records Kafka has acknowledged so far. */
  public long acknowledged() {
    return acknowledged.get();
  }

  @Override
  public void flush() {
    producer.flush();
    throwIfFailed();
  }

  @Override
  public void close() {
    try {
      producer.flush();
    } finally {
      producer.close(Duration.ofSeconds(10));
    }
    throwIfFailed();
  }

  @SuppressWarnings("unchecked")
  private <V> Serializer<V> serializer(Topic<V> topic) {
    return (Serializer<V>) serializers.computeIfAbsent(topic, t -> AvroSerdes.forTopic(topic, registry).serializer());
  }

  private void throwIfFailed() {
    RuntimeException e = failure.get();
    if (e != null) throw e;
  }

  /** A record could not be serialized or Kafka did not take it. */
  public static final class SinkException extends RuntimeException {
    SinkException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
