package dev.pulse.replay.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * JSON lines: one JSON object per row and line, fields named and typed as in the ingest API
 * (SPEC.md §1): numbers and booleans as such, instants and dates as ISO strings, arrays as arrays,
 * maps as objects, null as null.
 */
final class JsonLinesRowWriter extends OutputRowWriter {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final Schema schema;
  private final JsonGenerator json;
  private long rows;

  private JsonLinesRowWriter(Schema schema, OutputStream out, PendingFile file) throws IOException {
    super(file);
    this.schema = schema;
    this.json = JSON.createGenerator(new BufferedOutputStream(out, 1 << 16), JsonEncoding.UTF8);
    // Each object on its own line, nothing between the fields.
    this.json.setPrettyPrinter(new com.fasterxml.jackson.core.util.MinimalPrettyPrinter("\n"));
  }

  static JsonLinesRowWriter toFile(Schema schema, PendingFile file) throws IOException {
    return new JsonLinesRowWriter(schema, Files.newOutputStream(file.partial()), file);
  }

  static JsonLinesRowWriter toStream(Schema schema, OutputStream out) throws IOException {
    return new JsonLinesRowWriter(schema, StreamOutput.unclosable(out), null);
  }

  @Override
  public void write(GenericRecord row) throws IOException {
    AvroText.writeJson(json, schema, row);
    rows++;
  }

  @Override
  void completeOutput() throws IOException {
    if (rows > 0) json.writeRaw('\n');
    json.close();
  }

  @Override
  void closeOutput() throws IOException {
    json.close();
  }
}
