package dev.pulse.replay.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * CSV (RFC 4180): a header of the Avro field names, then one line per row; cells as
 * {@link AvroText#cell} writes them. An empty cell is null, as the importer reads it.
 */
final class CsvRowWriter extends OutputRowWriter {

  private final List<Schema.Field> fields;
  private final Object[] cells;
  private final CSVPrinter printer;

  private CsvRowWriter(Schema schema, OutputStream out, PendingFile file) throws IOException {
    super(file);
    this.fields = schema.getFields();
    this.cells = new Object[fields.size()];
    String[] header = fields.stream().map(Schema.Field::name).toArray(String[]::new);
    this.printer = new CSVPrinter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16),
        CSVFormat.RFC4180.builder().setHeader(header).get());
  }

  static CsvRowWriter toFile(Schema schema, PendingFile file) throws IOException {
    return new CsvRowWriter(schema, Files.newOutputStream(file.partial()), file);
  }

  static CsvRowWriter toStream(Schema schema, OutputStream out) throws IOException {
    return new CsvRowWriter(schema, StreamOutput.unclosable(out), null);
  }

  @Override
  public void write(GenericRecord row) throws IOException {
    for (int i = 0; i < cells.length; i++) {
      Schema.Field f = fields.get(i);
      cells[i] = AvroText.cell(f.schema(), row.get(f.pos()));
    }
    printer.printRecord(cells);
  }

  @Override
  void completeOutput() throws IOException {
    printer.close(true);
  }

  @Override
  void closeOutput() throws IOException {
    printer.close();
  }
}
