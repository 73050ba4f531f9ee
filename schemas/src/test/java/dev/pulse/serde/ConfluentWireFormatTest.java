package dev.pulse.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.Attendance;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.InMemorySchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class ConfluentWireFormatTest {

  @Test
  void anAttendanceIsTheMagicByteThenItsSchemaIdThenPlainAvroBinary() throws IOException {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    for (Topic<?> other : List.of(Topics.UNITS, Topics.MEMBERSHIPS, Topics.ACTIVITIES, Topics.HOUSEHOLD_STATUS,
        Topics.PARTICIPATION_VIEW, Topics.POVERTY_VIEW)) {
      registry.register(other.valueSubject(), other.valueSchema());
    }
    assertThat(registry.register(Topics.ATTENDANCE.valueSubject(), Attendance.getClassSchema())).isEqualTo(7);
    Attendance attendance = SampleRecords.attendance();

    byte[] bytes = AvroSerdes.forTopic(Topics.ATTENDANCE, registry).serializer()
        .serialize(Topics.ATTENDANCE.name(), attendance);

    ByteArrayOutputStream plainAvro = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(plainAvro, null);
    new SpecificDatumWriter<>(Attendance.class).write(attendance, encoder);
    encoder.flush();
    assertThat(bytes[0]).isEqualTo((byte) 0x00);
    assertThat(Arrays.copyOfRange(bytes, 1, 5)).containsExactly(0, 0, 0, 7);
    assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(plainAvro.toByteArray());
    // The first field, attendanceId, is a string: its zig-zag length, then its UTF-8 bytes.
    byte[] id = attendance.getAttendanceId().getBytes(StandardCharsets.UTF_8);
    assertThat(bytes[5]).isEqualTo((byte) (id.length * 2));
    assertThat(Arrays.copyOfRange(bytes, 6, 6 + id.length)).isEqualTo(id);
  }

  @Test
  void theSchemaIdIsWrittenBigEndian() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    WireFormat.writeHeader(out, 0x01020304);

    assertThat(out.toByteArray()).containsExactly(0, 1, 2, 3, 4);
    assertThat(WireFormat.schemaId(new byte[] {0, 1, 2, 3, 4}, "topic t")).isEqualTo(0x01020304);
  }
}
