package dev.pulse.streams;

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
import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import dev.pulse.batch.History;
import dev.pulse.batch.LogRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random small provinces with everything real branch data does: duplicates, corrections (and
 * stale versions arriving late), retractions, cancellations, members moving between branches,
 * re-parenting, a unit deleted and re-created, an ancestry loop, references that arrive before
 * what they name, an organiser outside the tree, events on days around local midnight, and the
 * whole log shuffled.
 */
final class MessyHistories {

  private static final String[] BRANCHES = {"B1", "B2", "B3", "B4", "B5", "B6"};
  private static final String[] ALL_UNITS = {"DB", "D1", "D2", "C1", "C2", "C3", "B1", "B2", "B3", "B4", "B5", "B6"};

  private final Random random;
  /** Whether versions of one entity may carry the same recordedAt under different keys (partitions). */
  private final boolean crossKeyTies;
  private final List<Object[]> log = new ArrayList<>(); // {topic tag, key, value}
  private long clock = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli();

  private MessyHistories(long seed, boolean crossKeyTies) {
    this.random = new Random(seed);
    this.crossKeyTies = crossKeyTies;
  }

  /** A history for one global log order, as a TopologyTestDriver or a single partition sees it. */
  static History generate(long seed, int members, int activities, int attendance, int households) {
    return new MessyHistories(seed, true).build(members, activities, attendance, households);
  }

  /**
   * A history whose outcome does not depend on how partitions interleave: SPEC.md breaks ties of
   * recordedAt by log order, which Kafka only defines within a partition, so versions of one
   * entity that share a recordedAt stay under one key here.
   */
  static History forPartitionedTopics(long seed, int members, int activities, int attendance, int households) {
    return new MessyHistories(seed, false).build(members, activities, attendance, households);
  }

