package dev.pulse.replay.rebuild;

import dev.pulse.avro.Activity;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.batch.History;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.replay.export.ClusterConnection;
import dev.pulse.serde.AvroSerdes;
import dev.pulse.batch.LiveHistory;
import dev.pulse.batch.TopicSnapshot;
import dev.pulse.batch.UsableRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The input topics as they stood at an instant, as a {@link History} for the batch recomputation:
 * the data recorded up to that instant.
 *
 * <ul>
 *   <li>activities, attendance and household events whose {@code recordedAt} is at or before it
 *       (the value says when the branch recorded it, however late it reached Kafka);
 *   <li>units and memberships, which carry no recordedAt, from their log up to it: the records
 *       whose Kafka timestamp is at or before it, deletions included.
 * </ul>
 *
 * <p>Records are placed in one order as {@code pulse verify} places them ({@code LiveHistory}): by
 * Kafka timestamp, then topic, partition and offset, which keeps the log order of each partition,
 * hence of the versions of each entity.
 *
 * <p>The compacted topics keep only the latest version of each key once compaction has run: a
 * unit or membership changed after the instant may have lost the version it had then, and is then
 * absent from the history (see docs/replay.md).
 */
public final class AsOfHistory {

  /**
   * The history at the instant, and how many input records there are now, how many of them were
   * recorded up to the instant, and how many could not be read (left out, as the streams do).
   */
  public record Snapshot(Instant asOf, History history, long recordsRead, long recordsKept, long undecodable) {}

  private AsOfHistory() {}

  public static Snapshot read(ClusterConnection cluster, SchemaRegistryClient registry, Instant asOf) {
    long[] counts = new long[3]; // read, kept, undecodable
    long cut = asOf.toEpochMilli();
    List<ConsumerRecord<String, ?>> all = new ArrayList<>();
    readInto(cluster, registry, Topics.UNITS, (ts, v) -> ts <= cut, counts, all);
    readInto(cluster, registry, Topics.MEMBERSHIPS, (ts, v) -> ts <= cut, counts, all);
    readInto(cluster, registry, Topics.ACTIVITIES, recordedBy(Activity::getRecordedAt, cut), counts, all);
    readInto(cluster, registry, Topics.ATTENDANCE, recordedBy(Attendance::getRecordedAt, cut), counts, all);
    readInto(cluster, registry, Topics.HOUSEHOLD_STATUS, recordedBy(HouseholdStatus::getRecordedAt, cut), counts, all);
    // Records the streams send to the dead letters never were part of the views.
    History history = UsableRecords.of(LiveHistory.inLogOrder(all));
    return new Snapshot(asOf, history, counts[0], counts[1], counts[2]);
  }

  /** Whether a record was kept, from its Kafka timestamp and its value (null for a deletion). */
  @FunctionalInterface
  private interface Keep<V> {
    boolean test(long timestamp, V value);
  }

  /** Event topics: a value recorded up to the cut; null values mean nothing on them and are dropped. */
  private static <V> Keep<V> recordedBy(Function<V, Instant> recordedAt, long cut) {
    return (ts, v) -> v != null && recordedAt.apply(v).toEpochMilli() <= cut;
  }

  private static <V> void readInto(ClusterConnection cluster, SchemaRegistryClient registry, Topic<V> topic,
      Keep<V> keep, long[] counts, List<ConsumerRecord<String, ?>> out) {
    Deserializer<V> values = AvroSerdes.forTopic(topic, registry, false).deserializer();
    TopicSnapshot.read(cluster.bootstrapServers(), cluster.clientProperties(), topic.name(), new ByteArrayDeserializer(),
        r -> {
          counts[0]++;
          V value = null;
          if (r.value() != null) {
            try {
              value = values.deserialize(r.topic(), r.headers(), r.value());
            } catch (RuntimeException e) {
              // As in the streams and pulse verify: a record that cannot be read is a dead letter.
              counts[2]++;
              return;
            }
          }
          if (keep.test(r.timestamp(), value)) {
            counts[1]++;
            out.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
                0, 0, r.key(), value, r.headers(), Optional.empty()));
          }
        });
  }
}
