package dev.pulse.streams.partitioned;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reading an input topic in place, without trusting how it was partitioned. A stage keyed by an
 * entity (a member, a household, an activity) reads its input topic where it lies only when each
 * record sits in the partition Kafka's own partitioner gives its key (murmur2 of the key, modulo
 * the engine's partitions): then the task of that partition also gets the entity's records from
 * the repartition topics. A producer that partitions otherwise — librdkafka's default,
 * {@code consistent_random}, uses CRC32 — or a topic with another number of partitions puts
 * records elsewhere; those alone go through a repartition topic to the right task. With Java
 * producers (the gateway, the importer) no record takes the detour.
 */
final class InPlace {

  private InPlace() {}

  /** The stream with every record in the task its key belongs to. */
  static KStream<String, byte[]> keyed(KStream<String, byte[]> in, int partitions, String name) {
    KStream<String, byte[]> placed = in.process(() -> new Placement(partitions, true), Named.as(name + "-in-place"));
    KStream<String, byte[]> moved = in.process(() -> new Placement(partitions, false), Named.as(name + "-misplaced"))
        .repartition(Repartitioned.<String, byte[]>as(name).withKeySerde(Serdes.String())
            .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(partitions));
    return placed.merge(moved, Named.as(name + "-placed"));
  }

  /** The partition Kafka's default partitioner gives a key. */
  static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /** Passes on the records that are (or, with {@code wantPlaced} false, are not) where their key belongs. */
  private static final class Placement implements Processor<String, byte[], String, byte[]> {
    private final int partitions;
    private final boolean wantPlaced;
    private ProcessorContext<String, byte[]> context;

    Placement(int partitions, boolean wantPlaced) {
      this.partitions = partitions;
      this.wantPlaced = wantPlaced;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> r) {
      int partition = context.recordMetadata().orElseThrow().partition();
      boolean placed = InPlace.partitionOf(r.key(), partitions) == partition;
      if (placed == wantPlaced) context.forward(r);
    }
  }
}