  private History build(int members, int activities, int attendances, int households) {
    unit("DB", null, UnitLevel.PROVINCE);
    unit("D1", "DB", UnitLevel.DISTRICT);
    unit("D2", "DB", UnitLevel.DISTRICT);
    unit("C1", "D1", UnitLevel.COMMUNE);
    unit("C2", "D1", UnitLevel.COMMUNE);
    unit("C3", "D2", UnitLevel.COMMUNE);
    unit("B1", "C1", UnitLevel.BRANCH);
    unit("B2", "C1", UnitLevel.BRANCH);
    unit("B3", "C2", UnitLevel.BRANCH);
    unit("B4", "C2", UnitLevel.BRANCH);
    unit("B5", "C3", UnitLevel.BRANCH);
    unit("B6", "C3", UnitLevel.BRANCH);

    for (int m = 0; m < members; m++) {
      int count = 1 + random.nextInt(3);
      LocalDate joined = day(2021, 2024);
      for (int k = 0; k < count; k++) {
        LocalDate left = random.nextInt(3) == 0 ? null : joined.plusDays(random.nextInt(500));
        if (random.nextInt(25) == 0) left = joined.minusDays(3); // breaks the rules: counts nowhere
        String id = "ms" + m + "-" + k;
        membership(id, "m" + m, pick(BRANCHES), joined, left);
        if (random.nextInt(6) == 0) membership(id, "m" + m, pick(BRANCHES), joined, left); // moved
        if (left == null) break;
        joined = left.plusDays(random.nextInt(60));
      }
    }
    if (random.nextInt(5) == 0) log.add(new Object[] {"membership", "ms0-0", null});

    List<Activity> held = new ArrayList<>();
    for (int a = 0; a < activities; a++) {
      String organiser = random.nextInt(15) == 0 ? "X9" : pick(ALL_UNITS);
      Activity v = activity("a" + a, organiser, instant(2022, 2024), ActivityStatus.HELD);
      held.add(v);
      if (random.nextInt(6) == 0) { // cancelled later, or a correction of its time and mode
        Activity later = Activity.newBuilder(v).setStatus(random.nextBoolean() ? ActivityStatus.CANCELLED : ActivityStatus.HELD)
            .setStartsAt(v.getStartsAt().plusSeconds(3600L * random.nextInt(48)))
            .setMode(pick(ActivityMode.values())).setRecordedAt(v.getRecordedAt().plusSeconds(86_400)).build();
        log.add(new Object[] {"activity", later.getActivityId(), later});
      }
      if (random.nextInt(8) == 0) { // a stale version, recorded before, arriving after
        Activity stale = Activity.newBuilder(v).setStatus(ActivityStatus.CANCELLED)
            .setRecordedAt(v.getRecordedAt().minusSeconds(86_400)).build();
        log.add(new Object[] {"activity", stale.getActivityId(), stale});
      }
    }
    for (int t = 0; t < attendances; t++) {
      Activity a = held.get(random.nextInt(held.size()));
      String member = "m" + random.nextInt(Math.max(1, members));
      Instant at = a.getStartsAt().plusSeconds(3600L * (random.nextInt(30) - 10));
      Attendance v = Attendance.newBuilder().setAttendanceId("t" + t).setActivityId(a.getActivityId())
          .setMemberId(member).setRecordedBy(pick(BRANCHES)).setAttendedAt(at)
          .setMode(pick(AttendanceMode.values())).setStatus(AttendanceStatus.PRESENT)
          .setRecordedAt(Instant.ofEpochMilli(tick())).build();
      log.add(new Object[] {"attendance", member, v});
      if (random.nextInt(8) == 0) {
        Attendance retracted = Attendance.newBuilder(v).setStatus(AttendanceStatus.RETRACTED)
            .setRecordedAt(v.getRecordedAt().plusSeconds(600)).build();
        log.add(new Object[] {"attendance", member, retracted});
      }
      if (crossKeyTies && random.nextInt(10) == 0) { // same recordedAt, a different member: the later in the log stands
        String other = "m" + random.nextInt(Math.max(1, members));
        Attendance corrected = Attendance.newBuilder(v).setMemberId(other).build();
        log.add(new Object[] {"attendance", other, corrected});
      }
    }
    for (int h = 0; h < households; h++) {
      int events = 1 + random.nextInt(5);
      String branch = pick(BRANCHES);
      LocalDate d = day(2021, 2024);
      for (int e = 0; e < events; e++) {
        if (random.nextInt(5) == 0) branch = random.nextInt(8) == 0 ? "BX" : pick(BRANCHES);
        HouseholdStatus v = HouseholdStatus.newBuilder().setEventId("e" + h + "-" + e).setHouseholdId("h" + h)
            .setBranchId(branch).setStatus(pick(PovertyStatus.values())).setSupportedByUnion(random.nextInt(3) > 0)
            .setSupports(List.of()).setAssessedOn(d).setRecordedAt(Instant.ofEpochMilli(tick())).build();
        log.add(new Object[] {"household", "h" + h, v});
        if (random.nextInt(6) == 0) {
          HouseholdStatus corrected = HouseholdStatus.newBuilder(v).setStatus(pick(PovertyStatus.values()))
              .setRecordedAt(v.getRecordedAt().plusSeconds(random.nextBoolean() ? 3600 : -3600)).build();
          log.add(new Object[] {"household", "h" + h, corrected});
        }
        d = random.nextInt(5) == 0 ? d : d.plusDays(1 + random.nextInt(300)); // sometimes two on one day
        if (d.getDayOfYear() > 360 && random.nextBoolean()) d = LocalDate.of(d.getYear() + 1, 1, 1);
      }
    }

    // The tree changes: re-parenting, a deleted and re-created unit, a loop that is mended or not.
    if (random.nextBoolean()) unit("C2", "D2", UnitLevel.COMMUNE);
    if (random.nextBoolean()) unit("B3", "C3", UnitLevel.BRANCH);
    if (random.nextInt(3) == 0) {
      log.add(new Object[] {"unit", "B5", null});
      if (random.nextBoolean()) unit("B5", "C1", UnitLevel.BRANCH);
    }
    if (random.nextInt(4) == 0) {
      unit("D2", "C3", UnitLevel.DISTRICT); // D2 → C3 → D2: a loop
      if (random.nextBoolean()) unit("D2", "DB", UnitLevel.DISTRICT);
    }
    if (random.nextInt(5) == 0) unit("B6", "C3", UnitLevel.COMMUNE); // no longer a branch

    // Duplicates, then everything out of order.
    int n = log.size();
    for (int i = 0; i < n / 6; i++) log.add(log.get(random.nextInt(n)).clone());
    Collections.shuffle(log, random);
    return toHistory();
  }

