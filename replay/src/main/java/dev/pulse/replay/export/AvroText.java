package dev.pulse.replay.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro values as the text formats show them, as the ingest API's JSON does (SPEC.md §1): instants
 * ISO-8601 (UTC, {@code Z}), dates ISO ({@code YYYY-MM-DD}), enums by symbol, bytes in base64. A
 * CSV cell holds an array as its items joined with {@code ;} and a map or record as a JSON object.
 *
 * <p>Values may come in Avro's representation (a timestamp-millis long, a date int, Utf8) or as a
 * generated class holds them (Instant, LocalDate, String, a Java enum).
 */
final class AvroText {

  private static final JsonFactory JSON = new JsonFactory();
  static final String ARRAY_SEPARATOR = ";";

  private AvroText() {}

  /** The text of a CSV cell; null for null (an empty cell). */
  static String cell(Schema schema, Object value) {
    if (value == null) return null;
    Schema s = branch(schema, value);
    return switch (s.getType()) {
      case ARRAY -> {
        Schema items = s.getElementType();
        StringBuilder b = new StringBuilder();
        for (Object item : (Collection<?>) value) {
          if (b.length() > 0) b.append(ARRAY_SEPARATOR);
          String text = cell(items, item);
          if (text != null) b.append(text);
        }
        yield b.toString();
      }
      case MAP, RECORD -> json(s, value);
      default -> scalar(s, value);
    };
  }

  /** The value as JSON text. */
  static String json(Schema schema, Object value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      writeJson(g, schema, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Writes the value as JSON: numbers and booleans as such, everything else as {@link #cell} text does. */
  static void writeJson(JsonGenerator g, Schema schema, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
      return;
    }
    Schema s = branch(schema, value);
    switch (s.getType()) {
      case RECORD -> {
        IndexedRecord r = (IndexedRecord) value;
        g.writeStartObject();
        for (Schema.Field f : s.getFields()) {
          g.writeFieldName(f.name());
          writeJson(g, f.schema(), r.get(f.pos()));
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (Object item : (Collection<?>) value) {
          writeJson(g, s.getElementType(), item);
        }
        g.writeEndArray();
      }
      case MAP -> {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
          g.writeFieldName(e.getKey().toString());
          writeJson(g, s.getValueType(), e.getValue());
        }
        g.writeEndObject();
      }
      case INT -> {
        if (s.getLogicalType() == null) g.writeNumber(((Number) value).intValue());
        else g.writeString(scalar(s, value));
      }
      case LONG -> {
        if (s.getLogicalType() == null) g.writeNumber(((Number) value).longValue());
        else g.writeString(scalar(s, value));
      }
      case FLOAT -> g.writeNumber(((Number) value).floatValue());
      case DOUBLE -> g.writeNumber(((Number) value).doubleValue());
      case BOOLEAN -> g.writeBoolean((Boolean) value);
      default -> g.writeString(scalar(s, value));
    }
  }

  private static String scalar(Schema s, Object value) {
    LogicalType logical = s.getLogicalType();
    if (logical != null) {
      if (value instanceof Instant i) return i.toString();
      if (value instanceof LocalDate d) return d.toString();
      if (logical instanceof LogicalTypes.TimestampMillis) return Instant.ofEpochMilli((Long) value).toString();
      if (logical instanceof LogicalTypes.TimestampMicros) {
        long micros = (Long) value;
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L).toString();
      }
      if (logical instanceof LogicalTypes.Date) return LocalDate.ofEpochDay((Integer) value).toString();
    }
    return switch (s.getType()) {
      case BYTES -> {
        ByteBuffer b = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        yield Base64.getEncoder().encodeToString(bytes);
      }
      case FIXED -> Base64.getEncoder().encodeToString(((GenericFixed) value).bytes());
      default -> value.toString();
    };
  }

  /** The branch of a union the value takes; the schema itself when it is no union. */
  private static Schema branch(Schema schema, Object value) {
    if (schema.getType() != Schema.Type.UNION) return schema;
    List<Schema> types = schema.getTypes();
    // The usual optional field, [null, T]: no need to ask Avro which branch.
    if (types.size() == 2) {
      if (types.get(0).getType() == Schema.Type.NULL) return types.get(1);
      if (types.get(1).getType() == Schema.Type.NULL) return types.get(0);
    }
    return types.get(GenericData.get().resolveUnion(schema, value));
  }
}
