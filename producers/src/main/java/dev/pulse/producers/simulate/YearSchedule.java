package dev.pulse.producers.simulate;

import static dev.pulse.producers.simulate.MessDice.Kind.CANCELLATION;
import static dev.pulse.producers.simulate.MessDice.Kind.CORRECTION;
import static dev.pulse.producers.simulate.MessDice.Kind.DUPLICATE;
import static dev.pulse.producers.simulate.MessDice.Kind.LATE;
import static dev.pulse.producers.simulate.MessDice.Kind.MISTAKEN_MEMBERSHIP;
import static dev.pulse.producers.simulate.MessDice.Kind.OLD_VERSION_ARRIVES_LAST;
import static dev.pulse.producers.simulate.MessDice.Kind.RECONFIRMATION;
import static dev.pulse.producers.simulate.MessDice.Kind.RETRACTION;

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
import dev.pulse.contract.Period;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.producers.simulate.ActivityCalendar.PlannedActivity;
import dev.pulse.producers.simulate.HouseholdBook.PlannedEvent;
import dev.pulse.producers.simulate.MemberRoll.PlannedMembership;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The delivery order of one generated year: every record of the planned province, with its mess,
 * placed on a simulated clock and handed out in clock order.
 *
 * <p>Units, memberships, activities and household events are few enough to schedule up front.
 * Attendance, the bulk, is drawn activity by activity as the clock reaches each activity's start:
 * an attendance record is never delivered before the activity starts, so everything due before
 * the next activity's start can be handed out before that activity's attendance is even drawn.
 * Memory holds the plan and a window of pending attendance, not the year.
 *
 * <p>Versions of one unit or membership are delivered in version order (on those compacted topics
 * the later in the log stands); versions of events may arrive in any order (the latest
 * {@code recordedAt} stands), and do.
 */
final class YearSchedule implements Iterator<Delivery<?>> {

  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;

  /** Attendance drawn per member of the organiser's subtree, relative to a branch activity. */
  private static double levelPull(UnitLevel level) {
    return switch (level) {
      case BRANCH -> 1.0;
      case COMMUNE -> 0.25;
      case DISTRICT -> 0.05;
      case PROVINCE -> 0.015;
    };
  }

  private final long seed;
  private final Mess mess;
  private final ProvinceTree tree;
  private final MemberRoll roll;
  private final ActivityCalendar calendar;
  private final PseudonymousIds ids;
  private final MessDice dice = new MessDice();

  private final int yearsAfter;
  private final int year;
  /** Midnight starting 31 December of the year before: the initial load is delivered from here. */
  private final long bootstrapAt;
  private final double pull;
  private final BitSet batchBranches = new BitSet();
  private final BitSet cancelled = new BitSet();
  private final long[] activityRecordedAt;

  private final List<PendingRecord> planned = new ArrayList<>();
  private final Map<String, Long> lastVersionAt = new HashMap<>();
  private final PriorityQueue<PendingRecord> pendingAttendance = new PriorityQueue<>();
  private long order;
  private int plannedNext;
  private int activityNext;
  private long attendanceCount;
  private long sequence;
  private PendingRecord lookahead;

