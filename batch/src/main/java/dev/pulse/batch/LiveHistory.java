package dev.pulse.batch;

import dev.pulse.avro.Activity;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.Membership;
import dev.pulse.avro.Unit;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The input topics as a {@link History} for the batch recomputation, and the view topics as the
 * last row per key. Records of different partitions have no order in Kafka; they are placed by
 * record timestamp, then topic, partition and offset, which only matters for versions recorded at
 * the same instant in different partitions.
 */
public final class LiveHistory {

  private LiveHistory() {}

  public static History inputs(String bootstrapServers, Map<String, Object> clientProperties, SchemaRegistryClient registry) {
    List<ConsumerRecord<String, ?>> all = new ArrayList<>();
    for (Topic<?> t : Topics.INPUTS) {
      readInto(bootstrapServers, clientProperties, registry, t, all);
    }
    return inLogOrder(all);
  }

  /**
   * Decoded input records as a {@link History}, placed by record timestamp, then topic, partition
   * and offset (Kafka orders records only within a partition).
   */
  public static History inLogOrder(List<ConsumerRecord<String, ?>> records) {
    List<ConsumerRecord<String, ?>> all = new ArrayList<>(records);
    all.sort(Comparator.<ConsumerRecord<String, ?>>comparingLong(ConsumerRecord::timestamp)
        .thenComparing(ConsumerRecord::topic)
        .thenComparingInt(ConsumerRecord::partition)
        .thenComparingLong(ConsumerRecord::offset));
    List<LogRecord<Unit>> units = new ArrayList<>();
    List<LogRecord<Membership>> memberships = new ArrayList<>();
    List<LogRecord<Activity>> activities = new ArrayList<>();
    List<LogRecord<Attendance>> attendance = new ArrayList<>();
    List<LogRecord<HouseholdStatus>> households = new ArrayList<>();
    long position = 0;
    for (ConsumerRecord<String, ?> r : all) {
      position++;
      String topic = r.topic();
      if (topic.equals(Topics.UNITS.name())) units.add(new LogRecord<>(r.key(), (Unit) r.value(), position, r.timestamp()));
      else if (topic.equals(Topics.MEMBERSHIPS.name())) memberships.add(new LogRecord<>(r.key(), (Membership) r.value(), position, r.timestamp()));
      else if (topic.equals(Topics.ACTIVITIES.name())) activities.add(new LogRecord<>(r.key(), (Activity) r.value(), position, r.timestamp()));
      else if (topic.equals(Topics.ATTENDANCE.name())) attendance.add(new LogRecord<>(r.key(), (Attendance) r.value(), position, r.timestamp()));
      else households.add(new LogRecord<>(r.key(), (HouseholdStatus) r.value(), position, r.timestamp()));
    }
    return new History(units, memberships, activities, attendance, households);
  }

  /** The last row per key of a view topic. */
  public static <V extends SpecificRecord> Map<String, V> view(String bootstrapServers,
      Map<String, Object> clientProperties, SchemaRegistryClient registry, Topic<V> topic) {
    Map<String, V> rows = new HashMap<>();
    TopicSnapshot.read(bootstrapServers, clientProperties, topic.name(), AvroSerdes.forTopic(topic, registry, false).deserializer(),
        r -> {
          if (r.value() == null) rows.remove(r.key()); else rows.put(r.key(), r.value());
        });
    return rows;
  }

  /** Reads a topic; a record that cannot be decoded is skipped, as the streams send it to the dead letters. */
  private static <V> void readInto(String bootstrapServers, Map<String, Object> clientProperties,
      SchemaRegistryClient registry, Topic<V> topic, List<ConsumerRecord<String, ?>> all) {
    Deserializer<V> values = AvroSerdes.forTopic(topic, registry, false).deserializer();
    TopicSnapshot.read(bootstrapServers, clientProperties, topic.name(), new ByteArrayDeserializer(), r -> {
      V value;
      try {
        value = values.deserialize(r.topic(), r.headers(), r.value());
      } catch (RuntimeException e) {
        return;
      }
      all.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
          0, 0, r.key(), value, r.headers(), java.util.Optional.empty()));
    });
  }
}
