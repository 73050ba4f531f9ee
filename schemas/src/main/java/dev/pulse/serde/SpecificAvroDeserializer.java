package dev.pulse.serde;

import dev.pulse.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Deserializes the Confluent wire format into generated Avro records. It reads with the writer
 * schema the id names and the generated class's schema (Avro schema resolution), so data written
 * with a newer or older compatible schema still decodes into the class at hand.
 */
public final class SpecificAvroDeserializer<T> implements Deserializer<T> {

  private final Class<T> type;
  private AvroSerdeConfig config;
  private AvroDecoding decoding;

  /** For Kafka to build from configuration; {@link #configure} must follow. Reads into the class the writer schema names. */
  public SpecificAvroDeserializer() {
    this.type = null;
  }

  /** A value deserializer that reads into the generated class the writer schema names. */
  public SpecificAvroDeserializer(SchemaRegistryClient client) {
    this(null, client);
  }

  /** A value deserializer that reads into this generated class, whatever the writer schema's name. */
  public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient client) {
    this.type = type;
    use(AvroSerdeConfig.forValues(client, true));
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    use(AvroSerdeConfig.configure(config, configs, isKey));
  }

  @Override
  @SuppressWarnings("unchecked")
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (decoding == null) {
      throw new IllegalStateException("SpecificAvroDeserializer is not configured: give it a SchemaRegistryClient "
          + "or call configure() with " + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    }
    return (T) decoding.decode(topic, data);
  }

  private void use(AvroSerdeConfig config) {
    this.config = config;
    this.decoding = new AvroDecoding(config, this::readerFor);
  }

  private DatumReader<?> readerFor(Schema writer) {
    Class<?> target = type != null ? type : SpecificData.get().getClass(writer);
    if (target == null) {
      throw new IllegalStateException("no generated class " + writer.getFullName() + " on the class path");
    }
    SpecificData model = SpecificData.getForClass(target);
    return new SpecificDatumReader<>(writer, model.getSchema(target), model);
  }
}
