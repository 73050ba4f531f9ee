package dev.pulse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.server.access.Role;
import dev.pulse.server.access.TokenStore;
import dev.pulse.avro.Activity;
import dev.pulse.avro.Membership;
import dev.pulse.batch.Histories;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 17, item 6 and parts of 5 and 10, tried as an attacker on the network would, against a
 * stack with open reading (the demo's setting): single records and the pipeline's internals stay
 * an admin's, dead letters stay within the admin's subtree, malformed periods and clients that do
 * not ask for events are refused.
 */
class ApiExposureTest {

  @TempDir static Path dataDir;
  static PulseStack stack;
  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();
  /** Admin of the province AX (a root unit), admin of its district AX-1, reader of the province. */
  static String rootAdmin;
  static String districtAdmin;
  static String reader;

  @BeforeAll
  static void upWithOpenReadingAndThreeDeadLetters() throws Exception {
    stack = StackUnderTest.start(new StackOptions(0, 0, 0, 0, dataDir, null, null, (short) 1, false, true));
    try (TokenStore tokens = new TokenStore(stack.bootstrapServers())) {
      rootAdmin = tokens.create("AX", Role.ADMIN, "exposure test").bearer();
      districtAdmin = tokens.create("AX-1", Role.ADMIN, "exposure test").bearer();
      reader = tokens.create("AX", Role.READER, "exposure test").bearer();
    }
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(post("/api/v1/ingest/units", rootAdmin, """
        [{"unitId": "AX", "parentId": null, "level": "PROVINCE", "name": "Tỉnh AX"},
         {"unitId": "AX-1", "parentId": "AX", "level": "DISTRICT", "name": "Huyện 1"},
         {"unitId": "AX-1-B", "parentId": "AX-1", "level": "BRANCH", "name": "Chi hội 1"},
         {"unitId": "AX-2", "parentId": "AX", "level": "DISTRICT", "name": "Huyện 2"},
         {"unitId": "AX-2-B", "parentId": "AX-2", "level": "BRANCH", "name": "Chi hội 2"}]""").statusCode())
        .isEqualTo(200));

    // Three records the views cannot use, written straight to the topics as any Kafka client can:
    // one of a branch of AX-1, one of a branch of AX-2, and one whose unit nobody can tell.
    var registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
    Activity activity = Histories.anActivity("ax-act", "AX-1-B", "2023-11-05T08:00:00+07:00")
        .setRecordedAt(Instant.parse("2023-11-05T05:00:00Z")).build();
    Membership membership = Membership.newBuilder().setMembershipId("ax-ms").setMemberId("m-secret-4711")
        .setBranchId("AX-2-B").setJoinedOn(LocalDate.parse("2023-05-01")).setLeftOn(LocalDate.parse("2023-01-01"))
        .build();
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all");
    try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(record(Topics.ACTIVITIES, "not-its-key", activity, registry)).get();
      producer.send(record(Topics.MEMBERSHIPS, "ax-ms", membership, registry)).get();
      producer.send(new ProducerRecord<>(Topics.ATTENDANCE.name(), "ax-poison",
          "not Avro at all".getBytes(StandardCharsets.UTF_8))).get();
    }
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(json(get("/api/v1/dead-letters", rootAdmin)).get("total").asLong()).isEqualTo(3));
  }

  private static <V> ProducerRecord<String, byte[]> record(Topic<V> topic, String key, V value,
      RestSchemaRegistryClient registry) {
    return new ProducerRecord<>(topic.name(), key, AvroSerdes.forTopic(topic, registry).serializer().serialize(topic.name(), value));
  }

  @AfterAll
  static void down() {
    if (stack != null) stack.close();
  }

  // ---- dead letters ------------------------------------------------------------------------

  @Test
  void deadLettersAreRefusedWithoutATokenAndToAReaderEvenWhenReadingIsOpen() throws Exception {
    HttpResponse<String> anonymous = get("/api/v1/dead-letters", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(json(anonymous).get("errors").get(0).get("message").asText()).contains("admin token");
    HttpResponse<String> byReader = get("/api/v1/dead-letters", reader);
    assertThat(byReader.statusCode()).isEqualTo(403);
    assertThat(byReader.body()).doesNotContain("m-secret-4711", "ax-act", "differs");
  }

  @Test
  void anAdminOfADistrictSeesTheDeadLettersOfItsSubtreeOnlyAndCountsOnlyThem() throws Exception {
    JsonNode answer = json(get("/api/v1/dead-letters?limit=200", districtAdmin));
    assertThat(answer.get("total").asLong()).isEqualTo(1);
    assertThat(answer.get("bySourceTopic").toString()).isEqualTo("{\"" + Topics.ACTIVITIES.name() + "\":1}");
    assertThat(answer.get("latest")).hasSize(1);
    assertThat(answer.get("latest").get(0).get("error").asText()).contains("not-its-key");
    assertThat(answer.toString()).doesNotContain("m-secret-4711", "not Avro", Topics.ATTENDANCE.name());
    System.out.println("the dead letters an admin of AX-1 sees: " + answer);
  }

  @Test
  void anAdminOfTheRootSeesEveryDeadLetterIncludingThoseOfNoUnitThatCanBeTold() throws Exception {
    JsonNode answer = json(get("/api/v1/dead-letters?limit=200", rootAdmin));
    assertThat(answer.get("total").asLong()).isEqualTo(3);
    assertThat(answer.get("latest")).hasSize(3);
    assertThat(answer.get("bySourceTopic").size()).isEqualTo(3);
  }

  // ---- health and metrics ------------------------------------------------------------------

  @Test
  void healthTellsOnlyUpOrDownWithoutAnAdminTokenAndEverythingWithOne() throws Exception {
    HttpResponse<String> anonymous = get("/health", null);
    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(anonymous.body()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(get("/health", reader).body()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(get("/health/ready", null).body()).isEqualTo("{\"status\":\"UP\"}");
    JsonNode full = json(get("/health", rootAdmin));
    assertThat(full.get("status").asText()).isEqualTo("UP");
    assertThat(full.get("kafka").asText()).isEqualTo(stack.bootstrapServers());
    assertThat(full.get("deadLetters").asLong()).isEqualTo(3);
    assertThat(full.has("lag")).isTrue();
    // An admin below the root counts the dead letters of its own subtree.
    assertThat(json(get("/health", districtAdmin)).get("deadLetters").asLong()).isEqualTo(1);
  }

  @Test
  void metricsNeedAnAdminToken() throws Exception {
    HttpResponse<String> anonymous = get("/metrics", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).startsWith("{\"errors\":[").doesNotContain("jvm_");
    assertThat(get("/metrics", reader).statusCode()).isEqualTo(403);
    HttpResponse<String> byAdmin = get("/metrics", districtAdmin);
    assertThat(byAdmin.statusCode()).isEqualTo(200);
    assertThat(byAdmin.body()).contains("jvm_memory_used_bytes", "pulse_live_clients");
  }

  // ---- periods -----------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"/participation/AX/0000-Q1", "/participation/AX/0000", "/activities/AX/10000-01",
      "/participation/AX/2023-13", "/activities/AX/2023-Q5", "/poverty/AX/0000", "/participation/AX/0000-Q1/children"})
  void aMalformedPeriodIs400SayingWhatIsWellFormed(String path) throws Exception {
    HttpResponse<String> answer = get("/api/v1" + path, null);
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(json(answer).get("errors").get(0).get("message").asText())
        .contains("malformed period", "from 1900 to 2999");
  }

  @Test
  void aWellFormedPeriodIsAnswered() throws Exception {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(get("/api/v1/participation/AX/2023-Q1", null).statusCode()).isEqualTo(200));
    assertThat(get("/api/v1/poverty/AX/1900", null).statusCode()).isEqualTo(200);
  }

  // ---- the live stream ---------------------------------------------------------------------

  @Test
  void aClientThatDoesNotAskForEventsIsAnswered406() throws Exception {
    for (String accept : List.of("", "application/json", "*/*")) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/api/v1/stream?unit=AX"))
          .timeout(Duration.ofSeconds(5));
      if (!accept.isEmpty()) request.header("Accept", accept);
      HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as("Accept: " + accept).isEqualTo(406);
      assertThat(json(answer).get("errors").get(0).get("message").asText()).contains("text/event-stream");
    }
    HttpResponse<InputStream> events = http.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/api/v1/stream?unit=AX"))
        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
    try (var lines = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
      assertThat(events.statusCode()).isEqualTo(200);
      assertThat(lines.readLine()).isEqualTo(": subscribed to AX");
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.httpUrl() + path)).timeout(Duration.ofSeconds(10));
    if (token != null) request.header("Authorization", "Bearer " + token);
    return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String token, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }
}
