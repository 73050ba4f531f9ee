package dev.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.PovertyRow;
import dev.pulse.avro.PovertyStatus;
import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import dev.pulse.batch.BatchViews;
import dev.pulse.batch.History;
import dev.pulse.batch.LogRecord;
import dev.pulse.batch.TopicSnapshot;
import dev.pulse.batch.UsableRecords;
import dev.pulse.batch.ViewDiff;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.contract.Topics.DeadLetterHeaders;
import dev.pulse.registry.InMemorySchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import dev.pulse.stack.EmbeddedKafka;
import dev.pulse.streams.ledger.ViewRows;
import dev.pulse.streams.partitioned.PartitionedTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The partitioned engine's poverty rows, on a real broker and exactly-once, equal the batch
 * recomputation for random messy histories (corrections and stale versions of household events,
 * several events on one day, households moving branch or naming a unit that is no branch,
 * re-parenting, a deleted unit, a loop, everything shuffled), with one partition and with six.
 * Each try starts from empty topics and waits until the published rows settle on the batch's.
 */
class PartitionedPovertyMatchesBatchProperties {

  private static final AtomicInteger RUN = new AtomicInteger();
  private static Path dir;
  private static EmbeddedKafka kafka;
  private static Admin admin;
  private static final SchemaRegistryClient registry = new InMemorySchemaRegistryClient();

