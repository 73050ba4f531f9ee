package dev.pulse.producers.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.server.access.IssuedToken;
import dev.pulse.server.access.Role;
import dev.pulse.avro.Activity;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.Channel;
import dev.pulse.avro.Membership;
import dev.pulse.contract.Topics;
import dev.pulse.server.ingest.IngestSettings;
import dev.pulse.contract.IngestStream;
import dev.pulse.producers.importer.ImportCommand;
import dev.pulse.server.access.TokenCommand;
import dev.pulse.testing.Samples;
import dev.pulse.testing.TestGateway;
import dev.pulse.testing.TestStack;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pulse import} and {@code pulse token} against a real broker, registry and gateway. */
class ImportTest {

  @TempDir static Path dir;
  static TestStack stack;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    stack = TestStack.start(dir);
    gateway = new TestGateway(stack, IngestSettings.defaults());
    IssuedToken root = gateway.token("DB", Role.ADMIN);
    assertThat(gateway.post("units", root, Samples.TREE).statusCode()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) gateway.close();
    if (stack != null) stack.close();
  }

  /** What a command printed, and its exit status. */
  record Run(int exit, String out, String err) {}

  static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static String tokenFromCommand(String unit, String role) {
    Run created = run(new TokenCommand(), "create", "--unit", unit, "--role", role, "--note", "import test",
        "--bootstrap-servers", stack.bootstrapServers());
    assertThat(created.exit()).as(created.err()).isZero();
    Matcher m = Pattern.compile("(pulse_[0-9a-f]{12}\\.[A-Za-z0-9_-]{43})").matcher(created.out());
    assertThat(m.find()).as(created.out()).isTrue();
    return m.group(1);
  }

  static Path write(String name, List<String> lines) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  static String attendanceRow(int i, String mode, String recordedBy, String attendedAt) {
    return "att-csv-" + i + ",act-1,m-csv-" + i + "," + recordedBy + "," + attendedAt + "," + mode
        + ",PRESENT,2023-11-05T10:00:00+07:00";
  }

  @Test
  void a_csv_with_bad_rows_lands_its_good_rows_once_and_lists_the_bad_ones() throws Exception {
    String token = tokenFromCommand("DB-01", "emitter");
    List<String> lines = new ArrayList<>();
    lines.add("attendanceId,activityId,memberId,recordedBy,attendedAt,mode,status,recordedAt");
    for (int i = 2; i <= 40; i++) lines.add(attendanceRow(i, "IN_PERSON", "DB-01-03-B1", "2023-11-05T09:00:00+07:00"));
    lines.set(3 - 1, attendanceRow(3, "BY_PHONE", "DB-01-03-B1", "2023-11-05T09:00:00+07:00"));
    lines.set(5 - 1, attendanceRow(5, "ONLINE", "DB-01-03-B1", "2023-11-05T09:00"));
    lines.set(6 - 1, "att-csv-6,act-1,,DB-01-03,2023-11-05T09:00:00+07:00,ONLINE,PRESENT,2023-11-05T10:00:00+07:00");
    lines.set(7 - 1, "att-csv-7,act-1,m-7,DB-01-03");
    lines.set(8 - 1, attendanceRow(8, "ONLINE", "DB-02-01-B1", "2023-11-05T09:00:00+07:00"));
    lines.add(11, "");
    Path csv = write("attendance.csv", lines);

    Run first = run(new ImportCommand(), "--stream", "attendance", csv.toString(), "--url", gateway.url(),
        "--token", token, "--batch-size", "10", "--no-progress");
    assertThat(first.exit()).as(first.out() + first.err()).isEqualTo(2);
    assertThat(first.out()).contains("Imported 34 of 39 attendance rows").contains("5 rows rejected")
        .contains("attendance.csv.rejects.csv");

    List<String> rejects = Files.readAllLines(csv.resolveSibling("attendance.csv.rejects.csv"));
    assertThat(rejects.get(0)).isEqualTo("row,field,message");
    assertThat(rejects.subList(1, rejects.size())).containsExactly(
        "3,mode,\"'BY_PHONE' is not one of IN_PERSON, ONLINE\"",
        "5,attendedAt,'2023-11-05T09:00' has no time-zone offset; write it like 2023-11-05T09:00:00+07:00",
        "6,memberId,missing; every attendance record needs one",
        "7,,the row has 4 cells but the header names 8 columns; a cell holding a comma must be in double quotes",
        "8,recordedBy,\"DB-02-01-B1 is outside the subtree of DB-01, to which this token is scoped\"");

    Map<String, List<Attendance>> byId = attendanceByCsvId();
    assertThat(byId).hasSize(34).doesNotContainKeys("att-csv-3", "att-csv-5", "att-csv-6", "att-csv-7", "att-csv-8");
    assertThat(byId.values()).allMatch(versions -> versions.size() == 1);

    // The same file again: every record arrives a second time as the same version, which changes no view.
    Run second = run(new ImportCommand(), "--stream", "attendance", csv.toString(), "--url", gateway.url(),
        "--token", token, "--batch-size", "7", "--no-progress");
    assertThat(second.exit()).isEqualTo(2);
    Map<String, List<Attendance>> again = attendanceByCsvId();
    assertThat(again.keySet()).isEqualTo(byId.keySet());
    assertThat(again.values()).allMatch(versions -> Set.copyOf(versions).size() == 1);
    assertThat(Files.readAllLines(csv.resolveSibling("attendance.csv.rejects.csv"))).isEqualTo(rejects);
  }

  private static Map<String, List<Attendance>> attendanceByCsvId() {
    return stack.read(Topics.ATTENDANCE).stream().map(ConsumerRecord::value)
        .filter(a -> a.getAttendanceId().startsWith("att-csv-"))
        .collect(Collectors.groupingBy(Attendance::getAttendanceId));
  }

  @Test
  void ndjson_goes_straight_to_kafka_with_bad_lines_rejected() throws Exception {
    Path file = write("memberships.ndjson", List.of(
        Samples.membership("ms-nd-1", "m-nd-1", "DB-01-03-B1").replace("\n", " "),
        "",
        "{\"membershipId\": \"ms-nd-2\", \"memberId\": \"m-nd-2\", \"branchId\": \"DB-01-03-B1\","
            + " \"joinedOn\": \"2023-05-01\", \"leftOn\": \"2023-04-01\"}",
        "{\"membershipId\": \"ms-nd-3\",",
        Samples.membership("ms-nd-4", "m-nd-4", "DB-02-01-B1").replace("\n", " ")));
    try (Importer importer = Importer.viaKafka(stack.bootstrapServers(), stack.registry, 100)) {
      ImportSummary summary = importer.run(IngestStream.MEMBERSHIPS, file, InputFormat.NDJSON, done -> { });
      assertThat(summary.rows()).isEqualTo(4);
      assertThat(summary.imported()).isEqualTo(2);
      assertThat(summary.rejected()).isEqualTo(2);
    }
    assertThat(Files.readAllLines(file.resolveSibling("memberships.ndjson.rejects.csv"))).containsExactly(
        "row,field,message",
        "3,leftOn,the membership ends (2023-04-01) before it begins (2023-05-01); leftOn must be on or after joinedOn",
        "4,,not valid JSON: Unexpected end-of-input within/between Object entries");
    assertThat(stack.read(Topics.MEMBERSHIPS)).extracting(ConsumerRecord::key).contains("ms-nd-1", "ms-nd-4")
        .doesNotContain("ms-nd-2", "ms-nd-3");
  }

  @Test
  void lists_in_a_csv_are_separated_by_semicolons_and_empty_cells_take_the_default() throws Exception {
    Path csv = write("activities.csv", List.of(
        "activityId,unitId,title,kind,mode,startsAt,channels,campaigns,status,recordedAt",
        "act-csv-1,DB-01-03,\"Họp chi hội, tháng 11\",MEETING,HYBRID,2023-11-05T08:00:00+07:00,ZALO; FACEBOOK,"
            + "5 không 3 sạch;Xây dựng gia đình,HELD,2023-11-05T12:00:00+07:00",
        "act-csv-2,DB-01-03,Tập huấn,TRAINING,IN_PERSON,2023-11-06T08:00:00+07:00,,,HELD,2023-11-06T12:00:00+07:00"));
    // A spreadsheet's UTF-8 export starts with a byte-order mark.
    Files.write(csv, ("\uFEFF" + Files.readString(csv)).getBytes(StandardCharsets.UTF_8));
    try (Importer importer = Importer.viaKafka(stack.bootstrapServers(), stack.registry, 100)) {
      assertThat(importer.run(IngestStream.ACTIVITIES, csv, InputFormat.CSV, done -> { }).imported()).isEqualTo(2);
    }
    Map<String, Activity> byId = stack.read(Topics.ACTIVITIES).stream().map(ConsumerRecord::value)
        .collect(Collectors.toMap(Activity::getActivityId, a -> a, (a, b) -> b));
    assertThat(byId.get("act-csv-1").getChannels()).containsExactly(Channel.ZALO, Channel.FACEBOOK);
    assertThat(byId.get("act-csv-1").getCampaigns()).containsExactly("5 không 3 sạch", "Xây dựng gia đình");
    assertThat(byId.get("act-csv-1").getTitle()).isEqualTo("Họp chi hội, tháng 11");
    assertThat(byId.get("act-csv-2").getChannels()).isEmpty();
    assertThat(csv.resolveSibling("activities.csv.rejects.csv")).doesNotExist();
  }

  @Test
  void units_are_checked_against_the_current_tree_and_the_rows_before_them() throws Exception {
    Path csv = write("units.csv", List.of(
        "unitId,parentId,level,name",
        "DB-02-07,DB-02,COMMUNE,Xã Mới",
        "DB-02-07-B1,DB-02-07,BRANCH,Bản Một",
        "DB-02,DB-02-07-B1,DISTRICT,Tủa Chùa",
        "DB-02-07-B2,DB-02-07,DISTRICT,Bản Hai"));
    Run r = run(new ImportCommand(), "--stream", "units", csv.toString(), "--bootstrap-servers",
        stack.bootstrapServers(), "--schema-registry", stack.registryServer.url(), "--batch-size", "2");
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(Files.readAllLines(csv.resolveSibling("units.csv.rejects.csv"))).containsExactly(
        "row,field,message",
        "4,parentId,putting DB-02 under DB-02-07-B1 would make a loop (DB-02 → DB-02-07-B1 → DB-02-07 → DB-02):"
            + " a unit cannot be its own ancestor",
        "4,level,a DISTRICT cannot sit under BRANCH DB-02-07-B1; the levels run PROVINCE → DISTRICT → COMMUNE → BRANCH",
        "5,level,a DISTRICT cannot sit under COMMUNE DB-02-07; the levels run PROVINCE → DISTRICT → COMMUNE → BRANCH");
    gateway.units.awaitCaughtUp(Duration.ofSeconds(10));
    assertThat(gateway.units.isInSubtree("DB-02-07-B1", "DB")).isTrue();
  }

  @Test
  void a_header_that_does_not_fit_the_stream_stops_the_import_before_any_row() throws Exception {
    Path csv = write("bad-header.csv", List.of("membershipId,fullName,branchId,joinedOn", "ms-h,Lò Thị Hoa,DB-01,2020-01-01"));
    try (Importer importer = Importer.viaKafka(stack.bootstrapServers(), stack.registry, 100)) {
      assertThatThrownBy(() -> importer.run(IngestStream.MEMBERSHIPS, csv, InputFormat.CSV, done -> { }))
          .isInstanceOf(ImportException.class)
          .hasMessageContaining("unknown column(s) [fullName]; missing column(s) [memberId];");
    }
    assertThat(stack.read(Topics.MEMBERSHIPS)).extracting(ConsumerRecord::key).doesNotContain("ms-h");
  }

  @Test
  void a_refused_token_stops_a_gateway_import() throws Exception {
    Path csv = write("refused.csv", List.of("attendanceId,activityId,memberId,recordedBy,attendedAt,mode,status,recordedAt",
        attendanceRow(99, "ONLINE", "DB-01", "2023-11-05T09:00:00+07:00")));
    Run r = run(new ImportCommand(), "--stream", "attendance", csv.toString(), "--url", gateway.url(),
        "--token", "pulse_000000000000." + "A".repeat(43), "--no-progress");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("Import stopped: the gateway refused the token: unknown token");
  }

  @Test
  void tokens_are_listed_without_secrets_and_revoked_by_id() {
    String bearer = tokenFromCommand("DB-02", "admin");
    String id = bearer.substring("pulse_".length(), bearer.indexOf('.'));
    String secret = bearer.substring(bearer.indexOf('.') + 1);

    Run listed = run(new TokenCommand(), "list", "--bootstrap-servers", stack.bootstrapServers());
    assertThat(listed.out()).contains(id).contains("DB-02").contains("admin").doesNotContain(secret);

    assertThat(run(new TokenCommand(), "revoke", id, "--bootstrap-servers", stack.bootstrapServers()).out())
        .startsWith("Revoked token " + id + " (admin of DB-02)");
    assertThat(run(new TokenCommand(), "list", "--bootstrap-servers", stack.bootstrapServers()).out()).doesNotContain(id);
    assertThat(run(new TokenCommand(), "list", "--all", "--bootstrap-servers", stack.bootstrapServers()).out()).contains(id);
    gateway.access.awaitCaughtUp(Duration.ofSeconds(10));
    assertThat(gateway.access.authenticate("Bearer " + bearer)).isEmpty();

    Run unknown = run(new TokenCommand(), "revoke", "ffffffffffff", "--bootstrap-servers", stack.bootstrapServers());
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("there is no token ffffffffffff");
    assertThat(run(new TokenCommand(), "create", "--unit", "DB", "--role", "owner",
        "--bootstrap-servers", stack.bootstrapServers()).err()).contains("--role must be reader, emitter or admin");
  }

  @Test
  void memberships_imported_twice_give_the_same_single_version() throws Exception {
    Path file = write("twice.ndjson", List.of(Samples.membership("ms-tw", "m-tw", "DB-01-03-B1").replace("\n", " ")));
    for (int i = 0; i < 2; i++) {
      try (Importer importer = Importer.viaKafka(stack.bootstrapServers(), stack.registry, 100)) {
        importer.run(IngestStream.MEMBERSHIPS, file, InputFormat.NDJSON, done -> { });
      }
    }
    assertThat(stack.read(Topics.MEMBERSHIPS).stream().filter(r -> r.key().equals("ms-tw")).map(ConsumerRecord::value)
        .map(Membership::toString).distinct()).hasSize(1);
  }
}
