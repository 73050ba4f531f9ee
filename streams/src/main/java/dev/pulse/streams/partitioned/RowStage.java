package dev.pulse.streams.partitioned;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the four row stages share (participation, poverty, activities, campaigns). Keyed by unitId,
 * a row stage sums the deltas the entity tasks send into the entries of its rows store and, at
 * most once per publishing interval ({@link PublishPacer}), publishes absolute rows: only those
 * whose figures changed since they were last published, a tombstone for a row that fell to zero.
 *
 * <p>The groups of entries changed since the last publication (a unit, or a unit and a kind of
 * period) are kept in memory. Kafka Streams re-initialises the same processor after a failed
 * transaction, on stores restored to the last commit: nothing kept in memory is trusted then, and
 * every group is compared again with what it last published, so that nothing a crash interrupted
 * stays unpublished. A stage with covered years (SPEC.md / BatchViews: from the first to the last
 * year in which any event falls) learns them from the year marks every task sends, and compares
 * every group again when they widen. Without a publishing interval the rows are kept but not
 * published (a reprocess that has not caught up).
 *
 * @param <R> the view's row
 */
abstract class RowStage<R> implements Processor<String, byte[], String, R> {

  static final StringSerializer KEYS = new StringSerializer();

  private final String rowsStore;
  private final String coveredStore;
  private final Duration publishEvery;
  private final PublishPacer pacer = new PublishPacer();
  /** Every group with entries, and those changed since the last publication. */
  private final Set<String> known = new HashSet<>();
  private final Set<String> dirty = new HashSet<>();
  ProcessorContext<String, R> context;
  KeyValueStore<String, byte[]> rows;
  /** The covered years; null for a stage that has none. */
  CoveredYears years;

  /**
   * @param coveredStore the store of the covered years; null for a stage whose rows are not bound
   *     to them (it then gets no year marks)
   */
  RowStage(String rowsStore, String coveredStore, Duration publishEvery) {
    this.rowsStore = rowsStore;
    this.coveredStore = coveredStore;
    this.publishEvery = publishEvery;
  }

  @Override
  public final void init(ProcessorContext<String, R> context) {
    this.context = context;
    rows = context.getStateStore(rowsStore);
    years = coveredStore == null ? null : new CoveredYears(context.getStateStore(coveredStore));
    known.clear();
    dirty.clear();
    pacer.reset();
    try (KeyValueIterator<String, byte[]> it = rows.all()) {
      it.forEachRemaining(kv -> known.add(groupOf(kv.key)));
    }
    dirty.addAll(known);
    if (publishEvery != null) {
      context.schedule(publishEvery, PunctuationType.WALL_CLOCK_TIME, now -> pacer.run(now, () -> publish(now)));
    }
  }

  @Override
  public final void process(Record<String, byte[]> r) {
    byte[] v = r.value();
    if (years != null && Wire.tag(v) == Wire.YEAR) {
      if (years.widen(Wire.readYear(v))) dirty.addAll(known);
      return;
    }
    apply(r.key(), v);
  }

  /** Sums one record's deltas into the unit's entries, and marks each group it changed ({@link #changed}). */
  abstract void apply(String unit, byte[] value);

  /** The group of an entry key of the rows store. */
  abstract String groupOf(String entryKey);

  /** Compares one group's rows with what they last published; publishes those that differ. */
  abstract void publish(String group, long now);

  /** Marks a group as changed since the last publication. */
  final void changed(String group) {
    if (dirty.add(group)) known.add(group);
  }

  /** A group left without entries: it is compared again only once it has some. */
  final void forget(String group) {
    known.remove(group);
  }

  private void publish(long now) {
    if (dirty.isEmpty() || (years != null && years.isEmpty())) return;
    for (String group : dirty) publish(group, now);
    dirty.clear();
  }

  /** An entry of {@code n} longs; zeros when absent. */
  static long[] longs(byte[] b, int n) {
    long[] e = new long[n];
    if (b == null) return e;
    ByteBuffer buf = ByteBuffer.wrap(b);
    for (int i = 0; i < n; i++) e[i] = buf.getLong();
    return e;
  }

  /** Writes an entry of longs, or deletes it when every one is zero. */
  final void write(String key, long[] e) {
    boolean zero = true;
    for (long x : e) zero &= x == 0;
    if (zero) {
      rows.delete(key);
      return;
    }
    ByteBuffer b = ByteBuffer.allocate(8 * e.length);
    for (long x : e) b.putLong(x);
    rows.put(key, b.array());
  }

  /** An entry of {@code n} ints; zeros when absent. */
  static int[] ints(byte[] b, int n) {
    int[] e = new int[n];
    if (b == null) return e;
    ByteBuffer buf = ByteBuffer.wrap(b);
    for (int i = 0; i < n; i++) e[i] = buf.getInt();
    return e;
  }

  /** Writes an entry of ints, or deletes it when every one is zero. */
  final void write(String key, int[] e) {
    boolean zero = true;
    for (int x : e) zero &= x == 0;
    if (zero) {
      rows.delete(key);
      return;
    }
    ByteBuffer b = ByteBuffer.allocate(4 * e.length);
    for (int x : e) b.putInt(x);
    rows.put(key, b.array());
  }
}
