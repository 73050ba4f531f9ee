package dev.pulse.producers.simulate;

import dev.pulse.contract.Topic;

/**
 * Where generated records go: Kafka ({@link KafkaSink}), the HTTP ingest gateway, a list in a
 * test. Called from one thread at a time, in delivery order.
 */
public interface Sink extends AutoCloseable {

  /**
   * Sends one record.
   *
   * @param value the record, or null to delete the key (units and memberships only)
   */
  <V> void send(Topic<V> topic, String key, V value);

  /** Blocks until every record sent so far has been accepted downstream. */
  default void flush() {}

  @Override
  default void close() {}
}
