package dev.pulse.streams.partitioned;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityKind;
import dev.pulse.avro.ActivityMode;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.AttendanceMode;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.avro.Channel;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * view.activities.v1 through the whole partitioned topology: the member tasks count attendance per
 * activity, the activity task follows versions and the tree, the row task publishes absolute rows.
 */
class PartitionedActivitiesTest {

  private static final Instant MAY_10 = Instant.parse("2023-05-10T03:00:00Z");

  @TempDir Path dir;
  private final ViewsTopology.ContractSerdes serdes = PulseStreams.serdes(new InMemorySchemaRegistryClient());
  private StreamsSettings settings;
  private TopologyTestDriver driver;
  private final Map<String, ActivitiesRow> view = new HashMap<>();

  @BeforeEach
  void start() {
    settings = StreamsSettings.local("unused:9092", "mock://", dir);
    driver = new TopologyTestDriver(PartitionedTopology.build(serdes,
        PartitionedTopology.Options.defaults().withPartitions(1)), StreamsConfigs.of(settings));
    unit("DB", null, UnitLevel.PROVINCE);
    unit("D1", "DB", UnitLevel.DISTRICT);
    unit("D2", "DB", UnitLevel.DISTRICT);
    unit("C1", "D1", UnitLevel.COMMUNE);
    unit("C3", "D2", UnitLevel.COMMUNE);
    unit("B1", "C1", UnitLevel.BRANCH);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void anActivityFollowsItsStandingVersionItsAttendanceAndTheTree() {
    activity("a1", "D1", 10, ActivityStatus.HELD, ActivityMode.ONLINE, Channel.ZALO, Channel.ZALO);
    attendance("t1", "m1", "a1", 10, AttendanceStatus.PRESENT);
    attendance("t2", "m2", "a1", 10, AttendanceStatus.PRESENT);
    publish();
    ActivitiesRow d1 = view.get("D1|2023-05");
    assertThat(List.of(d1.getHeld(), d1.getOnline(), d1.getInPerson(), d1.getPublicised(), d1.getAttendances()))
        .containsExactly(1L, 1L, 0L, 1L, 2L);
    assertThat(d1.getByChannel()).isEqualTo(Map.of("ZALO", 1L));
    assertThat(view).containsKeys("DB|2023", "DB|2023-Q2", "D1|2023").doesNotContainKey("C1|2023-05");

    attendance("t2", "m2", "a1", 20, AttendanceStatus.RETRACTED);
    attendance("t1", "m1", "a1", 10, AttendanceStatus.PRESENT); // the same version again
    attendance("t1", "m1", "a1", 5, AttendanceStatus.RETRACTED); // older than the one standing
    publish();
    assertThat(view.get("DB|2023-Q2").getAttendances()).isEqualTo(1);

    activity("a1", "D1", 30, ActivityStatus.CANCELLED, ActivityMode.ONLINE, Channel.ZALO);
    publish();
    assertThat(view).as("a cancelled activity counts nowhere: its rows are tombstoned").isEmpty();

    activity("a1", "C3", 40, ActivityStatus.HELD, ActivityMode.HYBRID);
    activity("a1", "D1", 35, ActivityStatus.CANCELLED, ActivityMode.ONLINE); // stale, arriving late
    publish();
    assertThat(view.keySet()).containsExactlyInAnyOrder("C3|2023", "C3|2023-Q2", "C3|2023-05", "D2|2023",
        "D2|2023-Q2", "D2|2023-05", "DB|2023", "DB|2023-Q2", "DB|2023-05");
    assertThat(view.get("D2|2023").getHybrid()).isEqualTo(1);
    assertThat(view.get("D2|2023").getAttendances()).isEqualTo(1);
    assertThat(view.get("D2|2023").getByChannel()).isEmpty();

    unit("C3", "D1", UnitLevel.COMMUNE); // the organiser moves to another district
    publish();
    assertThat(view).containsKey("D1|2023-05").doesNotContainKey("D2|2023-05");
    assertThat(view.get("D1|2023-05").getHeld()).isEqualTo(1);
  }

  @Test
  void attendanceThatChangesManyTimesBetweenTwoPublicationsSendsOneChangePerUnit() {
    activity("a1", "B1", 10, ActivityStatus.HELD, ActivityMode.IN_PERSON);
    publish();
    var deltas = driver.createOutputTopic(settings.applicationId() + "-" + ActivitiesStage.ROWS + "-repartition",
        Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    deltas.readRecordsToList();

    for (int i = 0; i < 50; i++) attendance("t" + i, "m" + i, "a1", 10, AttendanceStatus.PRESENT);
    publish();

    var sent = deltas.readRecordsToList();
    assertThat(sent).extracting(r -> r.key()).containsExactlyInAnyOrder("B1", "C1", "D1", "DB");
    assertThat(view.get("DB|2023").getAttendances()).isEqualTo(50);
  }

  @Test
  void anActivityBreakingTheRulesGoesToTheDeadLettersAndCountsNowhere() {
    pipe(Topics.ACTIVITIES, "not-a2", activityRecord("a2", "B1", 10, ActivityStatus.HELD, ActivityMode.IN_PERSON));
    publish();

    var dead = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Serdes.ByteArray().deserializer(),
        Serdes.ByteArray().deserializer()).readRecordsToList();
    assertThat(dead).hasSize(1);
    assertThat(new String(dead.get(0).key())).isEqualTo("not-a2");
    assertThat(view).isEmpty();
  }

  /** Lets the tasks compare and publish; the view as a compacted reader sees it. */
  private void publish() {
    // One punctuation per hop: the member tasks' outbox, the activity task's comparison, the rows' publication.
    for (int i = 0; i < 3; i++) driver.advanceWallClockTime(Duration.ofSeconds(1));
    driver.createOutputTopic(Topics.ACTIVITIES_VIEW.name(), Serdes.String().deserializer(),
        serdes.valueSerde(Topics.ACTIVITIES_VIEW).deserializer()).readKeyValuesToList().forEach(kv -> {
          if (kv.value == null) view.remove(kv.key);
          else view.put(kv.key, kv.value);
        });
  }

  private void unit(String id, String parent, UnitLevel level) {
    pipe(Topics.UNITS, id, Unit.newBuilder().setUnitId(id).setParentId(parent).setLevel(level).setName(id).build());
  }

  private void activity(String id, String organiser, long recordedSecond, ActivityStatus status, ActivityMode mode,
      Channel... channels) {
    pipe(Topics.ACTIVITIES, id, activityRecord(id, organiser, recordedSecond, status, mode, channels));
  }

  private static Activity activityRecord(String id, String organiser, long recordedSecond, ActivityStatus status,
      ActivityMode mode, Channel... channels) {
    return Activity.newBuilder().setActivityId(id).setUnitId(organiser).setTitle("t").setKind(ActivityKind.MEETING)
        .setMode(mode).setStartsAt(MAY_10).setChannels(List.of(channels)).setCampaigns(List.of()).setStatus(status)
        .setRecordedAt(MAY_10.plusSeconds(recordedSecond)).build();
  }

  private void attendance(String id, String member, String activityId, long recordedSecond, AttendanceStatus status) {
    pipe(Topics.ATTENDANCE, member, Attendance.newBuilder().setAttendanceId(id).setActivityId(activityId)
        .setMemberId(member).setRecordedBy("B1").setAttendedAt(MAY_10).setMode(AttendanceMode.IN_PERSON)
        .setStatus(status).setRecordedAt(MAY_10.plusSeconds(recordedSecond)).build());
  }

  private <V> void pipe(Topic<V> topic, String key, V value) {
    driver.createInputTopic(topic.name(), Serdes.String().serializer(), serdes.valueSerde(topic).serializer())
        .pipeInput(key, value, Instant.parse("2024-01-01T00:00:00Z"));
  }
}
