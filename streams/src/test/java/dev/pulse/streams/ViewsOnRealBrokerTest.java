package dev.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.batch.History;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics.DeadLetterHeaders;
import dev.pulse.contract.Topics;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.registry.server.SchemaRegistryServer;
import dev.pulse.stack.EmbeddedKafka;
import dev.pulse.stack.TopicSetup;
import dev.pulse.batch.TopicSnapshot;
import dev.pulse.batch.UsableRecords;
import dev.pulse.batch.Verification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real broker: messy histories (duplicates, corrections, retractions,
 * cancellations, moves, re-parenting, a loop, everything shuffled) go through the input topics
 * in the wire format; the streams application, exactly-once, publishes views that equal the
 * batch recomputation row for row — also after records that cannot be decoded, which go to the
 * dead letters.
 */
class ViewsOnRealBrokerTest {

  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static SchemaRegistryServer registryServer;
  static SchemaRegistryClient registry;
  static PulseStreams streams;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      TopicSetup.ensure(admin, Topics.ALL, (short) 1);
    }
    registryServer = SchemaRegistryServer.start(0, kafka.bootstrapServers());
    registry = new RestSchemaRegistryClient(registryServer.url());
    streams = PulseStreams.start(StreamsSettings.local(kafka.bootstrapServers(), registryServer.url(), dir.resolve("state")),
        registry);
    streams.awaitRunning(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (streams != null) streams.close();
    if (registryServer != null) registryServer.close();
    if (kafka != null) kafka.close();
  }

  @Test
  void messyHistoriesSentThroughTheTopicsGiveTheViewsOfTheBatchRecomputation() {
    History history = MessyHistories.forPartitionedTopics(11, 40, 20, 300, 20);
    assertThat(countBreakingRules(history)).as("memberships that end before they start").isPositive();
    produce(history);
    poison();

    AtomicReference<Verification.Result> last = new AtomicReference<>();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      Verification.Result r = Verification.run(kafka.bootstrapServers(), Map.of(), registry);
      last.set(r);
      assertThat(r.differences()).isEmpty();
    });
    Verification.Result r = last.get();
    System.out.printf("verified %,d input records against %,d view rows%n", r.inputRecords(), r.rowsCompared());
    assertThat(r.rowsCompared()).isGreaterThan(100);

    // Every record the views could not use is in the dead letters, with where it came from and why.
    long breakingRules = countBreakingRules(history);
    List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      dead.clear();
      TopicSnapshot.read(kafka.bootstrapServers(), Map.of(), Topics.DEAD_LETTERS.name(), new ByteArrayDeserializer(),
          dead::add);
      assertThat(dead).hasSize((int) breakingRules + 2);
    });
    assertThat(dead).allSatisfy(d -> {
      assertThat(header(d, DeadLetterHeaders.TOPIC)).isIn(Topics.INPUTS.stream().map(Topic::name).toList());
      assertThat(header(d, DeadLetterHeaders.ERROR)).isNotBlank();
      assertThat(header(d, DeadLetterHeaders.OFFSET)).matches("\\d+");
    });
    assertThat(dead).anySatisfy(d -> assertThat(header(d, DeadLetterHeaders.ERROR)).contains("magic byte"));
    assertThat(dead).anySatisfy(d -> assertThat(header(d, DeadLetterHeaders.ERROR)).contains("not known to the schema registry"));
    if (breakingRules > 0) {
      assertThat(dead).anySatisfy(d -> assertThat(header(d, DeadLetterHeaders.ERROR)).contains("is before joinedOn"));
    }
  }

  private static long countBreakingRules(History h) {
    History usable = UsableRecords.of(h);
    return (long) h.units().size() - usable.units().size() + h.memberships().size() - usable.memberships().size()
        + h.activities().size() - usable.activities().size() + h.attendance().size() - usable.attendance().size()
        + h.households().size() - usable.households().size();
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    var header = r.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void produce(History h) {
    try (KafkaProducer<String, byte[]> producer = producer()) {
      HistoryRecords.of(h, registry).forEach(producer::send);
      producer.flush();
    }
  }

  /** A value that is not in the wire format, and one with a schema id the registry never issued. */
  private static void poison() {
    try (KafkaProducer<String, byte[]> producer = producer()) {
      producer.send(new ProducerRecord<>(Topics.ATTENDANCE.name(), "m1", "{\"memberId\":\"m1\"}".getBytes()));
      producer.send(new ProducerRecord<>(Topics.ACTIVITIES.name(), "a1", new byte[] {0, 0, 0, 9, 99, 1, 2}));
      producer.flush();
    }
  }

  private static KafkaProducer<String, byte[]> producer() {
    return HistoryRecords.producer(kafka.bootstrapServers());
  }
}
