package dev.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.batch.BatchViews;
import dev.pulse.batch.History;
import dev.pulse.contract.Topics;
import dev.pulse.contract.RowJson;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.registry.server.SchemaRegistryServer;
import dev.pulse.stack.EmbeddedKafka;
import dev.pulse.stack.TopicSetup;
import dev.pulse.batch.LiveHistory;
import dev.pulse.batch.UsableRecords;
import dev.pulse.batch.PublishedViews;
import dev.pulse.batch.Verification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Several Pulse processes on one cluster with the partitioned engine: two run the streams
 * application and split its tasks between them, a third only serves the API. Every instance
 * answers every query from the view topics, equal to the batch recomputation; when one of the two
 * is killed with SIGKILL, the other keeps answering without a pause, takes over its tasks, and the
 * views still equal the batch once the rest of the history arrives.
 */
class SeveralPartitionedInstancesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  /** The parts of /health (where the views are active) are an admin's to read (SPEC §6). */
  static String adminToken;
  static SchemaRegistryServer registryServer;
  static SchemaRegistryClient registry;
  static final List<Instance> instances = new ArrayList<>();

  /** One {@code pulse up} process and where it answers. */
  record Instance(String name, int port, Process process) {
    String url() {
      return "http://localhost:" + port;
    }
  }

  @BeforeAll
  static void start() throws IOException {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    try (dev.pulse.server.access.TokenStore tokens = new dev.pulse.server.access.TokenStore(kafka.bootstrapServers())) {
      adminToken = tokens.create("DB", dev.pulse.server.access.Role.ADMIN, "several instances test").bearer();
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      TopicSetup.ensure(admin, Topics.ALL, (short) 1);
    }
    registryServer = SchemaRegistryServer.start(0, kafka.bootstrapServers());
    registry = new RestSchemaRegistryClient(registryServer.url());
    instances.add(startPulse("a", "ingest,streams,api"));
    instances.add(startPulse("b", "ingest,streams,api"));
    instances.add(startPulse("c", "api"));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    for (Instance i : instances) i.process().destroy();
    for (Instance i : instances) i.process().waitFor(60, TimeUnit.SECONDS);
    if (registryServer != null) registryServer.close();
    if (kafka != null) kafka.close();
  }

  @Test
  void theStreamsInstancesSplitTheTasksAndTheSurvivorTakesThemOverWhenOneDies() throws Exception {
    History history = MessyHistories.forPartitionedTopics(43, 60, 25, 600, 30);
    List<ProducerRecord<String, byte[]>> records = HistoryRecords.of(history, registry);
    int beforeKill = records.size() * 2 / 3;
    Instance a = instances.get(0);
    Instance b = instances.get(1);
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      for (Instance i : instances) assertThat(health(i).path("status").asText()).as(i.name()).isEqualTo("UP");
      assertThat(health(a).path("activeTasks").asInt()).as("tasks on a").isPositive();
      assertThat(health(b).path("activeTasks").asInt()).as("tasks on b").isPositive();
    });
    System.out.printf("tasks split: a runs %d, b runs %d%n", health(a).path("activeTasks").asInt(),
        health(b).path("activeTasks").asInt());
    send(records.subList(0, beforeKill));
    awaitViewsMatchTheBatch();
    List<Query> queries = sampleQueries();
    for (Instance i : instances) assertEveryAnswerIsRight(i, queries);
    System.out.printf("%d instances answered %d queries each, all equal to the batch recomputation%n",
        instances.size(), queries.size());

    int tasksBefore = health(b).path("activeTasks").asInt();
    Query probe = queries.get(0);
    long killedAt = System.nanoTime();
    a.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    System.out.println("killed instance a (SIGKILL)");

    // The survivors answer from the view topics at once: no query waits for the group to notice.
    for (Instance i : List.of(b, instances.get(2))) {
      HttpResponse<String> r = get(i.url() + probe.path());
      assertThat(r.statusCode()).as("answer of %s right after the kill", i.name()).isEqualTo(200);
      assertThat(withoutTime(JSON.readTree(r.body()))).isEqualTo(probe.expected());
    }
    try {
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
          assertThat(health(b).path("activeTasks").asInt()).as("tasks on b").isGreaterThan(tasksBefore));
    } catch (ConditionTimeoutException e) {
      printLogTail(b, 80);
      throw e;
    }
    System.out.printf("b took over a's tasks %.1f s after the kill (%d → %d)%n", (System.nanoTime() - killedAt) / 1e9,
        tasksBefore, health(b).path("activeTasks").asInt());

    send(records.subList(beforeKill, records.size()));
    awaitViewsMatchTheBatch();
    List<Query> after = sampleQueries();
    for (Instance i : List.of(b, instances.get(2))) assertEveryAnswerIsRight(i, after);
    System.out.printf("after the kill and %,d more records: %d queries on each survivor equal the batch%n",
        records.size() - beforeKill, after.size());
  }

  /** A query and the row the batch recomputation expects, without the time it last changed. */
  record Query(String path, JsonNode expected) {}

  private static List<Query> sampleQueries() {
    BatchViews batch = BatchViews.compute(UsableRecords.of(LiveHistory.inputs(kafka.bootstrapServers(), Map.of(), registry)));
    List<Query> out = new ArrayList<>();
    sample(out, "participation", batch.participation(), 40);
    sample(out, "poverty", batch.poverty(), 20);
    sample(out, "activities", batch.activities(), 20);
    return out;
  }

  private static <R extends SpecificRecord> void sample(List<Query> out, String view, Map<String, R> rows, int n) {
    if (rows.isEmpty()) return;
    List<String> keys = new ArrayList<>(rows.keySet());
    int step = Math.max(1, keys.size() / n);
    for (int k = 0; k < keys.size(); k += step) {
      String key = keys.get(k);
      int bar = key.lastIndexOf('|');
      out.add(new Query("/api/v1/" + view + "/" + key.substring(0, bar) + "/" + key.substring(bar + 1),
          withoutTime(parsed(RowJson.of(rows.get(key))))));
    }
  }

  private static void assertEveryAnswerIsRight(Instance instance, List<Query> queries) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      Map<String, String> wrong = new LinkedHashMap<>();
      for (Query q : queries) {
        HttpResponse<String> r = get(instance.url() + q.path());
        JsonNode actual = r.statusCode() == 200 ? withoutTime(JSON.readTree(r.body())) : null;
        if (!q.expected().equals(actual)) wrong.put(q.path(), r.statusCode() + " " + r.body());
      }
      assertThat(wrong).as("answers of instance %s that differ from the batch", instance.name()).isEmpty();
    });
  }

  /** The row as JSON text read back, so that numbers compare as the server's answers do. */
  private static JsonNode parsed(Map<String, Object> row) {
    try {
      return JSON.readTree(JSON.writeValueAsString(row));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode withoutTime(JsonNode row) {
    ((ObjectNode) row).remove("updatedAt");
    return row;
  }

  private static void awaitViewsMatchTheBatch() {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
        assertThat(Verification.run(kafka.bootstrapServers(), Map.of(), registry, PublishedViews.Campaigns.ALWAYS).differences()).isEmpty());
  }

  private static void send(List<ProducerRecord<String, byte[]>> records) {
    try (KafkaProducer<String, byte[]> producer = HistoryRecords.producer(kafka.bootstrapServers())) {
      records.forEach(producer::send);
      producer.flush();
    }
  }

  private static JsonNode health(Instance i) {
    try {
      return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(i.url() + "/health"))
          .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString()).body());
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The end of an instance's log, to tell why a wait failed. */
  private static void printLogTail(Instance instance, int lines) throws IOException {
    List<String> all = java.nio.file.Files.readAllLines(dir.resolve("pulse-" + instance.name() + ".log"));
    System.out.printf("--- last %d lines of instance %s's log ---%n", lines, instance.name());
    all.subList(Math.max(0, all.size() - lines), all.size()).forEach(System.out::println);
  }

  private static Instance startPulse(String name, String roles) throws IOException {
    int port = EmbeddedKafka.freePort();
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.pulse.avro",
        "-cp", System.getProperty("java.class.path"), "dev.pulse.app.Pulse", "up",
        "--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry", registryServer.url(),
        "--http-port", Integer.toString(port), "--advertised-url", "http://localhost:" + port,
        "--role", roles, "--engine", "partitioned", "--open-reading", "--data-dir", dir.resolve("pulse-" + name).toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("pulse-" + name + ".log").toFile())).start();
    return new Instance(name, port, p);
  }
}
