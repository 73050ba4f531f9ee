package dev.pulse.batch;

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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A made-up province with a year of data (2023, with memberships and households reaching back),
 * with the awkward cases of SPEC.md §2 sprinkled in: later versions, versions tied on recordedAt,
 * duplicates, retractions, cancellations, a deleted unit, a re-parented branch, a loop, a
 * membership deleted and memberships and events in unknown branches, same-day household events.
 */
public final class SyntheticProvince {

  /**
   * How big the province is.
   *
   * @param activitiesPerBranchMonth activities each branch holds a month
   * @param attendancePerActivity mean attendance records per branch activity
   */
  public record Shape(int districts, int communesPerDistrict, int branchesPerCommune, int members,
      int firstJoinYear, int activitiesPerBranchMonth, int attendancePerActivity, int households) {

    /**
     * About 1,300 branches, 120,000 members who joined from 1990 on, 1.5 M attendance records,
     * 50,000 households.
     */
    public static Shape province() {
      return new Shape(10, 13, 10, 120_000, 1990, 2, 46, 50_000);
    }

    /** A few branches and members, quick to compute many times. */
    public static Shape small() {
      return new Shape(2, 2, 3, 150, 2019, 2, 6, 80);
    }
  }

  private static final LocalDate YEAR_START = LocalDate.of(2023, 1, 1);
  private static final ZoneOffset HCM = ZoneOffset.ofHours(7);

  private final Random random;
  private final List<LogRecord<Unit>> units = new ArrayList<>();
  private final List<LogRecord<Membership>> memberships = new ArrayList<>();
  private final List<LogRecord<Activity>> activities = new ArrayList<>();
  private final List<LogRecord<Attendance>> attendance = new ArrayList<>();
  private final List<LogRecord<HouseholdStatus>> households = new ArrayList<>();
  private long position;

  private SyntheticProvince(long seed) {
    this.random = new Random(seed);
  }

  public static History generate(Shape shape, long seed) {
    return new SyntheticProvince(seed).build(shape);
  }

  private History build(Shape shape) {
    List<String> communes = new ArrayList<>();
    List<String> branches = new ArrayList<>();
    Map<String, String> communeOf = new HashMap<>();
    unit("DB", null, UnitLevel.PROVINCE);
    for (int d = 1; d <= shape.districts(); d++) {
      String district = String.format("DB-%02d", d);
      unit(district, "DB", UnitLevel.DISTRICT);
      for (int c = 1; c <= shape.communesPerDistrict(); c++) {
        String commune = String.format("%s-%02d", district, c);
        unit(commune, district, UnitLevel.COMMUNE);
        communes.add(commune);
        for (int b = 1; b <= shape.branchesPerCommune(); b++) {
          String branch = String.format("%s-%02d", commune, b);
          unit(branch, commune, UnitLevel.BRANCH);
          branches.add(branch);
          communeOf.put(branch, commune);
        }
      }
    }
    // The awkward tree: a branch deleted, one re-parented to another commune, two communes in a loop.
    String deleted = branches.get(1);
    units.add(new LogRecord<>(deleted, null, position++));
    String moved = branches.get(2);
    unit(moved, communes.get(communes.size() - 1), UnitLevel.BRANCH);
    unit("LOOP-A", "LOOP-B", UnitLevel.COMMUNE);
    unit("LOOP-B", "LOOP-A", UnitLevel.COMMUNE);
    unit("LOOP-BR", "LOOP-A", UnitLevel.BRANCH);
    List<String> allBranches = new ArrayList<>(branches);
    allBranches.add("LOOP-BR");
    allBranches.add("NOWHERE"); // never created: what is in it counts nowhere

    Map<String, List<String>> membersOf = memberships(shape, allBranches, communeOf);
    activitiesAndAttendance(shape, allBranches, communes, membersOf);
    households(shape, allBranches);
    return new History(units, memberships, activities, attendance, households);
  }

  private void unit(String unitId, String parentId, UnitLevel level) {
    units.add(new LogRecord<>(unitId, new Unit(unitId, parentId, level, "unit " + unitId), position++));
  }

