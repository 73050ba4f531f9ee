package dev.pulse.replay.export;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * A Parquet file through parquet-avro, written without Hadoop: a {@link LocalOutputFile}, the
 * plain (non-Hadoop) configuration, and Snappy through {@link SnappyCodecFactory} (Parquet's own
 * codec factory loads Hadoop's codec classes). Timestamps become INT64 TIMESTAMP(MILLIS, UTC),
 * dates DATE, enums and strings UTF-8 binaries, arrays the standard three-level LIST.
 */
final class ParquetRowWriter extends OutputRowWriter {

  private final ParquetWriter<GenericRecord> writer;

  ParquetRowWriter(Schema schema, PendingFile file) throws IOException {
    super(file);
    PlainParquetConfiguration conf = new PlainParquetConfiguration();
    // The standard list layout (Spark, DuckDB and Arrow read it without guessing), not parquet-avro's old one.
    conf.setBoolean(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, false);
    this.writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file.partial()))
        .withSchema(schema)
        .withDataModel(GenericData.get())
        .withConf(conf)
        .withCodecFactory(new SnappyCodecFactory())
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .build();
  }

  @Override
  public void write(GenericRecord row) throws IOException {
    writer.write(row);
  }

  @Override
  void closeOutput() throws IOException {
    writer.close();
  }
}
