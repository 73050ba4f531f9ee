package dev.pulse.replay.export;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** The dead letters as they are: key text, value bytes in base64, headers by name ({@link ExportSchema#DEAD_LETTER}). */
final class DeadLetterRowDecoder implements RowDecoder {

  private final Schema rows;
  private final boolean metadata;

  DeadLetterRowDecoder(Schema rows, boolean metadata) {
    this.rows = rows;
    this.metadata = metadata;
  }

  @Override
  public Schema schema() {
    return rows;
  }

  @Override
  public GenericRecord decode(ConsumerRecord<byte[], byte[]> record, GenericRecord reuse) {
    GenericRecord row = new GenericData.Record(rows);
    row.put("key", BytesText.utf8OrBase64(record.key()));
    row.put("value", BytesText.base64(record.value()));
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header h : record.headers()) {
      headers.put(h.key(), BytesText.utf8OrBase64(h.value()));
    }
    row.put("headers", headers);
    if (metadata) {
      RowDecoder.putMetadata(row, record);
    }
    return row;
  }
}