  /** Memberships; answers the members of each branch in 2023. */
  private Map<String, List<String>> memberships(Shape shape, List<String> branches, Map<String, String> communeOf) {
    Map<String, List<String>> membersOf = new HashMap<>();
    Map<String, List<String>> branchesOfCommune = new HashMap<>();
    communeOf.forEach((b, c) -> branchesOfCommune.computeIfAbsent(c, k -> new ArrayList<>()).add(b));
    for (int i = 0; i < shape.members(); i++) {
      String member = String.format("m%06d", i);
      String branch = pick(branches);
      LocalDate first = LocalDate.of(shape.firstJoinYear(), 1, 1);
      LocalDate joined = first.plusDays(random.nextInt((int) (LocalDate.of(2023, 7, 1).toEpochDay() - first.toEpochDay())));
      membersOf.computeIfAbsent(branch, k -> new ArrayList<>()).add(member);
      double fate = random.nextDouble();
      if (fate < 0.10 && communeOf.containsKey(branch)) {
        // Moves in 2023, half the time within the commune.
        LocalDate left = YEAR_START.plusDays(random.nextInt(360));
        membership(member + "-1", member, branch, joined, left);
        String next = random.nextBoolean() ? pick(branchesOfCommune.get(communeOf.get(branch))) : pick(branches);
        membership(member + "-2", member, next, left.plusDays(1), null);
        membersOf.computeIfAbsent(next, k -> new ArrayList<>()).add(member);
      } else if (fate < 0.13) {
        membership(member + "-1", member, branch, joined, YEAR_START.plusDays(random.nextInt(365)));
      } else if (fate < 0.14) {
        membership(member + "-1", member, branch, joined, null);
        memberships.add(new LogRecord<>(member + "-1", null, position++));
      } else if (fate < 0.15) {
        // Corrected: the last in the log stands.
        membership(member + "-1", member, pick(branches), joined, null);
        membership(member + "-1", member, branch, joined, null);
      } else {
        membership(member + "-1", member, branch, joined, null);
      }
    }
    return membersOf;
  }

  private void membership(String id, String member, String branch, LocalDate joined, LocalDate left) {
    memberships.add(new LogRecord<>(id, new Membership(id, member, branch, joined, left), position++));
  }

  private void activitiesAndAttendance(Shape shape, List<String> branches, List<String> communes,
      Map<String, List<String>> membersOf) {
    int serial = 0;
    for (int month = 1; month <= 12; month++) {
      for (String branch : branches) {
        for (int k = 0; k < shape.activitiesPerBranchMonth(); k++) {
          Activity a = activity("a" + serial++, branch, month);
          List<String> members = membersOf.getOrDefault(branch, List.of());
          int count = members.isEmpty() ? 0 : random.nextInt(2 * shape.attendancePerActivity() + 1);
          for (int j = 0; j < count; j++) {
            attend(a, pick(members));
          }
        }
      }
      for (String commune : communes) {
        Activity a = activity("a" + serial++, commune, month);
        for (int j = 0; j < shape.attendancePerActivity(); j++) {
          List<String> members = membersOf.getOrDefault(pick(branches), List.of());
          if (!members.isEmpty()) {
            attend(a, pick(members));
          }
        }
      }
    }
  }

  private Activity activity(String id, String organiser, int month) {
    LocalDate day = LocalDate.of(2023, month, 1 + random.nextInt(YEAR_START.withMonth(month).lengthOfMonth()));
    // Some start late in the evening: the local date, not the UTC one, places them.
    LocalTime time = random.nextInt(10) == 0 ? LocalTime.of(23, 30) : LocalTime.of(8 + random.nextInt(10), 0);
    Instant startsAt = day.atTime(time).toInstant(HCM);
    List<Channel> channels = new ArrayList<>();
    for (Channel c : Channel.values()) {
      if (random.nextInt(3) == 0) {
        channels.add(c);
      }
    }
    if (!channels.isEmpty() && random.nextInt(20) == 0) {
      channels.add(channels.get(0)); // listed twice
    }
    ActivityMode mode = ActivityMode.values()[random.nextInt(ActivityMode.values().length)];
    Instant recordedAt = startsAt.plus(Duration.ofHours(1 + random.nextInt(24 * 40)));
    Activity first = new Activity(id, organiser, "activity " + id, ActivityKind.MEETING, mode, startsAt,
        channels, List.of(), random.nextInt(20) == 0 ? ActivityStatus.CANCELLED : ActivityStatus.HELD,
        recordedAt);
    activities.add(new LogRecord<>(id, first, position++));
    int twist = random.nextInt(40);
    if (twist == 0) {
      // A later correction, flipping the status.
      Activity later = Activity.newBuilder(first)
          .setStatus(first.getStatus() == ActivityStatus.HELD ? ActivityStatus.CANCELLED : ActivityStatus.HELD)
          .setRecordedAt(recordedAt.plus(Duration.ofDays(3)))
          .build();
      activities.add(new LogRecord<>(id, later, position++));
      return later;
    } else if (twist == 1) {
      // A correction tied on recordedAt: the later in the log stands.
      Activity tied = Activity.newBuilder(first).setMode(ActivityMode.HYBRID).setChannels(List.of()).build();
      activities.add(new LogRecord<>(id, tied, position++));
      return tied;
    } else if (twist == 2) {
      // An older version arriving late: it does not stand.
      Activity older = Activity.newBuilder(first).setStatus(ActivityStatus.CANCELLED)
          .setRecordedAt(recordedAt.minus(Duration.ofHours(1))).build();
      activities.add(new LogRecord<>(id, older, position++));
    } else if (twist == 3) {
      activities.add(new LogRecord<>(id, first, position++)); // the same version twice
    }
    return first;
  }

