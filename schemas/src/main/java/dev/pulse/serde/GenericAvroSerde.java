package dev.pulse.serde;

import dev.pulse.registry.SchemaRegistryClient;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;

/** {@link GenericAvroSerializer} and {@link GenericAvroDeserializer} as one Kafka serde. */
public final class GenericAvroSerde extends Serdes.WrapperSerde<GenericRecord> {

  /** For Kafka to build from configuration; {@code configure} must follow. */
  public GenericAvroSerde() {
    super(new GenericAvroSerializer(), new GenericAvroDeserializer());
  }

  /** A value serde that registers schemas it has not seen. */
  public GenericAvroSerde(SchemaRegistryClient client) {
    this(client, true);
  }

  /** A value serde; without auto-registration a schema must already be registered. */
  public GenericAvroSerde(SchemaRegistryClient client, boolean autoRegister) {
    super(new GenericAvroSerializer(client, autoRegister), new GenericAvroDeserializer(client));
  }
}
