package dev.pulse.app;

import dev.pulse.server.OpenApiDocument;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.server.ingest.IngestSettings;
import dev.pulse.contract.IngestStream;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bodies the OpenAPI document describes, read as a vendor's tooling reads them, are the Avro
 * schemas of the topics: every field, no other, required unless the schema gives a default,
 * nullable where the schema allows null, dates and instants with their formats, enums with their
 * symbols.
 */
class OpenApiSchemasTest {

  static OpenAPI api;

  @BeforeAll
  static void read() {
    ParseOptions options = new ParseOptions();
    options.setResolve(false);
    SwaggerParseResult result = new OpenAPIV3Parser()
        .readContents(OpenApiDocument.describe(IngestSettings.defaults()).json(), null, options);
    assertThat(result.getMessages()).as("what the parser found wrong").isEmpty();
    api = result.getOpenAPI();
  }

  @Test
  void eachIngestStreamTakesTheFieldsOfItsAvroSchema() {
    for (IngestStream<?> stream : IngestStream.ALL) {
      Schema<?> described = component(stream.topic().valueSchema().getName());
      assertMatches(stream.name(), described, stream.topic().valueSchema(), true);
      assertThat(described.getAdditionalProperties()).as(stream.name() + ": unknown fields are refused").isEqualTo(false);
    }
  }

  @Test
  void eachViewRowHasTheFieldsOfItsAvroSchemaAllWritten() {
    for (Topic<?> view : Topics.ALL_VIEWS) {
      assertMatches(view.name(), component(view.valueSchema().getName()), view.valueSchema(), false);
    }
  }

  @Test
  void eachIngestRouteTakesOneRecordAnArrayOrNdjsonOfItsStream() {
    for (IngestStream<?> stream : IngestStream.ALL) {
      var body = api.getPaths().get("/api/v1/ingest/" + stream.name()).getPost().getRequestBody().getContent();
      assertThat(body).as(stream.name()).containsOnlyKeys("application/json", "application/x-ndjson");
      List<Schema> oneOf = body.get("application/json").getSchema().getOneOf();
      String ref = "#/components/schemas/" + stream.topic().valueSchema().getName();
      assertThat(oneOf.get(0).get$ref()).isEqualTo(ref);
      assertThat(oneOf.get(1).getType()).isEqualTo("array");
      assertThat(oneOf.get(1).getItems().get$ref()).isEqualTo(ref);
    }
  }

  @Test
  void everyRefusalOfTheIngestApiCarriesTheErrorsBody() {
    Schema<?> errors = component("Errors");
    assertThat(errors.getProperties()).containsOnlyKeys("errors", "errorCount");
    assertThat(errors.getProperties().get("errors").getMaxItems()).isEqualTo(100);
    assertThat(component("Problem").getProperties()).containsOnlyKeys("index", "field", "message");
    for (IngestStream<?> stream : IngestStream.ALL) {
      var responses = api.getPaths().get("/api/v1/ingest/" + stream.name()).getPost().getResponses();
      assertThat(responses).containsKeys("200", "400", "401", "403", "409", "413", "415", "500", "503");
      responses.forEach((status, response) -> {
        if (status.equals("200")) return;
        assertThat(response.getContent().get("application/json").getSchema().get$ref())
            .as(stream.name() + " " + status).isEqualTo("#/components/schemas/Errors");
      });
    }
  }

  private static Schema<?> component(String name) {
    Schema<?> schema = api.getComponents().getSchemas().get(name);
    assertThat(schema).as("component schema " + name).isNotNull();
    return schema;
  }

  private static void assertMatches(String what, Schema<?> described, org.apache.avro.Schema avro, boolean request) {
    Map<String, Schema> properties = described.getProperties();
    assertThat(properties.keySet()).as(what + ": the fields, in order")
        .containsExactlyElementsOf(avro.getFields().stream().map(org.apache.avro.Schema.Field::name).toList());
    List<String> required = avro.getFields().stream()
        .filter(f -> !request || !f.hasDefaultValue())
        .map(org.apache.avro.Schema.Field::name).toList();
    assertThat(described.getRequired()).as(what + ": the required fields").containsExactlyInAnyOrderElementsOf(required);
    for (org.apache.avro.Schema.Field field : avro.getFields()) {
      assertType(what + "." + field.name(), properties.get(field.name()), field.schema());
    }
  }

  /** The JSON form of SPEC.md §1, written out type by type. */
  private static void assertType(String what, Schema<?> described, org.apache.avro.Schema avro) {
    boolean nullable = avro.isNullable();
    assertThat(Boolean.TRUE.equals(described.getNullable())).as(what + " nullable").isEqualTo(nullable);
    org.apache.avro.Schema type = nullable
        ? avro.getTypes().stream().filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL).findFirst().orElseThrow()
        : avro;
    switch (type.getType()) {
      case STRING -> assertTypeAndFormat(what, described, "string", null);
      case BOOLEAN -> assertTypeAndFormat(what, described, "boolean", null);
      case DOUBLE -> assertTypeAndFormat(what, described, "number", "double");
      case INT -> assertTypeAndFormat(what, described, type.getLogicalType() instanceof LogicalTypes.Date ? "string" : "integer",
          type.getLogicalType() instanceof LogicalTypes.Date ? "date" : "int32");
      case LONG -> assertTypeAndFormat(what, described,
          type.getLogicalType() instanceof LogicalTypes.TimestampMillis ? "string" : "integer",
          type.getLogicalType() instanceof LogicalTypes.TimestampMillis ? "date-time" : "int64");
      case ENUM -> {
        assertTypeAndFormat(what, described, "string", null);
        assertThat(described.getEnum()).as(what + " symbols").map(String::valueOf)
            .containsExactlyElementsOf(type.getEnumSymbols());
      }
      case ARRAY -> {
        assertTypeAndFormat(what, described, "array", null);
        assertType(what + "[]", described.getItems(), type.getElementType());
      }
      case MAP -> {
        assertTypeAndFormat(what, described, "object", null);
        assertType(what + "{}", (Schema<?>) described.getAdditionalProperties(), type.getValueType());
      }
      default -> throw new AssertionError(what + ": the HTTP API has no JSON form for Avro " + type);
    }
  }

  private static void assertTypeAndFormat(String what, Schema<?> described, String type, String format) {
    assertThat(described.getType()).as(what + " type").isEqualTo(type);
    assertThat(described.getFormat()).as(what + " format").isEqualTo(format);
  }
}
