package dev.pulse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.server.access.Role;
import dev.pulse.server.access.TokenStore;
import dev.pulse.contract.Topics;
import dev.pulse.streams.DeadLetters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, item 5: a stream thread that makes no progress while records wait (frozen: RUNNING,
 * its own lag metric frozen) makes {@code /health} say DOWN, and UP again once it moves. The
 * stream threads are paused to freeze them — the same standstill as a thread stuck on one record,
 * without a record built to hang Pulse.
 */
class StalledStreamsHealthTest {

  private static final Duration STALL_AFTER = Duration.ofSeconds(3);

  @TempDir static Path dataDir;
  static PulseStack stack;
  static String admin;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void up() {
    StackOptions options = StackOptions.onFreePorts(dataDir);
    stack = PulseStack.start(options, STALL_AFTER);
    try (TokenStore tokens = new TokenStore(stack.bootstrapServers())) {
      admin = tokens.create("ST", Role.ADMIN, "stall test").bearer();
    }
  }

  @AfterAll
  static void down() {
    if (stack != null) stack.close();
  }

  @Test
  void frozenStreamThreadsWithRecordsWaitingMakeHealthDownAndProgressMakesItUpAgain() throws Exception {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(health(admin).path("streams").asText()).isEqualTo("RUNNING"));
    // A healthy, idle stack stays UP well past the threshold.
    await().during(STALL_AFTER.multipliedBy(2)).atMost(STALL_AFTER.multipliedBy(3)).untilAsserted(() ->
        assertThat(status()).isEqualTo(200));

    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all");
    long begun;
    try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      // One record processed first (a dead letter: not Avro), so the group has an offset on that partition.
      long deadLetters = DeadLetters.count();
      producer.send(new ProducerRecord<>(Topics.ATTENDANCE.name(), "stall", "first".getBytes(StandardCharsets.UTF_8))).get();
      await().atMost(Duration.ofSeconds(30)).until(() -> DeadLetters.count() > deadLetters);
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(status()).isEqualTo(200));

      stack.kafkaStreams().pause();
      begun = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(Topics.ATTENDANCE.name(), "stall", ("waiting " + i).getBytes(StandardCharsets.UTF_8))).get();
      }
    }
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(status()).isEqualTo(503));
    JsonNode down = health(admin);
    System.out.printf("paused streams with 5 records waiting: /health DOWN after %.1f s (threshold %d s): %s%n",
        (System.nanoTime() - begun) / 1e9, STALL_AFTER.toSeconds(), down);
    assertThat(down.path("status").asText()).isEqualTo("DOWN");
    assertThat(down.path("streams").asText()).isEqualTo(KafkaStreams.State.RUNNING.name());
    assertThat(down.path("stalled").asText()).contains("have not moved");
    assertThat(health(null).toString()).isEqualTo("{\"status\":\"DOWN\"}");

    stack.kafkaStreams().resume();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(status()).isEqualTo(200));
  }

  private static int status() throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/health")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static JsonNode health(String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/health"));
    if (token != null) request.header("Authorization", "Bearer " + token);
    return new ObjectMapper().readTree(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
  }
}
