package dev.pulse.streams.partitioned;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.Attendance;
import dev.pulse.avro.AttendanceMode;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.avro.Membership;
import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.contract.Topics.DeadLetterHeaders;
import dev.pulse.registry.InMemorySchemaRegistryClient;
import dev.pulse.streams.PulseStreams;
import dev.pulse.streams.StreamsConfigs;
import dev.pulse.streams.StreamsSettings;
import dev.pulse.streams.ViewsTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In the partitioned engine, a unit, membership or attendance record that breaks the rules goes to
 * pipeline.dead-letters.v1 once, as received, with the reason; the records around it go on.
 */
class PartitionedDeadLettersTest {

  private static final Instant SENT = Instant.parse("2024-01-01T00:00:00Z");

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
  void eachBrokenRecordIsOneDeadLetterNamingItsTopicAndProblem() {
    pipe(Topics.UNITS, "B1", unit("B1", null, UnitLevel.PROVINCE));
    pipe(Topics.UNITS, "other-key", unit("B2", null, UnitLevel.PROVINCE)); // key is not the unitId
    pipe(Topics.MEMBERSHIPS, "ms1", membership("ms1", "m1", LocalDate.of(2023, 5, 1), LocalDate.of(2023, 1, 1)));
    pipe(Topics.ATTENDANCE, "m1", attendance("t1", "m1", Instant.parse("2999-05-10T03:00:00Z")));

    List<TestRecord<byte[], byte[]>> dead = driver.createOutputTopic(Topics.DEAD_LETTERS.name(),
        Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer()).readRecordsToList();

    assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.TOPIC))
        .containsExactly(Topics.UNITS.name(), Topics.MEMBERSHIPS.name(), Topics.ATTENDANCE.name());
    assertThat(dead).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
        .containsExactly("other-key", "ms1", "m1");
    assertThat(dead).allSatisfy(r -> assertThat(header(r, DeadLetterHeaders.ERROR)).isNotBlank());
    assertThat(header(dead.get(2), DeadLetterHeaders.ERROR)).contains("attendedAt");
  }

  private static String header(TestRecord<byte[], byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static Unit unit(String id, String parent, UnitLevel level) {
    return Unit.newBuilder().setUnitId(id).setParentId(parent).setLevel(level).setName(id).build();
  }

  private static Membership membership(String id, String member, LocalDate joined, LocalDate left) {
    return Membership.newBuilder().setMembershipId(id).setMemberId(member).setBranchId("B1").setJoinedOn(joined)
        .setLeftOn(left).build();
  }

  private static Attendance attendance(String id, String member, Instant at) {
    return Attendance.newBuilder().setAttendanceId(id).setActivityId("a1").setMemberId(member).setRecordedBy("B1")
        .setAttendedAt(at).setMode(AttendanceMode.IN_PERSON).setStatus(AttendanceStatus.PRESENT)
        .setRecordedAt(SENT.minusSeconds(60)).build();
  }

  private <V> void pipe(Topic<V> topic, String key, V value) {
    driver.createInputTopic(topic.name(), Serdes.String().serializer(), serdes.valueSerde(topic).serializer())
        .pipeInput(key, value, SENT);
  }
}
