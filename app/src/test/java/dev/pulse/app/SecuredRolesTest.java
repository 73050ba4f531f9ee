package dev.pulse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.server.access.TokenStore;
import dev.pulse.server.access.TokenTopic;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.kafka.ClientProperties;
import dev.pulse.registry.server.SchemaRegistryServer;
import dev.pulse.stack.BrokerSecurity;
import dev.pulse.stack.EmbeddedKafka;
import dev.pulse.stack.KafkaAccessPlan;
import dev.pulse.stack.TopicSetup;
import dev.pulse.streams.StreamsSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production layout on a secured cluster: SASL/SCRAM, the standard authorizer and the ACLs of
 * {@link KafkaAccessPlan}; one Pulse instance per role, each logging in as its own principal from
 * a {@code --kafka-config} file. Records posted to the ingest instance reach the views computed by
 * the streams instance and are answered by the API instance — each principal doing only what its
 * role needs.
 */
class SecuredRolesTest {

  private static final KafkaAccessPlan PLAN = KafkaAccessPlan.pulse();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static SchemaRegistryServer registry;
  static final List<PulseStack> stacks = new ArrayList<>();
  static PulseStack ingest;
  static PulseStack api;
  static String adminToken;

  @BeforeAll
  static void startSecuredClusterAndOneInstancePerRole() throws IOException {
    long begun = System.nanoTime();
    kafka = EmbeddedKafka.startSecured(dir.resolve("kafka"), 0, BrokerSecurity.scram(
        new BrokerSecurity.User("admin", "admin-pw"),
        user(KafkaAccessPlan.Role.INGEST), user(KafkaAccessPlan.Role.STREAMS), user(KafkaAccessPlan.Role.API),
        user(KafkaAccessPlan.Role.REGISTRY), user(KafkaAccessPlan.Role.ANALYST)));
    Map<String, Object> adminConfig = new HashMap<>(kafka.adminClientProperties());
    adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (Admin admin = Admin.create(adminConfig)) {
      // The operator creates the topics and the ACLs (deploy/kafka-init.sh in the compose profile).
      List<Topic<?>> topics = new ArrayList<>(Topics.ALL);
      topics.add(TokenTopic.TOPIC);
      topics.add(dev.pulse.server.ingest.IdOwners.TOPIC);
      TopicSetup.ensure(admin, topics, (short) 1);
      PLAN.apply(admin);
    }
    registry = SchemaRegistryServer.start(0, kafka.bootstrapServers(), (short) 1,
        kafka.clientProperties(PLAN.principals().user(KafkaAccessPlan.Role.REGISTRY)));
    try (TokenStore tokens = new TokenStore(kafka.bootstrapServers(), kafka.adminClientProperties())) {
      adminToken = tokens.create("SEC", dev.pulse.server.access.Role.ADMIN, "secured roles test").bearer();
    }
    ingest = instance(Role.INGEST, KafkaAccessPlan.Role.INGEST);
    instance(Role.STREAMS, KafkaAccessPlan.Role.STREAMS);
    api = instance(Role.API, KafkaAccessPlan.Role.API);
    System.out.printf("secured broker, %d ACLs, registry and three single-role instances up in %.1f s%n",
        PLAN.bindings().size(), (System.nanoTime() - begun) / 1e9);
  }

  @AfterAll
  static void stop() {
    for (int i = stacks.size() - 1; i >= 0; i--) stacks.get(i).close();
    if (registry != null) registry.close();
    if (kafka != null) kafka.close();
  }

