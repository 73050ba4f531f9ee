package dev.pulse.streams.partitioned;

import dev.pulse.avro.UnitLevel;
import dev.pulse.contract.UnitTree;
import dev.pulse.streams.partitioned.MemberContribution.Attendance;
import dev.pulse.streams.partitioned.MemberContribution.Membership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The member task, keyed by memberId: her memberships (from the router), her attendance (read in
 * place) and this task's copy of the broadcast facts (the unit tree, which activities are held).
 * On a change of hers it recomputes her contribution, diffs it with the one she last sent, and
 * sends the difference to the rows, one record per unit touched — nothing when nothing changed,
 * which is what most attendance records are. A broadcast change (a unit moved, deleted, created;
 * an activity held or cancelled) queues only the members it can affect, found through two small
 * indexes (branch → members, activity → members), and a punctuation recounts the queue in
 * bounded chunks rather than in one transaction over everyone.
 */
final class MemberProcessor implements Processor<String, byte[], String, byte[]> {

  private static final byte[] EMPTY = new byte[0];
  private static final StringSerializer KEYS = new StringSerializer();

  private final PartitionedTopology.StoreNames names;
  private final int recountChunk;
  private final Duration recountEvery;
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, byte[]> members;
  private KeyValueStore<String, byte[]> units;
  private KeyValueStore<String, byte[]> activities;
  private KeyValueStore<String, byte[]> byBranch;
  private KeyValueStore<String, byte[]> byActivity;
  private KeyValueStore<String, byte[]> pending;

  /** The broadcast facts, held in memory too: they are read for every record and change rarely. */
  private final Map<String, UnitTree.Node> tree = new HashMap<>();
  private final UnitTree unitTree = UnitTree.over(tree::get);
  /** The same tree answering roll-ups from the cache, which every recount asks for. */
  private final UnitTree cachedTree = new UnitTree() {
    @Override
    public Node node(String unitId) {
      return tree.get(unitId);
    }

    @Override
    public List<String> rollUp(String unitId) {
      return unitId == null ? List.of() : rollUps.getOrDefault(unitId, List.of());
    }
  };
  private final Set<String> held = new HashSet<>();
  private final Set<Integer> yearsSent = new HashSet<>();
  private boolean pendingWork;
  /** Every known unit's roll-up, to tell which changed when a unit does. */
  private Map<String, List<String>> rollUps = Map.of();

  MemberProcessor(PartitionedTopology.StoreNames names, int recountChunk, Duration recountEvery) {
    this.names = names;
    this.recountChunk = recountChunk;
    this.recountEvery = recountEvery;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    members = context.getStateStore(names.members());
    units = context.getStateStore(names.units());
    activities = context.getStateStore(names.activities());
    byBranch = context.getStateStore(names.byBranch());
    byActivity = context.getStateStore(names.byActivity());
    pending = context.getStateStore(names.pending());
    try (KeyValueIterator<String, byte[]> it = units.all()) {
      it.forEachRemaining(kv -> tree.put(kv.key, node(Wire.readUnit(kv.value))));
    }
    rollUps = rollUps();
    try (KeyValueIterator<String, byte[]> it = activities.all()) {
      it.forEachRemaining(kv -> held.add(kv.key));
    }
    try (KeyValueIterator<String, byte[]> it = pending.all()) {
      pendingWork = it.hasNext();
    }
    context.schedule(recountEvery, PunctuationType.WALL_CLOCK_TIME, now -> recountSome(now));
  }

  @Override
  public void process(Record<String, byte[]> r) {
    byte[] v = r.value();
    switch (Wire.tag(v)) {
      case Wire.ATTENDANCE -> attendance(r.key(), Wire.readAttendance(v), r.timestamp());
      case Wire.MEMBERSHIP -> membership(r.key(), Wire.readMembership(v), r.timestamp());
      case Wire.UNIT -> unit(Wire.readUnit(v), v);
      case Wire.ACTIVITY -> activity(Wire.readActivity(v));
      case Wire.YEAR -> {
        if (yearsSent.add(Wire.readYear(v))) context.forward(r.withKey(InputRecords.YEAR_KEY));
      }
      default -> throw new IllegalStateException("unexpected record with tag " + v[0] + " for member " + r.key());
    }
  }

  private void attendance(String memberId, Wire.AttendanceMsg a, long timestamp) {
    MemberState st = MemberState.decode(members.get(memberId));
    Attendance before = st.attendance.get(a.attendanceId());
    if (before != null && a.recordedAt() < before.recordedAt()) return; // stale version arriving late
    Attendance now = new Attendance(a.activityId(), a.recordedAt(), a.present(), a.localDay());
    if (now.equals(before)) return; // the same version again
    st.attendance.put(a.attendanceId(), now);
    if (before == null || !before.activityId().equals(now.activityId())) {
      byActivity.put(a.activityId() + "|" + memberId, EMPTY);
    }
    recount(memberId, st, timestamp);
  }

