package dev.pulse.serde;

import dev.pulse.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Deserializes the Confluent wire format into {@link GenericRecord}s of the writer schema. Logical
 * types keep their Avro representation (timestamp-millis a long, date an int), as in Confluent's.
 */
public final class GenericAvroDeserializer implements Deserializer<GenericRecord> {

  private AvroSerdeConfig config;
  private AvroDecoding decoding;

  /** For Kafka to build from configuration; {@link #configure} must follow. */
  public GenericAvroDeserializer() {}

  /** A value deserializer. */
  public GenericAvroDeserializer(SchemaRegistryClient client) {
    use(AvroSerdeConfig.forValues(client, true));
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    use(AvroSerdeConfig.configure(config, configs, isKey));
  }

  @Override
  public GenericRecord deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (decoding == null) {
      throw new IllegalStateException("GenericAvroDeserializer is not configured: give it a SchemaRegistryClient "
          + "or call configure() with " + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    }
    return (GenericRecord) decoding.decode(topic, data);
  }

  private void use(AvroSerdeConfig config) {
    this.config = config;
    this.decoding = new AvroDecoding(config, writer -> new GenericDatumReader<>(writer, writer, GenericData.get()));
  }
}
