package dev.pulse.producers.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.contract.IngestStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;

/**
 * The rows of an input file as JSON records of the ingest API, so that a CSV row is judged exactly
 * as a request would be. In a CSV file a header row names the fields; a list (channels, campaigns,
 * supports) is written {@code ZALO;FACEBOOK} in one cell; an empty cell is null (or, for a field
 * with a default, its default).
 */
final class SourceFile implements AutoCloseable, Iterator<SourceRow> {

  private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final String LIST_SEPARATOR = ";";

  private final IngestStream<?> stream;
  private final Reader reader;
  private final Iterator<SourceRow> rows;
  private CSVParser csv;

  private SourceFile(IngestStream<?> stream, Path file, InputFormat format) throws IOException, ImportException {
    this.stream = stream;
    // Spreadsheets write a byte-order mark at the start of UTF-8 files; it is not part of the header.
    this.reader = new InputStreamReader(BOMInputStream.builder().setPath(file).get(), StandardCharsets.UTF_8);
    this.rows = format == InputFormat.CSV ? csvRows(file) : ndjsonRows();
  }

  static SourceFile open(IngestStream<?> stream, Path file, InputFormat format) throws ImportException {
    try {
      return new SourceFile(stream, file, format);
    } catch (IOException e) {
      throw new ImportException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** How many rows the file holds, for the progress bar's estimate; blank lines are not rows. */
  static long countRows(Path file, InputFormat format) throws ImportException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      if (format == InputFormat.NDJSON) return in.lines().filter(l -> !l.isBlank()).count();
      long rows = 0;
      for (CSVRecord r : csvFormat().parse(in)) {
        if (!isBlank(r)) rows++;
      }
      return rows;
    } catch (IOException | UncheckedIOException e) {
      throw new ImportException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static CSVFormat csvFormat() {
    return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(false)
        .setIgnoreSurroundingSpaces(true).get();
  }

  private Iterator<SourceRow> csvRows(Path file) throws IOException, ImportException {
    csv = csvFormat().parse(reader);
    List<String> header = csv.getHeaderNames();
    Schema schema = stream.topic().valueSchema();
    List<String> unknown = header.stream().filter(h -> schema.getField(h) == null).toList();
    List<String> missing = schema.getFields().stream()
        .filter(f -> !f.hasDefaultValue() && !header.contains(f.name())).map(Schema.Field::name).toList();
    if (!unknown.isEmpty() || !missing.isEmpty()) {
      StringBuilder why = new StringBuilder(file + ": the header row does not fit " + stream.name() + ":");
      if (!unknown.isEmpty()) why.append(" unknown column(s) ").append(unknown).append(";");
      if (!missing.isEmpty()) why.append(" missing column(s) ").append(missing).append(";");
      why.append(" the columns are ").append(schema.getFields().stream().map(Schema.Field::name).toList())
          .append(" (names are case-sensitive)");
      throw new ImportException(why.toString());
    }
    Iterator<CSVRecord> records = csv.iterator();
    return untilNull(() -> {
      while (records.hasNext()) {
        CSVRecord r = records.next();
        if (isBlank(r)) continue;
        return fromCsv(r, header, schema);
      }
      return null;
    });
  }

  /** The rows {@code advance} gives, until it gives null. */
  private static Iterator<SourceRow> untilNull(Supplier<SourceRow> advance) {
    return new Iterator<>() {
      SourceRow next = advance.get();

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public SourceRow next() {
        if (next == null) throw new NoSuchElementException();
        SourceRow out = next;
        next = advance.get();
        return out;
      }
    };
  }

  private static boolean isBlank(CSVRecord r) {
    return r.stream().allMatch(String::isBlank);
  }

  private static SourceRow fromCsv(CSVRecord r, List<String> header, Schema schema) {
    long row = r.getRecordNumber() + 1;
    if (r.size() != header.size()) {
      return SourceRow.unreadable(row, "the row has " + r.size() + " cells but the header names " + header.size()
          + " columns; a cell holding a comma must be in double quotes");
    }
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i);
      String cell = r.get(i);
      Schema fieldSchema = schema.getField(name).schema();
      if (cell.isEmpty()) {
        // Empty is null; a field that cannot be null is left out, to take its default or be reported missing.
        if (isNullable(fieldSchema)) json.putNull(name);
        continue;
      }
      json.set(name, cell(nonNull(fieldSchema), cell));
    }
    return SourceRow.of(row, json);
  }

  /** A cell as JSON of the field's type; what does not fit stays text, for the validator to name. */
  private static JsonNode cell(Schema type, String cell) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (type.getType()) {
      case BOOLEAN -> {
        String b = cell.toLowerCase(Locale.ROOT);
        if (b.equals("true") || b.equals("false")) return f.booleanNode(b.equals("true"));
        return f.textNode(cell);
      }
      case ARRAY -> {
        ArrayNode items = f.arrayNode();
        for (String item : cell.split(LIST_SEPARATOR)) {
          if (!item.isBlank()) items.add(item.trim());
        }
        return items;
      }
      default -> {
        return f.textNode(cell);
      }
    }
  }

  private Iterator<SourceRow> ndjsonRows() {
    BufferedReader lines = new BufferedReader(reader);
    long[] lineNumber = {0};
    return untilNull(() -> {
      try {
        String line;
        while ((line = lines.readLine()) != null) {
          lineNumber[0]++;
          if (line.isBlank()) continue;
          try {
            JsonNode node = JSON.readTree(line);
            if (node instanceof ObjectNode o) return SourceRow.of(lineNumber[0], o);
            return SourceRow.unreadable(lineNumber[0], "expected a JSON object {…} on the line");
          } catch (JsonProcessingException e) {
            return SourceRow.unreadable(lineNumber[0], "not valid JSON: " + e.getOriginalMessage());
          }
        }
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static boolean isNullable(Schema s) {
    return s.getType() == Schema.Type.UNION && s.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
  }

  private static Schema nonNull(Schema s) {
    if (s.getType() != Schema.Type.UNION) return s;
    List<Schema> types = new ArrayList<>(s.getTypes());
    types.removeIf(t -> t.getType() == Schema.Type.NULL);
    return types.get(0);
  }

  @Override
  public boolean hasNext() {
    return rows.hasNext();
  }

  @Override
  public SourceRow next() {
    return rows.next();
  }

  @Override
  public void close() throws IOException {
    if (csv != null) csv.close();
    reader.close();
  }
}
