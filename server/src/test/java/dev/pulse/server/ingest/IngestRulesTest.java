package dev.pulse.server.ingest;

import dev.pulse.contract.IngestStream;
import static dev.pulse.server.ingest.IngestApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.server.access.IssuedToken;
import dev.pulse.server.access.Role;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.testing.Samples;
import dev.pulse.testing.TestGateway;
import dev.pulse.testing.TestStack;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's rules of SPEC.md §2 and §6 (revised 2026-12-05) over a real broker and real HTTP:
 * the subtree as it will stand once the request's units are applied, unknown units, ids owned by
 * one unit, date bounds, capped errors, the record cap, unit ownership and the id alphabet.
 */
class IngestRulesTest {

  @TempDir static Path dir;
  static TestStack stack;
  static TestGateway gateway;
  static IssuedToken root;
  static IssuedToken district1;
  static IssuedToken branch1;
  static IssuedToken branch2;

  @BeforeAll
  static void start() {
    stack = TestStack.start(dir);
    gateway = new TestGateway(stack, IngestSettings.defaults());
    root = gateway.token("DB", Role.ADMIN);
    district1 = gateway.token("DB-01", Role.EMITTER);
    branch1 = gateway.token("DB-01-03-B1", Role.EMITTER);
    branch2 = gateway.token("DB-02-01-B1", Role.EMITTER);
    HttpResponse<String> tree = gateway.post("units", root, Samples.TREE);
    assertThat(tree.statusCode()).as(tree.body()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) gateway.close();
    if (stack != null) stack.close();
  }

  static HttpResponse<String> nothingWritten(Topic<?> topic, Supplier<HttpResponse<String>> request) {
    return IngestApiTest.nothingWritten(stack, topic, request);
  }

  static String unit(String id, String parent, String level) {
    return "{\"unitId\": \"" + id + "\", \"parentId\": " + (parent == null ? "null" : "\"" + parent + "\"")
        + ", \"level\": \"" + level + "\", \"name\": \"Đơn vị " + id + "\"}";
  }

  // --- the subtree as it will stand -----------------------------------------------------------

  @Test
  void units_may_come_children_first_in_one_request() {
    List<String> units = new ArrayList<>(List.of(
        unit("DB-05", "DB", "DISTRICT"),
        unit("DB-05-01", "DB-05", "COMMUNE"),
        unit("DB-05-01-B1", "DB-05-01", "BRANCH"),
        unit("DB-05-01-B2", "DB-05-01", "BRANCH")));
    Collections.reverse(units);
    IssuedToken admin = gateway.token("DB", Role.ADMIN);
    HttpResponse<String> r = gateway.post("units", admin, "[" + String.join(",", units) + "]");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(gateway.units.ancestors("DB-05-01-B2")).containsExactly("DB-05-01", "DB-05", "DB");

    // A district admin, too, may list a new commune's branches before the commune.
    IssuedToken districtAdmin = gateway.token("DB-05", Role.ADMIN);
    HttpResponse<String> below = gateway.post("units", districtAdmin, "[" + unit("DB-05-02-B1", "DB-05-02", "BRANCH")
        + "," + unit("DB-05-02", "DB-05", "COMMUNE") + "]");
    assertThat(below.statusCode()).as(below.body()).isEqualTo(200);
  }

  @Test
  void a_loop_within_one_request_is_still_refused() {
    HttpResponse<String> r = nothingWritten(Topics.UNITS, () -> gateway.post("units", root,
        "[" + unit("DB-06-01", "DB-06-02", "COMMUNE") + "," + unit("DB-06-02", "DB-06-01", "COMMUNE") + "]"));
    IngestApiTest.assertRefused(r, 400, 0, "parentId", "would make a loop");
  }

  // --- unknown units --------------------------------------------------------------------------

