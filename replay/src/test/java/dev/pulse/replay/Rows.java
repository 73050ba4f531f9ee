package dev.pulse.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * Rows in one plain shape whatever format they were read from — field name to text, list or
 * sorted map, null for null — so that what was produced and what each format's own reader gives
 * back can be compared. Written apart from the export's formatting on purpose.
 */
public final class Rows {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Rows() {}

  /** A produced value (generated class) or a row read by Avro or Parquet (Avro's representation). */
  public static Map<String, Object> of(IndexedRecord record) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (Schema.Field f : record.getSchema().getFields()) {
      row.put(f.name(), plain(f.schema(), record.get(f.pos())));
    }
    return row;
  }

  private static Object plain(Schema schema, Object value) {
    if (value == null) return null;
    Schema s = schema;
    if (s.getType() == Schema.Type.UNION) {
      s = s.getTypes().get(GenericData.get().resolveUnion(s, value instanceof Instant i ? i.toEpochMilli()
          : value instanceof LocalDate d ? (int) d.toEpochDay() : value));
    }
    if (s.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
      return (value instanceof Instant i ? i : Instant.ofEpochMilli((Long) value)).toString();
    }
    if (s.getLogicalType() instanceof LogicalTypes.Date) {
      return (value instanceof LocalDate d ? d : LocalDate.ofEpochDay((Integer) value)).toString();
    }
    return switch (s.getType()) {
      case ARRAY -> {
        List<Object> items = new ArrayList<>();
        for (Object item : (Collection<?>) value) items.add(plain(s.getElementType(), item));
        yield items;
      }
      case MAP -> {
        Map<String, Object> m = new TreeMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) m.put(e.getKey().toString(), plain(s.getValueType(), e.getValue()));
        yield m;
      }
      default -> value.toString();
    };
  }

  /** A JSON object of a JSON-lines export. */
  public static Map<String, Object> ofJson(JsonNode node) {
    Map<String, Object> row = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> row.put(e.getKey(), plain(e.getValue())));
    return row;
  }

  private static Object plain(JsonNode n) {
    if (n.isNull()) return null;
    if (n.isArray()) {
      List<Object> items = new ArrayList<>();
      n.forEach(i -> items.add(plain(i)));
      return items;
    }
    if (n.isObject()) {
      Map<String, Object> m = new TreeMap<>();
      n.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
      return m;
    }
    return n.asText();
  }

  /** A CSV line: arrays split at ';', maps parsed as JSON, an empty cell null (an empty array for a required array). */
  public static Map<String, Object> ofCsv(CSVRecord line, Schema schema) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (Schema.Field f : schema.getFields()) {
      String cell = line.get(f.name());
      Schema s = f.schema();
      boolean optional = s.getType() == Schema.Type.UNION;
      if (optional) s = s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow();
      Object value;
      if (cell.isEmpty() && (optional || s.getType() != Schema.Type.ARRAY)) value = null;
      else if (s.getType() == Schema.Type.ARRAY) value = cell.isEmpty() ? List.of() : Arrays.asList(cell.split(";", -1));
      else if (s.getType() == Schema.Type.MAP) value = jsonMap(cell);
      else value = cell;
      row.put(f.name(), value);
    }
    return row;
  }

  private static Object jsonMap(String text) {
    try {
      return plain(JSON.readTree(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<Map<String, Object>> readAvro(Path file) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (DataFileReader<GenericRecord> in = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
      in.forEach(r -> rows.add(of(r)));
    }
    return rows;
  }

  /** With parquet-avro's own reader (and its Hadoop codecs, which the writer does not use). */
  public static List<Map<String, Object>> readParquet(Path file) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (ParquetReader<GenericRecord> in = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
        .withDataModel(GenericData.get()).build()) {
      for (GenericRecord r = in.read(); r != null; r = in.read()) rows.add(of(r));
    }
    return rows;
  }

  public static List<Map<String, Object>> readJsonLines(Path file) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) rows.add(ofJson(JSON.readTree(line)));
    }
    return rows;
  }

  public static List<Map<String, Object>> readCsv(Path file, Schema schema) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(file);
         CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
      if (!parser.getHeaderNames().equals(schema.getFields().stream().map(Schema.Field::name).toList())) {
        throw new AssertionError("CSV header " + parser.getHeaderNames() + " is not the schema's fields");
      }
      for (CSVRecord line : parser) rows.add(ofCsv(line, schema));
    }
    return rows;
  }

  /** Rows as sorted text, to compare as multisets: no row missing, none twice. */
  public static List<String> sorted(Collection<Map<String, Object>> rows) {
    return rows.stream().map(Object::toString).sorted().toList();
  }
}
