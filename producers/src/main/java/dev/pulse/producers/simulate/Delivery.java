package dev.pulse.producers.simulate;

import dev.pulse.contract.Topic;
import java.time.Instant;
import java.util.Objects;

/**
 * One record as the generator delivers it: the {@code sequence}-th record of the stream, for
 * {@code topic}, with its key and value (null deletes the key). {@code deliveredAt} is the
 * moment on the simulated clock at which a branch system sends it; deliveries come in that order.
 */
public record Delivery<V>(long sequence, Instant deliveredAt, Topic<V> topic, String key, V value) {

  public Delivery {
    Objects.requireNonNull(deliveredAt, "deliveredAt");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    if (value != null && !topic.valueType().isInstance(value)) {
      throw new IllegalArgumentException("delivery " + sequence + " for " + topic.name() + " carries a "
          + value.getClass().getName() + ", expected " + topic.valueType().getName());
    }
  }

  /** Whether this delivery deletes its key. */
  public boolean isTombstone() {
    return value == null;
  }

  /** Hands the record to a sink, keeping its type. */
  public void sendTo(Sink sink) {
    sink.send(topic, key, value);
  }
}
