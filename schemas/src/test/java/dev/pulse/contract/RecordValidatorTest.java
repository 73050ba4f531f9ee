package dev.pulse.contract;

import dev.pulse.kafka.UnitDirectory;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityKind;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.Channel;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.Membership;
import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordValidatorTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final List<Unit> TREE = List.of(
      unit("DB", null, UnitLevel.PROVINCE),
      unit("DB-01", "DB", UnitLevel.DISTRICT),
      unit("DB-01-03", "DB-01", UnitLevel.COMMUNE),
      unit("DB-01-03-B1", "DB-01-03", UnitLevel.BRANCH));
  final RecordValidator validator = new RecordValidator(UnitDirectory.of(TREE));

  static Unit unit(String id, String parent, UnitLevel level) {
    return new Unit(id, parent, level, "Unit " + id);
  }

  static ObjectNode attendance() {
    return (ObjectNode) parse("""
        {"attendanceId": "att-1", "activityId": "act-1", "memberId": "m-1", "recordedBy": "DB-01-03-B1",
         "attendedAt": "2023-11-05T09:00:00+07:00", "mode": "IN_PERSON", "status": "PRESENT",
         "recordedAt": "2023-11-05T10:00:00Z"}""");
  }

  static ObjectNode activity() {
    return (ObjectNode) parse("""
        {"activityId": "act-1", "unitId": "DB-01-03", "title": "Monthly meeting", "kind": "MEETING",
         "mode": "HYBRID", "startsAt": "2023-11-05T08:00:00+07:00", "channels": ["ZALO", "FANPAGE"],
         "campaigns": ["5 no, 3 clean"], "status": "HELD", "recordedAt": "2023-11-05T12:00:00+07:00"}""");
  }

  static ObjectNode membership() {
    return (ObjectNode) parse("""
        {"membershipId": "ms-1", "memberId": "m-1", "branchId": "DB-01-03-B1", "joinedOn": "2020-01-15"}""");
  }

  static ObjectNode household() {
    return (ObjectNode) parse("""
        {"eventId": "ev-1", "householdId": "h-1", "branchId": "DB-01-03-B1", "status": "NEAR_POOR",
         "supportedByUnion": true, "supports": ["LOAN", "ADVICE"], "assessedOn": "2023-06-30",
         "recordedAt": "2023-07-01T08:00:00+07:00"}""");
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  <V extends org.apache.avro.specific.SpecificRecord> List<Problem> problems(IngestStream<V> stream, JsonNode... json) {
    return validator.validate(stream, List.of(json)).problems();
  }

  @Test
  void a_valid_record_of_each_stream_becomes_its_avro_record() {
    Attendance a = validator.validate(IngestStream.ATTENDANCE, List.of(attendance())).records().get(0);
    assertThat(a.getAttendedAt()).isEqualTo(Instant.parse("2023-11-05T02:00:00Z"));
    assertThat(IngestStream.ATTENDANCE.keyOf(a)).isEqualTo("m-1");

    Activity act = validator.validate(IngestStream.ACTIVITIES, List.of(activity())).records().get(0);
    assertThat(act.getKind()).isEqualTo(ActivityKind.MEETING);
    assertThat(act.getChannels()).containsExactly(Channel.ZALO, Channel.FANPAGE);

    Membership m = validator.validate(IngestStream.MEMBERSHIPS, List.of(membership())).records().get(0);
    assertThat(m.getJoinedOn()).isEqualTo(LocalDate.of(2020, 1, 15));
    assertThat(m.getLeftOn()).as("leftOn may be left out: null while a member").isNull();

    HouseholdStatus h = validator.validate(IngestStream.HOUSEHOLD_STATUS, List.of(household())).records().get(0);
    assertThat(IngestStream.HOUSEHOLD_STATUS.keyOf(h)).isEqualTo("h-1");

    RecordValidator.Validated<Unit> u = validator.validate(IngestStream.UNITS, List.of(parse(
        "{\"unitId\": \"DB-01-03-B2\", \"parentId\": \"DB-01-03\", \"level\": \"BRANCH\", \"name\": \"Bản Mường\"}")));
    assertThat(u.ok()).isTrue();
    assertThat(u.records().get(0).getName()).isEqualTo("Bản Mường");
  }

  @Test
  void arrays_may_be_left_out_and_are_then_empty() {
    ObjectNode a = activity();
    a.remove("channels");
    a.remove("campaigns");
    Activity act = validator.validate(IngestStream.ACTIVITIES, List.of(a)).records().get(0);
    assertThat(act.getChannels()).isEmpty();
    assertThat(act.getCampaigns()).isEmpty();
  }

  @Test
  void an_instant_without_offset_is_refused_with_an_example() {
    ObjectNode a = attendance().put("attendedAt", "2023-11-05T09:00");
    assertThat(problems(IngestStream.ATTENDANCE, a)).containsExactly(new Problem(0, "attendedAt",
        "'2023-11-05T09:00' has no time-zone offset; write it like 2023-11-05T09:00:00+07:00"));
  }

  @Test
  void a_missing_field_is_named() {
    ObjectNode a = attendance();
    a.remove("memberId");
    assertThat(problems(IngestStream.ATTENDANCE, a)).containsExactly(
        new Problem(0, "memberId", "missing; every attendance record needs one"));
  }

  @Test
  void a_null_in_a_required_field_is_refused() {
    ObjectNode a = attendance().putNull("activityId");
    assertThat(problems(IngestStream.ATTENDANCE, a)).singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith("must not be null; expected text"));
  }

  @Test
  void a_wrong_type_says_what_was_expected() {
    ObjectNode h = household().put("supportedByUnion", "yes");
    assertThat(problems(IngestStream.HOUSEHOLD_STATUS, h)).containsExactly(
        new Problem(0, "supportedByUnion", "expected true or false, got text \"yes\""));
    ObjectNode a = attendance().put("memberId", 42);
    assertThat(problems(IngestStream.ATTENDANCE, a)).containsExactly(
        new Problem(0, "memberId", "expected text in quotes, got a number 42"));
  }

  @Test
  void an_unknown_enum_value_lists_the_known_ones() {
    ObjectNode a = attendance().put("status", "ABSENT");
    assertThat(problems(IngestStream.ATTENDANCE, a)).containsExactly(
        new Problem(0, "status", "'ABSENT' is not one of PRESENT, RETRACTED"));
    ObjectNode lower = attendance().put("mode", "in person");
    assertThat(problems(IngestStream.ATTENDANCE, lower)).singleElement()
        .satisfies(p -> assertThat(p.message()).endsWith("(write it in capitals: IN_PERSON)"));
  }

  @Test
  void an_enum_inside_an_array_is_named_by_its_position() {
    ObjectNode a = activity();
    a.putArray("channels").add("ZALO").add("TIKTOK");
    assertThat(problems(IngestStream.ACTIVITIES, a)).containsExactly(
        new Problem(0, "channels[1]", "'TIKTOK' is not one of ZALO, FACEBOOK, FANPAGE, WEBSITE, OTHER"));
  }

  @Test
  void a_bad_date_is_refused() {
    assertThat(problems(IngestStream.MEMBERSHIPS, membership().put("joinedOn", "15/01/2020"))).containsExactly(
        new Problem(0, "joinedOn", "'15/01/2020' is not a date; write it as year-month-day like 2023-11-05"));
    assertThat(problems(IngestStream.MEMBERSHIPS, membership().put("joinedOn", "2023-02-30"))).containsExactly(
        new Problem(0, "joinedOn", "'2023-02-30' is not a day of the calendar; write it like 2023-11-05"));
    assertThat(problems(IngestStream.MEMBERSHIPS, membership().put("joinedOn", "0023-02-03"))).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("is not between 1900 and 2999"));
  }

  @Test
  void an_unknown_field_is_refused_naming_the_known_ones() {
    ObjectNode a = attendance().put("fullName", "Lò Thị Hoa");
    assertThat(problems(IngestStream.ATTENDANCE, a)).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("fullName");
      assertThat(p.message()).startsWith("unknown field; the fields of attendance are attendanceId, activityId");
    });
  }

  @Test
  void ids_must_not_be_empty_nor_hold_the_key_separator() {
    assertThat(problems(IngestStream.ATTENDANCE, attendance().put("memberId", "  "))).containsExactly(
        new Problem(0, "memberId", "must not be empty"));
    assertThat(problems(IngestStream.ACTIVITIES, activity().put("unitId", "DB|01"))).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("holds '|'"));
  }

  @Test
  void a_membership_may_not_end_before_it_begins() {
    ObjectNode m = membership().put("joinedOn", "2023-05-01").put("leftOn", "2023-04-30");
    assertThat(problems(IngestStream.MEMBERSHIPS, m)).containsExactly(new Problem(0, "leftOn",
        "the membership ends (2023-04-30) before it begins (2023-05-01); leftOn must be on or after joinedOn"));
    assertThat(problems(IngestStream.MEMBERSHIPS, membership().put("joinedOn", "2023-05-01").put("leftOn", "2023-05-01")))
        .isEmpty();
  }

  @Test
  void a_unit_may_not_become_its_own_ancestor() {
    JsonNode loop = parse("{\"unitId\": \"DB-01\", \"parentId\": \"DB-01-03-B1\", \"level\": \"DISTRICT\", \"name\": \"x\"}");
    assertThat(problems(IngestStream.UNITS, loop)).extracting(Problem::field, Problem::message).contains(
        org.assertj.core.groups.Tuple.tuple("parentId", "putting DB-01 under DB-01-03-B1 would make a loop"
            + " (DB-01 → DB-01-03-B1 → DB-01-03 → DB-01): a unit cannot be its own ancestor"));
    JsonNode self = parse("{\"unitId\": \"X\", \"parentId\": \"X\", \"level\": \"BRANCH\", \"name\": \"x\"}");
    assertThat(problems(IngestStream.UNITS, self)).extracting(Problem::message)
        .contains("a unit cannot be its own parent (X)");
  }

  @Test
  void a_loop_made_by_two_records_of_one_request_is_found() {
    JsonNode a = parse("{\"unitId\": \"A\", \"parentId\": \"B\", \"level\": \"COMMUNE\", \"name\": \"a\"}");
    JsonNode b = parse("{\"unitId\": \"B\", \"parentId\": \"A\", \"level\": \"COMMUNE\", \"name\": \"b\"}");
    assertThat(problems(IngestStream.UNITS, a, b)).extracting(Problem::index, Problem::field)
        .contains(org.assertj.core.groups.Tuple.tuple(1, "parentId"));
  }

  @Test
  void a_unit_sits_below_its_parents_level() {
    JsonNode district = parse("{\"unitId\": \"DB-01-09\", \"parentId\": \"DB-01\", \"level\": \"DISTRICT\", \"name\": \"x\"}");
    assertThat(problems(IngestStream.UNITS, district)).extracting(Problem::field, Problem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple("level",
            "a DISTRICT cannot sit under DISTRICT DB-01; the levels run PROVINCE → DISTRICT → COMMUNE → BRANCH"));
    JsonNode demoted = parse("{\"unitId\": \"DB-01-03\", \"parentId\": \"DB-01\", \"level\": \"BRANCH\", \"name\": \"x\"}");
    assertThat(problems(IngestStream.UNITS, demoted)).extracting(Problem::field).containsExactly("level");
  }

  @Test
  void every_problem_of_every_record_is_reported_with_its_index() {
    ObjectNode good = attendance();
    ObjectNode bad = attendance().put("mode", "BY_PHONE").put("recordedAt", "yesterday");
    RecordValidator.Validated<Attendance> v = validator.validate(IngestStream.ATTENDANCE, List.of(good, bad, good));
    assertThat(v.ok()).isFalse();
    assertThat(v.problems()).extracting(Problem::index, Problem::field).containsExactly(
        org.assertj.core.groups.Tuple.tuple(1, "mode"), org.assertj.core.groups.Tuple.tuple(1, "recordedAt"));
    assertThat(v.valid()).hasSize(2);
  }

  @Test
  void not_an_object_is_refused() {
    assertThat(problems(IngestStream.ATTENDANCE, parse("[1, 2]"))).singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith("expected a JSON object like {\"attendanceId\": …}, got a list"));
  }

  @Test
  void milliseconds_are_kept_and_finer_digits_cut() {
    ObjectNode a = attendance().put("attendedAt", "2023-11-05T09:00:00.123456+07:00");
    Attendance att = validator.validate(IngestStream.ATTENDANCE, List.of(a)).records().get(0);
    assertThat(att.getAttendedAt()).isEqualTo(Instant.parse("2023-11-05T02:00:00.123Z"));
  }

  @Test
  void an_instant_far_outside_the_years_of_pulse_is_refused() {
    ObjectNode a = attendance().put("attendedAt", "+999999-01-01T00:00:00Z");
    assertThat(problems(IngestStream.ATTENDANCE, a)).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("is not between 1900 and 2999"));
  }
  @Test
  void a_bad_campaign_name_is_refused_naming_its_position_and_a_good_one_is_stored_trimmed() {
    ObjectNode a = activity();
    a.putArray("campaigns").add("  Mái ấm tình thương ").add("5 không|3 sạch").add(" ").add("x".repeat(81))
        .add("Xây dựng\tgia đình");
    List<Problem> problems = problems(IngestStream.ACTIVITIES, a);
    assertThat(problems).extracting(Problem::field)
        .containsExactly("campaigns[1]", "campaigns[2]", "campaigns[3]", "campaigns[4]");
    assertThat(problems.get(0).message()).contains("'|'");
    assertThat(problems.get(1).message()).contains("must not be empty");
    assertThat(problems.get(2).message()).contains("81 characters long; at most 80");
    assertThat(problems.get(3).message()).contains("control character");
    assertThat(problems).allMatch(p -> p.index() == 0);

    ObjectNode good = activity();
    good.putArray("campaigns").add("  Mái ấm tình thương ").add("5 không 3 sạch");
    Activity stored = validator.validate(IngestStream.ACTIVITIES, List.of(good)).records().get(0);
    assertThat(stored.getCampaigns()).containsExactly("Mái ấm tình thương", "5 không 3 sạch");
  }

  @Test
  void records_built_in_code_are_checked_and_stored_trimmed_too() {
    Activity built = validator.validate(IngestStream.ACTIVITIES, List.of(activity())).records().get(0);
    built.setCampaigns(List.of(" 5 không 3 sạch"));
    RecordValidator.Validated<Activity> v = validator.check(IngestStream.ACTIVITIES, List.of(built));
    assertThat(v.ok()).isTrue();
    assertThat(v.records().get(0).getCampaigns()).containsExactly("5 không 3 sạch");
    assertThat(built.getCampaigns()).as("the caller's record is left alone").containsExactly(" 5 không 3 sạch");

    built.setCampaigns(List.of("a|b"));
    assertThat(RecordRules.check(IngestStream.ACTIVITIES, built, 3)).singleElement()
        .satisfies(p -> assertThat(p.field()).isEqualTo("campaigns[0]"))
        .satisfies(p -> assertThat(p.index()).isEqualTo(3));
  }
}
