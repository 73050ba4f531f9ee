package dev.pulse.serde;

import dev.pulse.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializes {@link GenericRecord}s in the Confluent wire format under the subject
 * {@code <topic>-value} (or {@code -key}). A null value stays null (a tombstone).
 */
public final class GenericAvroSerializer implements Serializer<GenericRecord> {

  private AvroSerdeConfig config;
  private AvroEncoding encoding;

  /** For Kafka to build from configuration; {@link #configure} must follow. */
  public GenericAvroSerializer() {}

  /** A value serializer that registers schemas it has not seen. */
  public GenericAvroSerializer(SchemaRegistryClient client) {
    this(client, true);
  }

  /** A value serializer; without auto-registration a schema must already be registered. */
  public GenericAvroSerializer(SchemaRegistryClient client, boolean autoRegister) {
    use(AvroSerdeConfig.forValues(client, autoRegister));
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    use(AvroSerdeConfig.configure(config, configs, isKey));
  }

  @Override
  public byte[] serialize(String topic, GenericRecord value) {
    if (value == null) {
      return null;
    }
    if (encoding == null) {
      throw new IllegalStateException("GenericAvroSerializer is not configured: give it a SchemaRegistryClient "
          + "or call configure() with " + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    }
    return encoding.encode(topic, value, value.getSchema(), GenericData.get());
  }

  private void use(AvroSerdeConfig config) {
    this.config = config;
    this.encoding = new AvroEncoding(config);
  }
}
