package dev.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.CampaignsRow;
import dev.pulse.batch.BatchViews;
import dev.pulse.batch.Histories;
import dev.pulse.batch.History;
import dev.pulse.batch.UsableRecords;
import dev.pulse.contract.Topics;
import dev.pulse.registry.InMemorySchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.streams.partitioned.PartitionedTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The partitioned engine's campaign rows (view.campaigns.v1, SPEC.md §5b) equal the batch
 * recomputation for random messy histories whose activity versions list no campaign, one or two,
 * with padding and repeats, and change them between versions: cancellations and stale versions,
 * organisers at every level (activities organised above a branch whose members attend) and
 * unknown ones, retracted and duplicated attendance, membership moves, re-parenting and a loop.
 * Run through the whole topology (TopologyTestDriver, one partition); the real-broker run with
 * six partitions is {@link PartitionedCampaignsOnBrokerProperties}.
 */
class PartitionedCampaignsMatchBatchProperties {

  static final List<String> NAMES = List.of("5 không 3 sạch", " 5 không 3 sạch ", "Mái ấm tình thương",
      "Xây dựng người phụ nữ Việt Nam thời đại mới", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh\t");

  /** The messy history of this seed, each activity version given none, one or two campaigns at random. */
  static History history(long seed, int members) {
    Random random = new Random(seed);
    return Histories.withCampaigns(MessyHistories.forPartitionedTopics(seed, members, 20, members * 4, 8), a -> {
      List<String> names = new ArrayList<>();
      for (int i = random.nextInt(4) - 1; i > 0; i--) names.add(NAMES.get(random.nextInt(NAMES.size())));
      if (names.isEmpty() && random.nextInt(3) > 0) names.add(NAMES.get(random.nextInt(NAMES.size())));
      return names;
    });
  }

  @Property(tries = 15)
  void campaignRowsEqualTheBatch(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int members) throws Exception {
    History history = history(seed, members);
    Map<String, CampaignsRow> expected = BatchViews.compute(UsableRecords.of(history)).campaigns();
    assertThat(expected).as("campaign rows of the batch (seed %d)", seed).isNotEmpty();
    SchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    ViewsTopology.ContractSerdes serdes = PulseStreams.serdes(registry);
    Path dir = Files.createTempDirectory("pt-campaigns");
    StreamsSettings settings = StreamsSettings.local("unused:9092", "mock://", dir);
    Map<String, CampaignsRow> published = new HashMap<>();
    try (TopologyTestDriver driver = new TopologyTestDriver(PartitionedTopology.build(serdes,
        PartitionedTopology.Options.defaults().withPartitions(1)), StreamsConfigs.of(settings))) {
      Instant now = Instant.now();
      for (var r : HistoryRecords.of(history, registry)) {
        driver.createInputTopic(r.topic(), Serdes.String().serializer(), Serdes.ByteArray().serializer())
            .pipeInput(r.key(), r.value(), now);
      }
      var view = driver.createOutputTopic(Topics.CAMPAIGNS_VIEW.name(), Serdes.String().deserializer(),
          serdes.valueSerde(Topics.CAMPAIGNS_VIEW).deserializer());
      // Enough punctuations for every hop: outboxes, recount queues, the holding task, the rows.
      for (int i = 0; i < 12; i++) {
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        view.readKeyValuesToList().forEach(kv -> {
          if (kv.value == null) published.remove(kv.key);
          else published.put(kv.key, kv.value);
        });
      }
    }
    assertThat(differences(expected, published))
        .as("campaign rows where the engine differs from the batch (seed %d, %d members)", seed, members).isEmpty();
    System.out.printf("seed %d, %d members: %d campaign rows equal (%d with branchesHolding > 0, %d with participants)%n",
        seed, members, expected.size(), expected.values().stream().filter(r -> r.getBranchesHolding() > 0).count(),
        expected.values().stream().filter(r -> r.getParticipants() > 0).count());
  }

  /** Rows that differ, are missing or are extra, each as {@code key: expected ≠ actual}; a row is absent when it has no figures to show. */
  static List<String> differences(Map<String, CampaignsRow> expected, Map<String, CampaignsRow> actual) {
    List<String> out = new ArrayList<>();
    java.util.TreeSet<String> keys = new java.util.TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String key : keys) {
      Map<String, Object> e = figures(expected.get(key));
      Map<String, Object> a = figures(actual.get(key));
      if (!java.util.Objects.equals(e, a)) out.add(key + ": " + e + " ≠ " + a);
    }
    return out;
  }

  private static Map<String, Object> figures(CampaignsRow row) {
    if (row == null) return null;
    Map<String, Object> m = new java.util.LinkedHashMap<>(dev.pulse.contract.RowJson.of(row));
    m.remove("updatedAt");
    return m;
  }
}
