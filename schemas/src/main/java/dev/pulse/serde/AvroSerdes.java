package dev.pulse.serde;

import dev.pulse.contract.Topic;
import dev.pulse.registry.SchemaRegistryClient;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The value serde of a contract topic. */
public final class AvroSerdes {

  private AvroSerdes() {}

  /** The value serde of the topic, registering its schema on first use. */
  public static <T> Serde<T> forTopic(Topic<T> topic, SchemaRegistryClient client) {
    return forTopic(topic, client, true);
  }

  /**
   * The value serde of the topic: Avro in the Confluent wire format for Avro topics, raw bytes for
   * topics that carry bytes (the dead letters).
   *
   * @param autoRegister false to require the schema to be registered already (production
   *     producers, whose schemas go through review)
   */
  @SuppressWarnings("unchecked")
  public static <T> Serde<T> forTopic(Topic<T> topic, SchemaRegistryClient client, boolean autoRegister) {
    if (topic.isAvro()) {
      return new SpecificAvroSerde<>(topic.valueType(), client, autoRegister);
    }
    if (topic.valueType() == byte[].class) {
      return (Serde<T>) Serdes.ByteArray();
    }
    throw new IllegalArgumentException("topic " + topic.name() + " carries " + topic.valueType().getName()
        + " values, which are neither Avro records nor bytes");
  }
}