  private History toHistory() {
    List<LogRecord<Unit>> units = new ArrayList<>();
    List<LogRecord<Membership>> memberships = new ArrayList<>();
    List<LogRecord<Activity>> activities = new ArrayList<>();
    List<LogRecord<Attendance>> attendance = new ArrayList<>();
    List<LogRecord<HouseholdStatus>> households = new ArrayList<>();
    long position = 0;
    for (Object[] r : log) {
      String key = (String) r[1];
      position++;
      switch ((String) r[0]) {
        case "unit" -> units.add(new LogRecord<>(key, (Unit) r[2], position));
        case "membership" -> memberships.add(new LogRecord<>(key, (Membership) r[2], position));
        case "activity" -> activities.add(new LogRecord<>(key, (Activity) r[2], position));
        case "attendance" -> attendance.add(new LogRecord<>(key, (Attendance) r[2], position));
        default -> households.add(new LogRecord<>(key, (HouseholdStatus) r[2], position));
      }
    }
    return new History(units, memberships, activities, attendance, households);
  }

  private void unit(String id, String parent, UnitLevel level) {
    log.add(new Object[] {"unit", id, Unit.newBuilder().setUnitId(id).setParentId(parent).setLevel(level)
        .setName("Unit " + id).build()});
  }

  private void membership(String id, String member, String branch, LocalDate joined, LocalDate left) {
    log.add(new Object[] {"membership", id, Membership.newBuilder().setMembershipId(id).setMemberId(member)
        .setBranchId(branch).setJoinedOn(joined).setLeftOn(left).build()});
  }

  private Activity activity(String id, String organiser, Instant startsAt, ActivityStatus status) {
    List<Channel> channels = new ArrayList<>();
    for (Channel c : Channel.values()) if (random.nextInt(3) == 0) channels.add(c);
    if (!channels.isEmpty() && random.nextInt(5) == 0) channels.add(channels.get(0)); // listed twice
    Activity v = Activity.newBuilder().setActivityId(id).setUnitId(organiser).setTitle("Activity " + id)
        .setKind(pick(ActivityKind.values())).setMode(pick(ActivityMode.values())).setStartsAt(startsAt)
        .setChannels(channels).setCampaigns(List.of("5 không 3 sạch")).setStatus(status)
        .setRecordedAt(Instant.ofEpochMilli(tick())).build();
    log.add(new Object[] {"activity", id, v});
    return v;
  }

  private long tick() {
    clock += 1000L * (1 + random.nextInt(5));
    if (crossKeyTies && random.nextInt(30) == 0) return clock - 1000; // equal recordedAt happens
    return clock;
  }

  private LocalDate day(int fromYear, int toYear) {
    LocalDate from = LocalDate.of(fromYear, 1, 1);
    int days = (int) (LocalDate.of(toYear, 12, 31).toEpochDay() - from.toEpochDay());
    return from.plusDays(random.nextInt(days + 1));
  }

  /** Instants that often sit near midnight in Asia/Ho_Chi_Minh (17:00 UTC). */
  private Instant instant(int fromYear, int toYear) {
    LocalDate d = day(fromYear, toYear);
    int minuteOfDay = random.nextBoolean() ? 16 * 60 + 30 + random.nextInt(60) : random.nextInt(24 * 60);
    return d.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(60L * minuteOfDay);
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }
}
