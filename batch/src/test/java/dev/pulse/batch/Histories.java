package dev.pulse.batch;

import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityKind;
import dev.pulse.avro.ActivityMode;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.AttendanceMode;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.Membership;
import dev.pulse.avro.PovertyStatus;
import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Builds a {@link History} record by record, in log order: each record added is later in the log
 * than the ones before it.
 *
 * <p>A version added without a recordedAt gets one from a clock that starts at
 * {@link #FIRST_RECORDED_AT} and moves one minute per record, so by default later in the log is also
 * later recorded. Instants are written as ISO-8601 with an offset ({@code 2023-11-05T09:00+07:00}),
 * dates as {@code 2023-11-05}.
 *
 * <pre>{@code
 * History h = Histories.history()
 *     .province("DB").district("DB-03", "DB").commune("DB-03-01", "DB-03").branch("B1", "DB-03-01")
 *     .membership("ms1", "alice", "B1", "2023-01-01", null)
 *     .held("a1", "B1", "2023-11-05T09:00+07:00")
 *     .present("t1", "a1", "alice", "2023-11-05T09:30+07:00")
 *     .build();
 * }</pre>
 */
public final class Histories {

  /** The recordedAt of the first record added without one. */
  public static final Instant FIRST_RECORDED_AT = Instant.parse("2025-01-01T00:00:00Z");

  private final List<LogRecord<Unit>> units = new ArrayList<>();
  private final List<LogRecord<Membership>> memberships = new ArrayList<>();
  private final List<LogRecord<Activity>> activities = new ArrayList<>();
  private final List<LogRecord<Attendance>> attendance = new ArrayList<>();
  private final List<LogRecord<HouseholdStatus>> households = new ArrayList<>();
  private long position;
  private Instant clock = FIRST_RECORDED_AT;

  public static Histories history() {
    return new Histories();
  }

  /**
   * A small province to start from:
   *
   * <pre>
   * DB (province)
   * ├── DB-03 (district)
   * │   ├── C1 (commune): branches B1, B2
   * │   └── C2 (commune): branch B3
   * └── DB-04 (district)
   *     └── C3 (commune): branch B4
   * </pre>
   */
  public static Histories smallProvince() {
    return history()
        .province("DB")
        .district("DB-03", "DB").commune("C1", "DB-03").commune("C2", "DB-03")
        .branch("B1", "C1").branch("B2", "C1").branch("B3", "C2")
        .district("DB-04", "DB").commune("C3", "DB-04").branch("B4", "C3");
  }

  public History build() {
    return new History(units, memberships, activities, attendance, households);
  }

  // ---- values -------------------------------------------------------------------------------------

  /** An instant written with an offset, e.g. {@code 2023-12-31T17:30Z} or {@code 2024-01-01T00:30+07:00}. */
  public static Instant at(String instant) {
    return OffsetDateTime.parse(instant).toInstant();
  }

  public static LocalDate day(String date) {
    return date == null ? null : LocalDate.parse(date);
  }

  /** A HELD, in-person meeting with no channels; recordedAt left for {@link #activity} to fill. */
  public static Activity.Builder anActivity(String activityId, String organiser, String startsAt) {
    return Activity.newBuilder()
        .setActivityId(activityId)
        .setUnitId(organiser)
        .setTitle("activity " + activityId)
        .setKind(ActivityKind.MEETING)
        .setMode(ActivityMode.IN_PERSON)
        .setStartsAt(at(startsAt))
        .setChannels(List.of())
        .setCampaigns(List.of())
        .setStatus(ActivityStatus.HELD);
  }

  /** A PRESENT, in-person attendance recorded by the system of unit "recorder"; recordedAt left open. */
  public static Attendance.Builder anAttendance(String attendanceId, String activityId, String memberId, String attendedAt) {
    return Attendance.newBuilder()
        .setAttendanceId(attendanceId)
        .setActivityId(activityId)
        .setMemberId(memberId)
        .setRecordedBy("recorder")
        .setAttendedAt(at(attendedAt))
        .setMode(AttendanceMode.IN_PERSON)
        .setStatus(AttendanceStatus.PRESENT);
  }

  /** An assessment with no kinds of support listed; recordedAt left open. */
  public static HouseholdStatus.Builder anAssessment(String eventId, String householdId, String branchId,
      PovertyStatus status, boolean supportedByUnion, String assessedOn) {
    return HouseholdStatus.newBuilder()
        .setEventId(eventId)
        .setHouseholdId(householdId)
        .setBranchId(branchId)
        .setStatus(status)
        .setSupportedByUnion(supportedByUnion)
        .setSupports(List.of())
        .setAssessedOn(day(assessedOn));
  }

  // ---- units --------------------------------------------------------------------------------------

  public Histories unit(String unitId, String parentId, UnitLevel level) {
    return unit(new Unit(unitId, parentId, level, "unit " + unitId));
  }

  public Histories unit(Unit unit) {
    units.add(new LogRecord<>(unit.getUnitId(), unit, position++));
    return this;
  }

  public Histories province(String unitId) {
    return unit(unitId, null, UnitLevel.PROVINCE);
  }

  public Histories district(String unitId, String parentId) {
    return unit(unitId, parentId, UnitLevel.DISTRICT);
  }

  public Histories commune(String unitId, String parentId) {
    return unit(unitId, parentId, UnitLevel.COMMUNE);
  }

  public Histories branch(String unitId, String parentId) {
    return unit(unitId, parentId, UnitLevel.BRANCH);
  }

  /** A tombstone for the unit. */
  public Histories deleteUnit(String unitId) {
    units.add(new LogRecord<>(unitId, null, position++));
    return this;
  }

  // ---- memberships --------------------------------------------------------------------------------

  /** A membership; leftOn null while a member. */
  public Histories membership(String membershipId, String memberId, String branchId, String joinedOn, String leftOn) {
    return membership(new Membership(membershipId, memberId, branchId, day(joinedOn), day(leftOn)));
  }

  public Histories membership(Membership membership) {
    memberships.add(new LogRecord<>(membership.getMembershipId(), membership, position++));
    return this;
  }

  /** A tombstone for the membership. */
  public Histories deleteMembership(String membershipId) {
    memberships.add(new LogRecord<>(membershipId, null, position++));
    return this;
  }

  // ---- activities ---------------------------------------------------------------------------------

  /** A version of an activity; the clock's next recordedAt if the builder has none. */
  public Histories activity(Activity.Builder version) {
    if (!version.hasRecordedAt()) {
      version.setRecordedAt(tick());
    }
    return activity(version.build());
  }

  public Histories activity(Activity version) {
    activities.add(new LogRecord<>(version.getActivityId(), version, position++));
    return this;
  }

  /** A HELD in-person activity without channels. */
  public Histories held(String activityId, String organiser, String startsAt) {
    return activity(anActivity(activityId, organiser, startsAt));
  }

  // ---- attendance ---------------------------------------------------------------------------------

  /** A version of an attendance, keyed by memberId; the clock's next recordedAt if the builder has none. */
  public Histories attendance(Attendance.Builder version) {
    if (!version.hasRecordedAt()) {
      version.setRecordedAt(tick());
    }
    return attendance(version.build());
  }

  public Histories attendance(Attendance version) {
    attendance.add(new LogRecord<>(version.getMemberId(), version, position++));
    return this;
  }

  public Histories present(String attendanceId, String activityId, String memberId, String attendedAt) {
    return attendance(anAttendance(attendanceId, activityId, memberId, attendedAt));
  }

  /** A RETRACTED version of an attendance, recorded after everything before it. */
  public Histories retracted(String attendanceId, String activityId, String memberId, String attendedAt) {
    return attendance(anAttendance(attendanceId, activityId, memberId, attendedAt)
        .setStatus(AttendanceStatus.RETRACTED));
  }

  // ---- household status ---------------------------------------------------------------------------

  /** A version of an assessment, keyed by householdId; the clock's next recordedAt if the builder has none. */
  public Histories household(HouseholdStatus.Builder version) {
    if (!version.hasRecordedAt()) {
      version.setRecordedAt(tick());
    }
    return household(version.build());
  }

  public Histories household(HouseholdStatus version) {
    households.add(new LogRecord<>(version.getHouseholdId(), version, position++));
    return this;
  }

  public Histories assessed(String eventId, String householdId, String branchId, PovertyStatus status,
      boolean supportedByUnion, String assessedOn) {
    return household(anAssessment(eventId, householdId, branchId, status, supportedByUnion, assessedOn));
  }

  private Instant tick() {
    Instant now = clock;
    clock = clock.plus(Duration.ofMinutes(1));
    return now;
  }

  /**
   * The same history with the campaigns of every activity version replaced by what
   * {@code campaignsOf} gives for it; positions, keys and everything else kept.
   */
  public static History withCampaigns(History history, Function<Activity, List<String>> campaignsOf) {
    List<LogRecord<Activity>> activities = new ArrayList<>();
    for (LogRecord<Activity> r : history.activities()) {
      Activity v = r.value() == null ? null
          : Activity.newBuilder(r.value()).setCampaigns(new ArrayList<>(campaignsOf.apply(r.value()))).build();
      activities.add(new LogRecord<>(r.key(), v, r.logPosition(), r.sentAt()));
    }
    return new History(history.units(), history.memberships(), activities, history.attendance(), history.households());
  }

  // ---- reordering ---------------------------------------------------------------------------------

  /**
   * The same records in another log order, chosen at random among the orders that SPEC.md §2 says
   * cannot change a view: records of one unit or membership key keep their order (the last in the
   * log stands), and so do versions of one event with the same recordedAt (the later in the log
   * stands). Everything else moves freely; positions are renumbered per topic.
   */
  public static History shuffled(History history, Random random) {
    return new History(
        shuffle(history.units(), r -> r.key(), random),
        shuffle(history.memberships(), r -> r.key(), random),
        shuffle(history.activities(),
            r -> List.of(r.value().getActivityId(), r.value().getRecordedAt()), random),
        shuffle(history.attendance(),
            r -> List.of(r.value().getAttendanceId(), r.value().getRecordedAt()), random),
        shuffle(history.households(),
            r -> List.of(r.value().getEventId(), r.value().getRecordedAt()), random));
  }

  private static <V> List<LogRecord<V>> shuffle(
      List<LogRecord<V>> log, Function<LogRecord<V>, Object> tieGroup, Random random) {
    List<LogRecord<V>> inOrder = new ArrayList<>(log);
    inOrder.sort(Comparator.comparingLong(LogRecord::logPosition));
    // Draw a random sort key per record, then hand each tie group's keys, smallest first, to its
    // records in their log order: a random interleaving that keeps every group's own order.
    Map<Object, List<Integer>> groups = new HashMap<>();
    for (int i = 0; i < inOrder.size(); i++) {
      groups.computeIfAbsent(tieGroup.apply(inOrder.get(i)), k -> new ArrayList<>()).add(i);
    }
    double[] sortKey = new double[inOrder.size()];
    for (List<Integer> members : groups.values()) {
      List<Double> drawn = new ArrayList<>();
      for (int ignored : members) {
        drawn.add(random.nextDouble());
      }
      drawn.sort(null);
      for (int j = 0; j < members.size(); j++) {
        sortKey[members.get(j)] = drawn.get(j);
      }
    }
    List<Integer> newOrder = new ArrayList<>();
    for (int i = 0; i < inOrder.size(); i++) {
      newOrder.add(i);
    }
    newOrder.sort(Comparator.comparingDouble(i -> sortKey[i]));
    List<LogRecord<V>> out = new ArrayList<>();
    long position = 0;
    for (int i : newOrder) {
      LogRecord<V> r = inOrder.get(i);
      out.add(new LogRecord<>(r.key(), r.value(), position++));
    }
    return out;
  }
}
