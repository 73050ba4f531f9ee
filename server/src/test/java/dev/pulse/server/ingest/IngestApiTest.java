package dev.pulse.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.server.access.IssuedToken;
import dev.pulse.server.access.Role;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.Membership;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.avro.AttendanceMode;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.testing.Samples;
import dev.pulse.testing.TestGateway;
import dev.pulse.testing.TestStack;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway over a real broker, a real registry and real HTTP: what it takes, what it refuses and why. */
class IngestApiTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final long BODY_LIMIT = 64 * 1024;
  static final int RECORD_LIMIT = 200;

  @TempDir static Path dir;
  static TestStack stack;
  static TestGateway gateway;
  static IssuedToken root;
  static IssuedToken district1;
  static IssuedToken branchOfDistrict2;
  static IssuedToken reader;

  @BeforeAll
  static void start() {
    stack = TestStack.start(dir);
    gateway = new TestGateway(stack, IngestSettings.defaults().withMaxBodyBytes(BODY_LIMIT).withMaxRecords(RECORD_LIMIT));
    root = gateway.token("DB", Role.ADMIN);
    district1 = gateway.token("DB-01", Role.EMITTER);
    branchOfDistrict2 = gateway.token("DB-02-01-B1", Role.EMITTER);
    reader = gateway.token("DB", Role.READER);
    HttpResponse<String> tree = gateway.post("units", root, Samples.TREE);
    assertThat(tree.statusCode()).as(tree.body()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) gateway.close();
    if (stack != null) stack.close();
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  /** The request's answer, after checking that the topic holds the same records before and after it. */
  static HttpResponse<String> nothingWritten(Topic<?> topic, Supplier<HttpResponse<String>> request) {
    return nothingWritten(stack, topic, request);
  }

  /** The request's answer, after checking that the topic holds the same records before and after it. */
  static HttpResponse<String> nothingWritten(TestStack stack, Topic<?> topic, Supplier<HttpResponse<String>> request) {
    List<String> before = stack.readRaw(topic.name()).stream().map(ConsumerRecord::key).toList();
    HttpResponse<String> answer = request.get();
    assertThat(stack.readRaw(topic.name()).stream().map(ConsumerRecord::key).toList())
        .as("records on %s after a request answered %d", topic.name(), answer.statusCode())
        .isEqualTo(before);
    return answer;
  }

  static void assertRefused(HttpResponse<String> r, int status, Integer index, String field, String messagePart) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode errors = json(r).path("errors");
    assertThat(errors.isArray() && errors.size() > 0).as(r.body()).isTrue();
    JsonNode first = errors.get(0);
    assertThat(first.path("index").isNull() ? null : first.path("index").asInt()).as(r.body()).isEqualTo(index);
    assertThat(first.path("field").isNull() ? null : first.path("field").asText()).as(r.body()).isEqualTo(field);
    assertThat(first.path("message").asText()).as(r.body()).contains(messagePart);
  }

  @Test
  void records_come_as_one_object_an_array_or_ndjson_and_are_keyed_as_the_contract_says() {
    HttpResponse<String> one = gateway.post("attendance", district1, Samples.attendance("a-one", "m-one", "DB-01-03-B1"));
    assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
    assertThat(json(one).path("accepted").asInt()).isEqualTo(1);

    HttpResponse<String> array = gateway.post("attendance", district1, "[" + Samples.attendance("a-arr-1", "m-arr-1", "DB-01-03")
        + "," + Samples.attendance("a-arr-2", "m-arr-2", "DB-01") + "]");
    assertThat(json(array).path("accepted").asInt()).as(array.body()).isEqualTo(2);

    String ndjson = Samples.attendance("a-nd-1", "m-nd-1", "DB-01-03-B1").replace("\n", " ") + "\n\n"
        + Samples.attendance("a-nd-2", "m-nd-2", "DB-01-03-B1").replace("\n", " ") + "\n";
    HttpResponse<String> lines = gateway.post("attendance", district1, "application/x-ndjson; charset=utf-8", ndjson);
    assertThat(json(lines).path("accepted").asInt()).as(lines.body()).isEqualTo(2);

    List<ConsumerRecord<String, Attendance>> written = stack.read(Topics.ATTENDANCE);
    assertThat(written).filteredOn(r -> r.value().getAttendanceId().equals("a-nd-2")).singleElement()
        .satisfies(r -> assertThat(r.key()).as("attendance is keyed by memberId").isEqualTo("m-nd-2"));
    assertThat(written).extracting(r -> r.value().getAttendanceId())
        .contains("a-one", "a-arr-1", "a-arr-2", "a-nd-1", "a-nd-2");

    HttpResponse<String> household = gateway.post("household-status", branchOfDistrict2,
        Samples.household("ev-1", "hh-1", "DB-02-01-B1"));
    assertThat(household.statusCode()).as(household.body()).isEqualTo(200);
    assertThat(stack.read(Topics.HOUSEHOLD_STATUS)).singleElement()
        .satisfies(r -> assertThat(r.key()).as("household status is keyed by householdId").isEqualTo("hh-1"));
  }

  @Test
  void malformed_json_is_refused_with_its_position() {
    HttpResponse<String> r = nothingWritten(Topics.ATTENDANCE, () ->
        gateway.post("attendance", district1, "[" + Samples.attendance("x-1", "m", "DB-01") + ",\n {\"attendanceId\": }]"));
    assertRefused(r, 400, null, null, "the body is not valid JSON (line 4, column 19)");
  }

  @Test
  void a_wrong_type_is_refused_naming_the_field() {
    String body = Samples.household("ev-wt", "hh-wt", "DB-02-01-B1").replace("\"supportedByUnion\": true",
        "\"supportedByUnion\": \"yes\"");
    HttpResponse<String> r = nothingWritten(Topics.HOUSEHOLD_STATUS, () -> gateway.post("household-status", branchOfDistrict2, body));
    assertRefused(r, 400, 0, "supportedByUnion", "expected true or false, got text \"yes\"");
  }

  @Test
  void an_unknown_enum_value_is_refused_listing_the_known_ones() {
    String body = Samples.activity("act-enum", "DB-01").replace("\"MEETING\"", "\"PARTY\"");
    HttpResponse<String> r = nothingWritten(Topics.ACTIVITIES, () -> gateway.post("activities", district1, body));
    assertRefused(r, 400, 0, "kind", "'PARTY' is not one of MEETING, TRAINING, CAMPAIGN, VOLUNTEERING, SOCIAL, OTHER");
  }

  @Test
  void a_bad_campaign_name_is_refused_naming_its_position_and_good_ones_are_stored_trimmed() {
    String bad = Samples.activity("act-camp-bad", "DB-01")
        .replace("\"campaigns\": []", "\"campaigns\": [\"5 không 3 sạch\", \"Mái ấm|tình thương\"]");
    HttpResponse<String> r = nothingWritten(Topics.ACTIVITIES, () -> gateway.post("activities", district1, bad));
    assertRefused(r, 400, 0, "campaigns[1]", "holds '|'");

    String good = Samples.activity("act-camp-good", "DB-01")
        .replace("\"campaigns\": []", "\"campaigns\": [\"  5 không 3 sạch \", \"Mái ấm tình thương\"]");
    HttpResponse<String> ok = gateway.post("activities", district1, good);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(stack.read(Topics.ACTIVITIES)).filteredOn(a -> a.key().equals("act-camp-good")).singleElement()
        .satisfies(a -> assertThat(a.value().getCampaigns()).containsExactly("5 không 3 sạch", "Mái ấm tình thương"));
  }

  @Test
  void a_missing_field_is_refused() {
    String body = Samples.membership("ms-miss", "m-miss", "DB-01-03-B1").replace("\"memberId\": \"m-miss\", ", "");
    HttpResponse<String> r = nothingWritten(Topics.MEMBERSHIPS, () -> gateway.post("memberships", district1, body));
    assertRefused(r, 400, 0, "memberId", "missing; every membership needs one");
  }

  @Test
  void a_bad_date_is_refused() {
    String body = Samples.membership("ms-date", "m-date", "DB-01-03-B1").replace("2020-01-15", "15/01/2020");
    HttpResponse<String> r = nothingWritten(Topics.MEMBERSHIPS, () -> gateway.post("memberships", district1, body));
    assertRefused(r, 400, 0, "joinedOn", "'15/01/2020' is not a date; write it as year-month-day like 2023-11-05");
  }

  @Test
  void an_instant_without_offset_is_refused_with_an_example() {
    String body = Samples.attendance("a-tz", "m-tz", "DB-01").replace("2023-11-05T09:00:00+07:00", "2023-11-05T09:00");
    HttpResponse<String> r = nothingWritten(Topics.ATTENDANCE, () -> gateway.post("attendance", district1, body));
    assertRefused(r, 400, 0, "attendedAt",
        "'2023-11-05T09:00' has no time-zone offset; write it like 2023-11-05T09:00:00+07:00");
  }

  @Test
  void one_bad_record_among_many_keeps_all_of_them_out() {
    List<String> records = new ArrayList<>();
    for (int i = 0; i < 80; i++) records.add(Samples.attendance("a-many-" + i, "m-many-" + i, "DB-01-03-B1"));
    records.set(37, records.get(37).replace("\"PRESENT\"", "\"ABSENT\""));
    HttpResponse<String> r = nothingWritten(Topics.ATTENDANCE, () ->
        gateway.post("attendance", district1, "[" + String.join(",", records) + "]"));
    assertRefused(r, 400, 37, "status", "'ABSENT' is not one of PRESENT, RETRACTED");
  }

  @Test
  void a_body_over_the_limit_is_refused_before_it_is_read() {
    String huge = "[" + IntStream.range(0, 400).mapToObj(i -> Samples.attendance("a-big-" + i, "m", "DB-01"))
        .collect(Collectors.joining(",")) + "]";
    assertThat(huge.length()).isGreaterThan((int) BODY_LIMIT);
    HttpResponse<String> r = nothingWritten(Topics.ATTENDANCE, () -> gateway.post("attendance", district1, huge));
    assertRefused(r, 413, null, null, "the body is larger than " + BODY_LIMIT + " bytes");
  }

  @Test
  void more_records_than_the_limit_are_refused() {
    String many = IntStream.range(0, RECORD_LIMIT + 1).mapToObj(i -> "{\"x\":" + i + "}").collect(Collectors.joining("\n"));
    HttpResponse<String> r = nothingWritten(Topics.ATTENDANCE, () ->
        gateway.post("attendance", district1, "application/x-ndjson", many));
    assertRefused(r, 413, null, null, "the body holds more than 200 records, too many for one request; send at most 200");
  }

  @Test
  void another_content_type_is_refused() {
    HttpResponse<String> r = nothingWritten(Topics.ATTENDANCE, () ->
        gateway.post("attendance", district1, "text/csv", "attendanceId,memberId\na,b\n"));
    assertRefused(r, 415, null, null, "send the records as Content-Type application/json or application/x-ndjson, not text/csv");
    HttpResponse<String> latin = gateway.post("attendance", district1, "application/json; charset=ISO-8859-1", "{}");
    assertRefused(latin, 415, null, null, "send the records in UTF-8");
  }

  @Test
  void a_request_without_a_token_is_refused() {
    HttpResponse<String> r = nothingWritten(Topics.ATTENDANCE, () ->
        gateway.post("attendance", null, Samples.attendance("a-anon", "m", "DB-01")));
    assertRefused(r, 401, null, null, "no token: send the header 'Authorization: Bearer <token>'");
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"pulse\"");
  }

  @Test
  void a_revoked_token_is_refused() {
    IssuedToken soonRevoked = gateway.token("DB-01", Role.EMITTER);
    assertThat(gateway.post("attendance", soonRevoked, Samples.attendance("a-rev-1", "m-rev", "DB-01")).statusCode())
        .isEqualTo(200);
    gateway.tokens.revoke(soonRevoked.token().tokenId());
    gateway.access.awaitCaughtUp(Duration.ofSeconds(10));
    HttpResponse<String> r = nothingWritten(Topics.ATTENDANCE, () ->
        gateway.post("attendance", soonRevoked, Samples.attendance("a-rev-2", "m-rev", "DB-01")));
    assertRefused(r, 401, null, null, "token " + soonRevoked.token().tokenId() + " was revoked at");
  }

  @Test
  void a_token_may_send_only_for_its_own_subtree() {
    String body = "[" + Samples.membership("ms-own", "m-own", "DB-01-03-B1") + ","
        + Samples.membership("ms-other", "m-other", "DB-02-01-B1") + "]";
    HttpResponse<String> r = nothingWritten(Topics.MEMBERSHIPS, () -> gateway.post("memberships", district1, body));
    assertRefused(r, 403, 1, "branchId", "DB-02-01-B1 is outside the subtree of DB-01, to which this token is scoped");
    HttpResponse<String> unknown = nothingWritten(Topics.ACTIVITIES, () ->
        gateway.post("activities", district1, Samples.activity("act-nowhere", "DB-09")));
    assertRefused(unknown, 409, 0, "unitId", "DB-09 is a unit Pulse does not know yet; send the unit first");
  }

  @Test
  void units_need_an_admin_token_and_readers_may_not_write() {
    HttpResponse<String> asEmitter = nothingWritten(Topics.UNITS, () -> gateway.post("units", district1,
        "{\"unitId\": \"DB-01-04\", \"parentId\": \"DB-01\", \"level\": \"COMMUNE\", \"name\": \"x\"}"));
    assertRefused(asEmitter, 403, null, null, "units are changed with an admin token; this is an emitter token of DB-01");
    HttpResponse<String> asReader = nothingWritten(Topics.ATTENDANCE, () ->
        gateway.post("attendance", reader, Samples.attendance("a-read", "m", "DB-01")));
    assertRefused(asReader, 403, null, null, "this reader token may only read");
  }

  @Test
  void an_unknown_stream_is_not_found() {
    HttpResponse<String> r = gateway.post("members", district1, "{}");
    assertRefused(r, 404, null, null, "there is no stream 'members'; the streams are units, memberships, activities,"
        + " attendance, household-status");
  }

  @Test
  void a_unit_loop_is_refused() {
    HttpResponse<String> r = nothingWritten(Topics.UNITS, () -> gateway.post("units", root,
        "{\"unitId\": \"DB-01\", \"parentId\": \"DB-01-03-B1\", \"level\": \"DISTRICT\", \"name\": \"Mường Chà\"}"));
    assertRefused(r, 400, 0, "parentId", "putting DB-01 under DB-01-03-B1 would make a loop");
  }

  @Test
  void an_admin_of_a_district_may_change_units_only_below_it() {
    IssuedToken districtAdmin = gateway.token("DB-02", Role.ADMIN);
    HttpResponse<String> below = gateway.post("units", districtAdmin,
        "{\"unitId\": \"DB-02-01-B2\", \"parentId\": \"DB-02-01\", \"level\": \"BRANCH\", \"name\": \"Bản Mới\"}");
    assertThat(below.statusCode()).as(below.body()).isEqualTo(200);
    HttpResponse<String> elsewhere = nothingWritten(Topics.UNITS, () -> gateway.post("units", districtAdmin,
        "{\"unitId\": \"DB-01-03-B9\", \"parentId\": \"DB-01-03\", \"level\": \"BRANCH\", \"name\": \"x\"}"));
    assertRefused(elsewhere, 403, 0, "parentId", "DB-01-03 is outside the subtree of DB-02");
    HttpResponse<String> moveOwn = nothingWritten(Topics.UNITS, () -> gateway.post("units", districtAdmin,
        "{\"unitId\": \"DB-02\", \"parentId\": null, \"level\": \"PROVINCE\", \"name\": \"x\"}"));
    assertThat(moveOwn.statusCode()).as(moveOwn.body()).isIn(400, 403);
  }

  @Test
  void a_unit_written_is_at_once_usable_for_scoped_records() {
    HttpResponse<String> unit = gateway.post("units", root,
        "{\"unitId\": \"DB-01-03-B7\", \"parentId\": \"DB-01-03\", \"level\": \"BRANCH\", \"name\": \"Bản Bảy\"}");
    assertThat(unit.statusCode()).as(unit.body()).isEqualTo(200);
    IssuedToken branch = gateway.token("DB-01-03", Role.EMITTER);
    HttpResponse<String> member = gateway.post("memberships", branch, Samples.membership("ms-b7", "m-b7", "DB-01-03-B7"));
    assertThat(member.statusCode()).as(member.body()).isEqualTo(200);
    assertThat(stack.read(Topics.MEMBERSHIPS)).extracting(ConsumerRecord::key).contains("ms-b7");
  }

  @Test
  void a_unit_is_answered_with_its_parent_and_children() {
    HttpResponse<String> r = gateway.get("/api/v1/units/DB-01", reader);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.path("unit").path("name").asText()).isEqualTo("Mường Chà");
    assertThat(body.path("unit").path("level").asText()).isEqualTo("DISTRICT");
    assertThat(body.path("parent").path("unitId").asText()).isEqualTo("DB");
    assertThat(body.path("parent").path("parentId").isNull()).isTrue();
    assertThat(body.path("children").findValuesAsText("unitId")).startsWith("DB-01-03");

    assertRefused(gateway.get("/api/v1/units/DB-99", reader), 404, null, "unitId", "there is no unit DB-99");
    assertRefused(gateway.get("/api/v1/units/DB-01", null), 401, null, null, "no token");
  }

  @Test
  void an_admin_deletes_units_and_memberships_with_a_null_value() {
    assertThat(gateway.post("units", root,
        "{\"unitId\": \"DB-02-01-B5\", \"parentId\": \"DB-02-01\", \"level\": \"BRANCH\", \"name\": \"x\"}").statusCode())
        .isEqualTo(200);
    HttpResponse<String> asEmitter = nothingWritten(Topics.UNITS, () ->
        gateway.delete("/api/v1/ingest/units/DB-02-01-B5", branchOfDistrict2));
    assertRefused(asEmitter, 403, null, null, "deleting units needs an admin token");

    HttpResponse<String> deleted = gateway.delete("/api/v1/ingest/units/DB-02-01-B5", root);
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    assertThat(json(deleted).path("accepted").asInt()).isEqualTo(1);
    assertThat(gateway.get("/api/v1/units/DB-02-01-B5", reader).statusCode()).isEqualTo(404);
    assertThat(stack.readRaw(Topics.UNITS.name())).filteredOn(r -> r.key().equals("DB-02-01-B5"))
        .last().satisfies(r -> assertThat(r.value()).isNull());

    assertThat(gateway.post("memberships", root, Samples.membership("ms-del", "m-del", "DB-01-03-B1")).statusCode())
        .isEqualTo(200);
    assertThat(gateway.delete("/api/v1/ingest/memberships/ms-del", root).statusCode()).isEqualTo(200);
    List<ConsumerRecord<String, Membership>> memberships = stack.read(Topics.MEMBERSHIPS);
    assertThat(memberships).filteredOn(r -> r.key().equals("ms-del")).last()
        .satisfies(r -> assertThat(r.value()).isNull());

    assertRefused(gateway.delete("/api/v1/ingest/activities/act-1", root), 405, null, null,
        "activities are events and are never deleted");
  }
}
