package dev.pulse.streams;

import dev.pulse.batch.History;
import dev.pulse.batch.LogRecord;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A {@link History} as the records a branch system would send: wire-format values, in log order. */
public final class HistoryRecords {

  private HistoryRecords() {}

  public static List<ProducerRecord<String, byte[]>> of(History h, SchemaRegistryClient registry) {
    List<Sendable> all = new ArrayList<>();
    collect(h.units(), Topics.UNITS, registry, all);
    collect(h.memberships(), Topics.MEMBERSHIPS, registry, all);
    collect(h.activities(), Topics.ACTIVITIES, registry, all);
    collect(h.attendance(), Topics.ATTENDANCE, registry, all);
    collect(h.households(), Topics.HOUSEHOLD_STATUS, registry, all);
    all.sort(Comparator.comparingLong(Sendable::position));
    return all.stream().map(Sendable::record).toList();
  }

  /** An idempotent producer with acks=all, as the product's emitters use. */
  public static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        new StringSerializer(), new ByteArraySerializer());
  }

  /** A producer that partitions keys as librdkafka does by default (CRC32), not as Kafka's Java client does. */
  public static KafkaProducer<String, byte[]> foreignProducer(String bootstrapServers) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.PARTITIONER_CLASS_CONFIG, Crc32Partitioner.class.getName()),
        new StringSerializer(), new ByteArraySerializer());
  }

  private record Sendable(long position, ProducerRecord<String, byte[]> record) {}

  private static <V> void collect(List<LogRecord<V>> list, Topic<V> topic, SchemaRegistryClient registry,
      List<Sendable> out) {
    var serializer = AvroSerdes.forTopic(topic, registry).serializer();
    for (LogRecord<V> r : list) {
      out.add(new Sendable(r.logPosition(),
          new ProducerRecord<>(topic.name(), r.key(), serializer.serialize(topic.name(), r.value()))));
    }
  }
}
