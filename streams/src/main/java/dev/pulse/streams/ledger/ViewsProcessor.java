package dev.pulse.streams.ledger;

import dev.pulse.contract.ViewKey;
import dev.pulse.streams.domain.ActivityFigures;
import dev.pulse.streams.domain.Facts;
import dev.pulse.streams.domain.Facts.ActivityFact;
import dev.pulse.streams.domain.Facts.AttendanceFact;
import dev.pulse.streams.domain.Facts.HouseholdEventFact;
import dev.pulse.streams.domain.Facts.MembershipFact;
import dev.pulse.streams.domain.Facts.UnitFact;
import dev.pulse.streams.domain.HouseholdTimeline;
import dev.pulse.streams.domain.HouseholdTimeline.YearFigures;
import dev.pulse.streams.domain.MemberParticipation;
import dev.pulse.streams.domain.MemberParticipation.Contribution;
import dev.pulse.contract.UnitTree;
import dev.pulse.streams.domain.YearRange;
import dev.pulse.streams.ledger.LedgerState.ActivityState;
import dev.pulse.streams.ledger.LedgerState.HouseholdCount;
import dev.pulse.streams.ledger.LedgerState.HouseholdState;
import dev.pulse.streams.ledger.LedgerState.MemberCount;
import dev.pulse.streams.ledger.LedgerState.ParticipationCounts;
import dev.pulse.streams.ledger.LedgerState.PovertyCounts;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger: every standing input fact, and for each member, household and activity what it
 * currently adds to which view rows.
 *
 * <p>An input record only changes the standing facts and marks the entities it touches as pending.
 * At each publishing interval every pending entity is recounted once by the rules of SPEC.md (the
 * domain classes), the difference between what it added before and what it adds now is applied to
 * the view figures, and the changed rows are published. Because an entity's contribution is a
 * function of the standing facts alone, the figures do not depend on the order in which records
 * arrive; because recounting waits for the interval, a member with a dozen attendance records in
 * one batch is recounted once, and a hot row (the province's year) is updated and published once
 * per interval, however many members moved it. While the ledger catches up (a start from empty,
 * a backlog), recounts take long and the next one waits a few times as long, up to a few intervals,
 * so that each member is recounted fewer times for the same records. Pending marks are state like
 * any other (mirrored in memory, so that a member already pending is not written again) and the
 * recount's changes and published rows commit in one transaction, so with exactly-once nothing is
 * lost or counted twice in a crash.
 */
public final class ViewsProcessor implements Processor<String, LedgerInput, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(ViewsProcessor.class);
  private static final String YEARS_KEY = "years";
  private static final String RECOUNT_ALL = "*|all";
  /**
   * While the ledger catches up, a recount waits at least this many times as long as the last one
   * took, so recounting takes at most about a fifth of the thread's time: a member with attendance
   * records in many intervals is then recounted a few times instead of once per interval.
   */
  private static final int WAIT_PER_RECOUNT_TIME = 4;
  /** ...but never more than this many publishing intervals, so that rows keep flowing. */
  private static final int LONGEST_WAIT_INTERVALS = 5;

  private final Duration publishInterval;

  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, UnitFact> units;
  private KeyValueStore<String, TreeSet<String>> children;
  private KeyValueStore<String, MembershipFact> memberships;
  private KeyValueStore<String, ActivityFact> activities;
  private KeyValueStore<String, AttendanceFact> attendance;
  private KeyValueStore<String, HouseholdEventFact> householdEvents;
  private KeyValueStore<String, MemberCount> members;
  private KeyValueStore<String, TreeSet<String>> memberMemberships;
  private KeyValueStore<String, AttendanceFact> memberAttendance;
  private KeyValueStore<String, String> activityAttendees;
  private KeyValueStore<String, HouseholdState> households;
  private KeyValueStore<String, ActivityState> activityState;
  private KeyValueStore<String, TreeSet<String>> branchMembers;
  private KeyValueStore<String, TreeSet<String>> branchHouseholds;
  private KeyValueStore<String, TreeSet<String>> unitActivities;
  private KeyValueStore<String, YearRange> years;
  private KeyValueStore<String, ParticipationCounts> participation;
  private KeyValueStore<String, PovertyCounts> poverty;
  private KeyValueStore<String, ActivityFigures.Counts> activityView;
  private KeyValueStore<String, Boolean> pending;
  /** Changes to view rows found by the recount under way, applied to the figures once per row. */
  private final Map<String, long[]> participationDeltas = new HashMap<>();
  private final Map<String, PovertyCounts> povertyDeltas = new HashMap<>();
  private final Map<String, ActivityFigures.Counts> activityDeltas = new HashMap<>();
  /** Read-through copies of the small, hot stores (the tree, the activities): rules read them for every entity. */
  private final Map<String, UnitFact> unitCache = new HashMap<>();
  private final Map<String, ActivityFact> activityCache = new HashMap<>();
  /**
   * The keys of the pending store, mirrored: a member with a dozen attendance records in one
   * interval is written as pending once, and the recount needs no scan of the store.
   */
  private final Set<String> pendingKeys = new LinkedHashSet<>();
  private UnitTree tree;
  /** Wall-clock time before which no recount starts (see WAIT_PER_RECOUNT_TIME). */
  private long nextRecountAt;
  /** The years store's one value, mirrored: every event reads it. */
  private YearRange yearRange;

  public ViewsProcessor(Duration publishInterval) {
    this.publishInterval = publishInterval;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    units = context.getStateStore(LedgerStores.UNITS.name());
    children = context.getStateStore(LedgerStores.CHILDREN.name());
    memberships = context.getStateStore(LedgerStores.MEMBERSHIPS.name());
    activities = context.getStateStore(LedgerStores.ACTIVITIES.name());
    attendance = context.getStateStore(LedgerStores.ATTENDANCE.name());
    householdEvents = context.getStateStore(LedgerStores.HOUSEHOLD_EVENTS.name());
    members = context.getStateStore(LedgerStores.MEMBERS.name());
    memberMemberships = context.getStateStore(LedgerStores.MEMBER_MEMBERSHIPS.name());
    memberAttendance = context.getStateStore(LedgerStores.MEMBER_ATTENDANCE.name());
    activityAttendees = context.getStateStore(LedgerStores.ACTIVITY_ATTENDEES.name());
    households = context.getStateStore(LedgerStores.HOUSEHOLDS.name());
    activityState = context.getStateStore(LedgerStores.ACTIVITY_STATE.name());
    branchMembers = context.getStateStore(LedgerStores.BRANCH_MEMBERS.name());
    branchHouseholds = context.getStateStore(LedgerStores.BRANCH_HOUSEHOLDS.name());
    unitActivities = context.getStateStore(LedgerStores.UNIT_ACTIVITIES.name());
    years = context.getStateStore(LedgerStores.YEARS.name());
    participation = context.getStateStore(LedgerStores.PARTICIPATION.name());
    poverty = context.getStateStore(LedgerStores.POVERTY.name());
    activityView = context.getStateStore(LedgerStores.ACTIVITY_VIEW.name());
    pending = context.getStateStore(LedgerStores.PENDING.name());
    unitCache.clear();
    activityCache.clear();
    try (KeyValueIterator<String, UnitFact> it = units.all()) {
      it.forEachRemaining(kv -> unitCache.put(kv.key, kv.value));
    }
    try (KeyValueIterator<String, ActivityFact> it = activities.all()) {
      it.forEachRemaining(kv -> activityCache.put(kv.key, kv.value));
    }
    tree = UnitTree.over(id -> { UnitFact u = unitCache.get(id); return u == null ? null : u.node(); });
    pendingKeys.clear();
    pendingKeys.addAll(keys(pending));
    YearRange stored = years.get(YEARS_KEY);
    yearRange = stored == null ? YearRange.EMPTY : stored;
    nextRecountAt = 0;
    context.schedule(publishInterval, PunctuationType.WALL_CLOCK_TIME, this::recountAndPublish);
  }

  @Override
  public void process(Record<String, LedgerInput> record) {
    LedgerInput in = record.value();
    if (in == null) return;
    switch (in.source()) {
      case UNIT -> onUnit(in.key(), in.unit());
      case MEMBERSHIP -> onMembership(in.key(), in.membership());
      case ACTIVITY -> onActivity(in.activity());
      case ATTENDANCE -> onAttendance(in.attendance());
      case HOUSEHOLD -> onHousehold(in.household());
    }
  }

  // ---- inputs: change the standing facts, mark who must be recounted -------------------------

  private void onUnit(String unitId, UnitFact next) {
    if (unitId == null) return;
    UnitFact previous = unitCache.get(unitId);
    if (Objects.equals(previous, next)) return;
    String oldParent = previous == null ? null : previous.parentId();
    String newParent = next == null ? null : next.parentId();
    if (!Objects.equals(oldParent, newParent)) {
      if (oldParent != null) removeFromIndex(children, oldParent, unitId);
      if (newParent != null) addToIndex(children, newParent, unitId);
    }
    if (next == null) {
      units.delete(unitId);
      unitCache.remove(unitId);
    } else {
      units.put(unitId, next);
      unitCache.put(unitId, next);
    }
    // Every unit whose chain of parents passes through this one may now roll up elsewhere.
    for (String u : subtree(unitId)) {
      index(branchMembers, u).forEach(m -> markPending("m|" + m));
      index(branchHouseholds, u).forEach(h -> markPending("h|" + h));
      index(unitActivities, u).forEach(a -> markPending("a|" + a));
    }
  }

  private void onMembership(String membershipId, MembershipFact next) {
    if (membershipId == null) return;
    MembershipFact previous = memberships.get(membershipId);
    if (Objects.equals(previous, next)) return;
    if (next == null) memberships.delete(membershipId); else memberships.put(membershipId, next);
    if (previous != null) {
      if (next == null || !previous.memberId().equals(next.memberId())) {
        removeFromIndex(memberMemberships, previous.memberId(), membershipId);
      }
      markPending("m|" + previous.memberId());
    }
    if (next != null) {
      addToIndex(branchMembers, next.branchId(), next.memberId());
      addToIndex(memberMemberships, next.memberId(), membershipId);
      markPending("m|" + next.memberId());
    }
  }

  private void onActivity(ActivityFact next) {
    if (next == null) return;
    widenYears(next.startsOn().getYear());
    ActivityFact previous = activityCache.get(next.activityId());
    if (previous != null && !Facts.supersedes(next.recordedAt(), previous.recordedAt())) return;
    if (next.equals(previous)) return;
    activities.put(next.activityId(), next);
    activityCache.put(next.activityId(), next);
    if (previous != null && !previous.unitId().equals(next.unitId())) {
      removeFromIndex(unitActivities, previous.unitId(), next.activityId());
    }
    addToIndex(unitActivities, next.unitId(), next.activityId());
    markPending("a|" + next.activityId());
    if (previous == null || previous.held() != next.held()) {
      // Participation needs a held activity: its attendees' figures change with its status.
      try (KeyValueIterator<String, String> it =
               activityAttendees.prefixScan(next.activityId() + "|", new StringSerializer())) {
        it.forEachRemaining(kv -> markPending("m|" + kv.value));
      }
    }
  }

  private void onAttendance(AttendanceFact next) {
    if (next == null) return;
    widenYears(next.attendedOn().getYear());
    AttendanceFact previous = attendance.get(next.attendanceId());
    boolean stands = previous == null || Facts.supersedes(next.recordedAt(), previous.recordedAt());
    if (!stands || next.equals(previous)) return;
    attendance.put(next.attendanceId(), next);
    if (previous != null) {
      if (previous.present()) updatePresence(previous.activityId(), previous, false);
      memberAttendance.delete(previous.memberId() + "|" + previous.attendanceId());
      markPending("m|" + previous.memberId());
    }
    if (next.present()) updatePresence(next.activityId(), next, true);
    memberAttendance.put(next.memberId() + "|" + next.attendanceId(), next);
    markPending("m|" + next.memberId());
  }

  private void onHousehold(HouseholdEventFact next) {
    if (next == null) return;
    widenYears(next.assessedOn().getYear());
    HouseholdEventFact previous = householdEvents.get(next.eventId());
    boolean stands = previous == null || Facts.supersedes(next.recordedAt(), previous.recordedAt());
    if (!stands || next.equals(previous)) return;
    householdEvents.put(next.eventId(), next);
    if (previous != null && !previous.householdId().equals(next.householdId())) {
      updateHousehold(previous.householdId(), s -> withEvent(s, next.eventId(), null));
    }
    addToIndex(branchHouseholds, next.branchId(), next.householdId());
    updateHousehold(next.householdId(), s -> withEvent(s, next.eventId(), next));
  }

  private void markPending(String key) {
    if (pendingKeys.add(key)) pending.put(key, Boolean.TRUE);
  }

  // ---- the years the views cover --------------------------------------------------------------

  private YearRange years() {
    return yearRange;
  }

  /** A year outside the covered range widens it: every member and household is recounted for the new years. */
  private void widenYears(int year) {
    YearRange current = years();
    if (current.contains(year)) return;
    yearRange = current.including(year);
    years.put(YEARS_KEY, yearRange);
    markPending(RECOUNT_ALL);
  }

  // ---- recounting and publishing --------------------------------------------------------------

  private void recountAndPublish(long now) {
    if (pendingKeys.isEmpty() || now < nextRecountAt) return;
    List<String> keys = new ArrayList<>(pendingKeys);
    long started = System.nanoTime();
    YearRange range = years();
    if (keys.remove(RECOUNT_ALL)) {
      keys.removeIf(k -> k.startsWith("m|") || k.startsWith("h|"));
      allMemberIds().forEach(m -> recountMember(m, range));
      keys(households).forEach(h -> recountHousehold(h, range));
      log.info("Views now cover {}-{}: recounted every member and household", range.first(), range.last());
    }
    for (String key : keys) {
      String id = key.substring(2);
      switch (key.charAt(0)) {
        case 'm' -> recountMember(id, range);
        case 'h' -> recountHousehold(id, range);
        default -> recountActivity(id);
      }
    }
    pendingKeys.forEach(pending::delete);
    pendingKeys.clear();
    int rows = applyAndPublish(now);
    long ms = (System.nanoTime() - started) / 1_000_000;
    nextRecountAt = now + Math.min(WAIT_PER_RECOUNT_TIME * ms, LONGEST_WAIT_INTERVALS * publishInterval.toMillis());
    if (ms > 2_000) log.info("Recounted {} members, households and activities and published {} rows in {} ms",
        keys.size(), rows, ms);
  }

  /** Applies the recount's changes to the figures, one update per row, and publishes each changed row. */
  private int applyAndPublish(long now) {
    int rows = 0;
    for (Map.Entry<String, long[]> e : participationDeltas.entrySet()) {
      long[] d = e.getValue();
      if (d[0] == 0 && d[1] == 0) continue;
      ParticipationCounts c = participation.get(e.getKey());
      ParticipationCounts next = (c == null ? ParticipationCounts.ZERO : c).plus(d[0], d[1], now);
      if (next.isZero()) participation.delete(e.getKey()); else participation.put(e.getKey(), next);
      context.forward(new Record<>(e.getKey(), ViewRows.participation(e.getKey(), next, now), now));
      rows++;
    }
    for (Map.Entry<String, PovertyCounts> e : povertyDeltas.entrySet()) {
      if (e.getValue().isZero()) continue;
      PovertyCounts c = poverty.get(e.getKey());
      PovertyCounts next = (c == null ? PovertyCounts.ZERO : c).plus(e.getValue(), now);
      if (next.isZero()) poverty.delete(e.getKey()); else poverty.put(e.getKey(), next);
      context.forward(new Record<>(e.getKey(), ViewRows.poverty(e.getKey(), next, now), now));
      rows++;
    }
    for (Map.Entry<String, ActivityFigures.Counts> e : activityDeltas.entrySet()) {
      if (e.getValue().isZero()) continue;
      ActivityFigures.Counts c = activityView.get(e.getKey());
      ActivityFigures.Counts next = (c == null ? ActivityFigures.Counts.ZERO : c).plus(e.getValue(), +1, now);
      if (next.isZero()) activityView.delete(e.getKey()); else activityView.put(e.getKey(), next);
      context.forward(new Record<>(e.getKey(), ViewRows.activities(e.getKey(), next, now), now));
      rows++;
    }
    participationDeltas.clear();
    povertyDeltas.clear();
    activityDeltas.clear();
    return rows;
  }

  // ---- members: participation -----------------------------------------------------------------

  private void recountMember(String memberId, YearRange range) {
    List<MembershipFact> standing = new ArrayList<>();
    for (String membershipId : index(memberMemberships, memberId)) {
      MembershipFact m = memberships.get(membershipId);
      if (m != null) standing.add(m);
    }
    List<AttendanceFact> attended = new ArrayList<>();
    try (KeyValueIterator<String, AttendanceFact> it = memberAttendance.prefixScan(memberId + "|", new StringSerializer())) {
      it.forEachRemaining(kv -> attended.add(kv.value));
    }
    MemberCount count = members.get(memberId);
    Map<String, Contribution> before = count == null ? Map.of() : count.counted();
    Map<String, Contribution> now = MemberParticipation.compute(standing, attended, this::isHeld, tree, range);
    if (now.equals(before)) return;
    Set<String> periods = new TreeSet<>(before.keySet());
    periods.addAll(now.keySet());
    for (String period : periods) {
      Contribution b = before.getOrDefault(period, Contribution.NONE);
      Contribution n = now.getOrDefault(period, Contribution.NONE);
      if (b.equals(n)) continue;
      Map<String, long[]> deltas = new TreeMap<>();
      diff(b.eligible(), n.eligible(), deltas, 0);
      diff(b.participated(), n.participated(), deltas, 1);
      deltas.forEach((unit, d) -> {
        if (d[0] != 0 || d[1] != 0) addParticipation(ViewKey.of(unit, period), d[0], d[1]);
      });
    }
    if (now.isEmpty()) members.delete(memberId); else members.put(memberId, new MemberCount(now));
  }

  private static void diff(Set<String> before, Set<String> now, Map<String, long[]> deltas, int slot) {
    for (String u : before) if (!now.contains(u)) deltas.computeIfAbsent(u, k -> new long[2])[slot]--;
    for (String u : now) if (!before.contains(u)) deltas.computeIfAbsent(u, k -> new long[2])[slot]++;
  }

  private boolean isHeld(String activityId) {
    ActivityFact a = activityCache.get(activityId);
    return a != null && a.held();
  }

  private void addParticipation(String rowKey, long eligible, long participants) {
    long[] d = participationDeltas.computeIfAbsent(rowKey, k -> new long[2]);
    d[0] += eligible;
    d[1] += participants;
  }

  // ---- households: poverty --------------------------------------------------------------------

  private void updateHousehold(String householdId, Function<HouseholdState, HouseholdState> change) {
    HouseholdState state = households.get(householdId);
    if (state == null) state = new HouseholdState(List.of(), Map.of());
    households.put(householdId, change.apply(state));
    markPending("h|" + householdId);
  }

  private void recountHousehold(String householdId, YearRange range) {
    HouseholdState state = households.get(householdId);
    if (state == null) return;
    List<HouseholdEventFact> counting = state.events().stream().filter(e -> tree.isBranch(e.branchId())).toList();
    Map<Integer, HouseholdCount> now = new TreeMap<>();
    Map<String, List<String>> rollUps = new HashMap<>();
    HouseholdTimeline.of(counting).years(range).forEach((year, figures) ->
        now.put(year, new HouseholdCount(rollUps.computeIfAbsent(figures.branchId(), tree::rollUp), figures)));
    Map<Integer, HouseholdCount> before = state.counted();
    Set<Integer> allYears = new TreeSet<>(before.keySet());
    allYears.addAll(now.keySet());
    for (int year : allYears) {
      HouseholdCount b = before.get(year);
      HouseholdCount n = now.get(year);
      if (Objects.equals(b, n)) continue;
      if (b != null) b.units().forEach(u -> addPoverty(ViewKey.of(u, year), b.figures(), -1));
      if (n != null) n.units().forEach(u -> addPoverty(ViewKey.of(u, year), n.figures(), +1));
    }
    if (state.events().isEmpty()) {
      households.delete(householdId);
    } else if (!now.equals(before)) {
      households.put(householdId, new HouseholdState(state.events(), now));
    }
  }

  private static HouseholdState withEvent(HouseholdState s, String eventId, HouseholdEventFact e) {
    List<HouseholdEventFact> list = new ArrayList<>();
    for (HouseholdEventFact x : s.events()) if (!x.eventId().equals(eventId)) list.add(x);
    if (e != null) list.add(e);
    return new HouseholdState(list, s.counted());
  }

  private void addPoverty(String rowKey, YearFigures figures, int sign) {
    povertyDeltas.merge(rowKey, PovertyCounts.ZERO.plus(figures, sign, 0), (a, b) -> a.plus(b, 0));
  }

  // ---- activities -----------------------------------------------------------------------------

  private void updatePresence(String activityId, AttendanceFact a, boolean present) {
    String key = activityId + "|" + a.attendanceId();
    boolean was = activityAttendees.get(key) != null;
    if (was == present) return;
    if (present) activityAttendees.put(key, a.memberId()); else activityAttendees.delete(key);
    ActivityState s = activityState.get(activityId);
    long count = (s == null ? 0 : s.present()) + (present ? 1 : -1);
    activityState.put(activityId, new ActivityState(count, s == null ? ActivityFigures.Contribution.NONE : s.counted()));
    markPending("a|" + activityId);
  }

  private void recountActivity(String activityId) {
    ActivityState s = activityState.get(activityId);
    long present = s == null ? 0 : s.present();
    ActivityFigures.Contribution before = s == null ? ActivityFigures.Contribution.NONE : s.counted();
    ActivityFigures.Contribution now = ActivityFigures.of(activityCache.get(activityId), present, tree);
    if (before.equals(now)) return;
    for (String u : before.units()) for (String p : before.periods()) addActivity(ViewKey.of(u, p), before.counts(), -1);
    for (String u : now.units()) for (String p : now.periods()) addActivity(ViewKey.of(u, p), now.counts(), +1);
    activityState.put(activityId, new ActivityState(present, now));
  }

  private void addActivity(String rowKey, ActivityFigures.Counts counts, int sign) {
    activityDeltas.merge(rowKey, ActivityFigures.Counts.ZERO.plus(counts, sign, 0), (a, b) -> a.plus(b, +1, 0));
  }

  // ---- indexes and the tree -------------------------------------------------------------------

  /** The unit and every unit below it through the children index, each once even where the tree loops. */
  private Set<String> subtree(String unitId) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(unitId);
    while (!todo.isEmpty()) {
      String u = todo.poll();
      if (seen.add(u)) todo.addAll(index(children, u));
    }
    return seen;
  }

  private static Set<String> index(KeyValueStore<String, TreeSet<String>> store, String key) {
    TreeSet<String> s = store.get(key);
    return s == null ? Set.of() : s;
  }

  private static void addToIndex(KeyValueStore<String, TreeSet<String>> store, String key, String id) {
    TreeSet<String> s = store.get(key);
    if (s != null && s.contains(id)) return;
    TreeSet<String> next = s == null ? new TreeSet<>() : new TreeSet<>(s);
    next.add(id);
    store.put(key, next);
  }

  private static void removeFromIndex(KeyValueStore<String, TreeSet<String>> store, String key, String id) {
    TreeSet<String> s = store.get(key);
    if (s == null || !s.contains(id)) return;
    TreeSet<String> next = new TreeSet<>(s);
    next.remove(id);
    if (next.isEmpty()) store.delete(key); else store.put(key, next);
  }

  /** Every member with a membership, an attendance record or figures counted. */
  private Set<String> allMemberIds() {
    Set<String> ids = new TreeSet<>(keys(members));
    ids.addAll(keys(memberMemberships));
    for (String key : keys(memberAttendance)) ids.add(key.substring(0, key.indexOf('|')));
    return ids;
  }

  private static <V> List<String> keys(KeyValueStore<String, V> store) {
    List<String> out = new ArrayList<>();
    try (KeyValueIterator<String, V> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, V> kv = it.next();
        out.add(kv.key);
      }
    }
    return out;
  }
}
