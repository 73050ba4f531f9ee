package dev.pulse.replay.export;

import dev.pulse.contract.Topic;
import dev.pulse.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Turns the raw records of one topic into rows of the export schema. Not thread-safe. */
public interface RowDecoder {

  /** The schema of every row. */
  Schema schema();

  /**
   * The row of a record. The row may be the one given as {@code reuse}, refilled: write it out
   * before decoding the next.
   *
   * @throws org.apache.kafka.common.errors.SerializationException naming topic, partition and
   *     offset when the value cannot be read
   */
  GenericRecord decode(ConsumerRecord<byte[], byte[]> record, GenericRecord reuse);

  /** The decoder of a contract topic: Avro through the registry, or the dead letters' raw bytes. */
  static RowDecoder forTopic(Topic<?> topic, SchemaRegistryClient registry, boolean metadata) {
    return topic.isAvro()
        ? new AvroRowDecoder(topic.name(), registry, ExportSchema.rows(ExportSchema.currentValueSchema(topic, registry), metadata), metadata)
        : new DeadLetterRowDecoder(ExportSchema.rows(ExportSchema.DEAD_LETTER, metadata), metadata);
  }

  /** Sets the metadata fields of a row from its record. */
  static void putMetadata(GenericRecord row, ConsumerRecord<byte[], byte[]> record) {
    row.put(ExportSchema.PARTITION, record.partition());
    row.put(ExportSchema.OFFSET, record.offset());
    row.put(ExportSchema.TIMESTAMP, record.timestamp());
    row.put(ExportSchema.KEY, BytesText.utf8OrBase64(record.key()));
  }
}
