package dev.pulse.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.PovertyStatus;
import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import dev.pulse.avro.CampaignsRow;
import dev.pulse.batch.BatchViews;
import dev.pulse.batch.Histories;
import dev.pulse.batch.History;
import dev.pulse.batch.LogRecord;
import dev.pulse.batch.SyntheticProvince;
import dev.pulse.contract.Period;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.replay.rebuild.ViewTable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pulse rebuild --as-of} equals the batch recomputation over the records up to the instant,
 * the expected history filtered here by the rule: events by recordedAt, units and memberships by
 * the Kafka timestamp of their record, both inclusive.
 */
class RebuildAsOfTest {

  /** Units and memberships are sent a day apart from here, so that the instant falls among the memberships. */
  static final Instant REFERENCE_START = Instant.parse("2023-01-01T00:00:00Z");
  static final Instant AS_OF = Instant.parse("2023-06-30T23:59:59+07:00");

  @TempDir static Path dir;
  static TestCluster cluster;
  static History everything;
  static History upToAsOf;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(dir);
    History province = Histories.withCampaigns(SyntheticProvince.generate(SyntheticProvince.Shape.small(), 11),
        ReplayExportTest::campaignsOf);
    Map<Object, Long> timestamps = new java.util.IdentityHashMap<>();
    TestCluster.TimestampOf timestampOf = (topic, r) -> timestamps.computeIfAbsent(r, k -> timestamp(topic, r));

    // At the edge: a branch created at the instant (in), a unit moved and a later assessment just after it (out),
    // an assessment recorded at the instant (in).
    long next = province.households().size() + province.attendance().size() + 100_000;
    List<LogRecord<Unit>> units = new ArrayList<>(province.units());
    LogRecord<Unit> atAsOf = new LogRecord<>("DB-01-01-09", new Unit("DB-01-01-09", "DB-01-01", UnitLevel.BRANCH, "new"), next++);
    LogRecord<Unit> afterAsOf = new LogRecord<>("DB-01", new Unit("DB-01", null, UnitLevel.DISTRICT, "cut off"), next++);
    units.add(atAsOf);
    units.add(afterAsOf);
    timestamps.put(atAsOf, AS_OF.toEpochMilli());
    timestamps.put(afterAsOf, AS_OF.toEpochMilli() + 1);
    List<LogRecord<HouseholdStatus>> households = new ArrayList<>(province.households());
    // Keyed by householdId, as the topic is: a record keyed otherwise is a dead letter.
    households.add(new LogRecord<>("h-edge", assessment("edge-1", AS_OF), next++));
    households.add(new LogRecord<>("h-edge", assessment("edge-2", AS_OF.plusMillis(1)), next++));
    everything = new History(units, province.memberships(), province.activities(), province.attendance(), households);

