package dev.pulse.producers.simulate;

import dev.pulse.contract.Topic;
import java.time.Instant;

/**
 * A record waiting for its turn: delivered at {@code deliverAt} (epoch millis on the simulated
 * clock), ties broken by {@code order}, the order in which records were scheduled.
 */
record PendingRecord(long deliverAt, long order, Topic<?> topic, String key, Object value)
    implements Comparable<PendingRecord> {

  @Override
  public int compareTo(PendingRecord o) {
    int c = Long.compare(deliverAt, o.deliverAt);
    return c != 0 ? c : Long.compare(order, o.order);
  }

  Delivery<?> toDelivery(long sequence) {
    return typed(sequence, topic);
  }

  private <V> Delivery<V> typed(long sequence, Topic<V> t) {
    return new Delivery<>(sequence, Instant.ofEpochMilli(deliverAt), t, key, value == null ? null : t.valueType().cast(value));
  }
}
