package dev.pulse.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityKind;
import dev.pulse.avro.ActivityMode;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.CampaignsRow;
import dev.pulse.avro.Channel;
import dev.pulse.avro.Unit;
import dev.pulse.batch.BatchViews;
import dev.pulse.batch.Histories;
import dev.pulse.batch.History;
import dev.pulse.batch.LogRecord;
import dev.pulse.batch.SyntheticProvince;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.replay.export.ExportFormat;
import dev.pulse.replay.export.ExportSchema;
import dev.pulse.streams.DeadLetters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code pulse replay} against a real broker and registry: a small province (with a deleted
 * branch, a moved one, a loop and records in an unknown branch, and activities in two campaigns)
 * sent in log order, a minute of record time per record, then boundary records around a range,
 * dead letters, a record that is not in the wire format, and the campaign rows an engine would
 * publish for the province.
 */
class ReplayExportTest {

  /** Record time of the province's first record; later records follow a second apart. */
  static final long PROVINCE_TIME = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
  static final Instant FROM = Instant.parse("2025-06-01T00:00:00Z");
  static final Instant TO = Instant.parse("2025-06-02T00:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static TestCluster cluster;
  static History province;
  /** Activity id → record time of the boundary activities, all under one key, in this log order. */
  static final Map<String, Long> BOUNDARY = new java.util.LinkedHashMap<>();
  static final byte[] NOT_AVRO = "{\"memberId\":\"m1\"}".getBytes(StandardCharsets.UTF_8);
  static final byte[] UNKNOWN_ID = {0, 0, 0, 9, 99, 1, 2};
  static final String FIVE_NO = "5 không 3 sạch";
  static final String SHELTER = "Mái ấm tình thương";
  /** view.campaigns.v1 as an engine would publish it for the province: the batch recomputation's rows. */
  static Map<String, CampaignsRow> campaignRows;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(dir);
    province = Histories.withCampaigns(SyntheticProvince.generate(SyntheticProvince.Shape.small(), 7),
        ReplayExportTest::campaignsOf);
    List<TestCluster.Sent> records = new ArrayList<>(
        cluster.records(province, (topic, r) -> PROVINCE_TIME + r.logPosition() * 1000));
    campaignRows = BatchViews.compute(province).campaigns();
    campaignRows.forEach((key, row) -> records.add(new TestCluster.Sent(Topics.CAMPAIGNS_VIEW.name(), key,
        cluster.encode(Topics.CAMPAIGNS_VIEW, row), PROVINCE_TIME, null)));

    long from = FROM.toEpochMilli();
    long to = TO.toEpochMilli();
    BOUNDARY.put("b-before-from", from - 1);
    BOUNDARY.put("b-at-from", from);
    BOUNDARY.put("b-after-from", from + 1);
    BOUNDARY.put("b-before-to", to - 1);
    BOUNDARY.put("b-at-to", to);
    BOUNDARY.put("b-after-to", to + 1);
    BOUNDARY.put("b-late-inside", from + 5_000); // after records past --to in the log, still in range
    BOUNDARY.put("b-late-before", from - 5_000); // after from in the log, before it in time
    BOUNDARY.forEach((id, ts) -> records.add(new TestCluster.Sent(Topics.ACTIVITIES.name(), "boundary",
        cluster.encode(Topics.ACTIVITIES, boundaryActivity(id)), ts, null)));

    records.add(new TestCluster.Sent(Topics.ATTENDANCE.name(), "m1", NOT_AVRO, PROVINCE_TIME, null));
    var dl1 = DeadLetters.deadLetter(Topics.ATTENDANCE.name(), 2, 41, "m1".getBytes(StandardCharsets.UTF_8), NOT_AVRO,
        new RecordHeaders(), "expected magic byte 0x00");
    var dl2 = DeadLetters.deadLetter(Topics.ACTIVITIES.name(), 0, 7, new byte[] {(byte) 0xff, 0x01}, UNKNOWN_ID,
        new RecordHeaders(), "schema id 9 is not known");
    records.add(new TestCluster.Sent(Topics.DEAD_LETTERS.name(), dl1.key(), dl1.value(), PROVINCE_TIME, dl1.headers()));
    records.add(new TestCluster.Sent(Topics.DEAD_LETTERS.name(), dl2.key(), dl2.value(), PROVINCE_TIME, dl2.headers()));
    cluster.send(records);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) cluster.close();
  }

  /**
   * The campaigns of a version of a province activity: none while cancelled, so that a correction
   * that cancels an activity also takes it out of its campaigns; else by its number, one in five
   * none, two FIVE_NO (one of them padded with spaces, which the views trim), one SHELTER, one both.
   */
  static List<String> campaignsOf(Activity a) {
    if (a.getStatus() == ActivityStatus.CANCELLED) return List.of();
    return switch (Integer.parseInt(a.getActivityId().substring(1)) % 5) {
      case 0 -> List.of();
      case 1 -> List.of(" " + FIVE_NO + " ");
      case 2 -> List.of(SHELTER);
      case 3 -> List.of(SHELTER, FIVE_NO);
      default -> List.of(FIVE_NO);
    };
  }

  static Activity boundaryActivity(String id) {
    return new Activity(id, "DB", "boundary " + id, ActivityKind.CAMPAIGN, ActivityMode.ONLINE,
        Instant.parse("2025-06-01T01:00:00Z"), List.of(Channel.ZALO, Channel.FANPAGE), List.of("5 no, 3 clean", "x"),
        ActivityStatus.HELD, Instant.parse("2025-06-01T02:00:00Z"));
  }

  @ParameterizedTest
  @EnumSource(ExportFormat.class)
  void everyFormatGivesBackWhatWasProduced(ExportFormat format) throws IOException {
    // Arrays of enums and strings, instants; dates and booleans; a nullable field and a deletion.
    check(format, Topics.ACTIVITIES, produced(province.activities(), boundaryActivities()));
    check(format, Topics.HOUSEHOLD_STATUS, produced(province.households(), List.of()));
    check(format, Topics.UNITS, produced(province.units(), List.of()));
  }

  private <V extends SpecificRecord> void check(ExportFormat format, Topic<V> topic, List<V> expected) throws IOException {
    Path file = dir.resolve(format.name() + "/" + topic.name() + "." + format.extension());
    TestCluster.Run run = export("--topic", topic.name(), "--output", file.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    List<Map<String, Object>> rows = read(format, file, topic.valueSchema());
    assertThat(Rows.sorted(rows)).as("%s as %s", topic.name(), format)
        .isEqualTo(Rows.sorted(expected.stream().map(Rows::of).toList()));
  }

  @Test
  void fromIsInclusiveAndToExclusiveWhateverTheOrderInTheLog() throws IOException {
    Path file = dir.resolve("range.jsonl");
    TestCluster.Run run = export("--topic", Topics.ACTIVITIES.name(), "--from", FROM.toString(), "--to", TO.toString(),
        "--metadata", "--output", file.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    List<Map<String, Object>> rows = Rows.readJsonLines(file);
    assertThat(rows).extracting(r -> r.get("activityId"))
        .containsExactlyInAnyOrder("b-at-from", "b-after-from", "b-before-to", "b-late-inside");
    rows.forEach(r -> assertThat(Instant.parse((String) r.get(ExportSchema.TIMESTAMP)))
        .isBetween(FROM, TO.minusMillis(1)));

    // Consecutive ranges meet without overlap: every boundary record exactly once.
    List<Object> ids = new ArrayList<>();
    Instant[] bounds = {FROM.minusSeconds(60), FROM, TO, TO.plusSeconds(60)};
    for (int i = 0; i < 3; i++) {
      Path part = dir.resolve("part-" + i + ".csv");
      TestCluster.Run r = export("--topic", Topics.ACTIVITIES.name(), "--from", bounds[i].toString(),
          "--to", bounds[i + 1].toString(), "--output", part.toString());
      assertThat(r.exit()).as(r.err()).isZero();
      Rows.readCsv(part, Topics.ACTIVITIES.valueSchema()).forEach(row -> ids.add(row.get("activityId")));
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(BOUNDARY.keySet());
  }

  @Test
  void localDatesBoundRangesAtLocalMidnight() throws IOException {
    // 2025-06-01 in Asia/Ho_Chi_Minh starts at 2025-05-31T17:00Z: the whole boundary day is inside.
    Path file = dir.resolve("local-dates.csv");
    TestCluster.Run run = export("--topic", Topics.ACTIVITIES.name(), "--from", "2025-06-01", "--to", "2025-06-02",
        "--output", file.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(Rows.readCsv(file, Topics.ACTIVITIES.valueSchema())).extracting(r -> r.get("activityId"))
        .containsExactlyInAnyOrder("b-before-from", "b-at-from", "b-after-from", "b-late-inside", "b-late-before");
  }

  @Test
  void aUnitKeepsExactlyItsSubtreeInTheCurrentTree() throws IOException {
    Map<String, Unit> units = standing(province.units());
    for (String root : List.of("DB-01", "DB-02-02")) {
      Set<String> subtree = subtree(units, root);
      Path attendance = dir.resolve("unit-" + root + "-attendance.jsonl");
      TestCluster.Run run = export("--topic", Topics.ATTENDANCE.name(), "--unit", root, "--output", attendance.toString());
      assertThat(run.exit()).as(run.err()).isEqualTo(2); // the record that is not Avro is left out, and said so
      List<Map<String, Object>> expected = produced(province.attendance(), List.of()).stream()
          .filter(a -> subtree.contains(a.getRecordedBy())).map(Rows::of).toList();
      assertThat(expected).isNotEmpty();
      assertThat(Rows.sorted(Rows.readJsonLines(attendance))).as("attendance recorded in %s", root)
          .isEqualTo(Rows.sorted(expected));

      Path memberships = dir.resolve("unit-" + root + "-memberships.parquet");
      run = export("--topic", Topics.MEMBERSHIPS.name(), "--unit", root, "--output", memberships.toString());
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(Rows.sorted(Rows.readParquet(memberships))).as("memberships in %s", root)
          .isEqualTo(Rows.sorted(produced(province.memberships(), List.of()).stream()
              .filter(m -> subtree.contains(m.getBranchId())).map(Rows::of).toList()));
    }
    // The moved branch counts under its new commune only; the deleted one nowhere.
    assertThat(subtree(units, "DB-02-02")).contains("DB-01-01-03");
    assertThat(subtree(units, "DB-01-01")).doesNotContain("DB-01-01-02", "DB-01-01-03");

    TestCluster.Run deleted = export("--topic", Topics.ATTENDANCE.name(), "--unit", "DB-01-01-02",
        "--output", dir.resolve("deleted.csv").toString());
    assertThat(deleted.exit()).isEqualTo(1);
    assertThat(deleted.err()).contains("DB-01-01-02 is not in org.units.v1");
  }

  @Test
  void deletionsAreRowsWithMetadataAndCountedWithout() throws IOException {
    Path plain = dir.resolve("units.csv");
    TestCluster.Run run = export("--topic", Topics.UNITS.name(), "--output", plain.toString());
    assertThat(run.out()).contains("Null values are deletions");
    long deletions = province.units().stream().filter(r -> r.value() == null).count();
    assertThat(deletions).isPositive();

    Path withMetadata = dir.resolve("units-metadata.jsonl");
    run = export("--topic", Topics.UNITS.name(), "--metadata", "--output", withMetadata.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    List<Map<String, Object>> rows = Rows.readJsonLines(withMetadata);
    assertThat(rows).hasSize(province.units().size());
    assertThat(rows).filteredOn(r -> r.get("unitId") == null).hasSize((int) deletions)
        .allSatisfy(r -> assertThat(r.get(ExportSchema.KEY)).isNotNull());
    // Offsets per partition: each once, no gap.
    Map<Object, List<Long>> offsets = new HashMap<>();
    rows.forEach(r -> offsets.computeIfAbsent(r.get(ExportSchema.PARTITION), k -> new ArrayList<>())
        .add(Long.parseLong((String) r.get(ExportSchema.OFFSET))));
    offsets.values().forEach(o -> assertThat(o).doesNotHaveDuplicates()
        .hasSize((int) (o.stream().mapToLong(Long::longValue).max().orElseThrow() + 1)));
  }

  @Test
  void recordsThatCannotBeReadAreLeftOutAndReportedOrStopAStrictExport() throws IOException {
    Path file = dir.resolve("attendance.avro");
    TestCluster.Run run = export("--topic", Topics.ATTENDANCE.name(), "--output", file.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("Left out: branch.attendance.v1[").contains("Confluent wire format");
    assertThat(run.out()).contains("1 records could not be read");
    assertThat(Rows.sorted(Rows.readAvro(file)))
        .isEqualTo(Rows.sorted(produced(province.attendance(), List.of()).stream().map(Rows::of).toList()));

    Path strict = dir.resolve("strict.avro");
    TestCluster.Run stopped = export("--topic", Topics.ATTENDANCE.name(), "--strict", "--output", strict.toString());
    assertThat(stopped.exit()).isEqualTo(1);
    assertThat(stopped.err()).contains("Export stopped: branch.attendance.v1[");
    assertThat(strict).doesNotExist();
    assertThat(dir.resolve("strict.avro.part")).doesNotExist();
  }

  @Test
  void deadLettersComeOutAsTheirBytesInBase64WithTheirHeaders() throws IOException {
    for (ExportFormat format : List.of(ExportFormat.CSV, ExportFormat.AVRO)) {
      Path file = dir.resolve("dead-letters." + format.extension());
      TestCluster.Run run = export("--topic", Topics.DEAD_LETTERS.name(), "--output", file.toString());
      assertThat(run.exit()).as(run.err()).isZero();
      List<Map<String, Object>> rows = format == ExportFormat.CSV
          ? Rows.readCsv(file, ExportSchema.DEAD_LETTER) : Rows.readAvro(file);
      assertThat(rows).hasSize(2);
      Map<String, Object> fromAttendance = rows.stream().filter(r -> "m1".equals(r.get("key"))).findFirst().orElseThrow();
      assertThat(Base64.getDecoder().decode((String) fromAttendance.get("value"))).isEqualTo(NOT_AVRO);
      @SuppressWarnings("unchecked")
      Map<String, Object> headers = (Map<String, Object>) fromAttendance.get("headers");
      assertThat(headers).containsEntry(Topics.DeadLetterHeaders.TOPIC, Topics.ATTENDANCE.name())
          .containsEntry(Topics.DeadLetterHeaders.PARTITION, "2")
          .containsEntry(Topics.DeadLetterHeaders.OFFSET, "41")
          .containsEntry(Topics.DeadLetterHeaders.ERROR, "expected magic byte 0x00")
          .containsKey(Topics.DeadLetterHeaders.TIMESTAMP);
      Map<String, Object> fromActivities = rows.stream().filter(r -> r != fromAttendance).findFirst().orElseThrow();
      assertThat(fromActivities.get("key")).isEqualTo("base64:" + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, 1}));
      assertThat(Base64.getDecoder().decode((String) fromActivities.get("value"))).isEqualTo(UNKNOWN_ID);
    }
  }

  @Test
  void csvAndJsonLinesGoToStandardOutput() throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stdout = System.out;
    TestCluster.Run run;
    System.setOut(new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      run = export("--topic", Topics.ACTIVITIES.name(), "--from", FROM.toString(), "--to", TO.toString(),
          "--format", "jsonl", "--output", "-");
    } finally {
      System.setOut(stdout);
    }
    assertThat(run.exit()).as(run.err()).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) lines.add(JSON.readTree(line));
    assertThat(lines).hasSize(4).allSatisfy(l -> assertThat(l.get("channels").toString()).isEqualTo("[\"ZALO\",\"FANPAGE\"]"));
    assertThat(run.err()).contains("Exported 4 rows"); // the summary keeps out of the data
  }

  @Test
  void aCampaignKeepsEveryVersionOfItsActivitiesAndTheAttendanceAtThem() throws IOException {
    Map<String, Activity> standing = standingActivities(province.activities());
    Set<String> fiveNo = activitiesListing(standing, Set.of(FIVE_NO));
    Set<String> either = activitiesListing(standing, Set.of(FIVE_NO, SHELTER));

    Path activities = dir.resolve("campaign-activities.jsonl");
    TestCluster.Run run = export("--topic", Topics.ACTIVITIES.name(), "--campaign", "  " + FIVE_NO,
        "--output", activities.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    List<Activity> expected = produced(province.activities(), List.of()).stream()
        .filter(a -> fiveNo.contains(a.getActivityId())).toList();
    assertThat(Rows.sorted(Rows.readJsonLines(activities)))
        .isEqualTo(Rows.sorted(expected.stream().map(Rows::of).toList()));
    // The standing version decides, for all the versions of an activity: one cancelled after the fact
    // (and so taken out of the campaign) goes with all its versions, one that stands in it comes with
    // its versions that did not list it.
    assertThat(expected).anySatisfy(a -> assertThat(a.getCampaigns()).isEmpty());
    assertThat(produced(province.activities(), List.of())).anySatisfy(a -> {
      assertThat(a.getCampaigns().stream().map(String::strip)).contains(FIVE_NO);
      assertThat(fiveNo).doesNotContain(a.getActivityId());
    });
    assertThat(run.out()).contains("of the campaign '" + FIVE_NO + "'");

    // Attendance at the activities of either campaign, whoever recorded it.
    Path attendance = dir.resolve("campaign-attendance.avro");
    run = export("--topic", Topics.ATTENDANCE.name(), "--campaign", FIVE_NO, "--campaign", SHELTER,
        "--output", attendance.toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(2); // the record that is not Avro is left out, and said so
    List<Map<String, Object>> attended = produced(province.attendance(), List.of()).stream()
        .filter(a -> either.contains(a.getActivityId())).map(Rows::of).toList();
    assertThat(attended).isNotEmpty().hasSizeLessThan(province.attendance().size());
    assertThat(Rows.sorted(Rows.readAvro(attendance))).isEqualTo(Rows.sorted(attended));
    assertThat(run.out()).contains("of the campaigns '" + FIVE_NO + "', '" + SHELTER + "'");
  }

  @Test
  void aCampaignGoesWithAUnitAndSelectsItsRowsOfTheCampaignsView() throws IOException {
    Set<String> subtree = subtree(standing(province.units()), "DB-01");
    Set<String> fiveNo = activitiesListing(standingActivities(province.activities()), Set.of(FIVE_NO));

    Path attendance = dir.resolve("campaign-unit-attendance.csv");
    TestCluster.Run run = export("--topic", Topics.ATTENDANCE.name(), "--unit", "DB-01", "--campaign", FIVE_NO,
        "--output", attendance.toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    List<Attendance> all = produced(province.attendance(), List.of());
    List<Map<String, Object>> expected = all.stream()
        .filter(a -> subtree.contains(a.getRecordedBy()) && fiveNo.contains(a.getActivityId())).map(Rows::of).toList();
    assertThat(expected).isNotEmpty()
        .hasSizeLessThan((int) all.stream().filter(a -> subtree.contains(a.getRecordedBy())).count())
        .hasSizeLessThan((int) all.stream().filter(a -> fiveNo.contains(a.getActivityId())).count());
    assertThat(Rows.sorted(Rows.readCsv(attendance, Topics.ATTENDANCE.valueSchema()))).isEqualTo(Rows.sorted(expected));

    Path rows = dir.resolve("campaign-unit-view.csv");
    run = export("--topic", Topics.CAMPAIGNS_VIEW.name(), "--unit", "DB-01", "--campaign", SHELTER,
        "--output", rows.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    List<Map<String, Object>> shelterRows = campaignRows.values().stream()
        .filter(r -> r.getCampaign().equals(SHELTER) && subtree.contains(r.getUnitId())).map(Rows::of).toList();
    assertThat(shelterRows).isNotEmpty();
    assertThat(Rows.sorted(Rows.readCsv(rows, Topics.CAMPAIGNS_VIEW.valueSchema()))).isEqualTo(Rows.sorted(shelterRows));
  }

  @Test
  void aCampaignThatIsNoCampaignNameOrNoActivityListsIsAnErrorNamingTheOption() {
    TestCluster.Run bar = export("--topic", Topics.ACTIVITIES.name(), "--campaign", "5 không | 3 sạch",
        "--output", dir.resolve("bar.csv").toString());
    assertThat(bar.exit()).isEqualTo(2);
    assertThat(bar.err()).contains("--campaign: the campaign name '5 không | 3 sạch' holds '|'");

    TestCluster.Run empty = export("--topic", Topics.ACTIVITIES.name(), "--campaign", " ",
        "--output", dir.resolve("empty.csv").toString());
    assertThat(empty.exit()).isEqualTo(2);
    assertThat(empty.err()).contains("--campaign: a campaign name must not be empty");

    TestCluster.Run units = export("--topic", Topics.UNITS.name(), "--campaign", FIVE_NO,
        "--output", dir.resolve("units-of-a-campaign.csv").toString());
    assertThat(units.exit()).isEqualTo(2);
    assertThat(units.err()).contains("--campaign works on branch.activities.v1, branch.attendance.v1,"
        + " view.campaigns.v1, not on org.units.v1");

    TestCluster.Run unknown = export("--topic", Topics.ATTENDANCE.name(), "--campaign", "5 khong 3 sach",
        "--output", dir.resolve("unknown.csv").toString());
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("--campaign '5 khong 3 sach': no activity in branch.activities.v1 lists this"
        + " campaign now (names match exactly, once trimmed); did you mean '" + FIVE_NO + "'?");
    assertThat(dir.resolve("unknown.csv")).doesNotExist();
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private static TestCluster.Run export(String... args) {
    List<String> all = new ArrayList<>(List.of(cluster.clusterOptions()));
    all.add("--no-progress");
    all.addAll(List.of(args));
    return TestCluster.run(new ReplayCommand(), all.toArray(String[]::new));
  }

  private static List<Map<String, Object>> read(ExportFormat format, Path file, Schema schema) throws IOException {
    return switch (format) {
      case CSV -> Rows.readCsv(file, schema);
      case JSONL -> Rows.readJsonLines(file);
      case AVRO -> Rows.readAvro(file);
      case PARQUET -> Rows.readParquet(file);
    };
  }

  /** Every non-null value produced, as sent (duplicates and corrections included), plus extra ones. */
  private static <V> List<V> produced(List<LogRecord<V>> records, List<V> more) {
    List<V> out = new ArrayList<>();
    records.stream().map(LogRecord::value).filter(v -> v != null).forEach(out::add);
    out.addAll(more);
    return out;
  }

  private static List<Activity> boundaryActivities() {
    return BOUNDARY.keySet().stream().map(ReplayExportTest::boundaryActivity).toList();
  }

  /** Each activity's standing version (SPEC.md §2): the latest recordedAt, then the later in the log. */
  static Map<String, Activity> standingActivities(List<LogRecord<Activity>> log) {
    Map<String, LogRecord<Activity>> standing = new HashMap<>();
    for (LogRecord<Activity> r : log) {
      standing.merge(r.value().getActivityId(), r, (before, now) -> {
        int order = now.value().getRecordedAt().compareTo(before.value().getRecordedAt());
        return order > 0 || (order == 0 && now.logPosition() > before.logPosition()) ? now : before;
      });
    }
    Map<String, Activity> out = new HashMap<>();
    standing.forEach((id, r) -> out.put(id, r.value()));
    return out;
  }

  /** The activities whose standing version lists one of the campaigns, trimmed. */
  static Set<String> activitiesListing(Map<String, Activity> standing, Set<String> campaigns) {
    Set<String> out = new HashSet<>();
    standing.forEach((id, a) -> {
      if (a.getCampaigns().stream().anyMatch(c -> campaigns.contains(c.strip()))) out.add(id);
    });
    return out;
  }

  /** The units standing now: the last version per key, none after a deletion. */
  static Map<String, Unit> standing(List<LogRecord<Unit>> log) {
    Map<String, Unit> units = new HashMap<>();
    for (LogRecord<Unit> r : log) {
      if (r.value() == null) units.remove(r.key());
      else units.put(r.key(), r.value());
    }
    return units;
  }

  /**
   * Units whose chain reaches the root: the chain of a unit follows existing parents; if it meets a
   * unit twice, the unit's chain is the unit alone (SPEC.md §2).
   */
  static Set<String> subtree(Map<String, Unit> units, String root) {
    Set<String> out = new HashSet<>();
    for (String id : units.keySet()) {
      List<String> chain = new ArrayList<>();
      boolean loops = false;
      for (String at = id; at != null && units.containsKey(at); at = units.get(at).getParentId()) {
        if (chain.contains(at)) {
          loops = true;
          break;
        }
        chain.add(at);
      }
      if (loops ? id.equals(root) : chain.contains(root)) out.add(id);
    }
    return out;
  }
}
