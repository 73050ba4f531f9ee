package dev.pulse.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.avro.Attendance;
import dev.pulse.avro.Membership;
import dev.pulse.contract.Topics;
import dev.pulse.registry.InMemorySchemaRegistryClient;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {

  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

  /** The fields of a generated schema, copied so that they can go into another schema. */
  private static List<Schema.Field> fieldsOf(Schema schema) {
    List<Schema.Field> fields = new ArrayList<>();
    schema.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
    return fields;
  }

  private static Schema record(Schema like, List<Schema.Field> fields) {
    return Schema.createRecord(like.getName(), like.getDoc(), like.getNamespace(), false, fields);
  }

  /** The sample attendance as a generic record of another schema version holding the same fields. */
  private static GenericRecord attendanceAs(Schema writer) {
    Attendance sample = SampleRecords.attendance();
    GenericData.Record record = new GenericData.Record(writer);
    record.put("attendanceId", sample.getAttendanceId());
    record.put("activityId", sample.getActivityId());
    record.put("memberId", sample.getMemberId());
    record.put("recordedBy", sample.getRecordedBy());
    record.put("attendedAt", sample.getAttendedAt().toEpochMilli());
    record.put("mode", new GenericData.EnumSymbol(writer.getField("mode").schema(), sample.getMode().name()));
    record.put("status", new GenericData.EnumSymbol(writer.getField("status").schema(), sample.getStatus().name()));
    record.put("recordedAt", sample.getRecordedAt().toEpochMilli());
    return record;
  }

  @Test
  void aNewerWriterWithAnAddedOptionalFieldStillDecodesIntoTheV1Class() {
    AvroSerdes.forTopic(Topics.ATTENDANCE, registry).serializer()
        .serialize(Topics.ATTENDANCE.name(), SampleRecords.attendance());
    List<Schema.Field> fields = fieldsOf(Attendance.getClassSchema());
    fields.add(new Schema.Field("deviceId",
        Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
        "The device the attendance was recorded on.", Schema.Field.NULL_DEFAULT_VALUE));
    Schema v2 = record(Attendance.getClassSchema(), fields);
    GenericRecord written = attendanceAs(v2);
    written.put("deviceId", "tablet-17");

    byte[] bytes = new GenericAvroSerializer(registry).serialize(Topics.ATTENDANCE.name(), written);
    Attendance decoded = AvroSerdes.forTopic(Topics.ATTENDANCE, registry).deserializer()
        .deserialize(Topics.ATTENDANCE.name(), bytes);

    assertThat(registry.versions(Topics.ATTENDANCE.valueSubject())).containsExactly(1, 2);
    assertThat(bytes[4]).isEqualTo((byte) 2);
    assertThat(decoded).isEqualTo(SampleRecords.attendance());
  }

  @Test
  void anOlderWriterWithoutAnOptionalFieldDecodesIntoTheCurrentClassWithTheDefault() {
    List<Schema.Field> fields = fieldsOf(Membership.getClassSchema());
    fields.removeIf(f -> f.name().equals("leftOn"));
    Schema v0 = record(Membership.getClassSchema(), fields);
    Membership sample = SampleRecords.membership();
    GenericData.Record written = new GenericData.Record(v0);
    written.put("membershipId", sample.getMembershipId());
    written.put("memberId", sample.getMemberId());
    written.put("branchId", sample.getBranchId());
    written.put("joinedOn", (int) sample.getJoinedOn().toEpochDay());

    byte[] bytes = new GenericAvroSerializer(registry).serialize(Topics.MEMBERSHIPS.name(), written);
    Membership decoded = AvroSerdes.forTopic(Topics.MEMBERSHIPS, registry).deserializer()
        .deserialize(Topics.MEMBERSHIPS.name(), bytes);

    assertThat(decoded).isEqualTo(sample);
    assertThat(decoded.getLeftOn()).isNull();
  }

  @Test
  void aWriterThatDroppedARequiredFieldCannotBeReadIntoTheOldClass() {
    List<Schema.Field> fields = fieldsOf(Attendance.getClassSchema());
    fields.removeIf(f -> f.name().equals("recordedBy"));
    Schema withoutRecordedBy = record(Attendance.getClassSchema(), fields);
    GenericRecord written = new GenericData.Record(withoutRecordedBy);
    GenericRecord full = attendanceAs(Attendance.getClassSchema());
    withoutRecordedBy.getFields().forEach(f -> written.put(f.name(), full.get(f.name())));
    byte[] bytes = new GenericAvroSerializer(registry).serialize(Topics.ATTENDANCE.name(), written);

    assertThatThrownBy(() -> AvroSerdes.forTopic(Topics.ATTENDANCE, registry).deserializer()
        .deserialize(Topics.ATTENDANCE.name(), bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic branch.attendance.v1")
        .hasMessageContaining("writer schema id 1")
        .hasMessageContaining("recordedBy");
  }
}
