package dev.pulse.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.stack.EmbeddedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry behind a write guard, on a real broker and over real HTTP: reads are open, re-registering
 * a schema the subject holds answers its id to anyone, and every change without an allowed credential
 * is refused with 401 or 403 in Confluent's error shape, leaving the registry as it was.
 */
class SchemaRegistryWriteGuardTest {

  private static final String ADMIN = "the-root-admin-token";
  private static final String READER = "a-reader-token";
  private static final String SUBJECT = "guarded-value";
  private static final Schema V1 =
      SchemaBuilder.record("Guarded").namespace("test").fields().requiredString("id").endRecord();
  private static final Schema V2 =
      SchemaBuilder.record("Guarded").namespace("test").fields().requiredString("id").optionalString("note").endRecord();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Allows Bearer or basic-auth {@code token:<ADMIN>}; a known non-admin is 403; anything else 401. */
  private static final WriteGuard GUARD = authorization -> {
    if (authorization == null) return WriteGuard.Decision.unauthenticated("no credential");
    String basic = "Basic " + Base64.getEncoder().encodeToString(("token:" + ADMIN).getBytes(StandardCharsets.UTF_8));
    if (authorization.equals("Bearer " + ADMIN) || authorization.equals(basic)) return WriteGuard.Decision.allowed();
    if (authorization.equals("Bearer " + READER)) return WriteGuard.Decision.forbidden("a reader token");
    return WriteGuard.Decision.unauthenticated("unknown token");
  };