  private void attend(Activity a, String member) {
    String id = "t" + attendance.size();
    Instant attendedAt = a.getStartsAt().plus(Duration.ofMinutes(random.nextInt(120)));
    Instant recordedAt = attendedAt.plus(Duration.ofHours(1 + random.nextInt(24 * 30)));
    AttendanceMode mode = random.nextBoolean() ? AttendanceMode.IN_PERSON : AttendanceMode.ONLINE;
    Attendance present = new Attendance(id, a.getActivityId(), member, a.getUnitId(), attendedAt, mode,
        AttendanceStatus.PRESENT, recordedAt);
    attendance.add(new LogRecord<>(member, present, position++));
    int twist = random.nextInt(50);
    if (twist == 0) {
      Attendance retracted = Attendance.newBuilder(present).setStatus(AttendanceStatus.RETRACTED)
          .setRecordedAt(recordedAt.plus(Duration.ofDays(1))).build();
      attendance.add(new LogRecord<>(member, retracted, position++));
    } else if (twist == 1) {
      Attendance tied = Attendance.newBuilder(present).setStatus(AttendanceStatus.RETRACTED).build();
      attendance.add(new LogRecord<>(member, tied, position++));
    } else if (twist == 2) {
      attendance.add(new LogRecord<>(member, present, position++));
    }
  }

  private void households(Shape shape, List<String> branches) {
    PovertyStatus[] statuses = PovertyStatus.values();
    for (int i = 0; i < shape.households(); i++) {
      String household = String.format("h%06d", i);
      String branch = pick(branches);
      LocalDate on = LocalDate.of(2020, 1, 1).plusDays(random.nextInt(365 * 3));
      PovertyStatus status = random.nextBoolean() ? PovertyStatus.POOR : PovertyStatus.NEAR_POOR;
      int events = 1 + random.nextInt(4);
      for (int e = 0; e < events; e++) {
        if (e > 0) {
          on = on.plusDays(1 + random.nextInt(400));
          if (on.getYear() > 2023) {
            break;
          }
          status = statuses[random.nextInt(statuses.length)];
          if (random.nextInt(20) == 0) {
            branch = pick(branches);
          }
        }
        boolean supported = random.nextInt(10) < 7;
        Instant recordedAt = on.atStartOfDay().toInstant(HCM).plus(Duration.ofHours(random.nextInt(24 * 60)));
        String eventId = household + "-" + e;
        assessed(eventId, household, branch, status, supported, on, recordedAt);
        int twist = random.nextInt(30);
        if (twist == 0) {
          // Another assessment on the same day: only the last of the day is in force.
          assessed(eventId + "b", household, branch, statuses[random.nextInt(statuses.length)],
              random.nextBoolean(), on, recordedAt.plus(Duration.ofMinutes(random.nextInt(3) - 1)));
        } else if (twist == 1) {
          // A correction of the same event, tied on recordedAt.
          assessed(eventId, household, branch, statuses[random.nextInt(statuses.length)], supported, on, recordedAt);
        }
      }
    }
  }

  private void assessed(String eventId, String household, String branch, PovertyStatus status,
      boolean supported, LocalDate on, Instant recordedAt) {
    households.add(new LogRecord<>(household,
        new HouseholdStatus(eventId, household, branch, status, supported, List.of(), on, recordedAt),
        position++));
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
