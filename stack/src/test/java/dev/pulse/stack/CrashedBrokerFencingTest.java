package dev.pulse.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.contract.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed and started again starts from metadata in which its dead registration is fenced:
 * it never serves itself as the leader of partitions it does not lead yet. Without the fencing,
 * its log shows every partition turned from leader to follower a few seconds into the start (the
 * dead registration fenced late), the window in which its transaction coordinator drops markers.
 */
class CrashedBrokerFencingTest {

  @TempDir Path dir;

  @Test
  void aKilledOpenNodeStartsAgainWithoutServingItsDeadLeadership() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
      startsAgainWithoutStaleLeadership(kafka, Map.of());
    }
  }

  @Test
  void aKilledSecuredNodeIsFencedOverItsSecuredControllerListener() throws Exception {
    BrokerSecurity security = BrokerSecurity.scram(new BrokerSecurity.User("admin", "admin-secret-1"));
    try (EmbeddedKafka kafka = EmbeddedKafka.startSecured(dir, 0, security)) {
      startsAgainWithoutStaleLeadership(kafka, kafka.adminClientProperties());
    }
  }

  @Test
  void aCleanlyStoppedNodeNeedsNoFencing() throws Exception {
    Path logDir = dir.resolve("kafka-logs");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
      assertThat(CrashedBrokerFencing.needed(logDir)).as("while it runs, Kafka has removed its clean-shutdown file")
          .isTrue();
      kafka.stop();
      assertThat(CrashedBrokerFencing.needed(logDir)).as("after a controlled shutdown").isFalse();
      long logBefore = Files.size(dir.resolve("broker.log"));
      kafka.restart();
      assertThat(Files.readString(dir.resolve("broker.log")).substring((int) logBefore))
          .doesNotContain("Written by Pulse to fence");
      assertThat(Files.exists(dir.resolve("controller-after-crash.properties"))).isFalse();
    }
    assertThat(CrashedBrokerFencing.needed(dir.resolve("nothing-here"))).as("a node never formatted").isFalse();
  }

  @Test
  void theControllerAloneKeepsOnlyWhatAControllerReads() {
    Properties node = new Properties();
    node.setProperty("process.roles", "broker,controller");
    node.setProperty("node.id", "1");
    node.setProperty("controller.quorum.voters", "1@127.0.0.1:9093");
    node.setProperty("listeners", "SASL_PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
    node.setProperty("advertised.listeners", "SASL_PLAINTEXT://localhost:9092");
    node.setProperty("inter.broker.listener.name", "SASL_PLAINTEXT");
    node.setProperty("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
    node.setProperty("controller.listener.names", "CONTROLLER");
    node.setProperty("log.dirs", "/data/kafka-logs");
    node.setProperty("sasl.mechanism.controller.protocol", "PLAIN");
    node.setProperty("listener.name.controller.plain.sasl.jaas.config", "jaas");
    node.setProperty("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", "broker jaas");
    node.setProperty("super.users", "User:admin");
    node.setProperty("transaction.state.log.num.partitions", "5");

    Properties c = CrashedBrokerFencing.controllerOnly(node);

    assertThat(c.getProperty("process.roles")).isEqualTo("controller");
    assertThat(c.getProperty("listeners")).isEqualTo("CONTROLLER://127.0.0.1:9093");
    assertThat(c.getProperty("listener.security.protocol.map")).isEqualTo("CONTROLLER:SASL_PLAINTEXT");
    assertThat(c.getProperty("broker.session.timeout.ms")).isEqualTo("2000");
    assertThat(c).containsEntry("node.id", "1").containsEntry("log.dirs", "/data/kafka-logs")
        .containsEntry("listener.name.controller.plain.sasl.jaas.config", "jaas")
        .containsEntry("super.users", "User:admin")
        .doesNotContainKeys("advertised.listeners", "inter.broker.listener.name",
            "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", "transaction.state.log.num.partitions");
  }

  private void startsAgainWithoutStaleLeadership(EmbeddedKafka kafka, Map<String, Object> client) throws Exception {
    Map<String, Object> admin = new HashMap<>(client);
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (Admin a = Admin.create(admin)) {
      TopicSetup.ensure(a, List.of(Topics.DEAD_LETTERS), (short) 1);
    }
    produce(kafka, client, "before the kill");
    kafka.kill();
    assertThat(CrashedBrokerFencing.needed(dir.resolve("kafka-logs"))).isTrue();
    Path log = dir.resolve("broker.log");
    long before = Files.size(log);

    kafka.restart();

    String restart = Files.readString(log).substring((int) before);
    assertThat(restart.split("Performing controller activation", -1)).as(
        "the controller started twice: alone to fence the dead registration, then with the broker").hasSize(3);
    String node = restart.substring(restart.lastIndexOf("Performing controller activation"));
    int firstLeaders = node.indexOf("to local leaders");
    assertThat(firstLeaders).as("the broker leads its partitions again").isPositive();
    assertThat(node.lastIndexOf("to local followers")).as(
        "the broker took up the leadership once, and never served a leadership it then lost:%n%s", node)
        .isLessThan(firstLeaders);
    assertThat(Files.exists(dir.resolve("controller-after-crash.properties"))).isFalse();
    produce(kafka, client, "after the restart");
  }

  private static void produce(EmbeddedKafka kafka, Map<String, Object> client, String value) throws Exception {
    Map<String, Object> p = new HashMap<>(client);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), 0, "k", value)).get();
    }
  }
}
