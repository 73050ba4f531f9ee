package dev.pulse.serde;

import dev.pulse.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializes generated Avro records in the Confluent wire format under the subject
 * {@code <topic>-value} (or {@code -key}). A null value stays null (a tombstone).
 */
public final class SpecificAvroSerializer<T> implements Serializer<T> {

  private AvroSerdeConfig config;
  private AvroEncoding encoding;

  /** For Kafka to build from configuration; {@link #configure} must follow. */
  public SpecificAvroSerializer() {}

  /** A value serializer that registers schemas it has not seen. */
  public SpecificAvroSerializer(SchemaRegistryClient client) {
    this(client, true);
  }

  /** A value serializer; without auto-registration a schema must already be registered. */
  public SpecificAvroSerializer(SchemaRegistryClient client, boolean autoRegister) {
    use(AvroSerdeConfig.forValues(client, autoRegister));
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    use(AvroSerdeConfig.configure(config, configs, isKey));
  }

  @Override
  public byte[] serialize(String topic, T value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof SpecificRecord record)) {
      throw new SerializationException("topic " + topic + ": expected a generated Avro record but got a "
          + value.getClass().getName());
    }
    // A generated class's own model carries its logical-type conversions (Instant, LocalDate).
    SpecificData model = record instanceof SpecificRecordBase base ? base.getSpecificData() : SpecificData.get();
    return encoding().encode(topic, record, record.getSchema(), model);
  }

  private void use(AvroSerdeConfig config) {
    this.config = config;
    this.encoding = new AvroEncoding(config);
  }

  private AvroEncoding encoding() {
    if (encoding == null) {
      throw new IllegalStateException("SpecificAvroSerializer is not configured: give it a SchemaRegistryClient "
          + "or call configure() with " + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    }
    return encoding;
  }
}
