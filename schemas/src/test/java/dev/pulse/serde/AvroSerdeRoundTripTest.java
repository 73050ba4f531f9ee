package dev.pulse.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.Attendance;
import dev.pulse.avro.Membership;
import dev.pulse.avro.Unit;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.InMemorySchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeRoundTripTest {

  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

  static Stream<Topic<?>> avroTopics() {
    return Topics.ALL.stream().filter(Topic::isAvro);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("avroTopics")
  void everyAvroTopicOfTheContractRoundTripsAndRegistersItsValueSubject(Topic<?> topic) {
    assertRoundTrip(topic);

    assertThat(registry.subjects()).containsExactly(topic.valueSubject());
    assertThat(registry.latest(topic.valueSubject()).schema()).isEqualTo(topic.valueSchema());
  }

  private <T> void assertRoundTrip(Topic<T> topic) {
    Serde<T> serde = AvroSerdes.forTopic(topic, registry);
    T value = topic.valueType().cast(SampleRecords.valueFor(topic));

    byte[] bytes = serde.serializer().serialize(topic.name(), value);
    T decoded = serde.deserializer().deserialize(topic.name(), bytes);

    assertThat(decoded).isEqualTo(value);
  }

  @Test
  void theSecondRecordOfASchemaReusesItsId() {
    Serde<Attendance> serde = AvroSerdes.forTopic(Topics.ATTENDANCE, registry);

    byte[] first = serde.serializer().serialize(Topics.ATTENDANCE.name(), SampleRecords.attendance());
    byte[] second = serde.serializer().serialize(Topics.ATTENDANCE.name(), SampleRecords.attendance());

    assertThat(second).isEqualTo(first);
    assertThat(registry.versions(Topics.ATTENDANCE.valueSubject())).containsExactly(1);
  }

  @Test
  void aNullValueIsATombstoneBothWays() {
    Serde<Unit> serde = AvroSerdes.forTopic(Topics.UNITS, registry);

    assertThat(serde.serializer().serialize(Topics.UNITS.name(), null)).isNull();
    assertThat(serde.deserializer().deserialize(Topics.UNITS.name(), null)).isNull();
    assertThat(registry.subjects()).isEmpty();
  }

  @Test
  void deadLettersAreRawBytes() {
    Serde<byte[]> serde = AvroSerdes.forTopic(Topics.DEAD_LETTERS, registry);
    byte[] original = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(serde.serializer().getClass()).isEqualTo(Serdes.ByteArray().serializer().getClass());
    assertThat(serde.deserializer().deserialize(Topics.DEAD_LETTERS.name(),
        serde.serializer().serialize(Topics.DEAD_LETTERS.name(), original))).isEqualTo(original);
  }

  @Test
  void withoutATypeTheSpecificDeserializerReadsIntoTheClassTheWriterSchemaNames() {
    byte[] bytes = new SpecificAvroSerializer<Membership>(registry)
        .serialize(Topics.MEMBERSHIPS.name(), SampleRecords.membership());

    Object decoded = new SpecificAvroDeserializer<>(registry).deserialize(Topics.MEMBERSHIPS.name(), bytes);

    assertThat(decoded).isInstanceOf(Membership.class).isEqualTo(SampleRecords.membership());
    assertThat(((Membership) decoded).getJoinedOn()).isEqualTo(LocalDate.of(2019, 3, 8));
  }

  @Test
  void theGenericSerdeReadsAndWritesTheSameBytesAsTheSpecificOne() {
    byte[] specificBytes = AvroSerdes.forTopic(Topics.UNITS, registry).serializer()
        .serialize(Topics.UNITS.name(), SampleRecords.unit());
    GenericAvroSerde generic = new GenericAvroSerde(registry);

    GenericRecord decoded = generic.deserializer().deserialize(Topics.UNITS.name(), specificBytes);

    assertThat(decoded.get("unitId")).hasToString("DB-03-07-02");
    assertThat(decoded.get("name")).hasToString("Chi hội phụ nữ bản Na Sang 2");
    assertThat(decoded.get("level")).isInstanceOf(GenericData.EnumSymbol.class).hasToString("BRANCH");
    assertThat(generic.serializer().serialize(Topics.UNITS.name(), decoded)).isEqualTo(specificBytes);
  }

  @Test
  void aKeySerdeRegistersUnderTheKeySubject() {
    SpecificAvroSerde<Unit> serde = new SpecificAvroSerde<>(Unit.class, registry, true);
    serde.configure(Map.of(), true);

    byte[] bytes = serde.serializer().serialize(Topics.UNITS.name(), SampleRecords.unit());

    assertThat(registry.subjects()).containsExactly("org.units.v1-key");
    assertThat(serde.deserializer().deserialize(Topics.UNITS.name(), bytes)).isEqualTo(SampleRecords.unit());
  }
}