  @Test
  void a_unit_not_known_yet_is_a_conflict_for_a_district_token_and_waits_for_a_root_token() {
    HttpResponse<String> fromDistrict = nothingWritten(Topics.MEMBERSHIPS, () ->
        gateway.post("memberships", district1, Samples.membership("ms-late-1", "m-late-1", "DB-01-03-B8")));
    IngestApiTest.assertRefused(fromDistrict, 409, 0, "branchId",
        "DB-01-03-B8 is a unit Pulse does not know yet; send the unit first");
    assertThat(json(fromDistrict).path("errorCount").asInt()).isEqualTo(1);

    HttpResponse<String> fromRoot = gateway.post("memberships", root, Samples.membership("ms-late-2", "m-late-2",
        "DB-07-01-B1"));
    assertThat(fromRoot.statusCode()).as(fromRoot.body()).isEqualTo(200);
    // A unit whose parent is not known yet, from the root's admin: it waits too.
    HttpResponse<String> dangling = gateway.post("units", root, unit("DB-07-01-B1", "DB-07-01", "BRANCH"));
    assertThat(dangling.statusCode()).as(dangling.body()).isEqualTo(200);
    // ... and from a district admin it is a conflict naming the parent.
    IssuedToken districtAdmin = gateway.token("DB-01", Role.ADMIN);
    HttpResponse<String> danglingBelow = nothingWritten(Topics.UNITS, () -> gateway.post("units", districtAdmin,
        unit("DB-01-09-B1", "DB-01-09", "BRANCH")));
    IngestApiTest.assertRefused(danglingBelow, 409, 0, "parentId", "DB-01-09 is a unit Pulse does not know yet");
  }

  // --- ids belong to one unit -----------------------------------------------------------------

  @Test
  void two_branches_using_the_same_id_do_not_overwrite_each_other() {
    HttpResponse<String> first = gateway.post("attendance", branch1,
        Samples.attendance("A-0001", "m-b1-1", "DB-01-03-B1"));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);

    String sameIdLater = Samples.attendance("A-0001", "m-b2-1", "DB-02-01-B1")
        .replace("\"PRESENT\"", "\"RETRACTED\"").replace("2023-11-05T10:00:00+07:00", "2023-11-06T10:00:00+07:00");
    HttpResponse<String> second = nothingWritten(Topics.ATTENDANCE, () -> gateway.post("attendance", branch2,
        sameIdLater));
    IngestApiTest.assertRefused(second, 409, 0, "attendanceId",
        "'A-0001' belongs to records of another unit (DB-01-03-B1), outside the subtree of DB-02-01-B1");

    // The owner's own correction passes, and so does one from a unit above it.
    String correction = Samples.attendance("A-0001", "m-b1-1", "DB-01-03-B1")
        .replace("\"PRESENT\"", "\"RETRACTED\"").replace("2023-11-05T10:00:00+07:00", "2023-11-07T10:00:00+07:00");
    assertThat(gateway.post("attendance", branch1, correction).statusCode()).isEqualTo(200);
    assertThat(gateway.post("attendance", district1, correction.replace("2023-11-07", "2023-11-08")).statusCode())
        .isEqualTo(200);
    List<ConsumerRecord<String, Attendance>> written = stack.read(Topics.ATTENDANCE).stream()
        .filter(r -> r.value().getAttendanceId().equals("A-0001")).toList();
    assertThat(written).extracting(r -> r.value().getRecordedBy()).containsOnly("DB-01-03-B1");