  /**
   * Schedules a year of the province.
   *
   * @param yearsAfter 0 for the generated year (tree, memberships and all), k for the k-th year
   *     after it (activities, attendance and the year-end household reviews; the tree and the
   *     members carry on)
   * @param calendar the activities of that year
   */
  YearSchedule(long seed, Mess mess, PlannedProvince province, int yearsAfter, ActivityCalendar calendar) {
    this.seed = seed;
    this.mess = mess;
    this.tree = province.tree();
    this.roll = province.roll();
    this.calendar = calendar;
    this.ids = province.ids();
    this.yearsAfter = yearsAfter;
    this.year = province.scale().year() + yearsAfter;
    this.bootstrapAt = LocalDate.of(year - 1, 12, 31).atStartOfDay(Period.ZONE).toInstant().toEpochMilli();
    this.activityRecordedAt = new long[calendar.activities().size()];
    this.pull = attendancePull(province.scale().attendanceTarget());

    SplittableRandom messRng = new SplittableRandom(PseudonymousIds.mix64(seed ^ 0x6D657373L ^ yearsAfter));
    int branches = tree.branches().size();
    if (mess.lateRecords() > 0) {
      pickBranches(batchBranches, Math.max(1, Math.round(branches * 0.02f)), branches, messRng, new BitSet());
    }
    if (yearsAfter == 0) {
      TreeChanges changes = mess.treeChanges() ? TreeChanges.pick(tree, messRng) : TreeChanges.NONE;
      BitSet lateUnits = new BitSet();
      BitSet lateMembershipBranches = new BitSet();
      if (mess.lateRecords() > 0) {
        pickBranches(lateMembershipBranches, Math.max(1, Math.round(branches * 0.01f)), branches, messRng, new BitSet());
      }
      if (mess.shuffle()) {
        // A branch registered weeks after its members started to attend: records before their unit.
        pickBranches(lateUnits, Math.max(1, Math.round(branches * 0.005f)), branches, messRng, changes.branchesInvolved());
      }
      scheduleUnits(changes, lateUnits, messRng);
      scheduleMemberships(lateMembershipBranches, messRng);
      scheduleHouseholds(province.book().households().stream().flatMap(h -> h.events().stream()).toList());
    } else {
      scheduleHouseholds(province.book().reviews(yearsAfter, seed, mess.lateRecords()));
    }
    scheduleActivities();
    Collections.sort(planned);
  }

  // ---------------------------------------------------------------- iteration

  @Override
  public boolean hasNext() {
    if (lookahead == null) lookahead = advance();
    return lookahead != null;
  }

