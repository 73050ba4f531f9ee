package dev.pulse.contract;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * One topic of the public contract (SPEC.md §1): its name, the Avro type of its values (null for
 * topics that carry raw bytes), how it is kept and how many partitions it has.
 *
 * <p>Keys are always UTF-8 strings. Serdes are built from a topic by {@code dev.pulse.serde}, so
 * a topic name never appears as a loose string outside {@link Topics}.
 */
public record Topic<V>(String name, Class<V> valueType, Retention retention, int partitions) {

  /** How a topic keeps its records. */
  public enum Retention {
    /** Event topics keep everything: they are the source of truth that analysts replay. */
    FOREVER,
    /** Reference and view topics keep the latest value per key; a null value deletes the key. */
    COMPACTED
  }

  /** The Schema Registry subject of the value schema (TopicNameStrategy). */
  public String valueSubject() {
    return name + "-value";
  }

  /** Whether values are Avro records registered in the Schema Registry. */
  public boolean isAvro() {
    return valueType != null && SpecificRecord.class.isAssignableFrom(valueType);
  }

  /** The Avro schema of the values, taken from the generated class. */
  public Schema valueSchema() {
    if (!isAvro()) {
      throw new IllegalStateException("topic " + name + " does not carry Avro values");
    }
    try {
      return (Schema) valueType.getField("SCHEMA$").get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("generated class " + valueType.getName() + " has no SCHEMA$", e);
    }
  }

  /**
   * How far ahead of the broker's clock a record's timestamp may lie on an event topic: the broker
   * refuses a later one. The date bounds of SPEC.md §2 are judged against the record's timestamp,
   * so without this a producer could name any "sent" year and widen the views at will.
   */
  public static final long MAX_TIMESTAMP_AHEAD_MS = 60L * 60 * 1000;

  /** The topic-level configuration the topic is created with. */
  public Map<String, String> config() {
    return switch (retention) {
      case FOREVER -> Map.of("cleanup.policy", "delete", "retention.ms", "-1", "retention.bytes", "-1",
          "message.timestamp.after.max.ms", Long.toString(MAX_TIMESTAMP_AHEAD_MS));
      case COMPACTED -> Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0");
    };
  }
}
