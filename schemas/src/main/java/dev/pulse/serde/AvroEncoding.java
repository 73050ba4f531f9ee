package dev.pulse.serde;

import dev.pulse.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/** Writes values in the Confluent wire format, registering or looking up their schemas. Thread-safe. */
final class AvroEncoding {

  private final AvroSerdeConfig config;
  private final Map<Integer, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

  AvroEncoding(AvroSerdeConfig config) {
    this.config = config;
  }

  /**
   * @param model the data model the value belongs to: a generated class's own {@code SpecificData}
   *     (which carries its logical-type conversions) or {@code GenericData}
   */
  byte[] encode(String topic, Object value, Schema schema, GenericData model) {
    int id = schemaId(topic, schema);
    @SuppressWarnings("unchecked")
    DatumWriter<Object> writer = writers.computeIfAbsent(id, i -> (DatumWriter<Object>) model.createDatumWriter(schema));
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    WireFormat.writeHeader(out, id);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writer.write(value, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(config.describe(topic) + ": could not encode a " + value.getClass().getName()
          + " with schema id " + id + " (" + schema.getFullName() + "): " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  private int schemaId(String topic, Schema schema) {
    String subject = config.subject(topic);
    try {
      return config.autoRegister()
          ? config.client().register(subject, schema)
          : config.client().lookup(subject, schema);
    } catch (SchemaRegistryException e) {
      boolean absent = e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
          || e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND;
      if (!config.autoRegister() && absent) {
        throw new SerializationException(config.describe(topic) + ": schema " + schema.getFullName()
            + " is not registered under subject " + subject + " and " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS
            + " is false; register it first (" + e.getMessage() + ")", e);
      }
      throw new SerializationException(config.describe(topic) + ": could not "
          + (config.autoRegister() ? "register" : "look up") + " schema " + schema.getFullName()
          + " under subject " + subject + ": " + e.getMessage(), e);
    }
  }
}
