package dev.pulse.streams.partitioned;

import dev.pulse.streams.partitioned.MemberContribution.Attendance;
import dev.pulse.streams.partitioned.MemberContribution.Membership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The member task, keyed by memberId: her memberships (from the router) and the contribution she
 * last sent in one small value, her attendance records (read in place) one entry each, and this
 * task's copy of the broadcast facts (the unit tree, which activities are held). A new attendance
 * record that counts adds only the months it brings (nothing, and no write of her state, when she
 * counted in that month already, which is what most attendance records are); any other change
 * recomputes her contribution, diffs it with the one she last sent, and sends the difference to
 * the rows, one record per unit touched. A broadcast change (a unit moved, deleted, created;
 * an activity held or cancelled) queues only the members it can affect, found through two small
 * indexes (branch → members, activity → members), and a punctuation recounts the queue in
 * bounded chunks rather than in one transaction over everyone.
 *
 * <p>For the activities view it also sends, keyed by activityId, +1 or -1 when the standing version
 * of one of her attendance records starts or stops being PRESENT at an activity.
 */
final class MemberProcessor implements Processor<String, byte[], String, byte[]> {

  private static final byte[] EMPTY = new byte[0];
  private static final StringSerializer KEYS = new StringSerializer();

  private final PartitionedTopology.StoreNames names;
  private final int recountChunk;
  private final Duration recountEvery;
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, byte[]> members;
  private KeyValueStore<String, byte[]> attendance;
  private KeyValueStore<String, byte[]> activities;
  private KeyValueStore<String, byte[]> byBranch;
  private KeyValueStore<String, byte[]> byActivity;
  private RecountQueue queue;
  private Outbox outbox;

  /** The broadcast tree, in memory too: it is read for every record and changes rarely. */
  private TreeCopy tree;
  private final Set<String> held = new HashSet<>();
  /** The campaigns of the held activities that list any (SPEC.md §5b), as the activities store keeps them. */
  private final Map<String, List<String>> campaignsOf = new HashMap<>();
  private final Set<Integer> yearsSent = new HashSet<>();

  MemberProcessor(PartitionedTopology.StoreNames names, int recountChunk, Duration recountEvery) {
    this.names = names;
    this.recountChunk = recountChunk;
    this.recountEvery = recountEvery;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    members = context.getStateStore(names.members());
    attendance = context.getStateStore(names.memberAttendance());
    activities = context.getStateStore(names.activities());
    byBranch = context.getStateStore(names.byBranch());
    byActivity = context.getStateStore(names.byActivity());
    outbox = new Outbox(context.getStateStore(names.outbox()));
    tree = new TreeCopy(context.getStateStore(names.units()));
    // Kafka Streams re-initialises the same processor after a failed transaction, on stores
    // restored to the last commit: what is kept in memory is rebuilt from them, never carried over.
    held.clear();
    campaignsOf.clear();
    yearsSent.clear();
    try (KeyValueIterator<String, byte[]> it = activities.all()) {
      it.forEachRemaining(kv -> {
        held.add(kv.key);
        List<String> campaigns = campaigns(kv.value);
        if (!campaigns.isEmpty()) campaignsOf.put(kv.key, campaigns);
      });
    }
    queue = new RecountQueue(context.getStateStore(names.pending()));
    context.schedule(recountEvery, PunctuationType.WALL_CLOCK_TIME, now -> {
      queue.drain(recountChunk, memberId -> recount(memberId, MemberState.decode(members.get(memberId)), now));
      outbox.flush(context, now);
    });
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
    outbox.persist();
  }

