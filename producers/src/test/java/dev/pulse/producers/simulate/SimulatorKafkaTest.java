package dev.pulse.producers.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.server.access.IssuedToken;
import dev.pulse.server.access.Role;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.server.ingest.IngestSettings;
import dev.pulse.serde.AvroSerdes;
import dev.pulse.testing.TestGateway;
import dev.pulse.testing.TestStack;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator against a real broker and Schema Registry, straight to Kafka and through the
 * ingest gateway. Each test reads only what was written after it began.
 */
class SimulatorKafkaTest {

  @TempDir static Path dataDir;
  private static TestStack stack;

  @BeforeAll
  static void startStack() {
    stack = TestStack.start(dataDir);
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) stack.close();
  }

  @Test
  void records_reach_kafka_at_about_the_rate_and_decode_to_what_the_generator_made() throws Exception {
    Map<TopicPartition, Long> before = endOffsets();
    double rate = 400;
    Simulator.Options options = new Simulator.Options(Scale.small(), Mess.standard(), 7, rate, Duration.ofSeconds(5),
        false);
    long sent;
    try (KafkaSink sink = KafkaSink.connect(stack.bootstrapServers(), stack.registryServer.url())) {
      Simulator simulator = Simulator.start(sink, options);
      assertThat(simulator.awaitTermination(Duration.ofSeconds(60))).as("simulator ends after its duration").isTrue();
      assertThat(simulator.failure()).isEmpty();
      sent = simulator.sent();
      assertThat(sink.acknowledged()).isEqualTo(sent);
    }

    List<ConsumerRecord<String, Object>> received = readSince(before);
    long first = received.stream().mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
    long last = received.stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
    double measured = (received.size() - 1) * 1000.0 / Math.max(1, last - first);
    System.out.printf("Simulator at %.0f records/s for 5 s: %d records reached the broker over %d ms: %.0f records/s%n",
        rate, received.size(), last - first, measured);
    assertThat(measured).isBetween(rate * 0.6, rate * 1.25);
    assertThat(received).hasSize((int) sent);
    assertThat(multiset(received)).isEqualTo(firstDeliveries(7, Mess.standard(), sent));
  }

  @Test
  void the_same_province_goes_through_the_ingest_gateway_which_accepts_every_record() throws Exception {
    Map<TopicPartition, Long> before = endOffsets();
    long sent;
    try (TestGateway gateway = new TestGateway(stack, IngestSettings.defaults())) {
      IssuedToken admin = gateway.token("DB", Role.ADMIN);
      GatewaySink sink = new GatewaySink(URI.create(gateway.url()), admin.bearer());
      // The gateway refuses records naming units it does not know: the tree goes first, and stays.
      Simulator.Options options = new Simulator.Options(Scale.small(), Mess.standardInOrder(), 8, 2_000, null, true);
      Simulator simulator = Simulator.start(sink, options);
      // The initial load, then a few hundred records of the living province.
      await().atMost(Duration.ofSeconds(90))
          .until(() -> !simulator.isRunning() || simulator.initialLoadDone() && simulator.sent() >= 1_000);
      simulator.stop();
      assertThat(simulator.failure()).as("the gateway refused nothing").isEmpty();
      sent = simulator.sent();
      long tombstones = new ProvinceGenerator(8, Scale.small(), Mess.standardInOrder()).deliveries().limit(sent)
          .filter(Delivery::isTombstone).count();
      assertThat(sink.accepted() + tombstones).isEqualTo(sent);
    }
    System.out.printf("Through the gateway: %d records%n", sent);
    assertThat(multiset(readSince(before))).isEqualTo(firstDeliveries(8, Mess.standardInOrder(), sent));
  }

  private static Map<String, Long> firstDeliveries(long seed, Mess mess, long count) {
    Map<String, Long> expected = new HashMap<>();
    new ProvinceGenerator(seed, Scale.small(), mess).deliveries().limit(count)
        .forEach(d -> expected.merge(d.topic().name() + "|" + d.key() + "|" + d.value(), 1L, Long::sum));
    return expected;
  }

  private static Map<String, Long> multiset(List<ConsumerRecord<String, Object>> records) {
    Map<String, Long> out = new HashMap<>();
    records.forEach(r -> out.merge(r.topic() + "|" + r.key() + "|" + r.value(), 1L, Long::sum));
    return out;
  }

  private static Map<TopicPartition, Long> endOffsets() {
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (Topic<?> t : Topics.INPUTS) {
        consumer.partitionsFor(t.name()).forEach(p -> partitions.add(new TopicPartition(t.name(), p.partition())));
      }
      return consumer.endOffsets(partitions);
    }
  }

  /**
   * The records of the input topics written since {@code before} (committed ones), with their
   * timestamps, values decoded through the Schema Registry.
   */
  private static List<ConsumerRecord<String, Object>> readSince(Map<TopicPartition, Long> before) {
    Map<String, Deserializer<?>> decoders = new HashMap<>();
    for (Topic<?> t : Topics.INPUTS) {
      decoders.put(t.name(), AvroSerdes.forTopic(t, stack.registry).deserializer());
    }
    List<ConsumerRecord<String, Object>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      consumer.assign(before.keySet());
      before.forEach(consumer::seek);
      Map<TopicPartition, Long> end = consumer.endOffsets(before.keySet());
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Object value;
          try {
            value = decoders.get(r.topic()).deserialize(r.topic(), r.value());
          } catch (RuntimeException e) {
            throw new AssertionError("undecodable record " + r.topic() + "/" + r.partition() + "@" + r.offset(), e);
          }
          out.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
              r.serializedKeySize(), r.serializedValueSize(), r.key(), value, r.headers(), r.leaderEpoch()));
        }
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
      });
    }
    return out;
  }

  private static KafkaConsumer<String, byte[]> consumer() {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new ByteArrayDeserializer());
  }
}