  @Test
  void eachInstanceDoesItsRoleAsItsOwnPrincipalAndTheFiguresGoThrough() throws Exception {
    assertThat(PLAN.names().streamsApplicationId()).isEqualTo(StreamsSettings.DEFAULT_APPLICATION_ID);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(post(ingest, "units", """
        [{"unitId": "SEC", "parentId": null, "level": "PROVINCE", "name": "Tỉnh"},
         {"unitId": "SEC-B", "parentId": "SEC", "level": "BRANCH", "name": "Chi hội"}]""").statusCode()).isEqualTo(200));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(post(ingest, "memberships", """
        {"membershipId": "sec-ms", "memberId": "m-sec", "branchId": "SEC-B", "joinedOn": "2023-01-01", "leftOn": null}""")
        .statusCode()).isEqualTo(200));
    assertThat(post(ingest, "activities", """
        {"activityId": "sec-act", "unitId": "SEC-B", "title": "Họp", "kind": "MEETING", "mode": "IN_PERSON",
         "startsAt": "2023-11-05T08:00:00+07:00", "channels": [], "campaigns": [], "status": "HELD",
         "recordedAt": "2023-11-05T12:00:00+07:00"}""").statusCode()).isEqualTo(200);
    assertThat(post(ingest, "attendance", """
        {"attendanceId": "sec-att", "activityId": "sec-act", "memberId": "m-sec", "recordedBy": "SEC-B",
         "attendedAt": "2023-11-05T08:05:00+07:00", "mode": "IN_PERSON", "status": "PRESENT",
         "recordedAt": "2023-11-05T12:00:00+07:00"}""").statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      HttpResponse<String> row = get(api, "/api/v1/participation/SEC/2023-11");
      assertThat(row.statusCode()).isEqualTo(200);
      JsonNode json = JSON.readTree(row.body());
      assertThat(json.get("eligible").asLong()).isEqualTo(1);
      assertThat(json.get("participants").asLong()).isEqualTo(1);
    });
    // The API instance runs no gateway; the ingest instance serves no views.
    assertThat(post(api, "attendance", "{}").statusCode()).isEqualTo(404);
    assertThat(get(ingest, "/api/v1/participation/SEC/2023-11").statusCode()).isEqualTo(404);
    JsonNode health = JSON.readTree(get(api, "/health").body());
    assertThat(health.get("roles").toString()).isEqualTo("[\"api\"]");
    System.out.println("ingest → streams → api on a secured cluster, each as its own principal: " + health);

    // An analyst reads every topic and writes none: pulse verify works with the analyst's login.
    Path analyst = clientConfig(KafkaAccessPlan.Role.ANALYST);
    assertThat(Pulse.commandLine().execute("verify", "--bootstrap-servers", kafka.bootstrapServers(),
        "--schema-registry", registry.url(), "--kafka-config", analyst.toString())).isZero();
  }

  private static BrokerSecurity.User user(KafkaAccessPlan.Role role) {
    return new BrokerSecurity.User(PLAN.principals().user(role), role.label() + "-pw");
  }

  /** One instance running one role, its Kafka clients logging in from a properties file as an operator writes it. */
  /** The principal's client properties file, as an operator writes it. */
  private static Path clientConfig(KafkaAccessPlan.Role principal) throws IOException {
    Path config = dir.resolve(principal.label() + ".properties");
    Files.writeString(config, """
        security.protocol=SASL_PLAINTEXT
        sasl.mechanism=SCRAM-SHA-512
        sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\
            username="%s" password="%s";
        """.formatted(PLAN.principals().user(principal), principal.label() + "-pw"));
    assertThat(ClientProperties.load(config)).containsKey("sasl.jaas.config");
    return config;
  }

  private static PulseStack instance(Role role, KafkaAccessPlan.Role principal) throws IOException {
    Path config = clientConfig(principal);
    StackOptions options = StackOptions.onFreePorts(dir.resolve("pulse-" + role.label()))
        .withKafka(kafka.bootstrapServers())
        .withSchemaRegistry(registry.url())
        .withRoles(Set.of(role))
        .withKafkaConfig(config);
    PulseStack stack = PulseStack.start(options);
    stacks.add(stack);
    return stack;
  }

  private static HttpResponse<String> post(PulseStack to, String stream, String json) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(to.httpUrl() + "/api/v1/ingest/" + stream))
        .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(PulseStack from, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(from.httpUrl() + path))
        .header("Authorization", "Bearer " + adminToken).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