    // Household events and activities alike; a household moved to the sender's branch is refused whole.
    assertThat(gateway.post("household-status", branch1, Samples.household("EV-1", "hh-b1", "DB-01-03-B1"))
        .statusCode()).isEqualTo(200);
    HttpResponse<String> takeHousehold = nothingWritten(Topics.HOUSEHOLD_STATUS, () -> gateway.post(
        "household-status", branch2, Samples.household("EV-1", "hh-b1", "DB-02-01-B1")
            .replace("2023-07-01T08:00:00+07:00", "2023-08-01T08:00:00+07:00")));
    IngestApiTest.assertRefused(takeHousehold, 409, 0, "eventId", "'EV-1' belongs to records of another unit");
    assertThat(gateway.post("activities", branch1, Samples.activity("ACT-1", "DB-01-03-B1")).statusCode())
        .isEqualTo(200);
    HttpResponse<String> cancel = nothingWritten(Topics.ACTIVITIES, () -> gateway.post("activities", branch2,
        Samples.activity("ACT-1", "DB-02-01-B1").replace("\"HELD\"", "\"CANCELLED\"")
            .replace("2023-11-05T12:00:00+07:00", "2023-11-09T12:00:00+07:00")));
    IngestApiTest.assertRefused(cancel, 409, 0, "activityId", "'ACT-1' belongs to records of another unit");
  }

  @Test
  void every_gateway_instance_knows_the_owners_from_kafka() {
    assertThat(gateway.post("attendance", branch1, Samples.attendance("A-SHARED", "m-sh", "DB-01-03-B1"))
        .statusCode()).isEqualTo(200);
    try (TestGateway other = new TestGateway(stack, IngestSettings.defaults())) {
      assertThat(other.owners.owner(IngestStream.ATTENDANCE, "A-SHARED"))
          .isEqualTo(new IdOwners.Owner("DB-01-03-B1", Instant.parse("2023-11-05T03:00:00Z")));
      IssuedToken otherBranch = other.token("DB-02-01-B1", Role.EMITTER);
      HttpResponse<String> r = nothingWritten(Topics.ATTENDANCE, () -> other.post("attendance", otherBranch,
          Samples.attendance("A-SHARED", "m-sh2", "DB-02-01-B1")));
      IngestApiTest.assertRefused(r, 409, 0, "attendanceId", "'A-SHARED' belongs to records of another unit");
    }
  }

  // --- date bounds ----------------------------------------------------------------------------

  @Test
  void dates_outside_the_covered_years_and_recordedAt_in_the_future_are_refused() {
    int nextYear = dev.pulse.contract.Period.localDate(Instant.now()).getYear() + 1;
    String before2000 = Samples.activity("act-1999", "DB-01").replace("2023-11-05T08:00:00+07:00",
        "1999-12-31T08:00:00+07:00");
    IngestApiTest.assertRefused(nothingWritten(Topics.ACTIVITIES, () -> gateway.post("activities", district1,
        before2000)), 400, 0, "startsAt", "is before 2000-01-01: the views cover the years from 2000 on");

    String twoYearsAhead = Samples.attendance("att-far", "m-far", "DB-01").replace("2023-11-05T09:00:00+07:00",
        (nextYear + 1) + "-01-01T09:00:00+07:00");
    IngestApiTest.assertRefused(nothingWritten(Topics.ATTENDANCE, () -> gateway.post("attendance", district1,
        twoYearsAhead)), 400, 0, "attendedAt", "is after " + nextYear + "-12-31");

    String year2999 = Samples.household("ev-2999", "hh-2999", "DB-01-03-B1").replace("2023-06-30", "2999-06-30");
    IngestApiTest.assertRefused(nothingWritten(Topics.HOUSEHOLD_STATUS, () -> gateway.post("household-status",
        district1, year2999)), 400, 0, "assessedOn", "is after " + nextYear + "-12-31");

    Instant tenMinutesAhead = Instant.now().plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    String futureRecordedAt = Samples.attendance("att-fut", "m-fut", "DB-01").replace("2023-11-05T10:00:00+07:00",
        tenMinutesAhead.toString());
    IngestApiTest.assertRefused(nothingWritten(Topics.ATTENDANCE, () -> gateway.post("attendance", district1,
        futureRecordedAt)), 400, 0, "recordedAt", "recordedAt may be at most 5 minutes after the moment it is sent");

    // Next year's planned activity and a clock two minutes fast are fine.
    String planned = Samples.activity("act-next", "DB-01").replace("2023-11-05T08:00:00+07:00",
        nextYear + "-12-31T08:00:00+07:00").replace("2023-11-05T12:00:00+07:00",
        Instant.now().plus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString());
    HttpResponse<String> ok = gateway.post("activities", district1, planned);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
  }

  // --- hostile bodies -------------------------------------------------------------------------

  @Test
  void ten_thousand_lines_of_unknown_fields_give_a_hundred_errors_and_a_small_answer() {
    String fields = IntStream.range(0, 100).mapToObj(f -> "\"u" + f + "\":1").collect(Collectors.joining(","));
    String line = "{" + fields + "}";
    String body = IntStream.range(0, 10_000).mapToObj(i -> line).collect(Collectors.joining("\n"));
    long begun = System.nanoTime();
    HttpResponse<String> r = nothingWritten(Topics.ATTENDANCE, () -> gateway.post("attendance", district1,
        "application/x-ndjson", body));
    long ms = (System.nanoTime() - begun) / 1_000_000;
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode answer = json(r);
    assertThat(answer.path("errors")).hasSize(Problems.MAX_LISTED);
    // At least the 100 unknown fields of each of the 10,000 lines are counted; the first 100 are listed.
    assertThat(answer.path("errorCount").asInt()).isGreaterThanOrEqualTo(10_000 * 100);
    assertThat(r.body().length()).isLessThan(64 * 1024);
    System.out.printf("Worst-case body: %,d bytes in, %,d bytes out, %d ms%n", body.length(), r.body().length(), ms);
  }

  @Test
  void eight_worst_case_bodies_at_once_cost_a_bounded_heap_and_time() throws Exception {
    String fields = IntStream.range(0, 100).mapToObj(f -> "\"u" + f + "\":1").collect(Collectors.joining(","));
    String line = "{" + fields + "}";
    String body = IntStream.range(0, 10_000).mapToObj(i -> line).collect(Collectors.joining("\n"));
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long heapBefore = memory.getHeapMemoryUsage().getUsed();
    long[] peak = {heapBefore};
    // What a GC could not free while the bodies were in flight: the heap the requests really hold.
    AtomicLong peakAfterGc = new AtomicLong(heapBefore);
    Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    NotificationListener onGc = (notification, handback) -> {
      if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) return;
      GarbageCollectionNotificationInfo gc = GarbageCollectionNotificationInfo.from(
          (CompositeData) notification.getUserData());
      long after = gc.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
          .filter(pool -> heapPools.contains(pool.getKey())).mapToLong(pool -> pool.getValue().getUsed()).sum();
      peakAfterGc.accumulateAndGet(after, Math::max);
    };
    List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    for (GarbageCollectorMXBean c : collectors) ((NotificationEmitter) c).addNotificationListener(onGc, null, null);
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(() -> peak[0] = Math.max(peak[0], memory.getHeapMemoryUsage().getUsed()), 0, 20,
        TimeUnit.MILLISECONDS);
    ExecutorService clients = Executors.newFixedThreadPool(8);
    long begun = System.nanoTime();
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        answers.add(clients.submit(() -> gateway.post("attendance", district1, "application/x-ndjson", body)));
      }
      for (var a : answers) {
        HttpResponse<String> r = a.get();
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("errors")).hasSize(Problems.MAX_LISTED);
        assertThat(json(r).path("errorCount").asInt()).isGreaterThanOrEqualTo(10_000 * 100);
        assertThat(r.body().length()).isLessThan(64 * 1024);
      }
    } finally {
      clients.shutdown();
      sampler.shutdown();
      for (GarbageCollectorMXBean c : collectors) {
        ((NotificationEmitter) c).removeNotificationListener(onGc);
      }
    }
    long ms = (System.nanoTime() - begun) / 1_000_000;
    long heldAfterGc = peakAfterGc.get() - heapBefore;
    System.out.printf("8 concurrent worst-case bodies (%,d bytes each): all answered in %,d ms; heap %d MiB before,"
        + " %d MiB at the peak sampled, at most %d MiB more than before left after a GC (max heap %d MiB; test client"
        + " and gateway in one JVM)%n", body.length(), ms, heapBefore >> 20, peak[0] >> 20, heldAfterGc >> 20,
        memory.getHeapMemoryUsage().getMax() >> 20);
    // Measured on 2 cores, default heap: 620-650 MiB while the gateway held every body's JSON trees,
    // 215-250 MiB once it converted record by record, 125 MiB since it reads the body as it comes;
    // the rest is mostly the test client's copies of the bodies (8 x 7.9 MB) and garbage a young GC
    // does not reach.
    assertThat(heldAfterGc).as("heap left after a GC while the bodies were in flight").isLessThan(250L << 20);
  }

  @Test
  void a_body_over_the_record_cap_is_refused_before_the_rest_is_read() {
    // 10,001 records and then garbage: the answer is 413, so reading stopped at the cap.
    String many = IntStream.range(0, IngestSettings.DEFAULT_MAX_RECORDS + 1).mapToObj(i -> "{\"x\":" + i + "}")
        .collect(Collectors.joining(",", "[", ",{ this is not JSON"));
    HttpResponse<String> r = nothingWritten(Topics.ATTENDANCE, () -> gateway.post("attendance", district1, many));
    IngestApiTest.assertRefused(r, 413, null, null, "the body holds more than 10000 records");
    assertThat(json(r).path("errorCount").asInt()).isEqualTo(1);
    String ndjson = IntStream.range(0, IngestSettings.DEFAULT_MAX_RECORDS + 1).mapToObj(i -> "{\"x\":" + i + "}")
        .collect(Collectors.joining("\n")) + "\nnot JSON";
    IngestApiTest.assertRefused(gateway.post("attendance", district1, "application/x-ndjson", ndjson), 413, null,
        null, "the body holds more than 10000 records");
  }

  @Test
  void every_refusal_carries_the_errors_body_with_its_count() {
    for (HttpResponse<String> r : List.of(
        gateway.post("attendance", null, Samples.attendance("x", "m", "DB-01")),
        gateway.post("attendance", branch2, Samples.attendance("x", "m", "DB-01")),
        gateway.post("attendance", district1, "text/plain", "x"))) {
      JsonNode body = json(r);
      assertThat(body.path("errors").size()).as(r.body()).isPositive();
      assertThat(body.path("errorCount").asInt()).as(r.body()).isEqualTo(body.path("errors").size());
    }
  }

  // --- unit ownership and ids -----------------------------------------------------------------

  @Test
  void an_admin_may_rename_its_own_unit_but_not_delete_or_move_it() {
    assertThat(gateway.post("units", root, unit("DB-08", "DB", "DISTRICT")).statusCode()).isEqualTo(200);
    assertThat(gateway.post("units", root, unit("DB-08-01", "DB-08", "COMMUNE")).statusCode()).isEqualTo(200);
    IssuedToken communeAdmin = gateway.token("DB-08-01", Role.ADMIN);
    IngestApiTest.assertRefused(nothingWritten(Topics.UNITS, () -> gateway.delete("/api/v1/ingest/units/DB-08-01",
        communeAdmin)), 403, 0, "unitId", "this token is scoped to DB-08-01 and cannot delete it");
    IngestApiTest.assertRefused(nothingWritten(Topics.UNITS, () -> gateway.post("units", communeAdmin,
        unit("DB-08-01", "DB-01", "COMMUNE"))), 403, 0, "parentId", "cannot move it");
    HttpResponse<String> rename = gateway.post("units", communeAdmin,
        unit("DB-08-01", "DB-08", "COMMUNE").replace("Đơn vị DB-08-01", "Xã Mới"));
    assertThat(rename.statusCode()).as(rename.body()).isEqualTo(200);

    // Once a unit above has deleted it, its own admin cannot re-create it elsewhere.
    assertThat(gateway.delete("/api/v1/ingest/units/DB-08-01", root).statusCode()).isEqualTo(200);
    IngestApiTest.assertRefused(nothingWritten(Topics.UNITS, () -> gateway.post("units", communeAdmin,
        unit("DB-08-01", "DB-02", "COMMUNE"))), 403, 0, "parentId", "it may create it only as a root unit");
  }

  @Test
  void ids_are_printable_and_names_are_valid_unicode() {
    IngestApiTest.assertRefused(gateway.delete("/api/v1/ingest/memberships/%20", root), 400, 0, "membershipId",
        "must not be empty");
    IngestApiTest.assertRefused(gateway.delete("/api/v1/ingest/memberships/a%E2%80%8Bb", root), 400, 0,
        "membershipId", "U+200B, which an id may not hold");
    IngestApiTest.assertRefused(nothingWritten(Topics.MEMBERSHIPS, () -> gateway.post("memberships", root,
        Samples.membership("ms/1", "m-slash", "DB-01-03-B1"))), 400, 0, "membershipId", "U+002F, which an id may not hold");
    IngestApiTest.assertRefused(nothingWritten(Topics.UNITS, () -> gateway.post("units", root,
        unit("DB-09", "DB", "DISTRICT").replace("Đơn vị DB-09", "bad \\ud800 name"))), 400, 0, "name",
        "not valid Unicode text");
    HttpResponse<String> vietnamese = gateway.post("memberships", root,
        Samples.membership("hội-viên.001", "m-hv", "DB-01-03-B1"));
    assertThat(vietnamese.statusCode()).as(vietnamese.body()).isEqualTo(200);
  }

  @Test
  void the_owner_index_follows_the_standing_version_of_each_id() {
    IdOwners owners = IdOwners.inMemory();
    List<HouseholdStatus> records = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      records.add(HouseholdStatus.newBuilder().setEventId("ev-" + i).setHouseholdId("h-" + i).setBranchId("B" + (i % 7))
          .setStatus(dev.pulse.avro.PovertyStatus.POOR).setSupportedByUnion(true).setSupports(List.of())
          .setAssessedOn(LocalDate.of(2023, 1, 1)).setRecordedAt(Instant.parse("2023-01-02T00:00:00Z")).build());
    }
    owners.applyClaims(owners.claims(IngestStream.HOUSEHOLD_STATUS, records));
    assertThat(owners.size()).isEqualTo(1_000);
    assertThat(owners.owner(IngestStream.HOUSEHOLD_STATUS, "ev-13").unitId()).isEqualTo("B6");
    // An older version claims nothing; a newer one moves the id.
    HouseholdStatus older = HouseholdStatus.newBuilder(records.get(13)).setBranchId("B0")
        .setRecordedAt(Instant.parse("2023-01-01T00:00:00Z")).build();
    assertThat(owners.claims(IngestStream.HOUSEHOLD_STATUS, List.of(older))).isEmpty();
    HouseholdStatus newer = HouseholdStatus.newBuilder(older).setRecordedAt(Instant.parse("2023-02-01T00:00:00Z")).build();
    owners.applyClaims(owners.claims(IngestStream.HOUSEHOLD_STATUS, List.of(newer)));
    assertThat(owners.owner(IngestStream.HOUSEHOLD_STATUS, "ev-13").unitId()).isEqualTo("B0");
  }
}
