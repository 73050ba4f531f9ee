package dev.pulse.replay.export;

import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads values in the Confluent wire format (SPEC.md §1: byte 0 = 0x00, bytes 1–4 the schema id)
 * with the writer schema the registry has under the id, resolved into the row schema. Logical
 * types keep their Avro representation (timestamp-millis a long, date an int): every writer writes
 * them as Avro does, and the text formats render them.
 */
final class AvroRowDecoder implements RowDecoder {

  private static final int HEADER_SIZE = 5;

  private final String topic;
  private final SchemaRegistryClient registry;
  private final Schema rows;
  private final boolean metadata;
  private final Map<Integer, GenericDatumReader<GenericRecord>> readers = new HashMap<>();
  private BinaryDecoder decoder;

  AvroRowDecoder(String topic, SchemaRegistryClient registry, Schema rows, boolean metadata) {
    this.topic = topic;
    this.registry = registry;
    this.rows = rows;
    this.metadata = metadata;
  }

  @Override
  public Schema schema() {
    return rows;
  }

  @Override
  public GenericRecord decode(ConsumerRecord<byte[], byte[]> record, GenericRecord reuse) {
    byte[] data = record.value();
    GenericRecord row;
    if (data == null) {
      // A deletion: a row of metadata only (callers skip deletions when they export no metadata).
      row = new GenericData.Record(rows);
    } else {
      if (data.length < HEADER_SIZE || data[0] != 0) {
        throw new SerializationException(where(record) + ": expected the Confluent wire format (byte 0x00 and a"
            + " 4-byte schema id) but found " + data.length + " bytes"
            + (data.length > 0 ? String.format(" starting with 0x%02x", data[0] & 0xff) : ""));
      }
      int id = ByteBuffer.wrap(data, 1, 4).getInt();
      GenericDatumReader<GenericRecord> reader = readerFor(id, record);
      decoder = DecoderFactory.get().binaryDecoder(data, HEADER_SIZE, data.length - HEADER_SIZE, decoder);
      try {
        row = reader.read(reuse, decoder);
        if (!decoder.isEnd()) {
          throw new SerializationException(where(record) + ": bytes left over after a value of schema id " + id
              + "; the payload is corrupt");
        }
      } catch (IOException | RuntimeException e) {
        if (e instanceof SerializationException se) throw se;
        throw new SerializationException(where(record) + ": cannot read " + (data.length - HEADER_SIZE)
            + " bytes of Avro with schema id " + id + ": " + e, e);
      }
    }
    if (metadata) {
      RowDecoder.putMetadata(row, record);
    }
    return row;
  }

  private GenericDatumReader<GenericRecord> readerFor(int id, ConsumerRecord<byte[], byte[]> record) {
    GenericDatumReader<GenericRecord> reader = readers.get(id);
    if (reader == null) {
      Schema writer;
      try {
        writer = registry.byId(id);
      } catch (SchemaRegistryException e) {
        throw new SerializationException(where(record) + ": schema id " + id + " is not known to the registry ("
            + e.getMessage() + ")", e);
      }
      reader = new GenericDatumReader<>(writer, rows, GenericData.get());
      readers.put(id, reader);
    }
    return reader;
  }

  private String where(ConsumerRecord<byte[], byte[]> record) {
    return topic + "[" + record.partition() + "]@" + record.offset();
  }
}