  @Override
  public Delivery<?> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the year's " + sequence + " deliveries are all out");
    }
    PendingRecord next = lookahead;
    lookahead = null;
    return next.toDelivery(sequence++);
  }

  /** The next record due, or null at the end of the year. */
  private PendingRecord advance() {
    while (true) {
      // Nothing drawn later can be due before the next activity starts: hand out what is due.
      long frontier = activityNext < calendar.activities().size()
          ? calendar.activities().get(activityNext).startsAt().toEpochMilli()
          : Long.MAX_VALUE;
      PendingRecord a = plannedNext < planned.size() ? planned.get(plannedNext) : null;
      PendingRecord b = pendingAttendance.peek();
      PendingRecord first = a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
      if (first != null && first.deliverAt() < frontier) {
        if (first == a) {
          planned.set(plannedNext++, null); // handed out: let it go
        } else {
          pendingAttendance.poll();
        }
        return first;
      }
      if (activityNext < calendar.activities().size()) {
        drawAttendance(calendar.activities().get(activityNext++));
      } else {
        return null;
      }
    }
  }

  /** How often each kind of mess was applied so far. */
  Map<MessDice.Kind, Long> messApplied() {
    return dice.applied();
  }

  // ---------------------------------------------------------------- units

  /** The tree changes made mid-stream: a commune and a branch re-parented, a branch deleted and re-created. */
  record TreeChanges(int movedCommune, int communeNewDistrict, int movedBranch, int branchNewCommune,
      int recreatedBranch) {
    static final TreeChanges NONE = new TreeChanges(-1, -1, -1, -1, -1);

    static TreeChanges pick(ProvinceTree tree, SplittableRandom rng) {
      int districts = tree.districts().size();
      int communes = tree.communes().size();
      int branches = tree.branches().size();
      int movedCommune = -1, newDistrict = -1, movedBranch = -1, newCommune = -1, recreated = -1;
      if (districts >= 2) {
        movedCommune = rng.nextInt(communes);
        int from = tree.districtOfCommune(movedCommune);
        newDistrict = (from + 1 + rng.nextInt(districts - 1)) % districts;
      }
      if (communes >= 2) {
        do {
          movedBranch = rng.nextInt(branches);
        } while (movedCommune >= 0 && tree.communeOfBranch(movedBranch) == movedCommune && communes > 2);
        int from = tree.communeOfBranch(movedBranch);
        newCommune = (from + 1 + rng.nextInt(communes - 1)) % communes;
      }
      if (branches >= 2) {
        do {
          recreated = rng.nextInt(branches);
        } while (recreated == movedBranch);
      }
      return new TreeChanges(movedCommune, newDistrict, movedBranch, newCommune, recreated);
    }

    BitSet branchesInvolved() {
      BitSet set = new BitSet();
      if (movedBranch >= 0) set.set(movedBranch);
      if (recreatedBranch >= 0) set.set(recreatedBranch);
      return set;
    }
  }

  private void scheduleUnits(TreeChanges changes, BitSet lateUnits, SplittableRandom rng) {
    List<Unit> units = tree.all();
    int firstBranch = units.size() - tree.branches().size();
    for (int i = 0; i < units.size(); i++) {
      Unit unit = units.get(i);
      // Tidy: parents first. Messy: the initial load in any order over six hours.
      long at = bootstrapAt + (mess.shuffle() ? jitter(rng, 6 * HOUR) : i * 10L);
      if (i >= firstBranch && lateUnits.get(i - firstBranch)) {
        // A branch registered weeks after its members started to attend.
        at = bootstrapAt + 14 * DAY + jitter(rng, 28 * DAY);
      }
      version(Topics.UNITS, unit.getUnitId(), unit, at);
      if (dice.roll(DUPLICATE, mess.duplicates(), rng)) {
        version(Topics.UNITS, unit.getUnitId(), unit, at + MINUTE + jitter(rng, HOUR));
      }
    }
    if (changes.recreatedBranch() >= 0) {
      Unit branch = tree.branches().get(changes.recreatedBranch());
      version(Topics.UNITS, branch.getUnitId(), null, at(LocalDate.of(year, 4, 10), 9));
      version(Topics.UNITS, branch.getUnitId(), branch, at(LocalDate.of(year, 5, 2), 9));
    }
    if (changes.movedCommune() >= 0) {
      Unit commune = tree.communes().get(changes.movedCommune());
      Unit moved = new Unit(commune.getUnitId(), tree.districts().get(changes.communeNewDistrict()).getUnitId(),
          commune.getLevel(), commune.getName());
      version(Topics.UNITS, commune.getUnitId(), moved, at(LocalDate.of(year, 6, 15), 10));
    }
    if (changes.movedBranch() >= 0) {
      Unit branch = tree.branches().get(changes.movedBranch());
      Unit moved = new Unit(branch.getUnitId(), tree.communes().get(changes.branchNewCommune()).getUnitId(),
          branch.getLevel(), branch.getName());
      version(Topics.UNITS, branch.getUnitId(), moved, at(LocalDate.of(year, 9, 1), 10));
    }
  }

  // ---------------------------------------------------------------- memberships

  private void scheduleMemberships(BitSet lateBranches, SplittableRandom rng) {
    long yearStart = at(LocalDate.of(year, 1, 1), 0);
    int mistaken = 0;
    for (PlannedMembership ms : roll.memberships()) {
      String memberId = roll.memberId(ms.member());
      String branchId = tree.branches().get(ms.branch()).getUnitId();
      long firstAt;
      if (ms.joinedOn().isBefore(LocalDate.of(year, 1, 1))) {
        firstAt = bootstrapAt + HOUR + (mess.shuffle() ? jitter(rng, 8 * HOUR) : 0);
        if (lateBranches.get(ms.branch())) {
          // A branch that enters its roll in one batch, weeks into the year.
          firstAt = yearStart + 21 * DAY + jitter(rng, 35 * DAY);
        }
      } else {
        firstAt = at(ms.joinedOn(), 0) + (mess.shuffle() ? jitter(rng, 4 * DAY) : 0);
        if (dice.roll(LATE, mess.lateRecords(), rng)) {
          firstAt += 21 * DAY + jitter(rng, 35 * DAY);
        }
      }
      Membership first = new Membership(ms.membershipId(), memberId, branchId, ms.joinedOn(),
          ms.closedDuringYear() ? null : ms.leftOn());
      version(Topics.MEMBERSHIPS, ms.membershipId(), first, firstAt);
      if (dice.roll(DUPLICATE, mess.duplicates(), rng)) {
        version(Topics.MEMBERSHIPS, ms.membershipId(), first, firstAt + MINUTE + jitter(rng, HOUR));
      }
      if (ms.closedDuringYear()) {
        Membership closed = new Membership(ms.membershipId(), memberId, branchId, ms.joinedOn(), ms.leftOn());
        version(Topics.MEMBERSHIPS, ms.membershipId(), closed,
            at(ms.leftOn().plusDays(1), 0) + (mess.shuffle() ? jitter(rng, 10 * DAY) : 0));
      } else if (ms.leftOn() == null && tree.branches().size() > 1
          && dice.roll(MISTAKEN_MEMBERSHIP, mess.corrections(), rng)) {
        // Entered under the wrong branch by mistake, deleted a few days later.
        String wrongId = ids.of("ms", roll.memberships().size() + mistaken++);
        int wrongBranch = (ms.branch() + 1 + rng.nextInt(tree.branches().size() - 1)) % tree.branches().size();
        Membership wrong = new Membership(wrongId, memberId, tree.branches().get(wrongBranch).getUnitId(),
            ms.joinedOn(), null);
        long wrongAt = Math.max(firstAt, yearStart) + DAY + jitter(rng, 60 * DAY);
        version(Topics.MEMBERSHIPS, wrongId, wrong, wrongAt);
        version(Topics.MEMBERSHIPS, wrongId, null, wrongAt + 3 * DAY + jitter(rng, 7 * DAY));
      }
    }
  }

  // ---------------------------------------------------------------- activities

  private void scheduleActivities() {
    for (PlannedActivity a : calendar.activities()) {
      SplittableRandom rng = rngFor(0x61637476L + yearsAfter, a.index());
      long starts = a.startsAt().toEpochMilli();
      long recorded = mess.any()
          ? recordedAfter(starts, a.localDate(), a.level() == UnitLevel.BRANCH && batchBranches.get(a.firstBranch()), rng)
          : starts + HOUR + jitter(rng, 2 * HOUR);
      activityRecordedAt[a.index()] = recorded;
      List<Versioned> versions;
      if (dice.roll(CANCELLATION, mess.cancellations(), rng)) {
        cancelled.set(a.index());
        // Entered ahead as planned, called off later.
        long entered = starts - DAY - jitter(rng, 4 * DAY);
        long calledOff = entered + DAY + jitter(rng, 5 * DAY);
        versions = List.of(new Versioned(activity(a, ActivityStatus.HELD, entered), entered),
            new Versioned(activity(a, ActivityStatus.CANCELLED, calledOff), calledOff));
      } else if (dice.roll(CORRECTION, mess.corrections(), rng)) {
        long fixed = recorded + HOUR + jitter(rng, 10 * DAY);
        versions = List.of(new Versioned(wrongActivity(a, recorded, rng), recorded),
            new Versioned(activity(a, ActivityStatus.HELD, fixed), fixed));
      } else {
        versions = List.of(new Versioned(activity(a, ActivityStatus.HELD, recorded), recorded));
      }
      scheduleEvents(Topics.ACTIVITIES, a.activityId(), versions, Long.MIN_VALUE, rng, planned::add);
    }
  }

  private static Activity activity(PlannedActivity a, ActivityStatus status, long recordedAt) {
    return new Activity(a.activityId(), a.unitId(), a.title(), a.kind(), a.mode(), a.startsAt(), a.channels(),
        a.campaigns(), status, Instant.ofEpochMilli(recordedAt));
  }

  /** A first version entered wrong: mode, publicity, day, kind or title. */
  private static Activity wrongActivity(PlannedActivity a, long recordedAt, SplittableRandom rng) {
    Activity wrong = activity(a, ActivityStatus.HELD, recordedAt);
    switch (rng.nextInt(5)) {
      case 0 -> wrong.setMode(a.mode() == ActivityMode.IN_PERSON ? ActivityMode.ONLINE : ActivityMode.IN_PERSON);
      case 1 -> wrong.setChannels(a.channels().isEmpty() ? List.of(Channel.ZALO) : List.of());
      case 2 -> wrong.setStartsAt(a.startsAt().plusMillis(DAY));
      case 3 -> wrong.setKind(a.kind() == ActivityKind.OTHER ? ActivityKind.MEETING : ActivityKind.OTHER);
      default -> wrong.setTitle(a.title() + " (nháp)");
    }
    return wrong;
  }

  // ---------------------------------------------------------------- attendance

  /** Scale factor on attendance chances so that the year holds about {@code target} records. */
  private double attendancePull(int target) {
    LocalDate midYear = LocalDate.of(year, 7, 1);
    double[] engagedPerBranch = new double[tree.branches().size()];
    for (PlannedMembership ms : roll.memberships()) {
      if (ms.covers(midYear)) engagedPerBranch[ms.branch()] += roll.engagement(ms.member());
    }
    double[] prefix = new double[engagedPerBranch.length + 1];
    for (int b = 0; b < engagedPerBranch.length; b++) {
      prefix[b + 1] = prefix[b] + engagedPerBranch[b];
    }
    double expectedAtPullOne = 0;
    for (PlannedActivity a : calendar.activities()) {
      expectedAtPullOne += levelPull(a.level()) * (prefix[a.firstBranch() + a.branchCount()] - prefix[a.firstBranch()]);
    }
    return expectedAtPullOne == 0 ? 0 : target / expectedAtPullOne;
  }

  private void drawAttendance(PlannedActivity a) {
    SplittableRandom rng = rngFor(0x61747464L + yearsAfter, a.index());
    LocalDate day = a.localDate();
    long starts = a.startsAt().toEpochMilli();
    // Some attendance is recorded even at an activity that was called off; it counts nowhere.
    double chance = pull * levelPull(a.level()) * (cancelled.get(a.index()) ? 0.3 : 1.0);
    for (int b = a.firstBranch(); b < a.firstBranch() + a.branchCount(); b++) {
      for (int index : roll.membershipsOf(b)) {
        PlannedMembership ms = roll.membership(index);
        if (!ms.covers(day)) continue;
        if (rng.nextDouble() >= Math.min(0.95, chance * roll.engagement(ms.member()))) continue;
        scheduleAttendance(a, ms, starts, rng);
      }
    }
  }

  private void scheduleAttendance(PlannedActivity a, PlannedMembership ms, long starts, SplittableRandom rng) {
    String id = ids.of("att", PlannedProvince.yearSlice(yearsAfter, attendanceCount++));
    long attended = starts + rng.nextInt(25 * 60) * 1000L;
    AttendanceMode mode = switch (a.mode()) {
      case IN_PERSON -> AttendanceMode.IN_PERSON;
      case ONLINE -> AttendanceMode.ONLINE;
      case HYBRID -> rng.nextDouble() < 0.35 ? AttendanceMode.ONLINE : AttendanceMode.IN_PERSON;
    };
    // Branches and communes record attendance at their own activities; members' branches report
    // their members' attendance at district and province events.
    boolean organiserRecords = a.level() == UnitLevel.BRANCH || a.level() == UnitLevel.COMMUNE;
    String recordedBy = organiserRecords ? a.unitId() : tree.branches().get(ms.branch()).getUnitId();
    int recorderBranch = a.level() == UnitLevel.BRANCH ? a.firstBranch() : ms.branch();
    long recorded = mess.any()
        ? recordedAfter(attended, a.localDate(), a.level() != UnitLevel.COMMUNE && batchBranches.get(recorderBranch), rng)
        : activityRecordedAt[a.index()] + MINUTE + jitter(rng, HOUR);
    Attendance present = new Attendance(id, a.activityId(), roll.memberId(ms.member()), recordedBy,
        Instant.ofEpochMilli(attended), mode, AttendanceStatus.PRESENT, Instant.ofEpochMilli(recorded));
    List<Versioned> versions;
    if (dice.roll(RETRACTION, mess.retractions(), rng)) {
      long retractedAt = recorded + HOUR + jitter(rng, 20 * DAY);
      Versioned retracted = new Versioned(withStatus(present, AttendanceStatus.RETRACTED, retractedAt), retractedAt);
      if (dice.roll(RECONFIRMATION, Math.min(0.5, mess.retractions() * 10), rng)) {
        long confirmedAt = retractedAt + HOUR + jitter(rng, 10 * DAY);
        versions = List.of(new Versioned(present, recorded), retracted,
            new Versioned(withStatus(present, AttendanceStatus.PRESENT, confirmedAt), confirmedAt));
      } else {
        versions = List.of(new Versioned(present, recorded), retracted);
      }
    } else if (dice.roll(CORRECTION, mess.corrections(), rng)) {
      long fixed = recorded + HOUR + jitter(rng, 10 * DAY);
      Attendance wrong = copy(present);
      // Never a different member: that would put versions of one attendance under two keys.
      String commune = tree.communes().get(tree.communeOfBranch(ms.branch())).getUnitId();
      int variant = rng.nextInt(3);
      if (variant == 0 || (variant == 2 && recordedBy.equals(commune))) {
        wrong.setMode(mode == AttendanceMode.ONLINE ? AttendanceMode.IN_PERSON : AttendanceMode.ONLINE);
      } else if (variant == 1) {
        wrong.setAttendedAt(present.getAttendedAt().minusMillis(DAY));
      } else {
        // Entered by the commune on the branch's behalf, then by the branch itself.
        wrong.setRecordedBy(commune);
      }
      versions = List.of(new Versioned(wrong, recorded),
          new Versioned(withStatus(present, AttendanceStatus.PRESENT, fixed), fixed));
    } else {
      versions = List.of(new Versioned(present, recorded));
    }
    scheduleEvents(Topics.ATTENDANCE, null, versions, starts, rng, pendingAttendance::add);
  }

  private static Attendance withStatus(Attendance a, AttendanceStatus status, long recordedAt) {
    Attendance version = copy(a);
    version.setStatus(status);
    version.setRecordedAt(Instant.ofEpochMilli(recordedAt));
    return version;
  }

  // Field by field: Avro's builder copy goes through class-name lookups that need the trusted-package property.
  private static Attendance copy(Attendance a) {
    return new Attendance(a.getAttendanceId(), a.getActivityId(), a.getMemberId(), a.getRecordedBy(), a.getAttendedAt(),
        a.getMode(), a.getStatus(), a.getRecordedAt());
  }

  // ---------------------------------------------------------------- households

  private void scheduleHouseholds(List<PlannedEvent> events) {
    long serial = 0;
    for (PlannedEvent e : events) {
      SplittableRandom rng = rngFor(0x686f7573L + yearsAfter, serial++);
      HouseholdStatus right = status(e);
      long recorded = e.recordedAt().toEpochMilli();
      List<Versioned> versions;
      if (dice.roll(CORRECTION, mess.corrections(), rng)) {
        long firstRecorded = recorded - HOUR - jitter(rng, 10 * DAY);
        versions = List.of(new Versioned(wrongStatus(e, firstRecorded, rng), firstRecorded), new Versioned(right, recorded));
      } else {
        versions = List.of(new Versioned(right, recorded));
      }
      scheduleEvents(Topics.HOUSEHOLD_STATUS, e.householdId(), versions, Long.MIN_VALUE, rng, planned::add);
    }
  }

  private HouseholdStatus status(PlannedEvent e) {
    return new HouseholdStatus(e.eventId(), e.householdId(), tree.branches().get(e.branch()).getUnitId(), e.status(),
        e.supportedByUnion(), e.supports(), e.assessedOn(), e.recordedAt());
  }

  /** A first version entered wrong: status, support, day, branch or the kinds of support. */
  private HouseholdStatus wrongStatus(PlannedEvent e, long recordedAt, SplittableRandom rng) {
    HouseholdStatus wrong = status(e);
    wrong.setRecordedAt(Instant.ofEpochMilli(recordedAt));
    switch (rng.nextInt(5)) {
      case 0 -> wrong.setStatus(PovertyStatus.values()[(e.status().ordinal() + 1 + rng.nextInt(2)) % 3]);
      case 1 -> {
        wrong.setSupportedByUnion(!e.supportedByUnion());
        wrong.setSupports(e.supportedByUnion() ? List.of() : List.of(SupportKind.ADVICE));
      }
      case 2 -> wrong.setAssessedOn(e.assessedOn().plusDays(rng.nextBoolean() ? 1 + rng.nextInt(40) : -1 - rng.nextInt(40)));
      case 3 -> wrong.setBranchId(tree.branches().get((e.branch() + 1) % tree.branches().size()).getUnitId());
      default -> wrong.setSupports(List.of());
    }
    return wrong;
  }

  // ---------------------------------------------------------------- scheduling

  /** A version of an event and when it was recorded. */
  private record Versioned(Object value, long recordedAt) {}

  /**
   * Schedules the versions of one event (oldest first). Each is delivered when recorded, give or
   * take the transit jitter; some are sent twice; sometimes the oldest arrives after the newest.
   *
   * @param key the record key, or null to take it from the value (attendance: its memberId)
   * @param notBefore no version is delivered before this (attendance: the activity's start)
   */
  private void scheduleEvents(Topic<?> topic, String key, List<Versioned> versions, long notBefore,
      SplittableRandom rng, Consumer<PendingRecord> into) {
    long[] at = new long[versions.size()];
    for (int i = 0; i < at.length; i++) {
      long recorded = versions.get(i).recordedAt();
      at[i] = recorded < bootstrapAt
          ? bootstrapAt + 2 * HOUR + (mess.shuffle() ? jitter(rng, 20 * HOUR) : 0)
          : recorded + (mess.shuffle() ? jitter(rng, 36 * HOUR) : 0);
    }
    if (at.length > 1 && dice.roll(OLD_VERSION_ARRIVES_LAST, mess.shuffle() ? 0.25 : 0, rng)) {
      at[0] = at[at.length - 1] + HOUR + jitter(rng, 7 * DAY);
    }
    for (int i = 0; i < at.length; i++) {
      Object value = versions.get(i).value();
      String k = key != null ? key : ((Attendance) value).getMemberId();
      long when = Math.max(at[i], notBefore);
      into.accept(new PendingRecord(when, order++, topic, k, value));
      if (dice.roll(DUPLICATE, mess.duplicates(), rng)) {
        into.accept(new PendingRecord(when + MINUTE + jitter(rng, 14 * DAY), order++, topic, k, value));
      }
    }
  }

  /**
   * Schedules a version of a unit or membership: on those compacted topics the later in the log
   * stands, so versions of one key are delivered in the order they are scheduled.
   */
  private void version(Topic<?> topic, String key, Object value, long at) {
    String slot = topic.name() + '\u0000' + key;
    Long last = lastVersionAt.get(slot);
    long when = last == null ? at : Math.max(at, last + MINUTE);
    lastVersionAt.put(slot, when);
    planned.add(new PendingRecord(when, order++, topic, key, value));
  }

  /**
   * When a record of a fact is entered: within hours or days; at the end of the month at a
   * branch that enters data in batches; weeks or months later for a share of late records.
   */
  private long recordedAfter(long fact, LocalDate factDay, boolean batchBranch, SplittableRandom rng) {
    long recorded = fact + HOUR + jitter(rng, 3 * DAY);
    if (batchBranch) {
      recorded = at(factDay.withDayOfMonth(factDay.lengthOfMonth()).plusDays(3 + rng.nextInt(18)), 9) + jitter(rng, 8 * HOUR);
    }
    if (dice.roll(LATE, mess.lateRecords(), rng)) {
      recorded += 20 * DAY + jitter(rng, 90 * DAY);
    }
    return recorded;
  }

  private static long jitter(SplittableRandom rng, long max) {
    return rng.nextLong(max);
  }

  private static long at(LocalDate day, int hour) {
    return day.atTime(hour, 0).atZone(Period.ZONE).toInstant().toEpochMilli();
  }

  private SplittableRandom rngFor(long stream, long index) {
    return new SplittableRandom(PseudonymousIds.mix64(seed ^ PseudonymousIds.mix64(stream * 0x9E3779B97F4A7C15L + index)));
  }

  private static void pickBranches(BitSet into, int count, int branches, SplittableRandom rng, BitSet excluded) {
    int available = branches - excluded.cardinality();
    int want = Math.min(count, available);
    while (into.cardinality() < want) {
      int b = rng.nextInt(branches);
      if (!excluded.get(b)) into.set(b);
    }
  }
}