  @TempDir static Path dataDir;
  static EmbeddedKafka kafka;
  static SchemaRegistryServer server;
  static final HttpClient http = HttpClient.newHttpClient();
  static int v1Id;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start(dataDir, 0);
    server = SchemaRegistryServer.start(SchemaRegistryServer.LOOPBACK, 0, kafka.bootstrapServers(), (short) 1, Map.of(),
        GUARD);
    // The owner registers without HTTP and without a credential.
    v1Id = server.ownerClient().register(SUBJECT, V1);
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (kafka != null) kafka.close();
  }

  @Test
  void everyKindOfChangeWithoutACredentialIs401WithAChallengeAndChangesNothing() throws Exception {
    List<Answer> refused = List.of(
        send("POST", "/subjects/" + SUBJECT + "/versions", schemaBody(V2), null),
        send("POST", "/subjects/other-value/versions", schemaBody(V1), null),
        send("DELETE", "/subjects/" + SUBJECT, null, null),
        send("DELETE", "/subjects/" + SUBJECT + "/versions/1", null, null),
        send("PUT", "/config", "{\"compatibility\":\"NONE\"}", null),
        send("PUT", "/config/" + SUBJECT, "{\"compatibility\":\"NONE\"}", null),
        send("POST", "/subjects/" + SUBJECT + "/versions", schemaBody(V2), "Bearer not-a-token"),
        send("POST", "/subjects/" + SUBJECT + "/versions", schemaBody(V2), basic("token", "wrong")));
    for (Answer a : refused) {
      assertThat(a.status).as(a.toString()).isEqualTo(401);
      assertThat(a.json.get("error_code").asInt()).as(a.toString()).isEqualTo(RegistryApi.UNAUTHORIZED);
      assertThat(a.json.get("message").asText()).as(a.toString()).startsWith("Unauthorized");
      assertThat(a.challenge).as(a.toString()).contains("Basic realm=").contains("Bearer");
    }
    assertUnchanged();
  }

  @Test
  void aCredentialThatMayNotChangeTheRegistryIs403() throws Exception {
    for (Answer a : List.of(
        send("DELETE", "/subjects/" + SUBJECT, null, "Bearer " + READER),
        send("PUT", "/config", "{\"compatibility\":\"NONE\"}", "Bearer " + READER),
        send("POST", "/subjects/" + SUBJECT + "/versions", schemaBody(V2), "Bearer " + READER))) {
      assertThat(a.status).as(a.toString()).isEqualTo(403);
      assertThat(a.json.get("error_code").asInt()).as(a.toString()).isEqualTo(RegistryApi.FORBIDDEN);
    }
    assertUnchanged();
  }

  @Test
  void readsAndReRegisteringAHeldSchemaNeedNoCredential() throws Exception {
    assertThat(send("GET", "/subjects", null, null).status).isEqualTo(200);
    assertThat(send("GET", "/subjects/" + SUBJECT + "/versions/latest", null, null).status).isEqualTo(200);
    assertThat(send("GET", "/config", null, null).status).isEqualTo(200);
    assertThat(send("POST", "/compatibility/subjects/" + SUBJECT + "/versions/latest", schemaBody(V2), null).status)
        .isEqualTo(200);
    // What an auto-registering serializer sends for every new schema it meets: answered, not refused.
    Answer again = send("POST", "/subjects/" + SUBJECT + "/versions", schemaBody(V1), null);
    assertThat(again.status).as(again.toString()).isEqualTo(200);
    assertThat(again.json.get("id").asInt()).isEqualTo(v1Id);
    SchemaRegistryClient anonymous = new RestSchemaRegistryClient(server.url());
    assertThat(anonymous.register(SUBJECT, V1)).isEqualTo(v1Id);
  }

  @Test
  void theAdminCredentialChangesAsBearerOrAsConfluentClientsBasicAuth() throws Exception {
    String subject = "admin-made-value";
    Answer registered = send("POST", "/subjects/" + subject + "/versions", schemaBody(V1), basic("token", ADMIN));
    assertThat(registered.status).as(registered.toString()).isEqualTo(200);
    Answer config = send("PUT", "/config/" + subject, "{\"compatibility\":\"FULL\"}", "Bearer " + ADMIN);
    assertThat(config.status).as(config.toString()).isEqualTo(200);
    Answer deleted = send("DELETE", "/subjects/" + subject + "/versions/1", null, "Bearer " + ADMIN);
    assertThat(deleted.status).as(deleted.toString()).isEqualTo(200);
    assertThat(deleted.body).isEqualTo("1");
    assertThat(send("GET", "/subjects/" + subject + "/versions", null, null).status).isEqualTo(404);
  }

  @Test
  void aSchemaTheParserFailsOnInsideIsAnsweredWithAnErrorIdNotExceptionText() throws Exception {
    // Deeper than the JSON reader's nesting limit: Jackson throws StreamConstraintsException inside Avro's parser.
    String deep = "{\"type\":\"array\",\"items\":".repeat(1200) + "\"int\"" + "}".repeat(1200);
    Answer answer = send("POST", "/subjects/deep-value/versions", schemaBody(deep), "Bearer " + ADMIN);
    assertThat(answer.status).as(answer.toString()).isEqualTo(422);
    assertThat(answer.json.get("error_code").asInt()).isEqualTo(42201);
    assertThat(answer.json.get("message").asText())
        .doesNotContain("Exception").doesNotContain("jackson").doesNotContain("at ")
        .containsPattern("error [0-9a-f]{8}");
    System.out.println("a schema nested 1,200 deep: " + answer.status + " " + answer.body);
  }

  private static void assertUnchanged() throws Exception {
    assertThat(send("GET", "/subjects/" + SUBJECT + "/versions", null, null).body).isEqualTo("[1]");
    assertThat(send("GET", "/subjects", null, null).json.toString()).doesNotContain("other-value");
    assertThat(send("GET", "/config", null, null).json.get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    assertThat(send("GET", "/config/" + SUBJECT + "?defaultToGlobal=true", null, null).json
        .get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
  }

  private record Answer(String request, int status, JsonNode json, String body, String challenge) {
    @Override
    public String toString() {
      return request + " -> " + status + " " + body;
    }
  }

  private static Answer send(String method, String path, String body, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
        .header("Content-Type", RegistryApi.CONTENT_TYPE)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) request.header("Authorization", authorization);
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    return new Answer(method + " " + path, response.statusCode(), json, response.body(),
        response.headers().firstValue("WWW-Authenticate").orElse(""));
  }

  private static String schemaBody(Schema schema) throws Exception {
    return schemaBody(schema.toString());
  }

  private static String schemaBody(String schema) throws Exception {
    return JSON.writeValueAsString(Map.of("schema", schema));
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
