package dev.pulse.streams.partitioned;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityKind;
import dev.pulse.avro.ActivityMode;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.Membership;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.InMemorySchemaRegistryClient;
import dev.pulse.streams.PulseStreams;
import dev.pulse.streams.StreamsConfigs;
import dev.pulse.streams.StreamsSettings;
import dev.pulse.streams.ViewsTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree move touching many members is recounted in bounded steps: each punctuation (each
 * transaction) recounts at most the chunk, the queue shrinks step by step, and records keep
 * flowing in between; at the end the rows follow the new tree.
 */
class BoundedRecountsTest {

  private static final int MEMBERS = 50;
  private static final int CHUNK = 10;

  @TempDir Path dir;
  private final ViewsTopology.ContractSerdes serdes = PulseStreams.serdes(new InMemorySchemaRegistryClient());
  private TopologyTestDriver driver;
  private final Map<String, ParticipationRow> view = new HashMap<>();

  @BeforeEach
  void start() {
    StreamsSettings settings = StreamsSettings.local("unused:9092", "mock://", dir);
    driver = new TopologyTestDriver(PartitionedTopology.build(serdes, PartitionedTopology.Options.defaults()
        .withPartitions(1).withRecounts(CHUNK, Duration.ofMillis(100))), StreamsConfigs.of(settings));
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void aDistrictMoveIsRecountedAChunkAtATime() {
    unit("DB", null, UnitLevel.PROVINCE);
    unit("D1", "DB", UnitLevel.DISTRICT);
    unit("D2", "DB", UnitLevel.DISTRICT);
    unit("C1", "D1", UnitLevel.COMMUNE);
    unit("B1", "C1", UnitLevel.BRANCH);
    for (int i = 0; i < MEMBERS; i++) {
      pipe(Topics.MEMBERSHIPS, "ms" + i, Membership.newBuilder().setMembershipId("ms" + i).setMemberId("m" + i)
          .setBranchId("B1").setJoinedOn(LocalDate.of(2023, 1, 1)).setLeftOn(null).build());
    }
    Instant may = Instant.parse("2023-05-10T03:00:00Z");
    pipe(Topics.ACTIVITIES, "a1", Activity.newBuilder().setActivityId("a1").setUnitId("B1").setTitle("t")
        .setKind(ActivityKind.MEETING).setMode(ActivityMode.IN_PERSON).setStartsAt(may).setChannels(List.of())
        .setCampaigns(List.of()).setStatus(ActivityStatus.HELD).setRecordedAt(may).build());
    publish();
    assertThat(view.get("D1|2023").getEligible()).isEqualTo(MEMBERS);

    unit("C1", "D2", UnitLevel.COMMUNE); // the commune moves to the other district
    KeyValueStore<String, byte[]> pending = driver.getKeyValueStore("pt-pending");
    List<Long> queue = new ArrayList<>();
    queue.add(pending.approximateNumEntries());
    while (pending.approximateNumEntries() > 0 && queue.size() < 100) {
      driver.advanceWallClockTime(Duration.ofMillis(100));
      queue.add(pending.approximateNumEntries());
    }
    System.out.println("members waiting to be recounted after each punctuation: " + queue);
    assertThat(queue.get(0)).isEqualTo(MEMBERS);
    for (int i = 1; i < queue.size(); i++) {
      assertThat(queue.get(i - 1) - queue.get(i)).as("recounted in step %d", i).isBetween(0L, (long) CHUNK);
    }
    assertThat(queue).last().isEqualTo(0L);
    assertThat(queue.size() - 1).isGreaterThanOrEqualTo(MEMBERS / CHUNK);

    publish();
    assertThat(view.get("D2|2023").getEligible()).isEqualTo(MEMBERS);
    assertThat(view).doesNotContainKey("D1|2023");
    assertThat(view.get("DB|2023").getEligible()).isEqualTo(MEMBERS);
  }

  private void publish() {
    for (int i = 0; i < 20; i++) driver.advanceWallClockTime(Duration.ofMillis(100));
    driver.createOutputTopic(Topics.PARTICIPATION_VIEW.name(), Serdes.String().deserializer(),
        serdes.valueSerde(Topics.PARTICIPATION_VIEW).deserializer()).readKeyValuesToList().forEach(kv -> {
          if (kv.value == null) view.remove(kv.key);
          else view.put(kv.key, kv.value);
        });
  }

  private void unit(String id, String parent, UnitLevel level) {
    pipe(Topics.UNITS, id, Unit.newBuilder().setUnitId(id).setParentId(parent).setLevel(level).setName(id).build());
  }

  private <V> void pipe(Topic<V> topic, String key, V value) {
    driver.createInputTopic(topic.name(), Serdes.String().serializer(), serdes.valueSerde(topic).serializer())
        .pipeInput(key, value, Instant.parse("2024-01-01T00:00:00Z"));
  }
}
