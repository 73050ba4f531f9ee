package dev.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.avro.ParticipationRow;
import dev.pulse.batch.BatchViews;
import dev.pulse.batch.History;
import dev.pulse.batch.TopicSnapshot;
import dev.pulse.batch.UsableRecords;
import dev.pulse.batch.ViewDiff;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.InMemorySchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import dev.pulse.stack.EmbeddedKafka;
import dev.pulse.streams.ledger.ViewRows;
import dev.pulse.streams.partitioned.PartitionedTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The partitioned engine's participation rows, on a real broker and exactly-once, equal the batch
 * recomputation for random messy histories (versions, deletes, moves, re-parenting, a loop,
 * units arriving after what names them, everything shuffled), with one partition and with six, and
 * with three instances sharing the six (two of them joining while the first works, so that tasks
 * move between instances mid-way). Each try starts from empty topics and waits until the published
 * rows settle on the batch's.
 */
class PartitionedMatchesBatchProperties {

  private static final AtomicInteger RUN = new AtomicInteger();
  private static Path dir;
  private static EmbeddedKafka kafka;
  private static Admin admin;
  private static final SchemaRegistryClient registry = new InMemorySchemaRegistryClient();

  @BeforeContainer
  static void start() throws Exception {
    dir = Files.createTempDirectory("partitioned-property");
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  @AfterContainer
  static void stop() {
    if (admin != null) admin.close();
    if (kafka != null) kafka.close();
  }

  @Property(tries = 4)
  void oneProcessingPartition(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int members) throws Exception {
    check(seed, members, 1);
  }

  @Property(tries = 4)
  void sixProcessingPartitions(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int members) throws Exception {
    check(seed, members, 6);
  }

  /**
   * The input written by a producer that partitions keys otherwise (librdkafka's CRC32): records of
   * one member lie together, but not in the partition the engine's own repartition topics use.
   */
  @Property(tries = 3)
  void sixPartitionsWrittenByAnotherPartitioner(@ForAll long seed, @ForAll @IntRange(min = 5, max = 40) int members)
      throws Exception {
    check(seed, members, 6, true);
  }

  /** Three instances of the application share the six partitions' tasks, two joining while the first works. */
  @Property(tries = 3)
  void sixPartitionsThreeInstances(@ForAll long seed, @ForAll @IntRange(min = 5, max = 40) int members)
      throws Exception {
    check(seed, members, 6, false, 3);
  }

  private void check(long seed, int members, int partitions) throws Exception {
    check(seed, members, partitions, false);
  }

  private void check(long seed, int members, int partitions, boolean foreignPartitioner) throws Exception {
    check(seed, members, partitions, foreignPartitioner, 1);
  }

  private void check(long seed, int members, int partitions, boolean foreignPartitioner, int instances)
      throws Exception {
    History history = MessyHistories.forPartitionedTopics(seed, members, 12, members * 4, 8);
    Map<String, ParticipationRow> expected = BatchViews.compute(UsableRecords.of(history)).participation();
    freshTopics(partitions);
    var records = HistoryRecords.of(history, registry);
    try (KafkaProducer<String, byte[]> producer = foreignPartitioner
        ? HistoryRecords.foreignProducer(kafka.bootstrapServers()) : HistoryRecords.producer(kafka.bootstrapServers())) {
      for (var r : records) producer.send(r).get();
    }
    long onTopics = 0;
    for (Topic<?> t : Topics.INPUTS) {
      onTopics += TopicSnapshot.read(kafka.bootstrapServers(), Map.of(), t.name(),
          new org.apache.kafka.common.serialization.ByteArrayDeserializer(), r -> {});
    }
    assertThat(onTopics).as("records on the input topics").isEqualTo(records.size());
    String app = "pt-property-" + RUN.incrementAndGet();
    PartitionedTopology.Options options = PartitionedTopology.Options.defaults().withPartitions(partitions);
    List<KafkaStreams> running = new java.util.ArrayList<>();
    for (int i = 0; i < instances; i++) {
      // Each instance its own state directory, as on its own machine.
      StreamsSettings settings = StreamsSettings.local(kafka.bootstrapServers(), "mock://", dir.resolve(app + "-" + i))
          .withApplicationId(app);
      KafkaStreams streams = new KafkaStreams(PartitionedTopology.build(PulseStreams.serdes(registry), options),
          StreamsConfigs.of(settings));
      streams.start();
      running.add(streams);
      if (i == 0 && instances > 1) {
        await().atMost(Duration.ofSeconds(30)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        Thread.sleep(1_000); // the first instance at work when the others join
      }
    }
    try {
      AtomicReference<List<ViewDiff.Difference>> last = new AtomicReference<>();
      await().atMost(Duration.ofSeconds(instances > 1 ? 150 : 90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
        List<ViewDiff.Difference> diffs = ViewDiff.compare("participation", expected, published(),
            k -> ViewRows.participation(k, null, 0));
        last.set(diffs);
        assertThat(diffs).as("rows where the partitioned engine differs from the batch (seed %d, %d partitions)",
            seed, partitions).isEmpty();
      });
      System.out.printf("seed %d, %d members, %d partitions%s%s: %d rows equal%n", seed, members, partitions,
          foreignPartitioner ? " (written with CRC32 partitioning)" : "",
          instances > 1 ? ", " + instances + " instances" : "", expected.size());
    } finally {
      // Shut down together: closed one by one, each of the others rebalances in turn. An instance
      // left running would read the next try's topics (same names) and write into its view.
      running.forEach(streams -> streams.close(Duration.ZERO));
      List<String> stillRunning = new java.util.ArrayList<>();
      for (KafkaStreams streams : running) {
        if (streams.close(Duration.ofSeconds(90))) streams.cleanUp();
        else stillRunning.add(streams.state().toString());
      }
      assertThat(stillRunning).as("instances that did not shut down within 90 s").isEmpty();
    }
  }

  /** The view topic as a compacted reader sees it: the last value per key, a null removing it. */
  private static Map<String, ParticipationRow> published() {
    Map<String, ParticipationRow> rows = new HashMap<>();
    var values = AvroSerdes.forTopic(Topics.PARTICIPATION_VIEW, registry).deserializer();
    TopicSnapshot.read(kafka.bootstrapServers(), Map.of(), Topics.PARTICIPATION_VIEW.name(), values, r -> {
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
