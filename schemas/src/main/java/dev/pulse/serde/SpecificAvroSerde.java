package dev.pulse.serde;

import dev.pulse.registry.SchemaRegistryClient;
import org.apache.kafka.common.serialization.Serdes;

/** {@link SpecificAvroSerializer} and {@link SpecificAvroDeserializer} as one Kafka serde. */
public final class SpecificAvroSerde<T> extends Serdes.WrapperSerde<T> {

  /** For Kafka to build from configuration; {@code configure} must follow. */
  public SpecificAvroSerde() {
    super(new SpecificAvroSerializer<>(), new SpecificAvroDeserializer<>());
  }

  /** A value serde that registers schemas and reads into the class the writer schema names. */
  public SpecificAvroSerde(SchemaRegistryClient client) {
    super(new SpecificAvroSerializer<>(client), new SpecificAvroDeserializer<>(client));
  }

  /** A value serde for one generated class. */
  public SpecificAvroSerde(Class<T> type, SchemaRegistryClient client, boolean autoRegister) {
    super(new SpecificAvroSerializer<>(client, autoRegister), new SpecificAvroDeserializer<>(type, client));
  }
}
