package dev.pulse.streams.partitioned;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The activity task, keyed by activityId: the activity's versions (its topic, read in place), the
 * changes of its count of standing PRESENT attendance records (from the member tasks) and this
 * task's copy of the unit tree (broadcast). It keeps each activity's standing version, its count
 * and the contribution it last sent; the rows get the difference between that and the current
 * contribution, one record per unit touched.
 *
 * <p>The same comparison gives its changes to the campaign rows and, keyed by its organiser, to
 * what the organiser holds ({@link CampaignsStage}).
 *
 * <p>A change only marks the activity; a wall-clock punctuation compares the marked ones, so that
 * an activity whose count changes a hundred times between two punctuations sends once. The marks
 * are in memory: after a restart the task compares every activity it holds, in chunks, so that no
 * change a crash left unsent stays so. A tree change queues (in a store) the activities organised
 * by each unit whose roll-up changed, found through the {@code unit|activity} index, and they are
 * compared in bounded chunks too.
 */
final class ActivityProcessor implements Processor<String, byte[], String, byte[]> {

  private static final byte[] EMPTY = new byte[0];

  private final ActivitiesStage.StoreNames names;
  private final int chunk;
  private final Duration every;
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, byte[]> state;
  private KeyValueStore<String, byte[]> byUnit;
  private RecountQueue queue;
  private TreeCopy tree;

  private final Set<String> dirty = new LinkedHashSet<>();
  private final Set<Integer> yearsSent = new HashSet<>();
  /** Where the comparison of every activity after a restart goes on from; null once done. */
  private String rescanFrom;

  ActivityProcessor(ActivitiesStage.StoreNames names, int chunk, Duration every) {
    this.names = names;
    this.chunk = chunk;
    this.every = every;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    state = context.getStateStore(names.state());
    byUnit = context.getStateStore(names.byUnit());
    tree = new TreeCopy(context.getStateStore(names.units()));
    queue = new RecountQueue(context.getStateStore(names.pending()));
    // Re-initialised after a failed transaction, the task compares every activity again (below):
    // nothing kept in memory from before is trusted.
    dirty.clear();
    yearsSent.clear();
    rescanFrom = "";
    context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::flush);
  }

  @Override
  public void process(Record<String, byte[]> r) {
    byte[] v = r.value();
    switch (v[0]) {
      case ActivityWire.VERSION -> version(r.key(), ActivityWire.readVersion(v));
      case ActivityWire.ATTENDANCE_COUNT -> attendances(r.key(), ActivityWire.readAttendanceCount(v));
      case Wire.UNIT -> {
        for (String unit : tree.apply(Wire.readUnit(v), v)) queue.queueIndexed(byUnit, unit);
      }
      case Wire.YEAR -> {
        if (yearsSent.add(Wire.readYear(v))) context.forward(r.withKey(InputRecords.YEAR_KEY));
      }
      case Wire.ACTIVITY -> { } // held changes for the member tasks; the versions themselves come here
      default -> throw new IllegalStateException("unexpected record with tag " + v[0] + " for activity " + r.key());
    }
  }

  private void version(String activityId, ActivityWire.Version v) {
    ActivityState st = ActivityState.decode(state.get(activityId));
    ActivityWire.Version before = st.version;
    if (!st.offer(v)) return;
    if (before == null || !before.unitId().equals(v.unitId())) {
      if (before != null) byUnit.delete(before.unitId() + "|" + activityId);
      byUnit.put(v.unitId() + "|" + activityId, EMPTY);
    }
    save(activityId, st);
    dirty.add(activityId);
  }

  private void attendances(String activityId, int delta) {
    ActivityState st = ActivityState.decode(state.get(activityId));
    st.attendances += delta;
    save(activityId, st);
    dirty.add(activityId);
  }


  /** Sends what the marked activities changed, then one chunk of the queue and of the comparison after a restart. */
  private void flush(long now) {
    for (String activityId : dirty) compare(activityId, now);
    dirty.clear();
    queue.drain(chunk, activityId -> compare(activityId, now));
    if (rescanFrom != null) {
      List<String> some = new ArrayList<>(Math.min(chunk, 256));
      try (KeyValueIterator<String, byte[]> it = state.range(rescanFrom, null)) {
        while (it.hasNext() && some.size() < chunk) some.add(it.next().key);
        rescanFrom = it.hasNext() ? it.next().key : null;
      }
      for (String activityId : some) compare(activityId, now);
    }
  }

  /** Diffs the activity's contribution now with the one it last sent, and sends the difference. */
  private void compare(String activityId, long now) {
    ActivityState st = ActivityState.decode(state.get(activityId));
    ActivityContribution c = ActivityContribution.of(st.version, st.attendances, tree.tree());
    Map<String, List<ActivityWire.RowDelta>> deltas = c.minus(st.sent);
    if (deltas.isEmpty() && c.equals(st.sent)) return;
    for (var e : deltas.entrySet()) {
      context.forward(new Record<>(e.getKey(), ActivityWire.rowDeltas(e.getValue()), now));
    }
    for (var e : c.campaignsMinus(st.sent).entrySet()) {
      context.forward(new Record<>(e.getKey(), CampaignWire.rowDeltas(e.getValue()), now));
    }
    for (var e : c.holdingMinus(st.sent).entrySet()) {
      context.forward(new Record<>(e.getKey(), CampaignWire.holding(e.getValue()), now));
    }
    st.sent = c;
    save(activityId, st);
  }

  private void save(String activityId, ActivityState st) {
    if (st.isEmpty()) state.delete(activityId);
    else state.put(activityId, st.encode());
  }
}
