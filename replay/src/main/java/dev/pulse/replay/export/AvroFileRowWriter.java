package dev.pulse.replay.export;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/** An Avro object container file, Snappy-compressed, carrying the row schema: any Avro reader opens it. */
final class AvroFileRowWriter implements RowWriter {

  private final DataFileWriter<GenericRecord> writer;
  private final PendingFile file;
  private boolean finished;

  AvroFileRowWriter(Schema schema, PendingFile file) throws IOException {
    this.file = file;
    this.writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))
        .setCodec(CodecFactory.snappyCodec())
        .create(schema, file.partial().toFile());
  }

  @Override
  public void write(GenericRecord row) throws IOException {
    writer.append(row);
  }

  @Override
  public void finish() throws IOException {
    writer.close();
    finished = true;
    file.commit();
  }

  @Override
  public void close() {
    if (finished) return;
    try {
      writer.close();
    } catch (IOException e) {
      // The export failed already; the partial file goes anyway.
    }
    file.discard();
  }
}