  @BeforeContainer
  static void start() throws Exception {
    dir = Files.createTempDirectory("partitioned-poverty-property");
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  @AfterContainer
  static void stop() {
    if (admin != null) admin.close();
    if (kafka != null) kafka.close();
  }

  @Property(tries = 4)
  void oneProcessingPartition(@ForAll long seed, @ForAll @IntRange(min = 5, max = 40) int households)
      throws Exception {
    check(seed, households, 1);
  }

  @Property(tries = 4)
  void sixProcessingPartitions(@ForAll long seed, @ForAll @IntRange(min = 5, max = 40) int households)
      throws Exception {
    check(seed, households, 6);
  }

  /** A household event that breaks the rules is a dead letter with the reason, and counts nowhere. */
  @Example
  void aHouseholdEventBreakingTheRulesGoesToTheDeadLettersWithTheReason() throws Exception {
    freshTopics(3);
    var units = AvroSerdes.forTopic(Topics.UNITS, registry).serializer();
    var households = AvroSerdes.forTopic(Topics.HOUSEHOLD_STATUS, registry).serializer();
    String unitsTopic = Topics.UNITS.name();
    String householdsTopic = Topics.HOUSEHOLD_STATUS.name();
    try (KafkaProducer<String, byte[]> producer = HistoryRecords.producer(kafka.bootstrapServers())) {
      producer.send(new ProducerRecord<>(unitsTopic, "P", units.serialize(unitsTopic, Unit.newBuilder().setUnitId("P")
          .setParentId(null).setLevel(UnitLevel.PROVINCE).setName("P").build()))).get();
      producer.send(new ProducerRecord<>(unitsTopic, "B", units.serialize(unitsTopic, Unit.newBuilder().setUnitId("B")
          .setParentId("P").setLevel(UnitLevel.BRANCH).setName("B").build()))).get();
      producer.send(new ProducerRecord<>(householdsTopic, "h1",
          households.serialize(householdsTopic, household("e1", "h1", LocalDate.of(2023, 3, 1))))).get();
      producer.send(new ProducerRecord<>(householdsTopic, "h-other",
          households.serialize(householdsTopic, household("e2", "h2", LocalDate.of(2023, 3, 1))))).get();
      producer.send(new ProducerRecord<>(householdsTopic, "h3",
          households.serialize(householdsTopic, household("e3", "h3", LocalDate.of(1990, 3, 1))))).get();
    }
    KafkaStreams streams = start(3);
    try {
      List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
        dead.clear();
        TopicSnapshot.read(kafka.bootstrapServers(), Map.of(), Topics.DEAD_LETTERS.name(),
            new ByteArrayDeserializer(), dead::add);
        assertThat(dead).hasSize(2);
        assertThat(published()).containsKey("P|2023");
      });
      assertThat(dead).allSatisfy(d -> assertThat(header(d, DeadLetterHeaders.TOPIC)).isEqualTo(householdsTopic));
      assertThat(dead).anySatisfy(d -> {
        assertThat(d.key()).isEqualTo("h-other");
        assertThat(header(d, DeadLetterHeaders.ERROR))
            .contains("key 'h-other' differs from the value's householdId 'h2'");
      });
      assertThat(dead).anySatisfy(d -> {
        assertThat(d.key()).isEqualTo("h3");
        assertThat(header(d, DeadLetterHeaders.ERROR)).contains("assessedOn");
      });
      // Only h1 counts: the dead letters are no part of any row.
      Map<String, PovertyRow> rows = published();
      assertThat(rows.keySet()).containsExactlyInAnyOrder("P|2023", "B|2023");
      assertThat(rows.get("P|2023").getPoorAtYearEnd()).isEqualTo(1);
      assertThat(rows.get("P|2023").getSupportedHouseholds()).isEqualTo(1);
    } finally {
      streams.close(Duration.ofSeconds(30));
      streams.cleanUp();
    }
  }

  /**
   * Stopped after half the history and started again on its stores, the engine goes on from where
   * it was: the rows settle on the batch's for the first half, then for the whole.
   */
  @Example
  void aRestartedEngineGoesOnFromItsStores() throws Exception {
    History whole = MessyHistories.forPartitionedTopics(42, 8, 12, 32, 30);
    long cut = whole.households().get(whole.households().size() / 2).logPosition();
    History firstHalf = part(whole, p -> p <= cut);
    History secondHalf = part(whole, p -> p > cut);
    freshTopics(3);
    String app = "pt-poverty-restart-" + RUN.incrementAndGet();
    for (History sent : List.of(firstHalf, secondHalf)) {
      History soFar = sent == firstHalf ? firstHalf : whole;
      Map<String, PovertyRow> expected = BatchViews.compute(UsableRecords.of(soFar)).poverty();
      try (KafkaProducer<String, byte[]> producer = HistoryRecords.producer(kafka.bootstrapServers())) {
        for (var r : HistoryRecords.of(sent, registry)) producer.send(r).get();
      }
      KafkaStreams streams = start(app, 3);
      try {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
            assertThat(ViewDiff.compare("poverty", expected, published(), k -> ViewRows.poverty(k, null, 0)))
                .isEmpty());
        System.out.printf("restart, %s: %d poverty rows equal%n", sent == firstHalf ? "first half" : "whole",
            expected.size());
      } finally {
        streams.close(Duration.ofSeconds(30));
      }
    }
    assertThat(BatchViews.compute(UsableRecords.of(whole)).poverty())
        .as("the second half changes rows").isNotEqualTo(BatchViews.compute(UsableRecords.of(firstHalf)).poverty());
  }

  private static History part(History h, LongPredicate position) {
    return new History(part(h.units(), position), part(h.memberships(), position), part(h.activities(), position),
        part(h.attendance(), position), part(h.households(), position));
  }

  private static <V> List<LogRecord<V>> part(List<LogRecord<V>> records, LongPredicate position) {
    return records.stream().filter(r -> position.test(r.logPosition())).toList();
  }

  private void check(long seed, int households, int partitions) throws Exception {
    History history = MessyHistories.forPartitionedTopics(seed, 8, 12, 32, households);
    Map<String, PovertyRow> expected = BatchViews.compute(UsableRecords.of(history)).poverty();
    freshTopics(partitions);
    var records = HistoryRecords.of(history, registry);
    try (KafkaProducer<String, byte[]> producer = HistoryRecords.producer(kafka.bootstrapServers())) {
      for (var r : records) producer.send(r).get();
    }
    long onTopics = 0;
    for (Topic<?> t : Topics.INPUTS) {
      onTopics += TopicSnapshot.read(kafka.bootstrapServers(), Map.of(), t.name(), new ByteArrayDeserializer(),
          r -> {});
    }
    assertThat(onTopics).as("records on the input topics").isEqualTo(records.size());
    KafkaStreams streams = start(partitions);
    try {
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
        List<ViewDiff.Difference> diffs = ViewDiff.compare("poverty", expected, published(),
            k -> ViewRows.poverty(k, null, 0));
        assertThat(diffs).as("rows where the partitioned engine differs from the batch (seed %d, %d partitions)",
            seed, partitions).isEmpty();
      });
      System.out.printf("seed %d, %d households, %d partitions: %d poverty rows equal%n", seed, households,
          partitions, expected.size());
    } finally {
      streams.close(Duration.ofSeconds(30));
      streams.cleanUp();
    }
  }

  private static KafkaStreams start(int partitions) {
    return start("pt-poverty-property-" + RUN.incrementAndGet(), partitions);
  }

  private static KafkaStreams start(String app, int partitions) {
    StreamsSettings settings = StreamsSettings.local(kafka.bootstrapServers(), "mock://", dir.resolve(app))
        .withApplicationId(app);
    PartitionedTopology.Options options = PartitionedTopology.Options.defaults().withPartitions(partitions);
    KafkaStreams streams = new KafkaStreams(PartitionedTopology.build(PulseStreams.serdes(registry), options),
        StreamsConfigs.of(settings));
    streams.start();
    return streams;
  }

  private static HouseholdStatus household(String eventId, String householdId, LocalDate assessedOn) {
    return HouseholdStatus.newBuilder().setEventId(eventId).setHouseholdId(householdId).setBranchId("B")
        .setStatus(PovertyStatus.POOR).setSupportedByUnion(true).setSupports(List.of()).setAssessedOn(assessedOn)
        .setRecordedAt(Instant.parse("2023-03-01T00:00:00Z")).build();
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    var header = r.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** The view topic as a compacted reader sees it: the last value per key, a null removing it. */
  private static Map<String, PovertyRow> published() {
    Map<String, PovertyRow> rows = new HashMap<>();
    var values = AvroSerdes.forTopic(Topics.POVERTY_VIEW, registry).deserializer();
    TopicSnapshot.read(kafka.bootstrapServers(), Map.of(), Topics.POVERTY_VIEW.name(), values, r -> {
      if (r.value() == null) rows.remove(r.key());
      else rows.put(r.key(), r.value());
    });
    return rows;
  }

  /** Deletes the contract's topics and creates them again, empty, with this many partitions. */
  private static void freshTopics(int partitions) throws Exception {
    Set<String> names = new java.util.HashSet<>();
    Topics.ALL.forEach(t -> names.add(t.name()));
    Set<String> existing = admin.listTopics().names().get();
    names.retainAll(existing);
    if (!names.isEmpty()) admin.deleteTopics(names).all().get();
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      Set<String> now = admin.listTopics().names().get();
      return Topics.ALL.stream().map(Topic::name).noneMatch(now::contains);
    });
    List<NewTopic> topics = Topics.ALL.stream()
        .map(t -> new NewTopic(t.name(), partitions, (short) 1).configs(t.config())).toList();
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
      admin.createTopics(topics).all().get();
      return true;
    });
  }
}
