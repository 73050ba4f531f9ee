package dev.pulse.streams.partitioned;

import dev.pulse.streams.partitioned.HouseholdContribution.Event;
import java.time.Duration;
import java.util.HashSet;
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
 * The household task, keyed by householdId: the standing version of each of the household's
 * events (read in place) and this task's copy of the unit tree (broadcast). On a change of its
 * events it recomputes the household's contribution to the poverty rows, diffs it with the one it
 * last sent, and sends the difference, one record per unit touched. A unit change queues only the
 * households with an event naming a unit whose roll-up changed (index {@code branch|household}),
 * and a punctuation recounts the queue in bounded chunks. Year marks pass on to the rows, once
 * per task instance.
 */
final class HouseholdProcessor implements Processor<String, byte[], String, byte[]> {

  private static final byte[] EMPTY = new byte[0];

  private final PovertyStage.Names names;
  private final int recountChunk;
  private final Duration recountEvery;
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, byte[]> households;
  private KeyValueStore<String, byte[]> byBranch;
  private RecountQueue queue;
  private TreeCopy tree;
  private final Set<Integer> yearsSent = new HashSet<>();

  HouseholdProcessor(PovertyStage.Names names, int recountChunk, Duration recountEvery) {
    this.names = names;
    this.recountChunk = recountChunk;
    this.recountEvery = recountEvery;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    households = context.getStateStore(names.households());
    byBranch = context.getStateStore(names.byBranch());
    tree = new TreeCopy(context.getStateStore(names.units()));
    yearsSent.clear(); // a re-initialised task (after a failed transaction) sends its year marks again
    queue = new RecountQueue(context.getStateStore(names.pending()));
    context.schedule(recountEvery, PunctuationType.WALL_CLOCK_TIME, now -> queue.drain(recountChunk,
        householdId -> recount(householdId, HouseholdState.decode(households.get(householdId)), now)));
  }

  @Override
  public void process(Record<String, byte[]> r) {
    byte[] v = r.value();
    byte tag = Wire.tag(v);
    switch (tag) {
      case PovertyWire.HOUSEHOLD_EVENT -> event(r.key(), PovertyWire.readEvent(v), r.timestamp());
      case Wire.UNIT -> {
        for (String unit : tree.apply(Wire.readUnit(v), v)) queue.queueIndexed(byBranch, unit);
      }
      case Wire.YEAR -> {
        if (yearsSent.add(Wire.readYear(v))) context.forward(r.withKey(InputRecords.YEAR_KEY));
      }
      case Wire.ACTIVITY -> { } // whether an activity is held is no concern of poverty
      default -> {
        // the activities stage's broadcast facts (tags 30-39) are no concern of poverty either
        if (tag < 30 || tag > 39) {
          throw new IllegalStateException("unexpected record with tag " + tag + " for household " + r.key());
        }
      }
    }
  }

  /** A version of one of the household's events: the latest recordedAt stands, the later in the log on a tie. */
  private void event(String householdId, PovertyWire.EventMsg m, long timestamp) {
    HouseholdState st = HouseholdState.decode(households.get(householdId));
    Event before = st.events.get(m.eventId());
    if (before != null && m.recordedAt() < before.recordedAt()) return; // a stale version arriving late
    Event now = new Event(m.branchId(), m.status(), m.supported(), m.assessedDay(), m.recordedAt());
    if (now.equals(before)) return; // the same version again
    st.events.put(m.eventId(), now);
    if (before == null || !before.branchId().equals(now.branchId())) {
      byBranch.put(now.branchId() + "|" + householdId, EMPTY);
      if (before != null && !st.namesBranch(before.branchId(), null)) {
        byBranch.delete(before.branchId() + "|" + householdId);
      }
    }
    recount(householdId, st, timestamp);
  }


  private void recount(String householdId, HouseholdState st, long timestamp) {
    HouseholdContribution now = HouseholdContribution.of(st.events, tree.tree());
    Map<String, List<PovertyWire.Delta>> deltas = now.minus(st.sent);
    for (var e : deltas.entrySet()) {
      context.forward(new Record<>(e.getKey(), PovertyWire.deltas(e.getValue()), timestamp));
    }
    st.sent = now;
    households.put(householdId, st.encode());
  }
}
