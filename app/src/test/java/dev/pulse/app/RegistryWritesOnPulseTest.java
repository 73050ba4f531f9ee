package dev.pulse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.server.access.Role;
import dev.pulse.server.access.TokenStore;
import dev.pulse.contract.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack of issue #17 on {@code pulse up}'s registry: delete a contract subject, register an
 * unrelated schema over it, relax compatibility. Without a token, with a district's admin token or
 * with a province reader's, every step is refused and the contract stays; with the province's admin
 * token the changes go through, and the next start still comes up and writes with Pulse's schemas.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryWritesOnPulseTest {

  private static final String ROOT = "RW";
  private static final String DISTRICT = "RW-D";
  private static final String ATTENDANCE = Topics.ATTENDANCE.valueSubject();
  private static final String MEMBERSHIPS = Topics.MEMBERSHIPS.valueSubject();
  /** Unrelated to the contract: BACKWARD refuses it as a next version of any contract subject. */
  private static final Schema FOREIGN =
      SchemaBuilder.record("Intruder").namespace("evil").fields().requiredLong("payload").endRecord();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;
  static PulseStack stack;
  static final HttpClient http = HttpClient.newHttpClient();
  static String rootAdmin;
  static String districtAdmin;
  static String rootReader;

  @BeforeAll
  static void up() throws Exception {
    stack = StackUnderTest.start(StackOptions.onFreePorts(dataDir));
    try (TokenStore tokens = new TokenStore(stack.bootstrapServers())) {
      rootAdmin = tokens.create(ROOT, Role.ADMIN, "registry test: province admin").bearer();
      districtAdmin = tokens.create(DISTRICT, Role.ADMIN, "registry test: district admin").bearer();
      rootReader = tokens.create(ROOT, Role.READER, "registry test: province reader").bearer();
    }
    HttpResponse<String> units = api("POST", "/api/v1/ingest/units", rootAdmin, """
        [{"unitId": "RW", "parentId": null, "level": "PROVINCE", "name": "Tỉnh RW"},
         {"unitId": "RW-D", "parentId": "RW", "level": "DISTRICT", "name": "Huyện RW"}]""");
    assertThat(units.body()).isEqualTo("{\"accepted\":2}");
    await().atMost(Duration.ofSeconds(30)).until(() -> api("GET", "/api/v1/units/" + DISTRICT, rootAdmin, null)
        .statusCode() == 200);
  }

  @AfterAll
  static void down() {
    if (stack != null) stack.close();
  }

  @Test
  @Order(1)
  void withoutTheRootAdminTokenEveryChangeIsRefusedAndTheContractStays() throws Exception {
    Map<String, Integer> expected = Map.of(
        "", 401,
        "Bearer pulse_000000000000.forged", 401,
        basic("token", "pulse_000000000000.forged"), 401,
        basic("admin", rootAdmin), 401,
        "Bearer " + districtAdmin, 403,
        basic("token", districtAdmin), 403,
        "Bearer " + rootReader, 403);
    for (var credential : expected.entrySet()) {
      for (Answer a : List.of(
          registry("DELETE", "/subjects/" + ATTENDANCE, null, credential.getKey()),
          registry("DELETE", "/subjects/" + ATTENDANCE + "/versions/1", null, credential.getKey()),
          registry("POST", "/subjects/" + ATTENDANCE + "/versions", schemaBody(FOREIGN), credential.getKey()),
          registry("PUT", "/config", "{\"compatibility\":\"NONE\"}", credential.getKey()),
          registry("PUT", "/config/" + ATTENDANCE, "{\"compatibility\":\"NONE\"}", credential.getKey()))) {
        assertThat(a.status).as(credential.getKey() + ": " + a).isEqualTo(credential.getValue());
        assertThat(a.json.get("error_code").asInt()).as(a.toString())
            .isEqualTo(credential.getValue() == 401 ? 40101 : 40301);
        if (a.status == 401) assertThat(a.challenge).as(a.toString()).startsWith("Basic realm=");
      }
    }
    System.out.println("refused, e.g.: " + registry("DELETE", "/subjects/" + ATTENDANCE, null, "Bearer " + districtAdmin));

    assertThat(registry("GET", "/subjects/" + ATTENDANCE + "/versions", null, "").body).isEqualTo("[1]");
    assertThat(registry("GET", "/config", null, "").json.get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    assertThat(registry("GET", "/config/" + ATTENDANCE + "?defaultToGlobal=true", null, "").json
        .get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
  }

  @Test
  @Order(2)
  void reRegisteringAContractSchemaNeedsNoTokenAndAnswersItsId() throws Exception {
    Answer again = registry("POST", "/subjects/" + ATTENDANCE + "/versions",
        schemaBody(Topics.ATTENDANCE.valueSchema()), "");
    assertThat(again.status).as(again.toString()).isEqualTo(200);
    assertThat(again.json.get("id").asInt()).isEqualTo(stack.schemaIds().get(ATTENDANCE));
  }

  @Test
  @Order(3)
  void theRootAdminTokenChangesTheRegistryAndTheNextStartStillWritesWithPulsesSchemas() throws Exception {
    Map<String, Integer> idsBefore = stack.schemaIds();
    String admin = basic("token", rootAdmin);
    // The attack of the issue, now by the one who may: the subject deleted and a foreign schema in its place.
    assertThat(registry("DELETE", "/subjects/" + ATTENDANCE, null, admin).status).isEqualTo(200);
    Answer foreign = registry("POST", "/subjects/" + ATTENDANCE + "/versions", schemaBody(FOREIGN), admin);
    assertThat(foreign.status).as(foreign.toString()).isEqualTo(200);
    // And on another subject: compatibility relaxed and a foreign latest version over Pulse's, which stays.
    assertThat(registry("PUT", "/config/" + MEMBERSHIPS, "{\"compatibility\":\"NONE\"}", "Bearer " + rootAdmin).status)
        .isEqualTo(200);
    assertThat(registry("POST", "/subjects/" + MEMBERSHIPS + "/versions", schemaBody(FOREIGN), "Bearer " + rootAdmin)
        .status).isEqualTo(200);

    StackOptions same = stack.options();
    stack.close();
    stack = StackUnderTest.start(same);

    assertThat(stack.schemaIds()).as("every contract schema keeps its id").isEqualTo(idsBefore);
    JsonNode attendance = registry("GET", "/subjects/" + ATTENDANCE + "/versions/latest", null, "").json;
    assertThat(attendance.get("id").asInt()).as("Pulse's schema is the latest again").isEqualTo(idsBefore.get(ATTENDANCE));
    assertThat(attendance.get("version").asInt()).isEqualTo(3);
    JsonNode memberships = registry("GET", "/subjects/" + MEMBERSHIPS + "/versions/latest", null, "").json;
    assertThat(new Schema.Parser().parse(memberships.get("schema").asText())).as("left for the operator, with a warning")
        .isEqualTo(FOREIGN);
    assertThat(registry("GET", "/config/" + MEMBERSHIPS, null, "").json.get("compatibilityLevel").asText())
        .isEqualTo("BACKWARD");
    System.out.printf("after the restart: %s latest %s, %s latest %s%n", ATTENDANCE, attendance.get("version"),
        MEMBERSHIPS, memberships.get("version"));

    // The gateway writes with Pulse's schemas on both subjects.
    assertThat(api("POST", "/api/v1/ingest/units", rootAdmin, """
        {"unitId": "RW-B", "parentId": "RW-D", "level": "BRANCH", "name": "Chi hội RW"}""").body())
        .isEqualTo("{\"accepted\":1}");
    await().atMost(Duration.ofSeconds(30)).until(() -> api("GET", "/api/v1/units/RW-B", rootAdmin, null)
        .statusCode() == 200);
    HttpResponse<String> written = api("POST", "/api/v1/ingest/memberships", rootAdmin, """
        {"membershipId": "rw-ms", "memberId": "m-rw", "branchId": "RW-B", "joinedOn": "2023-01-01", "leftOn": null}""");
    assertThat(written.body()).isEqualTo("{\"accepted\":1}");
  }

  // --- helpers ------------------------------------------------------------------------------

  private record Answer(String request, int status, JsonNode json, String body, String challenge) {
    @Override
    public String toString() {
      return request + " -> " + status + " " + body;
    }
  }

  private static Answer registry(String method, String path, String body, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + path))
        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (!authorization.isEmpty()) request.header("Authorization", authorization);
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(method + " " + path, response.statusCode(), JSON.readTree(response.body()), response.body(),
        response.headers().firstValue("WWW-Authenticate").orElse(""));
  }

  private static HttpResponse<String> api(String method, String path, String token, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.httpUrl() + path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String schemaBody(Schema schema) throws Exception {
    return JSON.writeValueAsString(Map.of("schema", schema.toString()));
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
