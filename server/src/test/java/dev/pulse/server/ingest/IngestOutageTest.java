package dev.pulse.server.ingest;

import dev.pulse.kafka.BatchWriter;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.server.access.IssuedToken;
import dev.pulse.server.access.Role;
import dev.pulse.avro.Attendance;
import dev.pulse.contract.Topics;
import dev.pulse.testing.Samples;
import dev.pulse.testing.TestGateway;
import dev.pulse.testing.TestStack;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway while the broker goes away and comes back: 503 and nothing written, then success. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestOutageTest {

  private static final Logger log = LoggerFactory.getLogger(IngestOutageTest.class);
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(3);

  @TempDir static Path dir;
  static TestStack stack;
  static TestGateway gateway;
  static IssuedToken emitter;

  @BeforeAll
  static void start() {
    stack = TestStack.start(dir);
    BatchWriter.Settings writer = BatchWriter.Settings.defaults();
    gateway = new TestGateway(stack, IngestSettings.defaults().withRetryAfter(Duration.ofSeconds(2)).withWriter(
        new BatchWriter.Settings(2, KAFKA_TIMEOUT, Duration.ofSeconds(20), writer.transactionalIdPrefix(), Map.of())));
    IssuedToken admin = gateway.token("DB", Role.ADMIN);
    emitter = gateway.token("DB-01", Role.EMITTER);
    assertThat(gateway.post("units", admin, Samples.TREE).statusCode()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) gateway.close();
    if (stack != null) stack.close();
  }

  static String batch(String prefix, int n) {
    return "[" + IntStream.range(0, n).mapToObj(i -> Samples.attendance(prefix + i, "m-" + prefix + i, "DB-01-03-B1"))
        .collect(Collectors.joining(",")) + "]";
  }

  static List<String> attendanceIds() {
    return stack.read(Topics.ATTENDANCE).stream().map(ConsumerRecord::value).map(Attendance::getAttendanceId).toList();
  }

  @Test
  @Order(1)
  void with_the_broker_stopped_a_request_is_answered_503_and_after_restart_the_same_request_succeeds() {
    assertThat(gateway.post("attendance", emitter, batch("before-", 10)).statusCode()).isEqualTo(200);

    stack.kafka.stop();
    long begun = System.nanoTime();
    HttpResponse<String> during = gateway.post("attendance", emitter, batch("during-", 10));
    long tookMs = (System.nanoTime() - begun) / 1_000_000;
    log.info("Answer while the broker was stopped: {} after {} ms: {}", during.statusCode(), tookMs, during.body());
    assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
    assertThat(during.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(during.body()).contains("nothing was written").contains("Send the same request again in 2 s");
    assertThat(tookMs).as("bounded by the Kafka timeouts").isLessThan(4 * KAFKA_TIMEOUT.toMillis() + 2_000);

    stack.kafka.restart();
    begun = System.nanoTime();
    HttpResponse<String> after = gateway.post("attendance", emitter, batch("during-", 10));
    log.info("First answer after the restart: {} after {} ms", after.statusCode(), (System.nanoTime() - begun) / 1_000_000);
    assertThat(after.statusCode()).as(after.body()).isEqualTo(200);

    // A read_committed reader may stop at an end offset that stands just below the batch whose
    // transaction has committed a moment ago: read again until it is there (or is not, and fail).
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      List<String> ids = attendanceIds();
      assertThat(ids).hasSize(20).doesNotHaveDuplicates();
      assertThat(ids).filteredOn(id -> id.startsWith("during-")).hasSize(10);
    });
  }

  @Test
  @Order(2)
  void requests_in_flight_when_the_broker_dies_are_written_whole_or_not_at_all() throws Exception {
    AtomicBoolean sending = new AtomicBoolean(true);
    AtomicInteger requestNo = new AtomicInteger();
    Map<String, Integer> answers = new ConcurrentHashMap<>();
    ExecutorService clients = Executors.newFixedThreadPool(3);
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      running.add(clients.submit(() -> {
        while (sending.get()) {
          String prefix = "r" + requestNo.incrementAndGet() + "-";
          answers.put(prefix, gateway.post("attendance", emitter, batch(prefix, 20)).statusCode());
        }
      }));
    }
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() >= 10);
    stack.kafka.kill();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> answers.containsValue(503));
    stack.kafka.restart();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> answers.entrySet().stream().anyMatch(e -> e.getValue() == 200
            && Integer.parseInt(e.getKey().substring(1, e.getKey().length() - 1)) > maxRequestWith(answers, 503)));
    sending.set(false);
    for (Future<?> f : running) f.get();
    clients.shutdown();

    assertThat(answers.values()).as("only 200 and 503").allMatch(s -> s == 200 || s == 503);
    Set<String> accepted = new HashSet<>();
    answers.forEach((prefix, status) -> { if (status == 200) accepted.add(prefix); });
    Map<String, Long> writtenPerRequest = new java.util.HashMap<>();
    // Read again until the last committed batches show (a read_committed end offset can lag a commit).
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      writtenPerRequest.clear();
      writtenPerRequest.putAll(attendanceIds().stream().filter(id -> id.startsWith("r"))
          .collect(Collectors.groupingBy(id -> id.substring(0, id.indexOf('-') + 1), Collectors.counting())));
      assertThat(writtenPerRequest.values()).as("each request is in the topic whole or not at all").allMatch(n -> n == 20);
      assertThat(writtenPerRequest.keySet()).as("every request answered 200 is in the topic").containsAll(accepted);
    });
    Set<String> writtenAfter503 = new HashSet<>(writtenPerRequest.keySet());
    writtenAfter503.removeAll(accepted);
    log.info("{} requests: {} answered 200, {} answered 503, of which {} were committed all the same "
        + "(the broker died after committing, before answering)", answers.size(), accepted.size(),
        answers.size() - accepted.size(), writtenAfter503.size());
  }

  private static int maxRequestWith(Map<String, Integer> answers, int status) {
    return answers.entrySet().stream().filter(e -> e.getValue() == status)
        .mapToInt(e -> Integer.parseInt(e.getKey().substring(1, e.getKey().length() - 1))).max().orElse(0);
  }
}
