package dev.pulse.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The OpenAPI 3.0 schema object of an Avro record as the HTTP API writes it in JSON (SPEC.md §1):
 * dates as {@code format: date}, instants as {@code format: date-time}, enums by their symbols,
 * {@code ["null", X]} as a nullable X, maps as objects. Built from the {@code .avsc} the topics
 * use, so that the described bodies cannot drift from what the ingest API takes.
 */
final class AvroOpenApiSchema {

  /** Which side of the API the object is on: that decides which fields are required. */
  enum Side {
    /** A record sent to the ingest API: fields with an Avro default may be left out, no other field is taken. */
    REQUEST,
    /** A row or unit in an answer: every field is written, null or not. */
    ANSWER
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AvroOpenApiSchema() {}

  static ObjectNode of(Schema record, Side side) {
    if (record.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException("expected an Avro record, got " + record);
    }
    ObjectNode out = NODES.objectNode().put("type", "object");
    if (record.getDoc() != null) out.put("description", record.getDoc());
    ObjectNode properties = out.putObject("properties");
    ArrayNode required = NODES.arrayNode();
    for (Schema.Field field : record.getFields()) {
      ObjectNode property = value(field.schema());
      if (field.doc() != null) property.put("description", field.doc());
      properties.set(field.name(), property);
      if (side == Side.ANSWER || !field.hasDefaultValue()) required.add(field.name());
    }
    if (!required.isEmpty()) out.set("required", required);
    // The ingest API refuses a field its schema does not have (a misspelt name would be lost).
    if (side == Side.REQUEST) out.put("additionalProperties", false);
    return out;
  }

  private static ObjectNode value(Schema schema) {
    if (schema.getType() == Schema.Type.UNION) {
      Schema only = nonNull(schema);
      ObjectNode out = value(only);
      out.put("nullable", true);
      return out;
    }
    LogicalType logical = schema.getLogicalType();
    ObjectNode out = NODES.objectNode();
    switch (schema.getType()) {
      case STRING -> out.put("type", "string");
      case BOOLEAN -> out.put("type", "boolean");
      case INT -> {
        if (logical instanceof LogicalTypes.Date) out.put("type", "string").put("format", "date");
        else out.put("type", "integer").put("format", "int32");
      }
      case LONG -> {
        if (logical instanceof LogicalTypes.TimestampMillis) out.put("type", "string").put("format", "date-time");
        else out.put("type", "integer").put("format", "int64");
      }
      case DOUBLE -> out.put("type", "number").put("format", "double");
      case FLOAT -> out.put("type", "number").put("format", "float");
      case ENUM -> {
        out.put("type", "string");
        ArrayNode symbols = out.putArray("enum");
        schema.getEnumSymbols().forEach(symbols::add);
      }
      case ARRAY -> out.put("type", "array").set("items", value(schema.getElementType()));
      case MAP -> out.put("type", "object").set("additionalProperties", value(schema.getValueType()));
      default -> throw new IllegalArgumentException("no JSON form for Avro type " + schema
          + " in the HTTP API; describe it in " + AvroOpenApiSchema.class.getSimpleName());
    }
    return out;
  }

  /** X of {@code ["null", X]}: the API has no other unions. */
  private static Schema nonNull(Schema union) {
    var types = union.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
    if (types.size() != 1 || union.getTypes().size() != 2) {
      throw new IllegalArgumentException("only [\"null\", X] unions have a JSON form in the HTTP API, not " + union);
    }
    return types.get(0);
  }
}