    cluster.send(cluster.records(everything, timestampOf));
    long cut = AS_OF.toEpochMilli();
    upToAsOf = new History(
        keep(everything.units(), r -> timestamps.get(r) <= cut),
        keep(everything.memberships(), r -> timestamps.get(r) <= cut),
        keep(everything.activities(), r -> !r.value().getRecordedAt().isAfter(AS_OF)),
        keep(everything.attendance(), r -> !r.value().getRecordedAt().isAfter(AS_OF)),
        keep(everything.households(), r -> !r.value().getRecordedAt().isAfter(AS_OF)));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) cluster.close();
  }

  /** Record time: recordedAt for events (when the branch recorded them); a day per log position for reference data. */
  private static long timestamp(Topic<?> topic, LogRecord<?> r) {
    if (r.value() instanceof dev.pulse.avro.Activity a) return a.getRecordedAt().toEpochMilli();
    if (r.value() instanceof dev.pulse.avro.Attendance a) return a.getRecordedAt().toEpochMilli();
    if (r.value() instanceof HouseholdStatus h) return h.getRecordedAt().toEpochMilli();
    return REFERENCE_START.plus(Duration.ofDays(r.logPosition())).toEpochMilli();
  }

  private static HouseholdStatus assessment(String eventId, Instant recordedAt) {
    return new HouseholdStatus(eventId, "h-edge", "DB-01-01-01", PovertyStatus.POOR, true, List.of(),
        LocalDate.of(2023, 6, 1), recordedAt);
  }

  private static <V> List<LogRecord<V>> keep(List<LogRecord<V>> log, Predicate<LogRecord<V>> p) {
    return log.stream().filter(p).toList();
  }

  @Test
  void theTablesAreTheBatchRecomputationOfTheRecordsUpToTheInstant() throws IOException {
    BatchViews expected = BatchViews.compute(upToAsOf);
    // The instant matters: the whole history gives other figures, and the edge records fall on their sides.
    assertThat(figures(expected.poverty())).isNotEqualTo(figures(BatchViews.compute(everything).poverty()));
    assertThat(upToAsOf.memberships().size()).isBetween(1, everything.memberships().size() - 1);
    assertThat(upToAsOf.units()).extracting(LogRecord::key).contains("DB-01-01-09");
    assertThat(upToAsOf.households()).extracting(r -> r.value().getEventId()).contains("edge-1").doesNotContain("edge-2");

    Path out = dir.resolve("tables");
    TestCluster.Run run = rebuild("--as-of", "2023-06-30T23:59:59+07:00", "--output", out.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("Wrote " + out.resolve("poverty.csv"));

    assertThat(csv(out, ViewTable.PARTICIPATION)).isEqualTo(figures(expected.participation()));
    assertThat(csv(out, ViewTable.POVERTY)).isEqualTo(figures(expected.poverty()));
    assertThat(csv(out, ViewTable.ACTIVITIES)).isEqualTo(figures(expected.activities()));
    assertThat(csv(out, ViewTable.CAMPAIGNS)).isEqualTo(figures(expected.campaigns()));
    assertThat(expected.participation()).hasSizeGreaterThan(50);
    assertThat(expected.campaigns()).hasSizeGreaterThan(50);
  }

  @Test
  void aUnitAndItsChildrenPrintAsATable() {
    BatchViews expected = BatchViews.compute(upToAsOf);
    TestCluster.Run run = rebuild("--as-of", "2023-06-30T23:59:59+07:00", "--view", "poverty", "--unit", "DB",
        "--period", "2023");
    assertThat(run.exit()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("poverty of DB (unit DB) and its children in 2023"));
    String header = lines.stream().filter(l -> l.startsWith("unitId")).findFirst().orElseThrow();
    assertThat(header.split("\\s+")).containsExactly("unitId", "name", "supportedHouseholds", "exitedHouseholds",
        "exitedPoverty", "exitedNearPoverty", "relapsedHouseholds", "poorAtYearEnd", "nearPoorAtYearEnd");
    // The province, then each district as it stood then (DB-01 was cut off only after the instant).
    for (String unit : List.of("DB", "DB-01", "DB-02")) {
      var row = expected.poverty(unit, 2023);
      String line = lines.stream().filter(l -> l.startsWith(unit + " ")).findFirst().orElseThrow();
      String[] cells = line.trim().split("\\s+");
      assertThat(List.of(cells).subList(cells.length - 7, cells.length)).as(unit).containsExactly(
          n(row.getSupportedHouseholds()), n(row.getExitedHouseholds()), n(row.getExitedPoverty()),
          n(row.getExitedNearPoverty()), n(row.getRelapsedHouseholds()), n(row.getPoorAtYearEnd()),
          n(row.getNearPoorAtYearEnd()));
    }
    assertThat(expected.poverty("DB", 2023).getSupportedHouseholds()).isPositive();

    TestCluster.Run quarter = rebuild("--as-of", AS_OF.toString(), "--view", "poverty", "--unit", "DB", "--period", "2023-Q1");
    assertThat(quarter.exit()).isEqualTo(2);
    assertThat(quarter.err()).contains("poverty is yearly");
  }

  @Test
  void aUnitsCampaignsPrintAsATableInTheOrderOfTheApi() {
    List<CampaignsRow> expected = BatchViews.compute(upToAsOf).campaigns("DB", Period.year(2023));
    assertThat(expected).extracting(CampaignsRow::getCampaign)
        .containsExactlyInAnyOrder(ReplayExportTest.FIVE_NO, ReplayExportTest.SHELTER);

    TestCluster.Run run = rebuild("--as-of", "2023-06-30T23:59:59+07:00", "--view", "campaigns", "--unit", "DB",
        "--period", "2023");
    assertThat(run.exit()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    int title = lines.indexOf("campaigns of DB (unit DB) in 2023, as of 2023-06-30T16:59:59Z:");
    assertThat(title).as(run.out()).isNotNegative();
    assertThat(lines.get(title + 1).split("\\s+"))
        .containsExactly("campaign", "held", "attendances", "participants", "branches", "branchesHolding");
    // By held, then participants, both descending: the order of GET /api/v1/campaigns/DB/2023.
    for (int i = 0; i < expected.size(); i++) {
      CampaignsRow row = expected.get(i);
      String line = lines.get(title + 3 + i);
      assertThat(line).startsWith(row.getCampaign() + " ");
      String[] cells = line.trim().split("\\s+");
      assertThat(List.of(cells).subList(cells.length - 5, cells.length)).as(row.getCampaign()).containsExactly(
          n(row.getHeld()), n(row.getAttendances()), n(row.getParticipants()), n(row.getBranches()),
          n(row.getBranchesHolding()));
    }
    assertThat(expected.get(0).getHeld()).isPositive();

    TestCluster.Run none = rebuild("--as-of", "2023-06-30T23:59:59+07:00", "--view", "campaigns", "--unit", "DB",
        "--period", "2022");
    assertThat(none.exit()).as(none.err()).isZero();
    assertThat(none.out()).contains("campaigns of DB (unit DB) in 2022, as of 2023-06-30T16:59:59Z: none held or"
        + " attended there.");
  }

  @Test
  void oneCampaignPrintsForTheUnitAndEachChildAsTheDrillDownShowsIt() {
    BatchViews expected = BatchViews.compute(upToAsOf);
    Period year = Period.year(2023);
    TestCluster.Run run = rebuild("--as-of", "2023-06-30T23:59:59+07:00", "--view", "campaigns", "--unit", "DB",
        "--period", "2023", "--campaign", "  " + ReplayExportTest.FIVE_NO + " ");
    assertThat(run.exit()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    int title = lines.indexOf("campaign '" + ReplayExportTest.FIVE_NO
        + "' in DB (unit DB) and its children in 2023, as of 2023-06-30T16:59:59Z:");
    assertThat(title).as(run.out()).isNotNegative();
    assertThat(lines.get(title + 1).split("\\s+"))
        .containsExactly("unitId", "name", "held", "attendances", "participants", "branches", "branchesHolding");
    Map<String, Unit> standing = new TreeMap<>();
    for (LogRecord<Unit> r : upToAsOf.units()) {
      if (r.value() == null) standing.remove(r.key());
      else standing.put(r.key(), r.value());
    }
    List<String> units = new ArrayList<>(List.of("DB"));
    standing.values().stream().filter(u -> "DB".equals(String.valueOf(u.getParentId())))
        .map(u -> u.getUnitId().toString()).sorted().forEach(units::add);
    assertThat(units).as("DB and its districts").hasSizeGreaterThan(1);
    List<String> rows = lines.subList(title + 3, lines.size()).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("-")).toList();
    assertThat(rows).hasSize(units.size());
    for (int i = 0; i < units.size(); i++) {
      CampaignsRow row = expected.campaigns(units.get(i), year, ReplayExportTest.FIVE_NO);
      String[] cells = rows.get(i).trim().split("\\s+");
      assertThat(cells[0]).isEqualTo(units.get(i));
      assertThat(List.of(cells).subList(cells.length - 5, cells.length)).as(units.get(i)).containsExactly(
          n(row.getHeld()), n(row.getAttendances()), n(row.getParticipants()), n(row.getBranches()),
          n(row.getBranchesHolding()));
    }
    assertThat(expected.campaigns("DB", year, ReplayExportTest.FIVE_NO).getHeld()).isPositive();

    TestCluster.Run unknown = rebuild("--as-of", "2023-06-30T23:59:59+07:00", "--view", "campaigns", "--unit", "DB",
        "--period", "2023", "--campaign", "Chiến dịch chưa có");
    assertThat(unknown.exit()).as(unknown.err()).isZero();
    assertThat(unknown.out()).contains("campaign 'Chiến dịch chưa có' in DB (unit DB) and its children in 2023, as of"
        + " 2023-06-30T16:59:59Z: no activity recorded by then lists it.");

    TestCluster.Run alone = rebuild("--as-of", "2023-06-30T23:59:59+07:00", "--campaign", "x", "--output",
        dir.resolve("unused").toString());
    assertThat(alone.exit()).isEqualTo(2);
    assertThat(alone.err()).contains("--campaign goes with --unit and --period");
    TestCluster.Run bad = rebuild("--as-of", "2023-06-30T23:59:59+07:00", "--unit", "DB", "--period", "2023",
        "--campaign", "a|b");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--campaign: ");
  }

  private static String n(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static TestCluster.Run rebuild(String... args) {
    List<String> all = new ArrayList<>(List.of(cluster.clusterOptions()));
    all.addAll(List.of(args));
    return TestCluster.run(new RebuildCommand(), all.toArray(String[]::new));
  }

  /** Rows by key with every figure, updatedAt left out. */
  private static Map<String, Map<String, Object>> figures(Map<String, ? extends SpecificRecord> rows) {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    rows.forEach((k, r) -> {
      Map<String, Object> row = Rows.of(r);
      row.remove("updatedAt");
      out.put(k, row);
    });
    return out;
  }

  private static Map<String, Map<String, Object>> csv(Path dir, ViewTable table) throws IOException {
    Function<Map<String, Object>, String> key = r -> r.get("unitId") + "|" + (r.containsKey("year") ? r.get("year")
        : r.get("period")) + (r.containsKey("campaign") ? "|" + r.get("campaign") : "");
    Map<String, Map<String, Object>> out = new TreeMap<>();
    for (Map<String, Object> r : Rows.readCsv(dir.resolve(table.label() + ".csv"), table.schema())) {
      assertThat(out.put(key.apply(r), r)).as("row %s twice", key.apply(r)).isNull();
    }
    return out;
  }
}
