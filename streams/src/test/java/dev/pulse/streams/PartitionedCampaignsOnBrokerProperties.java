package dev.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.avro.CampaignsRow;
import dev.pulse.batch.BatchViews;
import dev.pulse.batch.History;
import dev.pulse.batch.TopicSnapshot;
import dev.pulse.batch.UsableRecords;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.InMemorySchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import dev.pulse.stack.EmbeddedKafka;
import dev.pulse.streams.partitioned.PartitionedTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The partitioned engine's campaign rows (view.campaigns.v1), on a real broker and exactly-once,
 * equal the batch recomputation for the random messy histories of
 * {@link PartitionedCampaignsMatchBatchProperties} (campaigns changed between versions, organisers
 * at every level, moves, re-parenting, a loop), with six partitions: members, activities,
 * organisers and rows each in the task of their key, branch counts sent by the task whose
 * partition holds the unit's rows. Each try starts from empty topics and waits until the
 * published rows settle on the batch's.
 */
class PartitionedCampaignsOnBrokerProperties {

  private static final AtomicInteger RUN = new AtomicInteger();
  private static Path dir;
  private static EmbeddedKafka kafka;
  private static Admin admin;
  private static final SchemaRegistryClient registry = new InMemorySchemaRegistryClient();

  @BeforeContainer
  static void start() throws Exception {
    dir = Files.createTempDirectory("partitioned-campaigns-property");
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  @AfterContainer
  static void stop() {
    if (admin != null) admin.close();
    if (kafka != null) kafka.close();
  }

  @Property(tries = 4)
  void sixProcessingPartitions(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int members) throws Exception {
    check(seed, members, 6);
  }

  private void check(long seed, int members, int partitions) throws Exception {
    History history = PartitionedCampaignsMatchBatchProperties.history(seed, members);
    Map<String, CampaignsRow> expected = BatchViews.compute(UsableRecords.of(history)).campaigns();
    assertThat(expected).as("campaign rows of the batch (seed %d)", seed).isNotEmpty();
    freshTopics(partitions);
    var records = HistoryRecords.of(history, registry);
    try (KafkaProducer<String, byte[]> producer = HistoryRecords.producer(kafka.bootstrapServers())) {
      for (var r : records) producer.send(r).get();
    }
    long onTopics = 0;
    for (Topic<?> t : Topics.INPUTS) {
      onTopics += TopicSnapshot.read(kafka.bootstrapServers(), Map.of(), t.name(),
          new org.apache.kafka.common.serialization.ByteArrayDeserializer(), r -> {});
    }
    assertThat(onTopics).as("records on the input topics").isEqualTo(records.size());
    String app = "pt-campaigns-property-" + RUN.incrementAndGet();
    StreamsSettings settings = StreamsSettings.local(kafka.bootstrapServers(), "mock://", dir.resolve(app))
        .withApplicationId(app);
    PartitionedTopology.Options options = PartitionedTopology.Options.defaults().withPartitions(partitions);
    KafkaStreams streams = new KafkaStreams(PartitionedTopology.build(PulseStreams.serdes(registry), options),
        StreamsConfigs.of(settings));
    streams.start();
    try {
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
          assertThat(PartitionedCampaignsMatchBatchProperties.differences(expected, published()))
              .as("rows where the partitioned engine differs from the batch (seed %d, %d partitions)", seed, partitions)
              .isEmpty());
      System.out.printf("seed %d, %d members, %d partitions: %d campaign rows equal%n", seed, members, partitions,
          expected.size());
    } finally {
      streams.close(Duration.ofSeconds(30));
      streams.cleanUp();
    }
  }

  /** The view topic as a compacted reader sees it: the last value per key, a null removing it. */
  private static Map<String, CampaignsRow> published() {
    Map<String, CampaignsRow> rows = new HashMap<>();
    var values = AvroSerdes.forTopic(Topics.CAMPAIGNS_VIEW, registry).deserializer();
    TopicSnapshot.read(kafka.bootstrapServers(), Map.of(), Topics.CAMPAIGNS_VIEW.name(), values, r -> {
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
