package dev.pulse.streams.partitioned;

import java.nio.ByteBuffer;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A row stage's covered years (SPEC.md / BatchViews: from the first to the last year in which any
 * event falls), learnt from the year marks every task sends, kept in the stage's store and
 * mirrored in memory. Read from the store whenever the task is initialised, so that a task Kafka
 * Streams re-initialises after a failed transaction holds what was last committed, never what the
 * aborted input had widened them to.
 */
final class CoveredYears {

  private static final String KEY = "covered";

  private final KeyValueStore<String, byte[]> store;
  private int first = Integer.MAX_VALUE;
  private int last = Integer.MIN_VALUE;

  CoveredYears(KeyValueStore<String, byte[]> store) {
    this.store = store;
    byte[] c = store.get(KEY);
    if (c != null) {
      ByteBuffer b = ByteBuffer.wrap(c);
      first = b.getInt();
      last = b.getInt();
    }
  }

  /** Widens the years to take in {@code year}; whether they changed (then every row must be compared again). */
  boolean widen(int year) {
    if (year >= first && year <= last) return false;
    first = Math.min(first, year);
    last = Math.max(last, year);
    store.put(KEY, ByteBuffer.allocate(8).putInt(first).putInt(last).array());
    return true;
  }

  boolean isEmpty() {
    return first > last;
  }

  int first() {
    return first;
  }

  int last() {
    return last;
  }
}