  private void membership(String memberId, Wire.MembershipMsg m, long timestamp) {
    MemberState st = MemberState.decode(members.get(memberId));
    if (m.removed()) {
      if (st.memberships.remove(m.membershipId()) == null) return;
    } else {
      Membership now = new Membership(m.branchId(), m.joinedDay(), m.leftDay());
      Membership before = st.memberships.put(m.membershipId(), now);
      if (now.equals(before)) return;
      if (before == null || !before.branchId().equals(now.branchId())) {
        byBranch.put(now.branchId() + "|" + memberId, EMPTY);
      }
    }
    recount(memberId, st, timestamp);
  }

  /**
   * A unit created, changed or deleted: queue the members of every unit whose roll-up changed
   * (and of the unit itself, whose level may have). Comparing whole roll-ups, not asking whether
   * they pass through the unit, is what catches a loop closed above a branch: LOOP-BR → LOOP-A
   * rolls up to LOOP-A until LOOP-B arrives naming LOOP-A its parent, and then to nothing, though
   * neither roll-up contains LOOP-B.
   */
  private void unit(Wire.UnitMsg u, byte[] bytes) {
    UnitTree.Node before = tree.get(u.unitId());
    UnitTree.Node after = u.deleted() ? null : node(u);
    if (java.util.Objects.equals(before, after)) return;
    if (after == null) {
      tree.remove(u.unitId());
      units.delete(u.unitId());
    } else {
      tree.put(u.unitId(), after);
      units.put(u.unitId(), bytes);
    }
    Map<String, List<String>> previous = rollUps;
    rollUps = rollUps();
    Set<String> affected = new HashSet<>();
    affected.add(u.unitId());
    for (String w : tree.keySet()) {
      if (!rollUps.get(w).equals(previous.getOrDefault(w, List.of()))) affected.add(w);
    }
    for (String w : previous.keySet()) {
      if (!rollUps.containsKey(w)) affected.add(w);
    }
    for (String branch : affected) queue(byBranch, branch);
  }

  private Map<String, List<String>> rollUps() {
    Map<String, List<String>> out = new HashMap<>(tree.size() * 2);
    for (String w : tree.keySet()) out.put(w, unitTree.rollUp(w));
    return out;
  }

  private void activity(Wire.ActivityMsg a) {
    boolean changed = a.held() ? held.add(a.activityId()) : held.remove(a.activityId());
    if (!changed) return;
    if (a.held()) activities.put(a.activityId(), EMPTY);
    else activities.delete(a.activityId());
    queue(byActivity, a.activityId());
  }

  private void queue(KeyValueStore<String, byte[]> index, String id) {
    String prefix = id + "|";
    List<String> found = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = index.prefixScan(prefix, KEYS)) {
      it.forEachRemaining(kv -> found.add(kv.key.substring(prefix.length())));
    }
    for (String memberId : found) pending.put(memberId, EMPTY);
    if (!found.isEmpty()) pendingWork = true;
  }

  /** Recounts at most one chunk of the queued members. */
  private void recountSome(long now) {
    if (!pendingWork) return;
    List<String> chunk = new ArrayList<>(Math.min(recountChunk, 256));
    try (KeyValueIterator<String, byte[]> it = pending.all()) {
      while (it.hasNext() && chunk.size() < recountChunk) chunk.add(it.next().key);
      pendingWork = it.hasNext();
    }
    for (String memberId : chunk) {
      pending.delete(memberId);
      recount(memberId, MemberState.decode(members.get(memberId)), now);
    }
  }

  private void recount(String memberId, MemberState st, long timestamp) {
    MemberContribution now = MemberContribution.of(st.memberships.values(), st.attendance.values(), cachedTree,
        held::contains);
    Map<String, List<Wire.Delta>> deltas = now.minus(st.sent);
    for (var e : deltas.entrySet()) {
      context.forward(new Record<>(e.getKey(), Wire.deltas(e.getValue()), timestamp));
    }
    st.sent = now;
    if (st.isEmpty()) members.delete(memberId);
    else members.put(memberId, st.encode());
  }

  private static UnitTree.Node node(Wire.UnitMsg u) {
    return new UnitTree.Node(u.unitId(), u.parentId(), UnitLevel.values()[u.level()]);
  }
}
