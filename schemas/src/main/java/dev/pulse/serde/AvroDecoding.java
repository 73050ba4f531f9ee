package dev.pulse.serde;

import dev.pulse.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/** Reads values in the Confluent wire format with the writer schema their id names. Thread-safe. */
final class AvroDecoding {

  // Decoding into generated classes needs Avro to trust their package, before the first decode.
  static {
    TrustedPackages.ensure();
  }

  /** The datum reader for one writer schema id, and that schema for error messages. */
  private record Reader(Schema writer, DatumReader<?> datumReader) {}

  private final AvroSerdeConfig config;
  private final Function<Schema, DatumReader<?>> readerFor;
  private final Map<Integer, Reader> readers = new ConcurrentHashMap<>();

  /**
   * @param readerFor the datum reader for a writer schema: it picks the reader schema (the
   *     writer's own, or a generated class's resolved against it) and the data model
   */
  AvroDecoding(AvroSerdeConfig config, Function<Schema, DatumReader<?>> readerFor) {
    this.config = config;
    this.readerFor = readerFor;
  }

  Object decode(String topic, byte[] data) {
    String where = config.describe(topic);
    int id = WireFormat.schemaId(data, where);
    Reader reader = readers.computeIfAbsent(id, i -> reader(where, i));
    int length = data.length - WireFormat.HEADER_SIZE;
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE, length, null);
    Object value;
    boolean consumedAll;
    try {
      value = reader.datumReader().read(null, decoder);
      consumedAll = decoder.isEnd();
    } catch (org.apache.avro.AvroTypeException e) {
      // The bytes may be fine: the writer's schema lacks something this reader needs (a field
      // dropped without a default on the reader's side, a type changed).
      throw new SerializationException(where + ": writer schema id " + id + " (" + reader.writer().getFullName()
          + ") cannot be read with this reader's schema: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(where + ": could not decode " + length + " bytes of Avro with writer schema id "
          + id + " (" + reader.writer().getFullName() + "): " + e + "; the payload is truncated or corrupt", e);
    }
    if (!consumedAll) {
      throw new SerializationException(where + ": bytes are left over after a record of writer schema id " + id
          + " (" + reader.writer().getFullName() + ") in " + length + " bytes of Avro; the payload is corrupt");
    }
    return value;
  }

  private Reader reader(String where, int id) {
    Schema writer;
    try {
      writer = config.client().byId(id);
    } catch (SchemaRegistryException e) {
      String problem = e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND
          ? "is not known to the schema registry"
          : "could not be fetched from the schema registry";
      throw new SerializationException(where + ": expected a registered schema id in bytes 1-4 but found "
          + id + ", which " + problem + " (" + e.getMessage() + ")", e);
    }
    try {
      return new Reader(writer, readerFor.apply(writer));
    } catch (RuntimeException e) {
      throw new SerializationException(where + ": cannot read writer schema id " + id + " ("
          + writer.getFullName() + "): " + e.getMessage(), e);
    }
  }
}
