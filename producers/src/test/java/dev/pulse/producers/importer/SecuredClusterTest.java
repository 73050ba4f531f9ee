package dev.pulse.producers.importer;

import dev.pulse.kafka.BatchWriter;
import dev.pulse.contract.IngestStream;
import dev.pulse.kafka.UnitDirectory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.server.access.Access;
import dev.pulse.server.access.IssuedToken;
import dev.pulse.server.access.Role;
import dev.pulse.server.access.TokenStore;
import dev.pulse.server.access.TokenTopic;
import dev.pulse.avro.Membership;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.producers.importer.ImportSummary;
import dev.pulse.producers.importer.Importer;
import dev.pulse.producers.importer.InputFormat;
import dev.pulse.kafka.ClientProperties;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.registry.server.SchemaRegistryServer;
import dev.pulse.stack.BrokerSecurity;
import dev.pulse.stack.EmbeddedKafka;
import dev.pulse.stack.KafkaAccessPlan;
import dev.pulse.stack.TopicSetup;
import dev.pulse.testing.Samples;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulse's producing side on a secured cluster (SASL/SCRAM, ACLs of {@link KafkaAccessPlan}): the
 * registry logs in as its principal, the importer, the writer, the unit directory and the token
 * cache as the ingest principal read from a client properties file, tokens are written by the
 * admin; and the ingest principal is refused what its role does not need.
 */
class SecuredClusterTest {

  private static final KafkaAccessPlan PLAN = KafkaAccessPlan.pulse();
  private static final String INGEST = PLAN.principals().user(KafkaAccessPlan.Role.INGEST);
  private static final String REGISTRY = PLAN.principals().user(KafkaAccessPlan.Role.REGISTRY);

  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static SchemaRegistryServer registryServer;
  static SchemaRegistryClient registry;
  static Map<String, Object> ingest;

  @BeforeAll
  static void startSecuredClusterAndRegistry() throws Exception {
    long begun = System.nanoTime();
    kafka = EmbeddedKafka.startSecured(dir.resolve("kafka"), 0, BrokerSecurity.scram(
        new BrokerSecurity.User("admin", "admin-pw"),
        new BrokerSecurity.User(INGEST, "ingest-pw"),
        new BrokerSecurity.User(REGISTRY, "registry-pw")));
    try (Admin admin = Admin.create(adminConfig())) {
      List<Topic<?>> topics = new ArrayList<>(Topics.ALL);
      topics.add(TokenTopic.TOPIC);
      TopicSetup.ensure(admin, topics, (short) 1);
      PLAN.apply(admin);
    }
    // The registry creates _schemas itself, as the registry principal.
    registryServer = SchemaRegistryServer.start(0, kafka.bootstrapServers(), (short) 1, kafka.clientProperties(REGISTRY));
    registry = new RestSchemaRegistryClient(registryServer.url());
    // The ingest principal's file, as an operator writes it for --kafka-config.
    Path file = dir.resolve("ingest.properties");
    Files.writeString(file, """
        security.protocol=SASL_PLAINTEXT
        sasl.mechanism=SCRAM-SHA-512
        sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\
            username="%s" password="ingest-pw";
        """.formatted(INGEST));
    ingest = ClientProperties.load(file);
    System.out.printf("Secured broker, %d ACLs and the registry (as %s) up in %d ms%n", PLAN.bindings().size(),
        REGISTRY, (System.nanoTime() - begun) / 1_000_000);
  }

  @AfterAll
  static void stop() {
    if (registryServer != null) registryServer.close();
    if (kafka != null) kafka.close();
  }

  @Test
  void the_access_plan_names_the_producers_own_topic_and_transactional_ids() {
    assertThat(PLAN.names().tokensTopic()).isEqualTo(TokenTopic.TOPIC.name());
    assertThat(BatchWriter.Settings.defaults().transactionalIdPrefix())
        .startsWith(PLAN.names().ingestTransactionalIdPrefixes().get(0));
  }

  @Test
  void the_ingest_principal_imports_writes_and_follows_units_and_tokens() throws Exception {
    // Units straight to Kafka through the importer (transactional ids pulse-import-*), checked
    // against the unit directory it follows: both log in as the ingest principal.
    List<Object> tree = new ObjectMapper().readValue(Samples.TREE, List.class);
    List<String> lines = new ArrayList<>();
    for (Object unit : tree) lines.add(new ObjectMapper().writeValueAsString(unit));
    Path units = dir.resolve("units.ndjson");
    Files.write(units, lines);
    try (Importer importer = Importer.viaKafka(kafka.bootstrapServers(), ingest, registry, 100)) {
      ImportSummary summary = importer.run(IngestStream.UNITS, units, InputFormat.NDJSON, done -> { });
      assertThat(summary.imported()).isEqualTo(tree.size());
    }

    // The gateway's writer (transactional ids pulse-ingest-*).
    try (BatchWriter writer = new BatchWriter(kafka.bootstrapServers(), ingest, registry, BatchWriter.Settings.defaults())) {
      int written = writer.write(IngestStream.MEMBERSHIPS, List.of(Membership.newBuilder()
          .setMembershipId("ms-secured-1").setMemberId("m-secured-1").setBranchId("DB-01-03-B1")
          .setJoinedOn(LocalDate.of(2020, 1, 15)).setLeftOn(null).build()));
      assertThat(written).isEqualTo(1);
    }

    try (UnitDirectory directory = UnitDirectory.follow(kafka.bootstrapServers(), ingest, registry, Duration.ofSeconds(30))) {
      assertThat(directory.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      assertThat(directory.size()).isEqualTo(tree.size());
    }

    // Tokens are the admin's to write; the ingest principal's cache reads them.
    IssuedToken issued;
    try (TokenStore admin = new TokenStore(kafka.bootstrapServers(), kafka.adminClientProperties())) {
      issued = admin.create("DB-01", Role.EMITTER, "secured cluster test");
    }
    try (Access access = Access.follow(kafka.bootstrapServers(), ingest, Duration.ofSeconds(30))) {
      assertThat(access.authenticate("Bearer " + issued.bearer())).isPresent();
    }
    System.out.printf("As %s: imported %d units, wrote 1 membership, read %d units and token %s back%n", INGEST,
        tree.size(), tree.size(), issued.token().tokenId());
  }

  @Test
  void the_ingest_principal_may_not_write_tokens() {
    try (TokenStore store = new TokenStore(kafka.bootstrapServers(), ingest)) {
      assertThatThrownBy(() -> store.create("DB", Role.ADMIN, "escalation"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("could not write token")
          .hasRootCauseInstanceOf(TopicAuthorizationException.class);
    }
  }

  private static Map<String, Object> adminConfig() {
    Map<String, Object> c = new HashMap<>(kafka.adminClientProperties());
    c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return c;
  }
}
