package dev.pulse.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns one JSON object of the ingest API into the Avro record of its topic, led by the topic's
 * schema: every field present and of its type, enum symbols spelt as SPEC.md §1 spells them, dates
 * as {@code YYYY-MM-DD}, instants as ISO-8601 with an offset, no field the schema does not have.
 * Fields with a default in the schema ({@code parentId}, {@code leftOn}, {@code channels} …) may be
 * left out.
 *
 * <p>It checks only the shape of the JSON; the rules on values (non-empty ids, date order) are
 * {@link RecordRules}', so that records built in code are held to them too.
 */
public final class JsonToAvro {

  private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  static final String DATE_EXAMPLE = "2023-11-05";
  static final String INSTANT_EXAMPLE = "2023-11-05T09:00:00+07:00";

  /** The message for an unknown field, by stream name: the same text for every one. */
  private static final Map<String, String> UNKNOWN_FIELD = new ConcurrentHashMap<>();

  private JsonToAvro() {}

  private static String unknownField(IngestStream<?> stream) {
    return "unknown field; the fields of " + stream.name() + " are "
        + String.join(", ", stream.topic().valueSchema().getFields().stream().map(Schema.Field::name).toList())
        + " (field names are case-sensitive)";
  }

  /** The record, or null with the problems added to {@code problems} (each at {@code index}). */
  public static <V extends SpecificRecord> V convert(
      IngestStream<V> stream, JsonNode json, int index, List<Problem> problems) {
    Schema schema = stream.topic().valueSchema();
    if (json == null || !json.isObject()) {
      problems.add(new Problem(index, null, "expected a JSON object like {\"" + stream.idField()
          + "\": …}, got " + describe(json)));
      return null;
    }
    int before = problems.size();
    String unknownField = null;
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (schema.getField(name) == null) {
        // One message for every unknown field: a body of many of them costs no text per field.
        if (unknownField == null) unknownField = UNKNOWN_FIELD.computeIfAbsent(stream.name(), n -> unknownField(stream));
        problems.add(new Problem(index, name, unknownField));
      }
    }
    SpecificData data = SpecificData.getForClass(stream.topic().valueType());
    @SuppressWarnings("unchecked")
    V record = (V) data.newRecord(null, schema);
    for (Schema.Field field : schema.getFields()) {
      JsonNode value = json.get(field.name());
      Object converted;
      if (value == null) {
        if (!field.hasDefaultValue()) {
          problems.add(new Problem(index, field.name(), "missing; every " + stream.noun() + " needs one"));
          continue;
        }
        // A copy: Avro caches default values, and the record's list must be its own.
        converted = data.deepCopy(field.schema(), data.getDefaultValue(field));
      } else {
        converted = value(data, field.schema(), value, field.name(), index, problems);
      }
      // A null here is a problem already reported (or a nullable field); primitives cannot hold it.
      if (converted != null) record.put(field.pos(), converted);
    }
    return problems.size() == before ? record : null;
  }

  private static Object value(SpecificData data, Schema schema, JsonNode json, String path, int index,
      List<Problem> problems) {
    if (json.isNull()) {
      if (!isNullable(schema)) {
        problems.add(new Problem(index, path, "must not be null; expected " + expected(schema)));
      }
      return null;
    }
    Schema type = nonNull(schema);
    LogicalType logical = type.getLogicalType();
    switch (type.getType()) {
      case STRING -> {
        if (!json.isTextual()) return wrongType(type, json, path, index, problems);
        return json.textValue();
      }
      case BOOLEAN -> {
        if (!json.isBoolean()) return wrongType(type, json, path, index, problems);
        return json.booleanValue();
      }
      case ENUM -> {
        if (!json.isTextual()) return wrongType(type, json, path, index, problems);
        String symbol = json.textValue();
        if (type.hasEnumSymbol(symbol)) return data.createEnum(symbol, type);
        String hint = type.hasEnumSymbol(symbol.trim().toUpperCase(Locale.ROOT).replace(' ', '_'))
            ? " (write it in capitals: " + symbol.trim().toUpperCase(Locale.ROOT).replace(' ', '_') + ")"
            : "";
        problems.add(new Problem(index, path, quote(symbol) + " is not one of "
            + String.join(", ", type.getEnumSymbols()) + hint));
        return null;
      }
      case INT -> {
        if (logical instanceof LogicalTypes.Date) return date(json, path, index, problems);
        if (!json.isInt()) return wrongType(type, json, path, index, problems);
        return json.intValue();
      }
      case LONG -> {
        if (logical instanceof LogicalTypes.TimestampMillis) return instant(json, path, index, problems);
        if (!json.canConvertToLong() || !json.isIntegralNumber()) return wrongType(type, json, path, index, problems);
        return json.longValue();
      }
      case DOUBLE -> {
        if (!json.isNumber()) return wrongType(type, json, path, index, problems);
        return json.doubleValue();
      }
      case ARRAY -> {
        if (!json.isArray()) return wrongType(type, json, path, index, problems);
        List<Object> items = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
          items.add(value(data, type.getElementType(), json.get(i), path + "[" + i + "]", index, problems));
        }
        return items;
      }
      default -> throw new IllegalStateException(
          "the ingest API does not handle Avro type " + type + " (field " + path + ")");
    }
  }

  private static LocalDate date(JsonNode json, String path, int index, List<Problem> problems) {
    String text = json.isTextual() ? json.textValue() : json.toString();
    if (json.isTextual() && ISO_DATE.matcher(text).matches()) {
      try {
        return LocalDate.parse(text);
      } catch (DateTimeParseException e) {
        problems.add(new Problem(index, path, quote(text) + " is not a day of the calendar; write it like "
            + DATE_EXAMPLE));
        return null;
      }
    }
    problems.add(new Problem(index, path, quote(text) + " is not a date; write it as year-month-day like "
        + DATE_EXAMPLE));
    return null;
  }

  private static Instant instant(JsonNode json, String path, int index, List<Problem> problems) {
    String text = json.isTextual() ? json.textValue() : json.toString();
    if (json.isTextual()) {
      try {
        // Avro keeps milliseconds: cut here so that the record checked is the record written.
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toInstant().truncatedTo(ChronoUnit.MILLIS);
      } catch (DateTimeParseException e) {
        if (parsesAsLocal(text)) {
          problems.add(new Problem(index, path, quote(text) + " has no time-zone offset; write it like "
              + INSTANT_EXAMPLE));
          return null;
        }
      }
    }
    problems.add(new Problem(index, path, quote(text) + " is not a date and time; write it like "
        + INSTANT_EXAMPLE));
    return null;
  }

  /** The value as the volunteer wrote it, cut short if it is long. */
  static String quote(String text) {
    return "'" + (text.length() > 60 ? text.substring(0, 57) + "..." : text) + "'";
  }

  private static boolean parsesAsLocal(String text) {
    try {
      LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static Object wrongType(Schema type, JsonNode json, String path, int index, List<Problem> problems) {
    problems.add(new Problem(index, path, "expected " + expected(type) + ", got " + describe(json)));
    return null;
  }

  /** What a value of this schema looks like in JSON, for messages. */
  static String expected(Schema schema) {
    Schema type = nonNull(schema);
    LogicalType logical = type.getLogicalType();
    String what = switch (type.getType()) {
      case STRING -> "text in quotes";
      case BOOLEAN -> "true or false";
      case ENUM -> "one of " + String.join(", ", type.getEnumSymbols());
      case INT -> logical instanceof LogicalTypes.Date ? "a date like " + DATE_EXAMPLE : "a whole number";
      case LONG -> logical instanceof LogicalTypes.TimestampMillis
          ? "a date and time like " + INSTANT_EXAMPLE : "a whole number";
      case DOUBLE -> "a number";
      case ARRAY -> "a list in [ ] of " + expected(type.getElementType());
      default -> type.getType().getName();
    };
    return isNullable(schema) ? what + " or null" : what;
  }

  private static String describe(JsonNode json) {
    if (json == null || json.isMissingNode()) return "nothing";
    String text = json.toString();
    if (text.length() > 60) text = text.substring(0, 57) + "...";
    String kind = switch (json.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      case STRING -> "text";
      case NUMBER -> "a number";
      case BOOLEAN -> "true/false";
      case NULL -> "null";
      default -> "a value";
    };
    return json.isNull() ? "null" : kind + " " + text;
  }

  static boolean isNullable(Schema schema) {
    return schema.getType() == Schema.Type.UNION
        && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
  }

  /** The non-null branch of a {@code ["null", X]} union, or the schema itself. */
  static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) return schema;
    return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst()
        .orElseThrow(() -> new IllegalStateException("union of nulls: " + schema));
  }
}
