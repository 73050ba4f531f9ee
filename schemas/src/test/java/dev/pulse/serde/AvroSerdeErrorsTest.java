package dev.pulse.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.avro.Attendance;
import dev.pulse.contract.Topics;
import dev.pulse.registry.InMemorySchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class AvroSerdeErrorsTest {

  private static final String TOPIC = Topics.ATTENDANCE.name();

  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  private final Serde<Attendance> serde = AvroSerdes.forTopic(Topics.ATTENDANCE, registry);
  private final Deserializer<Attendance> deserializer = serde.deserializer();

  private byte[] validBytes() {
    return serde.serializer().serialize(TOPIC, SampleRecords.attendance());
  }

  @Test
  void jsonInsteadOfTheWireFormatNamesTheTopicAndTheByteFound() {
    byte[] json = "{\"attendanceId\": \"att-1\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, json))
        .isInstanceOf(SerializationException.class)
        .hasMessage("topic branch.attendance.v1: expected magic byte 0x00 at offset 0 but found 0x7b; "
            + "the value is not in the Confluent wire format");
  }

  @Test
  void aValueTooShortToHoldASchemaIdIsRefused() {
    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic branch.attendance.v1")
        .hasMessageContaining("expected at least 5 bytes")
        .hasMessageContaining("found 3");
  }

  @Test
  void anUnknownSchemaIdNamesTheTopicAndTheId() {
    byte[] bytes = validBytes();
    bytes[4] = 42;

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic branch.attendance.v1")
        .hasMessageContaining("found 42")
        .hasMessageContaining("not known to the schema registry");
  }

  @Test
  void aTruncatedPayloadNamesTheTopicAndTheWriterSchema() {
    byte[] valid = validBytes();
    byte[] truncated = Arrays.copyOf(valid, valid.length - 10);

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic branch.attendance.v1")
        .hasMessageContaining("writer schema id 1 (dev.pulse.avro.Attendance)")
        .hasMessageContaining("truncated or corrupt");
  }

  @Test
  void bytesLeftOverAfterTheRecordAreCorruption() {
    byte[] valid = validBytes();
    byte[] padded = Arrays.copyOf(valid, valid.length + 3);

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, padded))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic branch.attendance.v1")
        .hasMessageContaining("left over");
  }

  @Test
  void withoutAutoRegistrationAnUnregisteredSchemaIsRefusedNamingTheSubject() {
    Serde<Attendance> strict = AvroSerdes.forTopic(Topics.ATTENDANCE, registry, false);

    assertThatThrownBy(() -> strict.serializer().serialize(TOPIC, SampleRecords.attendance()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic branch.attendance.v1")
        .hasMessageContaining("not registered under subject branch.attendance.v1-value")
        .hasMessageContaining("auto.register.schemas is false");
    assertThat(registry.subjects()).isEmpty();
  }

  @Test
  void withoutAutoRegistrationARegisteredSchemaIsLookedUp() {
    registry.register("some.other.topic-value", SchemaBuilder.record("Other").fields().requiredInt("n").endRecord());
    int id = registry.register(Topics.ATTENDANCE.valueSubject(), Attendance.getClassSchema());
    Serde<Attendance> strict = AvroSerdes.forTopic(Topics.ATTENDANCE, registry, false);

    byte[] bytes = strict.serializer().serialize(TOPIC, SampleRecords.attendance());

    assertThat(id).isEqualTo(2);
    assertThat(bytes[4]).isEqualTo((byte) 2);
    assertThat(strict.deserializer().deserialize(TOPIC, bytes)).isEqualTo(SampleRecords.attendance());
  }

  @Test
  void anIncompatibleSchemaIsRefusedByTheRegistryAndTheMessageSaysWhy() {
    Schema unrelated = SchemaBuilder.record("Attendance").namespace("dev.pulse.avro").fields()
        .requiredLong("attendanceId").endRecord();
    registry.register(Topics.ATTENDANCE.valueSubject(), unrelated);

    assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, SampleRecords.attendance()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("could not register schema dev.pulse.avro.Attendance under subject branch.attendance.v1-value")
        .hasMessageContaining("incompatible");
  }

  @Test
  void somethingOtherThanAGeneratedRecordIsRefused() {
    SpecificAvroSerializer<Object> serializer = new SpecificAvroSerializer<>(registry);

    assertThatThrownBy(() -> serializer.serialize(TOPIC, "a string"))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic branch.attendance.v1")
        .hasMessageContaining("java.lang.String");
  }

  @Test
  void configuredByKafkaWithoutARegistryUrlTheSerdeSaysWhatIsMissing() {
    SpecificAvroSerde<Attendance> unconfigured = new SpecificAvroSerde<>();

    assertThatThrownBy(() -> unconfigured.serializer().serialize(TOPIC, SampleRecords.attendance()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema.registry.url");
    assertThatThrownBy(() -> unconfigured.configure(Map.of("auto.register.schemas", "false"), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
  }

  @Test
  void autoRegistrationFromKafkaConfigurationMustBeABoolean() {
    SpecificAvroSerde<Attendance> configured = new SpecificAvroSerde<>(Attendance.class, registry, true);

    assertThatThrownBy(() -> configured.configure(Map.of("auto.register.schemas", "sometimes"), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("auto.register.schemas");
  }
}
