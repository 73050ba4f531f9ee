package dev.pulse.server.live;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What waits for one live-stream client: the latest value of each row, in the order the rows
 * first changed. A newer value of a row replaces one not yet sent, so a client that falls behind
 * costs one entry per row of its unit and the unit's children, whatever the rate of changes.
 * A client is taken for one that does not read — {@link #offer} answers false — when it took no
 * row for longer than the stall limit while rows waited, or when more rows wait than allowed.
 */
final class WaitingRows {

  private final int maxRows;
  private final long stallNanos;
  private final LongSupplier clock;
  /** Row → {event, data}. */
  private final LinkedHashMap<String, String[]> waiting = new LinkedHashMap<>();
  /** When a row was last taken, or when rows began to wait. */
  private long lastProgress;
  private boolean closed;

  WaitingRows(int maxRows, Duration stallLimit, LongSupplier clock) {
    this.maxRows = maxRows;
    this.stallNanos = stallLimit.toNanos();
    this.clock = clock;
    this.lastProgress = clock.getAsLong();
  }

  /** Queues a row's new value; false when the client is to be dropped (it does not read). */
  synchronized boolean offer(String row, String event, String data) {
    if (closed) return true;
    long now = clock.getAsLong();
    if (waiting.isEmpty()) {
      lastProgress = now;
    } else if (now - lastProgress > stallNanos) {
      return false;
    }
    if (waiting.size() >= maxRows && !waiting.containsKey(row)) return false;
    // put keeps a waiting row where it stands and gives it the newer value.
    waiting.put(row, new String[] {event, data});
    notifyAll();
    return true;
  }

  /** The first waiting row's {event, data}, waiting for one; null once closed. */
  synchronized String[] take() throws InterruptedException {
    while (waiting.isEmpty() && !closed) wait();
    if (closed) return null;
    Iterator<Map.Entry<String, String[]>> first = waiting.entrySet().iterator();
    String[] next = first.next().getValue();
    first.remove();
    lastProgress = clock.getAsLong();
    return next;
  }

  synchronized int size() {
    return waiting.size();
  }

  synchronized void close() {
    closed = true;
    notifyAll();
  }
}
