package dev.pulse.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.avro.Attendance;
import dev.pulse.avro.Unit;
import dev.pulse.contract.Topics;
import dev.pulse.registry.RegisteredSchema;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryException;
import dev.pulse.registry.server.RawHttp.Answer;
import dev.pulse.serde.AvroSerdes;
import dev.pulse.serde.SampleRecords;
import dev.pulse.serde.SpecificAvroSerde;
import dev.pulse.stack.EmbeddedKafka;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.serialization.Serde;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every endpoint of the registry over real HTTP, through the client and as raw requests. */
class SchemaRegistryServerTest {

  /** Each test uses its own record name and subjects: they share one registry. */
  private static Schema v1(String name) {
    return SchemaBuilder.record(name).namespace("test").fields().requiredString("id").endRecord();
  }

  /** v1 plus an optional field: BACKWARD compatible. */
  private static Schema v2(String name) {
    return SchemaBuilder.record(name).namespace("test").fields().requiredString("id").optionalString("note").endRecord();
  }

  /** v1 plus a required field without a default: it cannot read v1 data. */
  private static Schema requiredAdded(String name) {
    return SchemaBuilder.record(name).namespace("test").fields().requiredString("id").requiredInt("minutes").endRecord();
  }

  @TempDir
  static Path dataDir;
  static EmbeddedKafka kafka;
  static SchemaRegistryServer server;
  static SchemaRegistryClient client;
  static RawHttp http;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start(dataDir, 0);
    server = SchemaRegistryServer.start(0, kafka.bootstrapServers());
    client = new RestSchemaRegistryClient(server.url());
    http = new RawHttp(server.url());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private static void assertRegistryError(ThrowingCallable call, int httpStatus, int errorCode) {
    assertThatThrownBy(call).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
      assertThat(e.httpStatus()).isEqualTo(httpStatus);
      assertThat(e.errorCode()).isEqualTo(errorCode);
    });
  }

  private static void assertError(Answer answer, int status, int errorCode) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.contentType()).isEqualTo(RawHttp.CONTENT_TYPE);
    assertThat(answer.json().get("error_code").asInt()).isEqualTo(errorCode);
    assertThat(answer.json().get("message").asText()).isNotBlank();
  }

  @Test
  void registrationIsIdempotentAndTheSameSchemaHasOneIdUnderEverySubject() {
    int id = client.register("idem-a-value", v1("Idem"));

    assertThat(client.register("idem-a-value", v1("Idem"))).isEqualTo(id);
    Answer again = http.postSchema("/subjects/idem-a-value/versions", v1("Idem").toString());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.contentType()).isEqualTo(RawHttp.CONTENT_TYPE);
    assertThat(again.json().get("id").asInt()).isEqualTo(id);
    assertThat(client.register("idem-b-value", v1("Idem"))).isEqualTo(id);
    assertThat(client.versions("idem-a-value")).containsExactly(1);
    assertThat(client.versions("idem-b-value")).containsExactly(1);
    assertThat(client.register("idem-a-value", v2("Idem"))).isNotEqualTo(id);
    assertThat(http.get("/schemas/ids/" + id + "/versions").json().toString())
        .contains("{\"subject\":\"idem-a-value\",\"version\":1}", "{\"subject\":\"idem-b-value\",\"version\":1}");
  }

  @Test
  void aLookUpAnswersTheSubjectIdVersionAndSchema() {
    int id = client.register("lookup-value", v1("Lookup"));
    client.register("lookup-value", v2("Lookup"));

    Answer found = http.postSchema("/subjects/lookup-value", v1("Lookup").toString());

    assertThat(found.status()).isEqualTo(200);
    assertThat(found.json().get("subject").asText()).isEqualTo("lookup-value");
    assertThat(found.json().get("id").asInt()).isEqualTo(id);
    assertThat(found.json().get("version").asInt()).isEqualTo(1);
    assertThat(new Schema.Parser().parse(found.json().get("schema").asText())).isEqualTo(v1("Lookup"));
    assertThat(new RestSchemaRegistryClient(server.url()).lookup("lookup-value", v1("Lookup"))).isEqualTo(id);
    assertError(http.postSchema("/subjects/lookup-nobody-value", v1("Lookup").toString()), 404, 40401);
    assertError(http.postSchema("/subjects/lookup-value", requiredAdded("Lookup").toString()), 404, 40403);
    assertRegistryError(() -> client.lookup("lookup-nobody-value", v1("Lookup")), 404, 40401);
    assertRegistryError(() -> client.lookup("lookup-value", requiredAdded("Lookup")), 404, 40403);
  }

  @Test
  void schemasAreServedByIdAndAnUnknownIdIs40403() {
    int id = client.register("byid-value", Unit.getClassSchema());

    assertThat(new RestSchemaRegistryClient(server.url()).byId(id)).isEqualTo(Unit.getClassSchema());
    Answer answer = http.get("/schemas/ids/" + id);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(new Schema.Parser().parse(answer.json().get("schema").asText())).isEqualTo(Unit.getClassSchema());
    assertError(http.get("/schemas/ids/987654"), 404, 40403);
    assertError(http.get("/schemas/ids/987654/versions"), 404, 40403);
    assertRegistryError(() -> client.byId(987654), 404, 40403);
  }

  @Test
  void subjectsListTheirVersions() {
    int first = client.register("versions-value", v1("Versions"));
    int second = client.register("versions-value", v2("Versions"));
    SchemaRegistryClient fresh = new RestSchemaRegistryClient(server.url());

    assertThat(fresh.subjects()).contains("versions-value");
    assertThat(fresh.versions("versions-value")).containsExactly(1, 2);
    assertThat(fresh.latest("versions-value")).isEqualTo(new RegisteredSchema("versions-value", 2, second, v2("Versions")));
    assertThat(fresh.version("versions-value", 1)).isEqualTo(new RegisteredSchema("versions-value", 1, first, v1("Versions")));
    Answer latest = http.get("/subjects/versions-value/versions/latest");
    assertThat(latest.json().get("version").asInt()).isEqualTo(2);
    assertThat(latest.json().get("id").asInt()).isEqualTo(second);
    Answer rawSchema = http.get("/subjects/versions-value/versions/1/schema");
    assertThat(new Schema.Parser().parse(rawSchema.body())).isEqualTo(v1("Versions"));
    assertError(http.get("/subjects/versions-value/versions/3"), 404, 40402);
    assertError(http.get("/subjects/versions-value/versions/zero"), 422, 42202);
    assertError(http.get("/subjects/versions-nobody-value/versions"), 404, 40401);
    assertError(http.get("/subjects/versions-nobody-value/versions/latest"), 404, 40401);
    assertRegistryError(() -> fresh.version("versions-value", 3), 404, 40402);
    assertRegistryError(() -> fresh.versions("versions-nobody-value"), 404, 40401);
  }

  @Test
  void anIncompatibleSchemaIsRefusedWith409() {
    client.register("incompatible-value", v1("Incompatible"));

    Answer refused = http.postSchema("/subjects/incompatible-value/versions", requiredAdded("Incompatible").toString());

    assertError(refused, 409, 409);
    assertThat(refused.json().get("message").asText()).contains("incompatible-value", "minutes");
    assertRegistryError(() -> client.register("incompatible-value", requiredAdded("Incompatible")), 409, 409);
    assertThat(client.versions("incompatible-value")).containsExactly(1);
  }

  @Test
  void compatibilityIsCheckedAgainstTheLatestOrAGivenVersion() {
    client.register("compat-value", v1("Compat"));

    assertThat(client.isCompatible("compat-value", v2("Compat"))).isTrue();
    assertThat(client.isCompatible("compat-value", requiredAdded("Compat"))).isFalse();
    assertThat(client.isCompatible("compat-new-value", requiredAdded("Compat"))).isTrue();
    Answer verbose = http.postSchema("/compatibility/subjects/compat-value/versions/latest?verbose=true",
        requiredAdded("Compat").toString());
    assertThat(verbose.status()).isEqualTo(200);
    assertThat(verbose.json().get("is_compatible").asBoolean()).isFalse();
    assertThat(verbose.json().get("messages").toString()).contains("minutes");
    Answer againstVersion1 = http.postSchema("/compatibility/subjects/compat-value/versions/1", v2("Compat").toString());
    assertThat(againstVersion1.json().get("is_compatible").asBoolean()).isTrue();
    assertThat(againstVersion1.json().has("messages")).isFalse();
    assertError(http.postSchema("/compatibility/subjects/compat-value/versions/2", v2("Compat").toString()), 404, 40402);
  }

  @Test
  void anUnparsableSchemaIs42201AndABodyThatIsNotJsonIs400() {
    assertError(http.postSchema("/subjects/invalid-value/versions", "{\"type\": \"record\", \"name\": \"NoFields\"}"),
        422, 42201);
    assertError(http.postSchema("/subjects/invalid-value/versions", "not json"), 422, 42201);
    assertError(http.post("/subjects/invalid-value/versions", Map.of("schemaType", "PROTOBUF", "schema", "syntax = \"proto3\";")),
        422, 42201);
    assertError(http.send("POST", "/subjects/invalid-value/versions", "{\"schema\": ", RawHttp.CONTENT_TYPE), 400, 400);
    assertThat(client.subjects()).doesNotContain("invalid-value");
  }

  @Test
  void compatibilityIsBackwardByDefaultAndConfigurablePerSubjectAndGlobally() {
    client.register("config-value", v1("Config"));

    assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    assertThat(client.compatibility(null)).isEqualTo("BACKWARD");
    assertError(http.get("/config/config-value"), 404, 40408);
    assertThat(client.compatibility("config-value")).isEqualTo("BACKWARD");

    client.setCompatibility("config-value", "NONE");
    assertThat(client.compatibility("config-value")).isEqualTo("NONE");
    assertThat(http.get("/config/config-value").json().get("compatibilityLevel").asText()).isEqualTo("NONE");
    assertThat(client.register("config-value", requiredAdded("Config"))).isPositive();

    Answer full = http.put("/config/config-value", Map.of("compatibility", "FULL"));
    assertThat(full.status()).isEqualTo(200);
    assertThat(full.json().get("compatibility").asText()).isEqualTo("FULL");
    assertThat(client.compatibility("config-value")).isEqualTo("FULL");
    assertError(http.put("/config/config-value", Map.of("compatibility", "SIDEWAYS")), 422, 42203);
    assertRegistryError(() -> client.setCompatibility(null, "SIDEWAYS"), 422, 42203);

    try {
      client.setCompatibility(null, "FORWARD_TRANSITIVE");
      assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("FORWARD_TRANSITIVE");
      assertThat(client.compatibility("config-other-value")).isEqualTo("FORWARD_TRANSITIVE");
      assertThat(client.compatibility("config-value")).isEqualTo("FULL");
    } finally {
      client.setCompatibility(null, "BACKWARD");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/vnd.schemaregistry.v1+json", "application/vnd.schemaregistry+json",
      "application/json"})
  void everyRegistryContentTypeIsAcceptedAndAnsweredAsV1(String contentType) {
    String body = "{\"schema\": " + com.fasterxml.jackson.databind.node.TextNode.valueOf(v1("Typed").toString()) + "}";

    Answer answer = http.send("POST", "/subjects/typed-value/versions", body, contentType);

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.contentType()).isEqualTo(RawHttp.CONTENT_TYPE);
    assertThat(answer.json().get("id").asInt()).isEqualTo(client.lookup("typed-value", v1("Typed")));
  }

  @Test
  void aDeletedSubjectIsGoneButItsSchemasKeepTheirIds() {
    int id = client.register("deleted-value", v1("Deleted"));

    Answer deleted = http.delete("/subjects/deleted-value");

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json().toString()).isEqualTo("[1]");
    assertThat(client.subjects()).doesNotContain("deleted-value");
    assertError(http.get("/subjects/deleted-value/versions"), 404, 40401);
    assertError(http.delete("/subjects/deleted-value"), 404, 40401);
    assertThat(http.get("/schemas/ids/" + id).status()).isEqualTo(200);
    assertThat(new RestSchemaRegistryClient(server.url()).register("deleted-value", v1("Deleted"))).isEqualTo(id);
    assertThat(client.versions("deleted-value")).containsExactly(2);
  }

  @Test
  void aSchemaWithVietnameseDocumentationKeepsItsText() {
    Schema schema = SchemaBuilder.record("Branch").namespace("test").doc("Chi hội phụ nữ bản Na Sang")
        .fields().requiredString("id").endRecord();

    int id = client.register("vietnamese-value", schema);

    assertThat(new RestSchemaRegistryClient(server.url()).byId(id).getDoc()).isEqualTo("Chi hội phụ nữ bản Na Sang");
  }

  @Test
  void theClientTriesEachBaseUrlInTurn() {
    SchemaRegistryClient failover = new RestSchemaRegistryClient("http://localhost:1, " + server.url() + "/");

    assertThat(failover.register("failover-value", v1("Failover"))).isEqualTo(client.lookup("failover-value", v1("Failover")));
  }

  @Test
  void anUnreachableRegistryIsAnErrorNamingTheUrl() {
    SchemaRegistryClient nowhere = new RestSchemaRegistryClient("http://localhost:1");

    assertThatThrownBy(nowhere::subjects)
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isZero())
        .hasMessageContaining("http://localhost:1/subjects");
  }

  @Test
  void aSerdeConfiguredByKafkaPropertiesRoundTripsOverHttp() {
    SpecificAvroSerde<Attendance> serde = new SpecificAvroSerde<>();
    serde.configure(Map.of("schema.registry.url", server.url()), false);

    byte[] bytes = serde.serializer().serialize(Topics.ATTENDANCE.name(), SampleRecords.attendance());

    assertThat(serde.deserializer().deserialize(Topics.ATTENDANCE.name(), bytes)).isEqualTo(SampleRecords.attendance());
    int id = client.lookup(Topics.ATTENDANCE.valueSubject(), Attendance.getClassSchema());
    assertThat(bytes[0]).isZero();
    assertThat(java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
  }

  @Test
  void withAutoRegistrationOffTheSerdeUsesOnlyWhatIsRegistered() {
    Serde<Unit> strict = new SpecificAvroSerde<>();
    strict.configure(Map.of("schema.registry.url", server.url(), "auto.register.schemas", false), false);
    assertThatThrownBy(() -> strict.serializer().serialize("strict.units", SampleRecords.unit()))
        .hasMessageContaining("strict.units-value")
        .hasMessageContaining("auto.register.schemas is false");

    client.register("strict.units-value", Unit.getClassSchema());

    byte[] bytes = strict.serializer().serialize("strict.units", SampleRecords.unit());
    assertThat(strict.deserializer().deserialize("strict.units", bytes)).isEqualTo(SampleRecords.unit());
    assertThat(client.versions("strict.units-value")).containsExactly(1);
  }

  @Test
  void everyContractTopicRegistersThroughItsSerde() {
    for (var topic : Topics.ALL) {
      if (topic.isAvro()) {
        registerSample(topic);
      }
    }

    assertThat(client.subjects()).containsAll(Topics.ALL.stream().filter(t -> t.isAvro()).map(t -> t.valueSubject()).toList());
    assertThat(client.latest(Topics.UNITS.valueSubject()).schema()).isEqualTo(Topics.UNITS.valueSchema());
  }

  private static <T> void registerSample(dev.pulse.contract.Topic<T> topic) {
    Serde<T> serde = AvroSerdes.forTopic(topic, new RestSchemaRegistryClient(server.url()));
    T sample = topic.valueType().cast(SampleRecords.valueFor(topic));
    assertThat(serde.deserializer().deserialize(topic.name(), serde.serializer().serialize(topic.name(), sample)))
        .isEqualTo(sample);
  }

  @Test
  void theRootAnswersAnEmptyObject() {
    Answer root = http.get("/");

    assertThat(root.status()).isEqualTo(200);
    assertThat(root.body()).isEqualTo("{}");
    assertThat(List.of(root.contentType())).containsExactly(RawHttp.CONTENT_TYPE);
  }
}
