package dev.pulse.streams.partitioned;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityKind;
import dev.pulse.avro.ActivityMode;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.AttendanceMode;
import dev.pulse.avro.AttendanceStatus;
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
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The member tasks follow tree changes: the rows roll up along the tree as it stands after them. */
class PartitionedTreeChangesTest {

  @TempDir Path dir;
  private final ViewsTopology.ContractSerdes serdes = PulseStreams.serdes(new InMemorySchemaRegistryClient());
  private TopologyTestDriver driver;

  @BeforeEach
  void start() {
    StreamsSettings settings = StreamsSettings.local("unused:9092", "mock://", dir);
    driver = new TopologyTestDriver(PartitionedTopology.build(serdes,
        PartitionedTopology.Options.defaults().withPartitions(1)), StreamsConfigs.of(settings));
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void aLoopClosedAboveABranchTakesItsMembersOutOfTheUnitsAboveIt() {
    unit("LOOP-A", "LOOP-B", UnitLevel.COMMUNE); // LOOP-B unknown yet: LOOP-A is a root for now
    unit("LOOP-BR", "LOOP-A", UnitLevel.BRANCH);
    pipe(Topics.MEMBERSHIPS, "ms1", Membership.newBuilder().setMembershipId("ms1").setMemberId("m1")
        .setBranchId("LOOP-BR").setJoinedOn(LocalDate.of(2020, 1, 1)).setLeftOn(null).build());
    pipe(Topics.ACTIVITIES, "a1", Activity.newBuilder().setActivityId("a1").setUnitId("LOOP-BR").setTitle("t")
        .setKind(ActivityKind.MEETING).setMode(ActivityMode.IN_PERSON).setStartsAt(Instant.parse("2023-05-10T03:00:00Z"))
        .setChannels(List.of()).setCampaigns(List.of()).setStatus(ActivityStatus.HELD)
        .setRecordedAt(Instant.parse("2023-05-10T03:00:00Z")).build());
    pipe(Topics.ATTENDANCE, "m1", Attendance.newBuilder().setAttendanceId("t1").setActivityId("a1").setMemberId("m1")
        .setRecordedBy("LOOP-BR").setAttendedAt(Instant.parse("2023-05-10T03:00:00Z")).setMode(
            dev.pulse.avro.AttendanceMode.IN_PERSON).setStatus(AttendanceStatus.PRESENT)
        .setRecordedAt(Instant.parse("2023-05-10T03:00:00Z")).build());
    Map<String, ParticipationRow> rows = publish();
    assertThat(rows.get("LOOP-A|2023-05").getParticipants()).isEqualTo(1);

    unit("LOOP-B", "LOOP-A", UnitLevel.COMMUNE); // closes the loop: LOOP-BR now rolls up to nothing
    rows = publish();
    assertThat(rows).doesNotContainKey("LOOP-A|2023-05").doesNotContainKey("LOOP-A|2023");
    assertThat(rows.get("LOOP-BR|2023-05").getEligible()).isEqualTo(1);
    assertThat(rows.get("LOOP-BR|2023-05").getParticipants()).isEqualTo(1);

    unit("LOOP-B", null, UnitLevel.DISTRICT); // mended
    rows = publish();
    assertThat(rows.get("LOOP-B|2023-Q2").getParticipants()).isEqualTo(1);
    assertThat(rows.get("LOOP-A|2023").getEligible()).isEqualTo(1);
  }

  private final java.util.Map<String, ParticipationRow> view = new java.util.HashMap<>();

  /** Lets the member task recount and the row task publish; the view as a compacted reader sees it. */
  private Map<String, ParticipationRow> publish() {
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    var out = driver.createOutputTopic(Topics.PARTICIPATION_VIEW.name(), Serdes.String().deserializer(),
        serdes.valueSerde(Topics.PARTICIPATION_VIEW).deserializer());
    out.readKeyValuesToList().forEach(kv -> {
      if (kv.value == null) view.remove(kv.key);
      else view.put(kv.key, kv.value);
    });
    return view;
  }

  private void unit(String id, String parent, UnitLevel level) {
    pipe(Topics.UNITS, id, Unit.newBuilder().setUnitId(id).setParentId(parent).setLevel(level).setName(id).build());
  }

  private <V> void pipe(Topic<V> topic, String key, V value) {
    driver.createInputTopic(topic.name(), Serdes.String().serializer(), serdes.valueSerde(topic).serializer())
        .pipeInput(key, value, Instant.parse("2024-01-01T00:00:00Z"));
  }
}
