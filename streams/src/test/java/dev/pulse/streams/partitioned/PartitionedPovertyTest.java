package dev.pulse.streams.partitioned;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.Attendance;
import dev.pulse.avro.AttendanceMode;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.PovertyRow;
import dev.pulse.avro.PovertyStatus;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The poverty stages follow what arrives late: a branch after its households, a tree change, a
 * correction that takes a household out of every row, a year covered only by attendance.
 */
class PartitionedPovertyTest {

  @TempDir Path dir;
  private final ViewsTopology.ContractSerdes serdes = PulseStreams.serdes(new InMemorySchemaRegistryClient());
  private TopologyTestDriver driver;
  private final Map<String, PovertyRow> view = new HashMap<>();

  /**
   * @param inPlace read the event topics in place, or as if the engine had three partitions while
   *     the driver puts every record in partition 0: then most keys lie outside their partition and
   *     are repartitioned first
   */
  private void start(boolean inPlace) {
    StreamsSettings settings = StreamsSettings.local("unused:9092", "mock://", dir);
    PartitionedTopology.Options o = PartitionedTopology.Options.defaults().withPartitions(inPlace ? 1 : 3);
    driver = new TopologyTestDriver(PartitionedTopology.build(serdes, o), StreamsConfigs.of(settings));
  }

  @AfterEach
  void stop() {
    if (driver != null) driver.close();
  }

  @ParameterizedTest(name = "read in place: {0}")
  @ValueSource(booleans = {true, false})
  void rowsFollowTheTreeCorrectionsAndTheCoveredYears(boolean inPlace) {
    start(inPlace);
    household("e1", "h1", "BR", PovertyStatus.POOR, true, "2023-03-01", "2023-03-02T00:00:00Z");
    household("e2", "h2", "BR", PovertyStatus.NEAR_POOR, false, "2023-05-01", "2023-05-02T00:00:00Z");
    assertThat(publish()).as("the branch is not known yet: the households count nowhere").isEmpty();

    unit("P", null, UnitLevel.PROVINCE);
    unit("D1", "P", UnitLevel.DISTRICT);
    unit("D2", "P", UnitLevel.DISTRICT);
    unit("C", "D1", UnitLevel.COMMUNE);
    unit("BR", "C", UnitLevel.BRANCH);
    Map<String, PovertyRow> rows = publish();
    assertThat(rows).containsOnlyKeys("BR|2023", "C|2023", "D1|2023", "P|2023");
    assertThat(figures(rows.get("D1|2023"))).containsExactly(1L, 0L, 0L, 0L, 0L, 1L, 1L);

    unit("C", "D2", UnitLevel.COMMUNE); // the commune moves: D1's row falls to zero
    rows = publish();
    assertThat(rows).containsOnlyKeys("BR|2023", "C|2023", "D2|2023", "P|2023");
    assertThat(figures(rows.get("D2|2023"))).containsExactly(1L, 0L, 0L, 0L, 0L, 1L, 1L);

    // A correction of h2's only event (a later recordedAt) to NON_POOR takes it out of every row.
    household("e2", "h2", "BR", PovertyStatus.NON_POOR, false, "2023-05-01", "2023-05-03T00:00:00Z");
    // A stale version arriving after it changes nothing.
    household("e2", "h2", "BR", PovertyStatus.POOR, true, "2023-05-01", "2023-05-02T12:00:00Z");
    rows = publish();
    assertThat(figures(rows.get("P|2023"))).containsExactly(1L, 0L, 0L, 0L, 0L, 1L, 0L);

    // Attendance in 2024 makes 2024 a covered year: h1 is still poor and supported there.
    pipe(Topics.ATTENDANCE, "m1", Attendance.newBuilder().setAttendanceId("t1").setActivityId("a1")
        .setMemberId("m1").setRecordedBy("BR").setAttendedAt(Instant.parse("2024-02-01T03:00:00Z"))
        .setMode(AttendanceMode.IN_PERSON).setStatus(AttendanceStatus.PRESENT)
        .setRecordedAt(Instant.parse("2024-02-01T03:00:00Z")).build());
    rows = publish();
    assertThat(figures(rows.get("BR|2024"))).containsExactly(1L, 0L, 0L, 0L, 0L, 1L, 0L);
    assertThat(rows).doesNotContainKey("BR|2025");

    // h1 leaves poverty on 1 January 2024: supported and exited in 2024, nothing at its end.
    household("e3", "h1", "BR", PovertyStatus.NON_POOR, false, "2024-01-01", "2024-01-02T00:00:00Z");
    rows = publish();
    assertThat(figures(rows.get("D2|2024"))).containsExactly(1L, 1L, 1L, 0L, 0L, 0L, 0L);
    assertThat(figures(rows.get("D2|2023"))).containsExactly(1L, 0L, 0L, 0L, 0L, 1L, 0L);

    unit("BR", null, null); // the branch is deleted: nothing counts
    assertThat(publish()).isEmpty();
  }

  private static List<Long> figures(PovertyRow r) {
    return List.of(r.getSupportedHouseholds(), r.getExitedHouseholds(), r.getExitedPoverty(),
        r.getExitedNearPoverty(), r.getRelapsedHouseholds(), r.getPoorAtYearEnd(), r.getNearPoorAtYearEnd());
  }

  /** Lets the household task recount and the row task publish; the view as a compacted reader sees it. */
  private Map<String, PovertyRow> publish() {
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    var out = driver.createOutputTopic(Topics.POVERTY_VIEW.name(), Serdes.String().deserializer(),
        serdes.valueSerde(Topics.POVERTY_VIEW).deserializer());
    out.readKeyValuesToList().forEach(kv -> {
      if (kv.value == null) view.remove(kv.key);
      else view.put(kv.key, kv.value);
    });
    return view;
  }

  private void household(String eventId, String householdId, String branch, PovertyStatus status, boolean supported,
      String assessedOn, String recordedAt) {
    pipe(Topics.HOUSEHOLD_STATUS, householdId, HouseholdStatus.newBuilder().setEventId(eventId)
        .setHouseholdId(householdId).setBranchId(branch).setStatus(status).setSupportedByUnion(supported)
        .setSupports(List.of()).setAssessedOn(LocalDate.parse(assessedOn)).setRecordedAt(Instant.parse(recordedAt))
        .build());
  }

  private void unit(String id, String parent, UnitLevel level) {
    pipe(Topics.UNITS, id, level == null ? null
        : Unit.newBuilder().setUnitId(id).setParentId(parent).setLevel(level).setName(id).build());
  }

  private <V> void pipe(Topic<V> topic, String key, V value) {
    driver.createInputTopic(topic.name(), Serdes.String().serializer(), serdes.valueSerde(topic).serializer())
        .pipeInput(key, value, Instant.parse("2024-06-01T00:00:00Z"));
  }
}
