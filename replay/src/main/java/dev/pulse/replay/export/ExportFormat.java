package dev.pulse.replay.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.apache.avro.Schema;

/** The file formats of an export. */
public enum ExportFormat {
  CSV("csv", true),
  JSONL("jsonl", true),
  AVRO("avro", false),
  PARQUET("parquet", false);

  private final String extension;
  private final boolean text;

  ExportFormat(String extension, boolean text) {
    this.extension = extension;
    this.text = text;
  }

  public String extension() {
    return extension;
  }

  /** Whether the format can go to standard output. */
  public boolean isText() {
    return text;
  }

  /** A writer of rows of this schema into the file (which appears once the writer finishes). */
  public RowWriter open(Path file, Schema schema) throws IOException {
    PendingFile pending = new PendingFile(file);
    return switch (this) {
      case CSV -> CsvRowWriter.toFile(schema, pending);
      case JSONL -> JsonLinesRowWriter.toFile(schema, pending);
      case AVRO -> new AvroFileRowWriter(schema, pending);
      case PARQUET -> new ParquetRowWriter(schema, pending);
    };
  }

  /** A writer of rows into a stream (standard output), for the text formats. */
  public RowWriter open(OutputStream out, Schema schema) throws IOException {
    return switch (this) {
      case CSV -> CsvRowWriter.toStream(schema, out);
      case JSONL -> JsonLinesRowWriter.toStream(schema, out);
      default -> throw new IllegalArgumentException(name().toLowerCase() + " is a binary format: give --output FILE");
    };
  }
}
