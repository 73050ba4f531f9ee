package dev.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.batch.History;
import dev.pulse.contract.Topics;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.registry.server.SchemaRegistryServer;
import dev.pulse.stack.EmbeddedKafka;
import dev.pulse.stack.TopicSetup;
import dev.pulse.batch.Verification;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once through crashes: a Pulse process ({@code pulse up} against a running broker and
 * registry) is killed with SIGKILL several times while a messy history is being sent, and
 * restarted on the same data directory; at the end every row of every view equals the batch
 * recomputation — nothing lost, nothing counted twice.
 */
class CrashRecoveryTest {

  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static SchemaRegistryServer registryServer;
  static SchemaRegistryClient registry;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      TopicSetup.ensure(admin, Topics.ALL, (short) 1);
    }
    registryServer = SchemaRegistryServer.start(0, kafka.bootstrapServers());
    registry = new RestSchemaRegistryClient(registryServer.url());
  }

  @AfterAll
  static void stop() {
    if (registryServer != null) registryServer.close();
    if (kafka != null) kafka.close();
  }

  @Test
  void killingPulseDuringALoadLosesNothingAndCountsNothingTwice() throws Exception {
    History history = MessyHistories.forPartitionedTopics(23, 60, 25, 600, 30);
    List<ProducerRecord<String, byte[]>> records = HistoryRecords.of(history, registry);
    int kills = 3;
    int chunk = records.size() / (kills + 1) + 1;
    Process pulse = startPulse();
    try (KafkaProducer<String, byte[]> producer = HistoryRecords.producer(kafka.bootstrapServers())) {
      for (int k = 0; k <= kills; k++) {
        for (ProducerRecord<String, byte[]> r : records.subList(k * chunk, Math.min(records.size(), (k + 1) * chunk))) {
          producer.send(r);
        }
        producer.flush();
        if (k < kills) {
          // Crash it mid-work: once its streams are running, a moment into the chunk.
          int started = k + 1;
          await().atMost(Duration.ofSeconds(90)).until(() -> runningCount() >= started);
          Thread.sleep(300L + 400L * k);
          pulse.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
          System.out.printf("killed Pulse (SIGKILL) after chunk %d of %d; restarting on the same data%n", k + 1, kills + 1);
          pulse = startPulse();
        }
      }
    }
    try {
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
          assertThat(Verification.run(kafka.bootstrapServers(), Map.of(), registry).differences()).isEmpty());
      Verification.Result r = Verification.run(kafka.bootstrapServers(), Map.of(), registry);
      System.out.printf("after %d crashes: %,d input records, %,d view rows, %d differences%n", kills,
          r.inputRecords(), r.rowsCompared(), r.differences().size());
      assertThat(r.rowsCompared()).isGreaterThan(200);
    } finally {
      pulse.destroy();
      pulse.waitFor(60, TimeUnit.SECONDS);
    }
  }

  /** How many times a Pulse process has logged its streams reaching RUNNING. */
  private static long runningCount() throws IOException {
    Path log = dir.resolve("pulse.log");
    if (!java.nio.file.Files.exists(log)) return 0;
    try (var lines = java.nio.file.Files.lines(log)) {
      return lines.filter(l -> l.contains("→ RUNNING")).count();
    }
  }

  private static Process startPulse() throws IOException {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.pulse.avro",
        "-cp", System.getProperty("java.class.path"), "dev.pulse.app.Pulse", "up",
        "--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry", registryServer.url(),
        "--http-port", "0", "--data-dir", dir.resolve("pulse").toString());
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("pulse.log").toFile())).start();
  }
}
