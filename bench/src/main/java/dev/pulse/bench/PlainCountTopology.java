package dev.pulse.bench;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The yardstick of R2: the least a stateful Kafka Streams application does with Pulse's input
 * topics. It counts the records of each key (values left as bytes, so nothing is decoded) in a
 * RocksDB store and publishes each changed count, as Pulse publishes changed view rows.
 */
final class PlainCountTopology {

  static final String OUTPUT_TOPIC = "bench.counts";
  static final String STORE = "counts-by-key";

  private PlainCountTopology() {}

  static Topology build(List<String> inputTopics) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(inputTopics, Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .groupByKey(Grouped.<String, byte[]>as("by-key").withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()))
        .count(Materialized.as(STORE))
        .toStream()
        .to(OUTPUT_TOPIC, Produced.with(Serdes.String(), Serdes.Long()));
    return builder.build();
  }
}
