package dev.pulse.replay.export;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/** An Avro object container file, Snappy-compressed, carrying the row schema: any Avro reader opens it. */
final class AvroFileRowWriter extends OutputRowWriter {

  private final DataFileWriter<GenericRecord> writer;

  AvroFileRowWriter(Schema schema, PendingFile file) throws IOException {
    super(file);
    this.writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))
        .setCodec(CodecFactory.snappyCodec())
        .create(schema, file.partial().toFile());
  }

  @Override
  public void write(GenericRecord row) throws IOException {
    writer.append(row);
  }

  @Override
  void closeOutput() throws IOException {
    writer.close();
  }
}
