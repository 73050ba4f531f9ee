package dev.pulse.app;

import dev.pulse.server.Health;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.server.access.Role;
import dev.pulse.server.access.TokenStore;
import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityKind;
import dev.pulse.avro.ActivityMode;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.AttendanceMode;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.avro.Channel;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.Membership;
import dev.pulse.avro.PovertyStatus;
import dev.pulse.avro.SupportKind;
import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import dev.pulse.batch.BatchViews;
import dev.pulse.batch.History;
import dev.pulse.batch.LogRecord;
import dev.pulse.contract.Period;
import dev.pulse.contract.Topics;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.stack.EmbeddedKafka;
import dev.pulse.streams.ledger.ViewRows;
import dev.pulse.batch.LiveHistory;
import dev.pulse.batch.PublishedViews;
import dev.pulse.batch.Verification;
import dev.pulse.batch.ViewDiff;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker dies under a steady load of branch systems posting through the ingest API, and comes
 * back. Pulse is not restarted: its ingest answers 503 (with Retry-After) while Kafka is away and
 * 200 again once it is back, its streams application picks up where it stopped, and in the end
 * the views are exactly the batch recomputation of the records the clients sent — every record
 * acknowledged with 200 counted once, and no request half-written.
 *
 * <p>The clients behave as the 503 answer asks: they send the same request again after
 * Retry-After. A request answered 503 may still have been committed (the broker died after taking
 * the commit, before confirming it; the answer says so); sent again, its records are in the topic
 * twice, which changes nothing in the views (SPEC.md §2: the same version twice). The test
 * therefore counts, per request, how many times each of its records is in the topic: the same
 * number for every record of the request (whole or nothing), at least once if it was ever answered
 * 200, and more than its 200 answers only by as many 503 answers as said "unconfirmed".
 */
class BrokerRestartDuringIngestTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROVINCE = "BR";
  private static final List<String> BRANCHES = List.of("BR-01-01-B1", "BR-01-01-B2", "BR-01-02-B1", "BR-01-02-B2");
  private static final int MEMBERS_PER_BRANCH = 50;
  private static final Instant RECORDED = Instant.parse("2023-12-01T02:00:00Z");
  /** Gives every client the same unhurried pace, so the streams on this shared machine keep up. */
  private static final Duration PAUSE_BETWEEN_REQUESTS = Duration.ofMillis(50);
  private static final int MAX_ATTEMPTS = 30;
  /** Requests answered 200 before the broker goes, and after it is back, before the clients stop. */
  private static final int SUCCESSES_EACH_SIDE = 20;

  /** Kept when the test fails: the broker's own log (kafka/broker.log) tells what it did. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) static Path dir;
  static EmbeddedKafka kafka;
  static PulseStack stack;
  static String token;
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * One POST of a request and how it was answered: status -1 when no answer came (the client's own
   * failure); retryAfter as the Retry-After header said, 0 without one.
   */
  record Attempt(int status, String body, long retryAfterSeconds, long startedNanos, long answeredNanos) {
    boolean unconfirmed() {
      return status == 503 && body.contains("did not confirm the commit");
    }
  }

  /** A request of one client: its records, and every attempt at sending them. */
  record Exchange(String client, String stream, List<SpecificRecord> records, List<Attempt> attempts) {
    Exchange(String client, String stream, List<SpecificRecord> records) {
      this(client, stream, records, new CopyOnWriteArrayList<>());
    }

    long answered(int status) {
      return attempts.stream().filter(a -> a.status() == status).count();
    }

    boolean acknowledged() {
      return answered(200) > 0;
    }
  }

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    stack = StackUnderTest.start(new StackOptions(0, 0, 0, 0, dir.resolve("pulse"), kafka.bootstrapServers(), null,
        (short) 1, false, true));
    try (TokenStore tokens = new TokenStore(kafka.bootstrapServers())) {
      token = tokens.create(PROVINCE, Role.ADMIN, "broker restart test").bearer();
    }
  }

  @AfterAll
  static void stop() {
    if (stack != null) stack.close();
    if (kafka != null) kafka.close();
  }

  @Test
  void whileTheBrokerIsDownIngestAnswers503AndAfterwardsTheViewsHoldEveryAcknowledgedRecordOnce() throws Exception {
    ReferenceData reference = ReferenceData.create();
    Attempt units = post("units", reference.units());
    assertThat(units.status()).as("units: " + units.body()).isEqualTo(200);
    // The gateway's own tree may lag its 200 for units by a moment: the scope of the records below
    // is judged on it, so wait until it holds every branch.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> BRANCHES.forEach(b ->
        assertThat(getStatus("/api/v1/units/" + b)).as("GET /api/v1/units/" + b).isEqualTo(200)));
    for (var batch : List.of(Map.entry("memberships", reference.memberships()),
        Map.entry("activities", reference.activities()))) {
      Attempt a = post(batch.getKey(), batch.getValue());
      assertThat(a.status()).as(batch.getKey() + ": " + a.body()).isEqualTo(200);
    }

    Exchanges exchanges = new Exchanges();
    AtomicBoolean sending = new AtomicBoolean(true);
    Map<String, IntFunction<Exchange>> clients = new LinkedHashMap<>();
    clients.put("attendance-app-1", n -> attendance("attendance-app-1", n, reference));
    clients.put("attendance-app-2", n -> attendance("attendance-app-2", n, reference));
    clients.put("activities-app", n -> activities("activities-app", n));
    clients.put("households-app", n -> households("households-app", n));
    // The pipeline must be running before the broker goes, or there is nothing to resume.
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(getJson("/health").path("streams").asText()).isEqualTo("RUNNING"));
    long deadLettersAtStart = getJson("/health").path("deadLetters").asLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients.size());
    List<Future<?>> running = new ArrayList<>();
    clients.forEach((name, next) -> running.add(pool.submit(() -> runClient(next, exchanges, sending))));
    BackgroundHealth health = BackgroundHealth.start();

    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> exchanges.succeeded() >= SUCCESSES_EACH_SIDE);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(getJson("/api/v1/activities/" + PROVINCE + "/2023-11").path("attendances").asLong()).isPositive());
      long killed = System.nanoTime();
      kafka.kill();
      health.mark("broker killed");
      System.out.printf("killed the broker (SIGKILL) after %d requests answered 200, with the views following%n",
          exchanges.succeeded());
      await().atMost(Duration.ofSeconds(60)).until(() ->
          clients.keySet().stream().allMatch(c -> exchanges.answeredSince(c, 503, killed)));
      // Health says the instance is not ready while its cluster is away; it stays alive.
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/health"))
            .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(ready.body()).path("kafkaReachable").asBoolean(true)).isFalse();
      });
      assertThat(http.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/health/live")).GET().build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      // Queries are answered from the local state all the same: the figures as they stood.
      long attendancesDuringOutage = getJson("/api/v1/activities/" + PROVINCE + "/2023-11").path("attendances").asLong();
      assertThat(attendancesDuringOutage).isPositive();
      long restarting = System.nanoTime();
      kafka.restart();
      long restarted = System.nanoTime();
      health.mark("broker ready");
      double downSeconds = (restarted - killed) / 1e9;
      System.out.printf("broker ready again %.1f s after the kill (the restart itself took %.1f s); every client had "
          + "been answered 503 meanwhile, and GET /api/v1/activities/%s/2023-11 answered 200 (%d attendances)%n",
          downSeconds, (restarted - restarting) / 1e9, PROVINCE, attendancesDuringOutage);

      await().atMost(Duration.ofSeconds(90)).until(() ->
          clients.keySet().stream().allMatch(c -> exchanges.startedAndAnsweredSince(c, 200, restarted)));
      double ingestResumedSeconds = (exchanges.firstAnswerSince(200, restarted) - restarted) / 1e9;
      long succeededBefore = exchanges.succeeded();
      await().atMost(Duration.ofSeconds(60)).until(() -> exchanges.succeeded() >= succeededBefore + SUCCESSES_EACH_SIDE);
      sending.set(false);
      for (Future<?> f : running) f.get(2, TimeUnit.MINUTES);
      long clientsStopped = System.nanoTime();

      List<Exchange> all = exchanges.all();
      assertThat(all).flatExtracting(Exchange::attempts).extracting(Attempt::status)
          .as("every answer is 200 or 503").allMatch(s -> s == 200 || s == 503);
      assertThat(all).as("every request was in the end accepted").allMatch(Exchange::acknowledged);
      assertThat(all).flatExtracting(Exchange::attempts).filteredOn(a -> a.status() == 503)
          .as("a 503 says when to send again").allMatch(a -> a.retryAfterSeconds() > 0);

      // What the topics hold, request by request.
      RestSchemaRegistryClient registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
      // Read until every acknowledged request shows: a read_committed reader can stop at an end
      // offset just below the last transaction, committed a moment before the clients stopped.
      // A transaction the gateway could not end (the broker away when it failed) holds the
      // partition's read_committed end until the broker aborts it: the gateway's transaction
      // timeout (30 s) and the broker's check for expired ones (every 10 s).
      Map<String, Long> occurrences;
      try {
        occurrences = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
            .until(() -> occurrences(LiveHistory.inputs(kafka.bootstrapServers(), Map.of(), registry)),
                seen -> all.stream().allMatch(e -> e.records().stream()
                    .allMatch(r -> seen.getOrDefault(idOf(r), 0L) >= e.answered(200))));
      } catch (ConditionTimeoutException e) {
        System.out.println(diagnosis());
        throw e;
      }
      long committedAfter503 = 0;
      long requestRecordsInTopics = 0;
      for (Exchange e : all) {
        Set<Long> counts = new LinkedHashSet<>();
        for (SpecificRecord r : e.records()) counts.add(occurrences.getOrDefault(idOf(r), 0L));
        assertThat(counts).as("%s of %s: every record in the topic as often as the others (whole or nothing)",
            e.stream(), e.client()).hasSize(1);
        long times = counts.iterator().next();
        long extra = times - e.answered(200);
        assertThat(extra).as("%s of %s committed %d times, answered 200 %d times", e.stream(), e.client(), times,
            e.answered(200)).isBetween(0L, e.attempts().stream().filter(Attempt::unconfirmed).count());
        committedAfter503 += extra * e.records().size();
        requestRecordsInTopics += times * e.records().size();
      }
      long recordsSent = all.stream().mapToLong(e -> e.records().size()).sum();
      long recordsInTopics = occurrences.values().stream().mapToLong(Long::longValue).sum();
      long referenceRecords = reference.units().size() + reference.memberships().size() + reference.activities().size();
      assertThat(recordsInTopics).as("nothing in the input topics but what was sent")
          .isEqualTo(referenceRecords + requestRecordsInTopics);

      // The views against the batch recomputation of exactly what the clients were told was accepted.
      History acknowledged = acknowledgedHistory(reference, all);
      BatchViews expected = BatchViews.compute(acknowledged);
      try {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
            assertThat(differences(expected, registry)).isEmpty());
      } catch (ConditionTimeoutException e) {
        System.out.println(diagnosis());
        throw e;
      }
      double viewsCaughtUpSeconds = (System.nanoTime() - clientsStopped) / 1e9;
      // The node was fenced before it started again (CrashedBrokerFencing): its coordinator took
      // up the transactions it had logged only once leaders were known, and dropped no marker.
      assertThat(brokerLog("likely deleted already")).as("transaction markers the coordinator dropped").isEmpty();
      JsonNode h = health.stop();
      assertThat(h.get("status").asText()).isEqualTo("UP");
      assertThat(h.get("streams").asText()).isEqualTo("RUNNING");
      assertThat(h.get("deadLetters").asLong() - deadLettersAtStart).as("dead letters").isZero();
      Verification.Result verified = Verification.run(kafka.bootstrapServers(), Map.of(), registry, PublishedViews.Campaigns.ALWAYS);
      assertThat(verified.differences()).as("pulse verify over the topics").isEmpty();

      JsonNode activitiesRow = getJson("/api/v1/activities/" + PROVINCE + "/2023-11");
      JsonNode povertyRow = getJson("/api/v1/poverty/" + PROVINCE + "/2023");
      long attendanceAcknowledged = acknowledged.attendance().size();
      long householdsAcknowledged = acknowledged.households().stream().map(r -> r.value().getHouseholdId()).distinct().count();
      assertThat(activitiesRow.get("attendances").asLong()).isEqualTo(attendanceAcknowledged);
      assertThat(povertyRow.get("exitedHouseholds").asLong()).isEqualTo(householdsAcknowledged);

      long attempts = all.stream().mapToLong(e -> e.attempts().size()).sum();
      System.out.printf("""
          %d requests (%,d records) by %d clients in %d attempts: %d answered 200, %d answered 503 \
          (%d of them "unconfirmed"); %d records of 503'd attempts were committed all the same and are \
          in the topic twice
          broker down %.1f s (kill to ready); ingest answered 200 again %.1f s after the broker was ready
          /health, from the start of the load: %s
          views equal the batch recomputation of the %,d records sent %.1f s after the clients stopped; lag %d
          %s/2023-11: %d attendances, %d activities held; %s/2023: %d households left poverty; \
          pulse verify: %,d rows, %d differences
          """, all.size(), recordsSent, clients.size(), attempts, all.stream().mapToLong(e -> e.answered(200)).sum(),
          all.stream().mapToLong(e -> e.answered(503)).sum(),
          all.stream().flatMap(e -> e.attempts().stream()).filter(Attempt::unconfirmed).count(), committedAfter503,
          downSeconds, ingestResumedSeconds, health.changes(), recordsSent, viewsCaughtUpSeconds, h.path("lag").asLong(),
          PROVINCE, attendanceAcknowledged, activitiesRow.get("held").asLong(), PROVINCE, householdsAcknowledged,
          verified.rowsCompared(), verified.differences().size());
    } finally {
      sending.set(false);
      health.stop();
      pool.shutdownNow();
    }
  }

  // --- the clients ------------------------------------------------------------------------------

  /** Sends requests until told to stop; each one again after Retry-After until it is answered 200. */
  private static void runClient(IntFunction<Exchange> next, Exchanges exchanges, AtomicBoolean sending) {
    for (int n = 0; sending.get(); n++) {
      Exchange e = next.apply(n);
      exchanges.add(e);
      for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        Attempt a = post(e.stream(), e.records());
        e.attempts().add(a);
        if (a.status() == 200 || (a.status() != 503 && a.status() != -1)) break;
        pause(Duration.ofSeconds(Math.max(1, a.retryAfterSeconds())));
      }
      pause(PAUSE_BETWEEN_REQUESTS);
    }
  }

  /** A client's pause: the pace it sends at, or the wait a 503 asked for. */
  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Ten members of one branch attending one of its activities. */
  private static Exchange attendance(String client, int n, ReferenceData reference) {
    String branch = BRANCHES.get(n % BRANCHES.size());
    List<SpecificRecord> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int member = (n * 10 + i) % MEMBERS_PER_BRANCH;
      records.add(Attendance.newBuilder().setAttendanceId(client + "-" + n + "-" + i)
          .setActivityId(reference.activityOf(branch)).setMemberId(memberId(branch, member)).setRecordedBy(branch)
          .setAttendedAt(Instant.parse("2023-11-10T01:00:00Z").plusSeconds(60L * i))
          .setMode(i % 4 == 0 ? AttendanceMode.ONLINE : AttendanceMode.IN_PERSON)
          .setStatus(AttendanceStatus.PRESENT).setRecordedAt(RECORDED).build());
    }
    return new Exchange(client, "attendance", records);
  }

  /** Three activities held in December, one publicised. */
  private static Exchange activities(String client, int n) {
    List<SpecificRecord> records = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      records.add(Activity.newBuilder().setActivityId(client + "-" + n + "-" + i)
          .setUnitId(BRANCHES.get((n + i) % BRANCHES.size())).setTitle("Sinh hoạt tổ phụ nữ " + n)
          .setKind(ActivityKind.MEETING).setMode(ActivityMode.values()[i % ActivityMode.values().length])
          .setStartsAt(Instant.parse("2023-12-03T01:00:00Z").plusSeconds(3600L * i))
          .setChannels(i == 0 ? List.of(Channel.ZALO) : List.of()).setCampaigns(List.of())
          .setStatus(ActivityStatus.HELD).setRecordedAt(RECORDED).build());
    }
    return new Exchange(client, "activities", records);
  }

  /** Two households supported by the union, each poor in March and out of poverty in October. */
  private static Exchange households(String client, int n) {
    List<SpecificRecord> records = new ArrayList<>();
    for (int h = 0; h < 2; h++) {
      String household = "h-" + client + "-" + n + "-" + h;
      String branch = BRANCHES.get((n + h) % BRANCHES.size());
      records.add(household(household + "-a", household, branch, PovertyStatus.POOR, LocalDate.of(2023, 3, 1)));
      records.add(household(household + "-b", household, branch, PovertyStatus.NON_POOR, LocalDate.of(2023, 10, 1)));
    }
    return new Exchange(client, "household-status", records);
  }

  private static HouseholdStatus household(String eventId, String household, String branch, PovertyStatus status,
      LocalDate assessed) {
    return HouseholdStatus.newBuilder().setEventId(eventId).setHouseholdId(household).setBranchId(branch)
        .setStatus(status).setSupportedByUnion(true).setSupports(List.of(SupportKind.LOAN))
        .setAssessedOn(assessed).setRecordedAt(RECORDED).build();
  }

  private static String memberId(String branch, int m) {
    return "m-" + branch.toLowerCase() + "-" + m;
  }

  /** The tree, the members and an activity of each branch in November, sent before the load starts. */
  record ReferenceData(List<SpecificRecord> units, List<SpecificRecord> memberships, List<SpecificRecord> activities) {

    static ReferenceData create() {
      List<SpecificRecord> units = new ArrayList<>();
      units.add(unit(PROVINCE, null, UnitLevel.PROVINCE, "Tỉnh Khởi Động Lại"));
      units.add(unit("BR-01", PROVINCE, UnitLevel.DISTRICT, "Huyện Một"));
      units.add(unit("BR-01-01", "BR-01", UnitLevel.COMMUNE, "Xã Một"));
      units.add(unit("BR-01-02", "BR-01", UnitLevel.COMMUNE, "Xã Hai"));
      List<SpecificRecord> memberships = new ArrayList<>();
      List<SpecificRecord> activities = new ArrayList<>();
      for (String branch : BRANCHES) {
        units.add(unit(branch, branch.substring(0, branch.lastIndexOf('-')), UnitLevel.BRANCH, "Chi hội " + branch));
        for (int m = 0; m < MEMBERS_PER_BRANCH; m++) {
          memberships.add(Membership.newBuilder().setMembershipId("ms-" + memberId(branch, m))
              .setMemberId(memberId(branch, m)).setBranchId(branch).setJoinedOn(LocalDate.of(2023, 1, 1))
              .setLeftOn(null).build());
        }
        activities.add(Activity.newBuilder().setActivityId("act-" + branch).setUnitId(branch)
            .setTitle("Sinh hoạt chi hội tháng 11").setKind(ActivityKind.MEETING).setMode(ActivityMode.IN_PERSON)
            .setStartsAt(Instant.parse("2023-11-10T01:00:00Z")).setChannels(List.of(Channel.FACEBOOK))
            .setCampaigns(List.of()).setStatus(ActivityStatus.HELD).setRecordedAt(RECORDED).build());
      }
      return new ReferenceData(units, memberships, activities);
    }

    String activityOf(String branch) {
      return "act-" + branch;
    }

    private static Unit unit(String id, String parent, UnitLevel level, String name) {
      return Unit.newBuilder().setUnitId(id).setParentId(parent).setLevel(level).setName(name).build();
    }
  }

  /** The requests of every client, in the order they were first sent. */
  static final class Exchanges {
    private final ConcurrentLinkedQueue<Exchange> exchanges = new ConcurrentLinkedQueue<>();

    void add(Exchange e) {
      exchanges.add(e);
    }

    List<Exchange> all() {
      return List.copyOf(exchanges);
    }

    long succeeded() {
      return exchanges.stream().filter(Exchange::acknowledged).count();
    }

    /** Whether the client was answered this status at or after the moment (for a request sent before or after it). */
    boolean answeredSince(String client, int status, long sinceNanos) {
      return exchanges.stream().filter(e -> e.client().equals(client)).flatMap(e -> e.attempts().stream())
          .anyMatch(a -> a.status() == status && a.answeredNanos() >= sinceNanos);
    }

    /** Whether a request the client sent at or after the moment was answered this status. */
    boolean startedAndAnsweredSince(String client, int status, long sinceNanos) {
      return exchanges.stream().filter(e -> e.client().equals(client)).flatMap(e -> e.attempts().stream())
          .anyMatch(a -> a.status() == status && a.startedNanos() >= sinceNanos);
    }

    long firstAnswerSince(int status, long sinceNanos) {
      return exchanges.stream().flatMap(e -> e.attempts().stream())
          .filter(a -> a.status() == status && a.startedNanos() >= sinceNanos)
          .mapToLong(Attempt::answeredNanos).min().orElseThrow();
    }
  }

  // --- HTTP -------------------------------------------------------------------------------------

  private static Attempt post(String stream, List<? extends SpecificRecord> records) {
    ArrayNode body = JsonNodeFactory.instance.arrayNode();
    records.forEach(r -> body.add(asIngestJson(r)));
    HttpRequest request = HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/api/v1/ingest/" + stream))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    long started = System.nanoTime();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Attempt(r.statusCode(), r.body(), r.headers().firstValueAsLong("Retry-After").orElse(0), started,
          System.nanoTime());
    } catch (IOException e) {
      return new Attempt(-1, e.toString(), 0, started, System.nanoTime());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Attempt(-1, "interrupted", 0, started, System.nanoTime());
    }
  }

  /** A record as the ingest API takes it (SPEC.md §1): dates ISO, instants ISO with the province's offset. */
  private static ObjectNode asIngestJson(SpecificRecord record) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    for (Schema.Field f : record.getSchema().getFields()) {
      node.set(f.name(), jsonValue(record.get(f.pos())));
    }
    return node;
  }

  private static JsonNode jsonValue(Object v) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    if (v == null) return json.nullNode();
    if (v instanceof Instant i) return json.textNode(i.atZone(Period.ZONE).toOffsetDateTime().toString());
    if (v instanceof Boolean b) return json.booleanNode(b);
    if (v instanceof List<?> list) {
      ArrayNode array = json.arrayNode();
      list.forEach(item -> array.add(jsonValue(item)));
      return array;
    }
    return json.textNode(v.toString());
  }

  private static int getStatus(String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + path)).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static JsonNode getJson(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + path))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET " + path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /**
   * {@code GET /health} every half second while the test runs: the streams state and lag as an
   * operator sees them, noted each time the state changes.
   */
  static final class BackgroundHealth {
    private final List<String> changes = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final long begun = System.nanoTime();
    private volatile String lastState = "";
    private volatile JsonNode last;

    static BackgroundHealth start() {
      BackgroundHealth h = new BackgroundHealth();
      h.timer.scheduleWithFixedDelay(h::sample, 0, 500, TimeUnit.MILLISECONDS);
      return h;
    }

    /** Notes an event of the test among the state changes. */
    void mark(String event) {
      changes.add(String.format("%.1f s %s", (System.nanoTime() - begun) / 1e9, event));
    }

    private synchronized void sample() {
      String state;
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/health"))
            .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        last = JSON.readTree(r.body());
        state = "streams " + last.path("streams").asText() + ", kafka "
            + (last.path("kafkaReachable").asBoolean() ? "reachable" : "unreachable") + " (" + r.statusCode() + ")";
      } catch (Exception e) {
        state = "no answer: " + e;
      }
      if (!state.equals(lastState)) {
        lastState = state;
        mark(state);
      }
    }

    /** Stops sampling and returns a fresh answer. */
    JsonNode stop() {
      timer.shutdownNow();
      sample();
      return last;
    }

    List<String> changes() {
      return List.copyOf(changes);
    }
  }

  // --- what the views must say -----------------------------------------------------------------

  /** How many times each record id (attendanceId, activityId, eventId, unitId, membershipId) is in the input topics. */
  private static Map<String, Long> occurrences(History h) {
    Map<String, Long> counts = new HashMap<>();
    h.units().forEach(r -> counts.merge(idOf(r.value()), 1L, Long::sum));
    h.memberships().forEach(r -> counts.merge(idOf(r.value()), 1L, Long::sum));
    h.activities().forEach(r -> counts.merge(idOf(r.value()), 1L, Long::sum));
    h.attendance().forEach(r -> counts.merge(idOf(r.value()), 1L, Long::sum));
    h.households().forEach(r -> counts.merge(idOf(r.value()), 1L, Long::sum));
    return counts;
  }

  private static String idOf(SpecificRecord r) {
    if (r instanceof Unit u) return "unit " + u.getUnitId();
    if (r instanceof Membership m) return "membership " + m.getMembershipId();
    if (r instanceof Activity a) return "activity " + a.getActivityId();
    if (r instanceof Attendance a) return "attendance " + a.getAttendanceId();
    if (r instanceof HouseholdStatus s) return "household event " + s.getEventId();
    throw new IllegalArgumentException("not an input record: " + r.getSchema().getFullName());
  }

  /** The reference data and the records of every request answered 200, each once. */
  private static History acknowledgedHistory(ReferenceData reference, List<Exchange> exchanges) {
    List<SpecificRecord> records = new ArrayList<>();
    records.addAll(reference.units());
    records.addAll(reference.memberships());
    records.addAll(reference.activities());
    exchanges.stream().filter(Exchange::acknowledged).forEach(e -> records.addAll(e.records()));
    List<LogRecord<Unit>> units = new ArrayList<>();
    List<LogRecord<Membership>> memberships = new ArrayList<>();
    List<LogRecord<Activity>> activities = new ArrayList<>();
    List<LogRecord<Attendance>> attendance = new ArrayList<>();
    List<LogRecord<HouseholdStatus>> households = new ArrayList<>();
    long position = 0;
    for (SpecificRecord r : records) {
      position++;
      if (r instanceof Unit u) units.add(new LogRecord<>(u.getUnitId(), u, position));
      else if (r instanceof Membership m) memberships.add(new LogRecord<>(m.getMembershipId(), m, position));
      else if (r instanceof Activity a) activities.add(new LogRecord<>(a.getActivityId(), a, position));
      else if (r instanceof Attendance a) attendance.add(new LogRecord<>(a.getMemberId(), a, position));
      else if (r instanceof HouseholdStatus s) households.add(new LogRecord<>(s.getHouseholdId(), s, position));
      else throw new IllegalArgumentException("not an input record: " + r.getSchema().getFullName());
    }
    return new History(units, memberships, activities, attendance, households);
  }

  /**
   * What holds the views back, for the report of a failure: the instance's health, the
   * transactions the broker holds open, and every partition whose read_committed end (LSO) lags
   * its log end (a reader of it waits for an open transaction).
   */
  private static String diagnosis() {
    StringBuilder out = new StringBuilder("what held the records or the views back:\n");
    try {
      out.append("/health: ").append(getJson("/health")).append('\n');
    } catch (Exception | AssertionError e) {
      out.append("/health: ").append(e).append('\n');
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      List<String> open = admin.listTransactions().all().get(10, TimeUnit.SECONDS).stream()
          .filter(t -> t.state() != TransactionState.COMPLETE_COMMIT && t.state() != TransactionState.COMPLETE_ABORT
              && t.state() != TransactionState.EMPTY)
          .map(TransactionListing::transactionalId).toList();
      if (!open.isEmpty()) {
        admin.describeTransactions(open).all().get(10, TimeUnit.SECONDS).forEach((id, d) -> out.append(String.format(
            "transaction %s %s: producer %d epoch %d, started %s, timeout %d ms, partitions %s%n", id, d.state(),
            d.producerId(), d.producerEpoch(), Instant.ofEpochMilli(d.transactionStartTimeMs().orElse(-1)),
            d.transactionTimeoutMs(), d.topicPartitions())));
      }
      for (var hanging : dev.pulse.kafka.HangingTransactions.find(admin, t -> true, Duration.ZERO)) {
        out.append("hanging: ").append(hanging).append('\n');
      }
      Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, d) ->
          d.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
      var end = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
          .get(10, TimeUnit.SECONDS);
      var committed = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
          .get(10, TimeUnit.SECONDS);
      end.forEach((tp, e) -> {
        long lso = committed.get(tp).offset();
        if (lso < e.offset()) out.append(String.format("%s: log end %d, read_committed end %d%n", tp, e.offset(), lso));
      });
    } catch (Exception e) {
      out.append("broker: ").append(e).append('\n');
    }
    // A transaction coordinator that finds no leader for a partition skips its marker, taking the
    // partition for deleted: the broker says so in its own log.
    brokerLog("likely deleted already").stream().limit(20).forEach(l -> out.append("broker log: ").append(l)
        .append('\n'));
    out.append("kept for reading: ").append(dir).append('\n');
    return out.toString();
  }

  /** The broker's log lines that contain {@code text}. */
  private static List<String> brokerLog(String text) {
    try (var lines = java.nio.file.Files.lines(dir.resolve("kafka").resolve("broker.log"))) {
      return lines.filter(l -> l.contains(text)).toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of("the broker log could not be read: " + e);
    }
  }

  /** Every row on which the live view topics differ from the batch recomputation. */
  private static List<ViewDiff.Difference> differences(BatchViews expected, RestSchemaRegistryClient registry) {
    String bootstrap = kafka.bootstrapServers();
    List<ViewDiff.Difference> diffs = new ArrayList<>();
    diffs.addAll(ViewDiff.compare(Topics.PARTICIPATION_VIEW.name(), expected.participation(),
        LiveHistory.view(bootstrap, Map.of(), registry, Topics.PARTICIPATION_VIEW), k -> ViewRows.participation(k, null, 0)));
    diffs.addAll(ViewDiff.compare(Topics.POVERTY_VIEW.name(), expected.poverty(),
        LiveHistory.view(bootstrap, Map.of(), registry, Topics.POVERTY_VIEW), k -> ViewRows.poverty(k, null, 0)));
    diffs.addAll(ViewDiff.compare(Topics.ACTIVITIES_VIEW.name(), expected.activities(),
        LiveHistory.view(bootstrap, Map.of(), registry, Topics.ACTIVITIES_VIEW), k -> ViewRows.activities(k, null, 0)));
    return diffs;
  }
}
