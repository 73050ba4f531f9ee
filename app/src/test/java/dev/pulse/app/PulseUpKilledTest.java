package dev.pulse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.server.access.Role;
import dev.pulse.server.access.TokenStore;
import dev.pulse.contract.Topics;
import dev.pulse.stack.EmbeddedKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of {@code pulse up} during load, as the OOM killer would: its broker child does
 * not outlive it, and the next {@code pulse up} on the same data directory and ports starts with
 * no manual step and has every record the gateway acknowledged.
 */
class PulseUpKilledTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int BATCH = 50;

  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopWhatStillRuns() throws InterruptedException {
    for (Process p : started) {
      // SIGTERM: Pulse stops its parts, the broker among them.
      p.destroy();
      p.waitFor();
    }
  }

  @Test
  void aKilledPulseLeavesNoBrokerBehindAndTheNextStartHasEveryAcknowledgedRecord() throws Exception {
    int http = EmbeddedKafka.freePort();
    List<String> args = List.of("--data-dir", dir.resolve("data").toString(),
        "--http-port", Integer.toString(http),
        "--registry-port", Integer.toString(EmbeddedKafka.freePort()),
        "--kafka-port", Integer.toString(EmbeddedKafka.freePort()),
        "--controller-port", Integer.toString(EmbeddedKafka.freePort()),
        "--open-reading");
    String bootstrap = "localhost:" + args.get(args.indexOf("--kafka-port") + 1);
    String api = "http://localhost:" + http + "/api/v1";

    Process first = startPulse(args, "first");
    String token;
    try (TokenStore tokens = new TokenStore(bootstrap)) {
      token = tokens.create("KILL", Role.ADMIN, "kill -9 test").bearer();
    }
    assertThat(post(api + "/ingest/units", token, """
        [{"unitId": "KILL", "parentId": null, "level": "PROVINCE", "name": "Tỉnh Kill"},
         {"unitId": "KILL-B", "parentId": "KILL", "level": "BRANCH", "name": "Chi hội Kill"}]""").body())
        .isEqualTo("{\"accepted\":2}");

    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean loading = new AtomicBoolean(true);
    Thread load = new Thread(() -> {
      for (int batch = 0; loading.get(); batch++) {
        List<String> ids = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < BATCH; i++) {
          String id = "kill-ms-" + batch + "-" + i;
          ids.add(id);
          body.append("{\"membershipId\": \"").append(id).append("\", \"memberId\": \"m-").append(id)
              .append("\", \"branchId\": \"KILL-B\", \"joinedOn\": \"2023-01-01\", \"leftOn\": null}\n");
        }
        try {
          HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/ingest/memberships"))
              .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
              .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
          if (answer.statusCode() == 200) acknowledged.addAll(ids);
        } catch (IOException e) {
          // Pulse is gone: this batch was never acknowledged.
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "membership-load");
    load.start();
    await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.size() >= 20 * BATCH);

    long brokerPid = Long.parseLong(Files.readString(dir.resolve("data/kafka/broker.pid")).strip());
    first.destroyForcibly().waitFor();
    int acknowledgedAtKill = acknowledged.size();
    loading.set(false);
    load.join();
    System.out.printf("killed pulse up (SIGKILL) after %,d acknowledged memberships; its broker pid %d alive: %s%n",
        acknowledgedAtKill, brokerPid, ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive).orElse(false));

    // At once, on the same data directory and ports: no waiting, no manual step.
    startPulse(args, "second");
    assertThat(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive).orElse(false))
        .as("the first broker (pid " + brokerPid + ") is gone").isFalse();
    Set<String> stored = membershipIds(bootstrap);
    assertThat(stored).as("every acknowledged membership is in " + Topics.MEMBERSHIPS.name()).containsAll(acknowledged);
    assertThat(post(api + "/ingest/memberships", token, """
        {"membershipId": "after-restart", "memberId": "m-after", "branchId": "KILL-B", "joinedOn": "2023-01-01",
         "leftOn": null}""").body()).isEqualTo("{\"accepted\":1}");
    System.out.printf("second pulse up: %,d acknowledged memberships, %,d in the topic, none lost%n",
        acknowledged.size(), stored.size());
  }

  /** Starts {@code pulse up} as its own process and returns once its HTTP server answers. */
  private Process startPulse(List<String> args, String name) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), "dev.pulse.app.Pulse", "up"));
    cmd.addAll(args);
    Path log = dir.resolve("pulse-" + name + ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    started.add(p);
    String live = "http://localhost:" + args.get(args.indexOf("--http-port") + 1) + "/health/live";
    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
      if (!p.isAlive()) throw new AssertionError("pulse up (" + name + ") exited " + p.exitValue() + ":\n"
          + Files.readString(log));
      try {
        return HTTP.send(HttpRequest.newBuilder(URI.create(live)).GET().build(), HttpResponse.BodyHandlers.ofString())
            .statusCode() == 200;
      } catch (IOException e) {
        return false;
      }
    });
    return p;
  }

  private static HttpResponse<String> post(String url, String token, String json) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Every committed key of the memberships topic, read to its end. */
  private static Set<String> membershipIds(String bootstrap) {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Set<String> keys = new HashSet<>();
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.MEMBERSHIPS.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) keys.add(r.key());
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
      });
    }
    return keys;
  }
}
