package dev.pulse.streams.partitioned;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The entities (members, households, activities) a task must recount after a broadcast change,
 * kept in a store so that a restart goes on with them, and drained a bounded chunk at a time
 * from a punctuation, so that a change to a big unit costs a few short transactions rather than
 * one over everyone. Who to queue is found through an index store of {@code id|entityId} keys.
 */
final class RecountQueue {

  private static final byte[] EMPTY = new byte[0];
  private static final StringSerializer KEYS = new StringSerializer();

  private final KeyValueStore<String, byte[]> pending;
  private boolean work;

  RecountQueue(KeyValueStore<String, byte[]> pending) {
    this.pending = pending;
    try (KeyValueIterator<String, byte[]> it = pending.all()) {
      work = it.hasNext();
    }
  }

  /** Queues every entity the index lists under {@code id}. */
  void queueIndexed(KeyValueStore<String, byte[]> index, String id) {
    String prefix = id + "|";
    List<String> found = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = index.prefixScan(prefix, KEYS)) {
      it.forEachRemaining(kv -> found.add(kv.key.substring(prefix.length())));
    }
    for (String entityId : found) pending.put(entityId, EMPTY);
    if (!found.isEmpty()) work = true;
  }

  /** Takes at most {@code chunk} queued entities off the queue and recounts each. */
  void drain(int chunk, Consumer<String> recount) {
    if (!work) return;
    List<String> taken = new ArrayList<>(Math.min(chunk, 256));
    try (KeyValueIterator<String, byte[]> it = pending.all()) {
      while (it.hasNext() && taken.size() < chunk) taken.add(it.next().key);
      work = it.hasNext();
    }
    for (String entityId : taken) {
      pending.delete(entityId);
      recount.accept(entityId);
    }
  }
}
