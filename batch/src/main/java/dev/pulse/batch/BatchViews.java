package dev.pulse.batch;

import dev.pulse.contract.ViewKey;
import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.avro.CampaignsRow;
import dev.pulse.avro.Channel;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.Membership;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.avro.PovertyRow;
import dev.pulse.avro.PovertyStatus;
import dev.pulse.contract.CampaignNames;
import dev.pulse.contract.Period;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The views of SPEC.md §3–5b recomputed straight from the input records, without Kafka: the
 * oracle the streaming views are checked against. It favours being plainly right over being fast;
 * hash maps and counting membership spans by ranges of periods (see {@link EligibleMembers}) keep a
 * province-scale year within seconds.
 *
 * <h2>Which rows exist</h2>
 *
 * <p>The <em>covered years</em> run from the earliest to the latest year in which an event falls:
 * the local date of an activity's startsAt, of an attendance's attendedAt, or a household event's
 * assessedOn, taken over every record on the three event topics, whatever its version, status or
 * branch, so that they depend only on the set of records. Reference data (units, memberships) does
 * not widen them: a member who joined in 1995 does not make the views reach back to 1995.
 *
 * <p>The maps {@link #participation()}, {@link #poverty()} and {@link #activities()} hold exactly
 * one row for every unit that exists now and every period (year, quarter and month; for poverty,
 * year) of the covered years in which at least one figure of the row is not zero; all-zero rows are
 * left out. Keys are {@code unitId|period} ({@code DB-03|2023-Q4}) and {@code unitId|year}
 * ({@code DB-03|2023}); every row has {@code updatedAt = Instant.EPOCH}.
 *
 * <p>{@link #campaigns()} holds, by {@code unitId|period|campaign}, a row for every unit that exists
 * now, every period and every campaign where held or participants is not zero (SPEC.md §5b).
 *
 * <p>The accessor methods answer any unit and any period, covered or not: zeros (rate null) where
 * nothing counts. Before the covered years only eligibility can be non-zero. After them nothing
 * starts, changes or ends but open memberships: members with an open membership are eligible,
 * nobody participates, no activity is held, and households keep their status of the last year's end.
 *
 * <h2>Readings of SPEC.md</h2>
 *
 * <ul>
 *   <li>Versions (§2): units and memberships are identified by the record key; per key the record
 *       with the largest logPosition stands, a tombstone deleting. Activities, attendance and
 *       household events are identified by activityId, attendanceId and eventId from the value (not
 *       the record key); the version with the latest recordedAt stands, then the largest logPosition.
 *       Null values on event topics are ignored.
 *   <li>Tree (§2): see {@link CurrentUnits}. Walking up from u through parentId links while they name
 *       an existing unit; a missing or deleted parent ends the walk; meeting a unit twice means u
 *       counts for itself only. u's subtree is every unit whose walk contains u.
 *   <li>A membership or a household event counts only if its branchId is an existing unit of level
 *       BRANCH; one that does not is treated as absent (as if it had not arrived yet): a household
 *       event that does not count is not part of the household's timeline at all.
 *   <li>A membership with joinedOn after leftOn covers no day and counts nowhere.
 *   <li>Attendance counts only if its standing version is PRESENT and its activity has a standing
 *       version that is HELD. For participation the organiser of the activity does not matter (any
 *       unit, even one not in the tree); attendance is placed by the local date of attendedAt.
 *   <li>Participation (§3): eligible and participants are distinct memberIds per (unit, period),
 *       taken over every branch in the subtree. Participants never exceed eligible, since a
 *       participating member's membership covers a day of the period.
 *   <li>Activities (§5): a HELD activity counts when its organiser exists now, in every unit of the
 *       organiser's walk up, in the year, quarter and month of startsAt's local date. byChannel holds
 *       only channels with a non-zero count, keyed by the Channel name; a channel listed twice by one
 *       activity counts once. attendances counts counted attendance records (attendanceIds, not
 *       members) at those activities, placed by the activity, whatever attendedAt, the member's branch
 *       or membership.
 *   <li>Campaigns (§5b): an activity lists a campaign when one of its campaigns, trimmed, is that
 *       name; a name listed twice by one activity counts once. held, attendances and branchesHolding
 *       follow the activities rules (the organiser's walk up, startsAt's local date); branchesHolding
 *       counts organisers of level BRANCH. participants follows the participation rules with only
 *       attendance at activities listing the campaign, whoever organised them. branches counts the
 *       existing units of level BRANCH in the subtree now, whatever the period, also on a row of
 *       zeros. Activities with a campaign name the contract refuses are dead letters
 *       ({@link UsableRecords}); given such a record anyway, the batch reads the name trimmed.
 *   <li>Poverty (§4): see {@link HouseholdTimeline}. An improvement or relapse is a change between
 *       consecutive in-force events, the later one dated in Y; the first event of a household is no
 *       change. POOR to NON_POOR is exitedPoverty only. exited* count supported households only;
 *       relapsedHouseholds, poorAtYearEnd and nearPoorAtYearEnd count every household belonging to
 *       the subtree for Y.
 * </ul>
 */
public final class BatchViews {

  private final Map<String, ParticipationRow> participation;
  private final Map<String, PovertyRow> poverty;
  private final Map<String, ActivitiesRow> activities;
  private final Map<String, CampaignsRow> campaigns;
  /** Per unit: the branches in its subtree now. */
  private final Map<String, Long> branchCounts;
  private final CoveredYears years;
  /** Participation figures for every period, covered or not, for the accessor. */
  private final ParticipationCounts participationCounts;
  /** Per unit: the poverty row of every year after the covered years (computed for the year after them). */
  private final Map<String, PovertyRow> povertyAfterLastYear;

  private BatchViews(Map<String, ParticipationRow> participation, Map<String, PovertyRow> poverty,
      Map<String, ActivitiesRow> activities, Map<String, CampaignsRow> campaigns, Map<String, Long> branchCounts,
      CoveredYears years, ParticipationCounts participationCounts, Map<String, PovertyRow> povertyAfterLastYear) {
    this.participation = Collections.unmodifiableMap(participation);
    this.poverty = Collections.unmodifiableMap(poverty);
    this.activities = Collections.unmodifiableMap(activities);
    this.campaigns = Collections.unmodifiableMap(campaigns);
    this.branchCounts = branchCounts;
    this.years = years;
    this.participationCounts = participationCounts;
    this.povertyAfterLastYear = povertyAfterLastYear;
  }

  /** Every view, for every unit and every covered period, from the records as a whole. */
  public static BatchViews compute(History history) {
    CurrentUnits tree = new CurrentUnits(StandingVersions.ofCompacted(history.units()));
    Collection<Membership> memberships = StandingVersions.ofCompacted(history.memberships()).values();
    Map<String, Activity> activities = StandingVersions.ofEvents(
        history.activities(), Activity::getActivityId, Activity::getRecordedAt);
    Collection<Attendance> attendance = StandingVersions.ofEvents(
        history.attendance(), Attendance::getAttendanceId, Attendance::getRecordedAt).values();
    Collection<HouseholdStatus> householdEvents = StandingVersions.ofEvents(
        history.households(), HouseholdStatus::getEventId, HouseholdStatus::getRecordedAt).values();
    CoveredYears years = CoveredYears.of(history);

    List<Attendance> counted = new ArrayList<>();
    for (Attendance a : attendance) {
      Activity activity = activities.get(a.getActivityId());
      if (a.getStatus() == AttendanceStatus.PRESENT
          && activity != null && activity.getStatus() == ActivityStatus.HELD) {
        counted.add(a);
      }
    }

    ParticipationCounts participationCounts = participation(tree, memberships, counted, years);
    Map<String, ParticipationRow> participationRows = new HashMap<>();
    Map<String, PovertyRow> povertyRows = new HashMap<>();
    Map<String, PovertyRow> povertyAfter = new HashMap<>();
    Map<String, ActivitiesRow> activitiesRows = new HashMap<>();
    Map<String, Long> branchCounts = branchCounts(tree);
    Map<String, CampaignsRow> campaignsRows = new HashMap<>();
    if (!years.isEmpty()) {
      participationCounts.eligible().forEach((unitId, byPeriod) -> byPeriod.keySet().forEach(p -> {
        if (years.contains(p.year())) {
          participationRows.put(ViewKey.of(unitId, p), participationCounts.row(unitId, p));
        }
      }));
      poverty(tree, householdEvents, years.last(), povertyRows, povertyAfter);
      // Every startsAt lies in the covered years.
      activitiesRows = activities(tree, activities.values(), counted);
      // Every startsAt and attendedAt lies in the covered years too.
      campaignsRows = campaigns(tree, memberships, activities, counted, branchCounts);
    }
    return new BatchViews(participationRows, povertyRows, activitiesRows, campaignsRows, branchCounts, years,
        participationCounts, povertyAfter);
  }

  // ---- §3 participation -------------------------------------------------------------------------

  /**
   * Participation figures for any period.
   *
   * @param eligible per unit, per period up to the end of countedUntil: distinct eligible members
   * @param participants per unit and period: distinct participants
   * @param countedUntil the year up to which eligible is listed; no membership starts or ends after it
   * @param eligibleAfter per unit: the distinct members with an open membership, eligible in every
   *     period after countedUntil
   */
  private record ParticipationCounts(Map<String, Map<Period, Long>> eligible,
      Map<UnitPeriod, Long> participants, int countedUntil, Map<String, Long> eligibleAfter) {

    ParticipationRow row(String unitId, Period p) {
      long e = p.year() > countedUntil
          ? eligibleAfter.getOrDefault(unitId, 0L)
          : eligible.getOrDefault(unitId, Map.of()).getOrDefault(p, 0L);
      return participationRow(unitId, p, e, participants.getOrDefault(new UnitPeriod(unitId, p), 0L));
    }
  }

  private static ParticipationCounts participation(CurrentUnits tree, Collection<Membership> memberships,
      List<Attendance> counted, CoveredYears years) {
    Map<String, List<Membership>> membershipsByMember = new HashMap<>();
    int countedUntil = years.isEmpty() ? Integer.MIN_VALUE : years.last();
    for (Membership m : memberships) {
      boolean coversSomeDay = m.getLeftOn() == null || !m.getJoinedOn().isAfter(m.getLeftOn());
      if (tree.isBranch(m.getBranchId()) && coversSomeDay) {
        membershipsByMember.computeIfAbsent(m.getMemberId(), k -> new ArrayList<>()).add(m);
        countedUntil = Math.max(countedUntil,
            (m.getLeftOn() == null ? m.getJoinedOn() : m.getLeftOn()).getYear());
      }
    }
    Map<String, Set<LocalDate>> attendedOnByMember = new HashMap<>();
    for (Attendance a : counted) {
      attendedOnByMember.computeIfAbsent(a.getMemberId(), k -> new HashSet<>())
          .add(Period.localDate(a.getAttendedAt()));
    }
    if (membershipsByMember.isEmpty()) {
      return new ParticipationCounts(Map.of(), Map.of(), Integer.MAX_VALUE, Map.of());
    }

    // An open membership is listed up to the end of countedUntil, and counted in eligibleAfter beyond.
    LocalDate lastListedDay = LocalDate.of(countedUntil, 12, 31);
    EligibleMembers eligible = new EligibleMembers();
    Map<String, Long> eligibleAfter = new HashMap<>();
    Map<UnitPeriod, Long> participants = new HashMap<>();
    membershipsByMember.forEach((memberId, ofMember) -> {
      // Per member, per unit: the days she is a member of a branch in its subtree. Grouping by
      // member makes the counts distinct across the branches of a subtree.
      Map<String, List<EligibleMembers.Span>> daysByUnit = new HashMap<>();
      Set<String> openIn = new HashSet<>();
      for (Membership m : ofMember) {
        LocalDate to = m.getLeftOn() == null ? lastListedDay : m.getLeftOn();
        for (String unitId : tree.selfAndAncestors(m.getBranchId())) {
          daysByUnit.computeIfAbsent(unitId, k -> new ArrayList<>())
              .add(new EligibleMembers.Span(m.getJoinedOn(), to));
          if (m.getLeftOn() == null) {
            openIn.add(unitId);
          }
        }
      }
      daysByUnit.forEach(eligible::add);
      openIn.forEach(u -> eligibleAfter.merge(u, 1L, Long::sum));

      Set<UnitPeriod> participatedIn = new HashSet<>();
      for (LocalDate d : attendedOnByMember.getOrDefault(memberId, Set.of())) {
        for (Membership m : ofMember) {
          if (covers(m, d)) {
            for (Period p : Period.containing(d)) {
              for (String unitId : tree.selfAndAncestors(m.getBranchId())) {
                participatedIn.add(new UnitPeriod(unitId, p));
              }
            }
          }
        }
      }
      participatedIn.forEach(k -> participants.merge(k, 1L, Long::sum));
    });

    Map<String, Map<Period, Long>> eligibleCounts = eligible.counts();
    participants.keySet().forEach(k -> {
      if (!eligibleCounts.getOrDefault(k.unitId(), Map.of()).containsKey(k.period())) {
        throw new IllegalStateException("participants without eligible members in " + k.key());
      }
    });
    return new ParticipationCounts(eligibleCounts, participants, countedUntil, eligibleAfter);
  }

  private static boolean covers(Membership m, LocalDate d) {
    return !d.isBefore(m.getJoinedOn()) && (m.getLeftOn() == null || !d.isAfter(m.getLeftOn()));
  }

  private static ParticipationRow participationRow(String unitId, Period p, long eligible, long participants) {
    return ParticipationRow.newBuilder()
        .setUnitId(unitId)
        .setPeriod(p.toString())
        .setEligible(eligible)
        .setParticipants(participants)
        .setRate(eligible == 0 ? null : (double) participants / eligible)
        .setUpdatedAt(Instant.EPOCH)
        .build();
  }

  // ---- §4 poverty -------------------------------------------------------------------------------

  private static void poverty(CurrentUnits tree, Collection<HouseholdStatus> events, int lastYear,
      Map<String, PovertyRow> rows, Map<String, PovertyRow> afterLastYear) {
    // Every assessedOn lies in the covered years, so no household counts before the first of them.
    Map<String, List<HouseholdStatus>> byHousehold = new HashMap<>();
    for (HouseholdStatus e : events) {
      if (tree.isBranch(e.getBranchId())) {
        byHousehold.computeIfAbsent(e.getHouseholdId(), k -> new ArrayList<>()).add(e);
      }
    }
    Map<UnitYear, PovertyTally> tallies = new HashMap<>();
    for (List<HouseholdStatus> ofHousehold : byHousehold.values()) {
      HouseholdTimeline timeline = HouseholdTimeline.of(ofHousehold);
      // lastYear + 1 stands for every year after the last: nothing changes after it.
      for (int year = timeline.firstYear(); year <= lastYear + 1; year++) {
        HouseholdTimeline.YearFacts facts = timeline.year(year);
        if (facts == null) {
          continue;
        }
        for (String unitId : tree.selfAndAncestors(facts.branchId())) {
          tallies.computeIfAbsent(new UnitYear(unitId, year), k -> new PovertyTally()).add(facts);
        }
      }
    }
    tallies.forEach((k, t) -> {
      if (t.isZero()) {
        return;
      }
      if (k.year() > lastYear) {
        afterLastYear.put(k.unitId(), t.row(k.unitId(), k.year()));
      } else {
        rows.put(k.key(), t.row(k.unitId(), k.year()));
      }
    });
  }

  private static final class PovertyTally {
    long supported;
    long exited;
    long exitedPoverty;
    long exitedNearPoverty;
    long relapsed;
    long poorAtYearEnd;
    long nearPoorAtYearEnd;

    void add(HouseholdTimeline.YearFacts f) {
      if (f.supported()) {
        supported++;
        exited += f.improved() ? 1 : 0;
        exitedPoverty += f.exitedPoverty() ? 1 : 0;
        exitedNearPoverty += f.exitedNearPoverty() ? 1 : 0;
      }
      relapsed += f.relapsed() ? 1 : 0;
      poorAtYearEnd += f.atYearEnd() == PovertyStatus.POOR ? 1 : 0;
      nearPoorAtYearEnd += f.atYearEnd() == PovertyStatus.NEAR_POOR ? 1 : 0;
    }

    boolean isZero() {
      return supported == 0 && exited == 0 && exitedPoverty == 0 && exitedNearPoverty == 0
          && relapsed == 0 && poorAtYearEnd == 0 && nearPoorAtYearEnd == 0;
    }

    PovertyRow row(String unitId, int year) {
      return povertyRow(unitId, year, supported, exited, exitedPoverty, exitedNearPoverty, relapsed,
          poorAtYearEnd, nearPoorAtYearEnd);
    }
  }

  private static PovertyRow povertyRow(String unitId, int year, long supported, long exited,
      long exitedPoverty, long exitedNearPoverty, long relapsed, long poor, long nearPoor) {
    return PovertyRow.newBuilder()
        .setUnitId(unitId)
        .setYear(year)
        .setSupportedHouseholds(supported)
        .setExitedHouseholds(exited)
        .setExitedPoverty(exitedPoverty)
        .setExitedNearPoverty(exitedNearPoverty)
        .setRelapsedHouseholds(relapsed)
        .setPoorAtYearEnd(poor)
        .setNearPoorAtYearEnd(nearPoor)
        .setUpdatedAt(Instant.EPOCH)
        .build();
  }

  // ---- §5 activities ----------------------------------------------------------------------------

  private static Map<String, ActivitiesRow> activities(
      CurrentUnits tree, Collection<Activity> activities, List<Attendance> counted) {
    Map<String, Long> attendancesByActivity = new HashMap<>();
    for (Attendance a : counted) {
      attendancesByActivity.merge(a.getActivityId(), 1L, Long::sum);
    }
    Map<UnitPeriod, ActivityTally> tallies = new HashMap<>();
    for (Activity activity : activities) {
      if (activity.getStatus() != ActivityStatus.HELD) {
        continue;
      }
      long attendances = attendancesByActivity.getOrDefault(activity.getActivityId(), 0L);
      for (Period p : Period.containing(Period.localDate(activity.getStartsAt()))) {
        for (String unitId : tree.selfAndAncestors(activity.getUnitId())) {
          tallies.computeIfAbsent(new UnitPeriod(unitId, p), k -> new ActivityTally())
              .add(activity, attendances);
        }
      }
    }
    Map<String, ActivitiesRow> rows = new HashMap<>();
    tallies.forEach((k, t) -> rows.put(k.key(), t.row(k.unitId(), k.period())));
    return rows;
  }

  private static final class ActivityTally {
    long held;
    long inPerson;
    long online;
    long hybrid;
    long publicised;
    final Map<String, Long> byChannel = new TreeMap<>();
    long attendances;

    void add(Activity activity, long attendancesAtIt) {
      held++;
      switch (activity.getMode()) {
        case IN_PERSON -> inPerson++;
        case ONLINE -> online++;
        case HYBRID -> hybrid++;
      }
      if (!activity.getChannels().isEmpty()) {
        publicised++;
        for (Channel c : EnumSet.copyOf(activity.getChannels())) {
          byChannel.merge(c.name(), 1L, Long::sum);
        }
      }
      attendances += attendancesAtIt;
    }

    ActivitiesRow row(String unitId, Period p) {
      return activitiesRow(unitId, p, held, inPerson, online, hybrid, publicised, byChannel, attendances);
    }
  }

  private static ActivitiesRow activitiesRow(String unitId, Period p, long held, long inPerson,
      long online, long hybrid, long publicised, Map<String, Long> byChannel, long attendances) {
    return ActivitiesRow.newBuilder()
        .setUnitId(unitId)
        .setPeriod(p.toString())
        .setHeld(held)
        .setInPerson(inPerson)
        .setOnline(online)
        .setHybrid(hybrid)
        .setPublicised(publicised)
        .setByChannel(new TreeMap<>(byChannel))
        .setAttendances(attendances)
        .setUpdatedAt(Instant.EPOCH)
        .build();
  }

  // ---- §5b campaigns -----------------------------------------------------------------------------

  /** Per unit that exists now: the units of level BRANCH whose walk up contains it. */
  private static Map<String, Long> branchCounts(CurrentUnits tree) {
    Map<String, Long> counts = new HashMap<>();
    for (String unitId : tree.unitIds()) {
      if (tree.isBranch(unitId)) {
        for (String above : tree.selfAndAncestors(unitId)) {
          counts.merge(above, 1L, Long::sum);
        }
      }
    }
    return counts;
  }

  private static Map<String, CampaignsRow> campaigns(CurrentUnits tree, Collection<Membership> memberships,
      Map<String, Activity> activities, List<Attendance> counted, Map<String, Long> branchCounts) {
    // The campaigns of each standing HELD activity, trimmed, each once.
    Map<String, List<String>> campaignsOf = new HashMap<>();
    for (Activity a : activities.values()) {
      if (a.getStatus() == ActivityStatus.HELD && !a.getCampaigns().isEmpty()) {
        campaignsOf.put(a.getActivityId(), CampaignNames.trimmed(a.getCampaigns()));
      }
    }
    Map<UnitPeriodCampaign, CampaignTally> tallies = new HashMap<>();

    // held, attendances, branchesHolding: by the organiser, as the activities view.
    Map<String, Long> attendancesByActivity = new HashMap<>();
    for (Attendance a : counted) {
      attendancesByActivity.merge(a.getActivityId(), 1L, Long::sum);
    }
    for (Activity activity : activities.values()) {
      List<String> names = campaignsOf.get(activity.getActivityId());
      if (names == null) {
        continue;
      }
      long attendances = attendancesByActivity.getOrDefault(activity.getActivityId(), 0L);
      String holdingBranch = tree.isBranch(activity.getUnitId()) ? activity.getUnitId() : null;
      for (Period p : Period.containing(Period.localDate(activity.getStartsAt()))) {
        for (String unitId : tree.selfAndAncestors(activity.getUnitId())) {
          for (String c : names) {
            CampaignTally t = tallies.computeIfAbsent(new UnitPeriodCampaign(unitId, p, c), k -> new CampaignTally());
            t.held++;
            t.attendances += attendances;
            if (holdingBranch != null) {
              t.branchesHolding.add(holdingBranch);
            }
          }
        }
      }
    }

    // participants: as §3, with only attendance at activities listing the campaign.
    Map<String, List<Membership>> membershipsByMember = new HashMap<>();
    for (Membership m : memberships) {
      boolean coversSomeDay = m.getLeftOn() == null || !m.getJoinedOn().isAfter(m.getLeftOn());
      if (tree.isBranch(m.getBranchId()) && coversSomeDay) {
        membershipsByMember.computeIfAbsent(m.getMemberId(), k -> new ArrayList<>()).add(m);
      }
    }
    Map<String, List<Attendance>> campaignAttendanceByMember = new HashMap<>();
    for (Attendance a : counted) {
      if (campaignsOf.containsKey(a.getActivityId()) && membershipsByMember.containsKey(a.getMemberId())) {
        campaignAttendanceByMember.computeIfAbsent(a.getMemberId(), k -> new ArrayList<>()).add(a);
      }
    }
    campaignAttendanceByMember.forEach((memberId, attended) -> {
      // One set per member makes the counts distinct across attendances and branches of a subtree.
      Set<UnitPeriodCampaign> participatedIn = new HashSet<>();
      for (Attendance a : attended) {
        LocalDate d = Period.localDate(a.getAttendedAt());
        for (Membership m : membershipsByMember.get(memberId)) {
          if (covers(m, d)) {
            for (Period p : Period.containing(d)) {
              for (String unitId : tree.selfAndAncestors(m.getBranchId())) {
                for (String c : campaignsOf.get(a.getActivityId())) {
                  participatedIn.add(new UnitPeriodCampaign(unitId, p, c));
                }
              }
            }
          }
        }
      }
      participatedIn.forEach(k -> tallies.computeIfAbsent(k, x -> new CampaignTally()).participants++);
    });

    Map<String, CampaignsRow> rows = new HashMap<>();
    tallies.forEach((k, t) -> rows.put(k.key(), campaignsRow(k.unitId(), k.period(), k.campaign(), t.held,
        t.attendances, t.participants, branchCounts.getOrDefault(k.unitId(), 0L), t.branchesHolding.size())));
    return rows;
  }

  private static final class CampaignTally {
    long held;
    long attendances;
    long participants;
    final Set<String> branchesHolding = new HashSet<>();
  }

  private static CampaignsRow campaignsRow(String unitId, Period p, String campaign, long held, long attendances,
      long participants, long branches, long branchesHolding) {
    return CampaignsRow.newBuilder()
        .setUnitId(unitId)
        .setPeriod(p.toString())
        .setCampaign(campaign)
        .setHeld(held)
        .setAttendances(attendances)
        .setParticipants(participants)
        .setBranches(branches)
        .setBranchesHolding(branchesHolding)
        .setUpdatedAt(Instant.EPOCH)
        .build();
  }

  // ---- the covered years -------------------------------------------------------------------------

  /** From the earliest to the latest year of any event; first > last when there is none. */
  private record CoveredYears(int first, int last) {

    static CoveredYears of(History history) {
      CoveredYears years = new CoveredYears(Integer.MAX_VALUE, Integer.MIN_VALUE);
      for (LogRecord<Activity> r : history.activities()) {
        if (r.value() != null) {
          years = years.including(Period.localDate(r.value().getStartsAt()).getYear());
        }
      }
      for (LogRecord<Attendance> r : history.attendance()) {
        if (r.value() != null) {
          years = years.including(Period.localDate(r.value().getAttendedAt()).getYear());
        }
      }
      for (LogRecord<HouseholdStatus> r : history.households()) {
        if (r.value() != null) {
          years = years.including(r.value().getAssessedOn().getYear());
        }
      }
      return years;
    }

    CoveredYears including(int year) {
      return new CoveredYears(Math.min(first, year), Math.max(last, year));
    }

    boolean isEmpty() {
      return first > last;
    }

    boolean contains(int year) {
      return first <= year && year <= last;
    }
  }

  // ---- reading the views ------------------------------------------------------------------------

  /** Participation rows by {@code unitId|period}: every non-zero row of the covered years. */
  public Map<String, ParticipationRow> participation() {
    return participation;
  }

  /** Poverty rows by {@code unitId|year}: every non-zero row of the covered years. */
  public Map<String, PovertyRow> poverty() {
    return poverty;
  }

  /** Activities rows by {@code unitId|period}: every non-zero row of the covered years. */
  public Map<String, ActivitiesRow> activities() {
    return activities;
  }

  /** Campaigns rows by {@code unitId|period|campaign}: every row of the covered years with held or participants. */
  public Map<String, CampaignsRow> campaigns() {
    return campaigns;
  }

  /** The first of the covered years (see the class comment); empty when the history holds no event. */
  public OptionalInt firstYear() {
    return years.isEmpty() ? OptionalInt.empty() : OptionalInt.of(years.first());
  }

  /** The last of the covered years (see the class comment); empty when the history holds no event. */
  public OptionalInt lastYear() {
    return years.isEmpty() ? OptionalInt.empty() : OptionalInt.of(years.last());
  }

  /**
   * The participation of a unit in any period; zeros (rate null) when it has none. Accessors answer
   * fresh rows: changing one changes nothing here.
   */
  public ParticipationRow participation(String unitId, Period p) {
    return participationCounts.row(unitId, p);
  }

  /** The poverty figures of a unit in any year; zeros when it has none. */
  public PovertyRow poverty(String unitId, int year) {
    PovertyRow row = !years.isEmpty() && year > years.last()
        ? povertyAfterLastYear.get(unitId)
        : poverty.get(ViewKey.of(unitId, year));
    return row != null
        ? povertyRow(unitId, year, row.getSupportedHouseholds(), row.getExitedHouseholds(),
            row.getExitedPoverty(), row.getExitedNearPoverty(), row.getRelapsedHouseholds(),
            row.getPoorAtYearEnd(), row.getNearPoorAtYearEnd())
        : povertyRow(unitId, year, 0, 0, 0, 0, 0, 0, 0);
  }

  /** The activities of a unit in any period; zeros when it has none. */
  public ActivitiesRow activities(String unitId, Period p) {
    ActivitiesRow row = activities.get(ViewKey.of(unitId, p));
    return row != null
        ? activitiesRow(unitId, p, row.getHeld(), row.getInPerson(), row.getOnline(), row.getHybrid(),
            row.getPublicised(), row.getByChannel(), row.getAttendances())
        : activitiesRow(unitId, p, 0, 0, 0, 0, 0, Map.of(), 0);
  }

  /**
   * The row of a unit for a campaign (named trimmed, as the view names it) in any period; zeros
   * but for branches when it has none.
   */
  public CampaignsRow campaigns(String unitId, Period p, String campaign) {
    CampaignsRow row = campaigns.get(ViewKey.of(unitId, p, campaign));
    return row != null
        ? campaignsRow(unitId, p, campaign, row.getHeld(), row.getAttendances(), row.getParticipants(),
            row.getBranches(), row.getBranchesHolding())
        : campaignsRow(unitId, p, campaign, 0, 0, 0, branchCounts.getOrDefault(unitId, 0L), 0);
  }

  /**
   * The campaign rows of a unit in a period, ordered as SPEC.md §6 lists them: by held, then
   * participants, both descending (then by name, so that the order is one); empty when none.
   */
  public List<CampaignsRow> campaigns(String unitId, Period p) {
    String prefix = ViewKey.of(unitId, p) + "|";
    return campaigns.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .map(e -> campaigns(unitId, p, e.getValue().getCampaign()))
        .sorted(Comparator.comparingLong(CampaignsRow::getHeld).reversed()
            .thenComparing(Comparator.comparingLong(CampaignsRow::getParticipants).reversed())
            .thenComparing(CampaignsRow::getCampaign))
        .toList();
  }

  /** The branches in a unit's subtree in the current tree; 0 for a unit that does not exist. */
  public long branches(String unitId) {
    return branchCounts.getOrDefault(unitId, 0L);
  }

  // Both keys spread the unit's hash with a large odd factor: the default record hash (31 * unit +
  // period) makes neighbouring unit codes and periods collide by the thousand.

  private record UnitPeriod(String unitId, Period period) {
    String key() {
      return ViewKey.of(unitId, period);
    }

    @Override
    public int hashCode() {
      return unitId.hashCode() * 0x9E3779B1 + period.hashCode();
    }
  }

  private record UnitPeriodCampaign(String unitId, Period period, String campaign) {
    String key() {
      return ViewKey.of(unitId, period, campaign);
    }

    @Override
    public int hashCode() {
      return (unitId.hashCode() * 0x9E3779B1 + period.hashCode()) * 31 + campaign.hashCode();
    }
  }

  private record UnitYear(String unitId, int year) {
    String key() {
      return ViewKey.of(unitId, year);
    }

    @Override
    public int hashCode() {
      return unitId.hashCode() * 0x9E3779B1 + year;
    }
  }
}