  /**
   * One version of one of her attendance records. The commonest case, a new PRESENT record at a
   * HELD activity in a month she already counts in at every level, reads her state and writes
   * only the record; a record that adds months adds their rows; one that takes something away (a
   * retraction, a version moved to another day or activity) recounts her from her records.
   */
  private void attendance(String memberId, Wire.AttendanceMsg a, long timestamp) {
    String key = memberId + "|" + a.attendanceId();
    Attendance before = MemberState.decodeAttendance(attendance.get(key));
    if (before != null && a.recordedAt() < before.recordedAt()) return; // stale version arriving late
    Attendance now = new Attendance(a.activityId(), a.recordedAt(), a.present(), a.localDay());
    if (now.equals(before)) return; // the same version again
    attendance.put(key, MemberState.encode(now));
    String wasAt = before != null && before.present() ? before.activityId() : null;
    String nowAt = now.present() ? now.activityId() : null;
    if (!Objects.equals(wasAt, nowAt)) {
      // The activities view counts standing PRESENT records per activity, whoever the member is.
      if (wasAt != null) outbox.addAttendance(wasAt, -1);
      if (nowAt != null) outbox.addAttendance(nowAt, 1);
    }
    if (before == null || !before.activityId().equals(now.activityId())) {
      byActivity.put(a.activityId() + "|" + memberId, EMPTY);
    }
    boolean counted = before != null && MemberContribution.counts(before, held::contains);
    boolean counts = MemberContribution.counts(now, held::contains);
    if (counted) {
      recount(memberId, MemberState.decode(members.get(memberId)), timestamp);
    } else if (counts) {
      MemberState st = MemberState.decode(members.get(memberId));
      var months = MemberContribution.monthsOf(now.localDay(),
          MemberContribution.counting(st.memberships.values(), tree.tree()), tree.tree());
      var campaignMonths = MemberContribution.campaignMonths(months, campaignsOf(now.activityId()));
      boolean newMonths = !st.months().containsAll(months);
      // Her campaign rows are read only for an activity that lists campaigns.
      boolean newCampaignMonths = !campaignMonths.isEmpty() && !st.campaignMonths().containsAll(campaignMonths);
      if (!newMonths && !newCampaignMonths) return;
      if (newMonths) {
        send(MemberContribution.added(st.months(), months), timestamp);
        Set<MemberContribution.UnitMonth> all = new HashSet<>(st.months());
        all.addAll(months);
        st.months(all);
      }
      if (newCampaignMonths) {
        sendCampaigns(MemberContribution.added(st.campaignMonths(), campaignMonths));
        Set<MemberContribution.UnitMonth> all = new HashSet<>(st.campaignMonths());
        all.addAll(campaignMonths);
        st.campaignMonths(all);
      }
      members.put(memberId, st.encode());
    }
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

  /** A unit created, changed or deleted: queue the members of every unit whose roll-up changed. */
  private void unit(Wire.UnitMsg u, byte[] bytes) {
    for (String branch : tree.apply(u, bytes)) queue.queueIndexed(byBranch, branch);
  }

  /** An activity became held, or not, or a held one changed its campaigns: queue the members who attended it. */
  private void activity(Wire.ActivityMsg a) {
    boolean changed = a.held() ? held.add(a.activityId()) : held.remove(a.activityId());
    List<String> before = a.held() && !a.campaigns().isEmpty()
        ? campaignsOf.put(a.activityId(), a.campaigns()) : campaignsOf.remove(a.activityId());
    changed |= !a.campaigns().equals(before == null ? List.of() : before);
    if (!changed) return;
    if (a.held()) activities.put(a.activityId(), Wire.write((byte) 0, out -> Wire.writeStrings(out, a.campaigns())));
    else activities.delete(a.activityId());
    queue.queueIndexed(byActivity, a.activityId());
  }

  private List<String> campaignsOf(String activityId) {
    return campaignsOf.getOrDefault(activityId, List.of());
  }

  /** The campaigns in an activities store value; none in one written before activities carried them. */
  private static List<String> campaigns(byte[] value) {
    return value == null || value.length == 0 ? List.of() : Wire.readFrom(value, 0, Wire::readStrings);
  }


  /** Recomputes her whole contribution from her memberships and her attendance records, and sends the difference. */
  private void recount(String memberId, MemberState st, long timestamp) {
    List<Attendance> records = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = attendance.prefixScan(memberId + "|", KEYS)) {
      it.forEachRemaining(kv -> records.add(MemberState.decodeAttendance(kv.value)));
    }
    MemberContribution now = MemberContribution.of(st.memberships.values(), records, tree.tree(), held::contains,
        this::campaignsOf);
    MemberContribution before = st.sent();
    send(now.minus(before), timestamp);
    sendCampaigns(now.campaignsMinus(before));
    st.sent(now);
    if (st.isEmpty()) members.delete(memberId);
    else members.put(memberId, st.encode());
  }

  /** Her changes to campaign rows, keyed by {@code unitId|campaign}, go to the outbox too. */
  private void sendCampaigns(Map<String, List<Wire.Delta>> deltas) {
    for (var e : deltas.entrySet()) {
      for (Wire.Delta d : e.getValue()) outbox.addCampaign(e.getKey(), d);
    }
  }

  /** Her changes go to the task's outbox, summed with every other member's, and leave with the next flush. */
  private void send(Map<String, List<Wire.Delta>> deltas, long timestamp) {
    for (var e : deltas.entrySet()) {
      for (Wire.Delta d : e.getValue()) outbox.add(e.getKey(), d);
    }
  }

}
