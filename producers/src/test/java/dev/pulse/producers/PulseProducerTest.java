package dev.pulse.producers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.Attendance;
import dev.pulse.avro.AttendanceMode;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.contract.Topics;
import dev.pulse.server.access.IssuedToken;
import dev.pulse.server.access.Role;
import dev.pulse.server.ingest.IngestSettings;
import dev.pulse.testing.Samples;
import dev.pulse.testing.TestGateway;
import dev.pulse.testing.TestStack;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java producer library beside the HTTP gateway, on a real broker: the same record comes out the same. */
class PulseProducerTest {

  @TempDir static Path dir;
  static TestStack stack;
  static TestGateway gateway;
  static IssuedToken district1;

  @BeforeAll
  static void start() {
    stack = TestStack.start(dir);
    gateway = new TestGateway(stack, IngestSettings.defaults());
    IssuedToken root = gateway.token("DB", Role.ADMIN);
    district1 = gateway.token("DB-01", Role.EMITTER);
    HttpResponse<String> tree = gateway.post("units", root, Samples.TREE);
    assertThat(tree.statusCode()).as(tree.body()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) gateway.close();
    if (stack != null) stack.close();
  }

  @Test
  void the_java_producer_writes_what_the_gateway_writes() throws Exception {
    assertThat(gateway.post("attendance", district1, Samples.attendance("a-same-1", "m-same", "DB-01-03-B1")).statusCode())
        .isEqualTo(200);
    Attendance built = Events.attendance().attendanceId("a-same-2").activityId("act-1").memberId("m-same")
        .recordedBy("DB-01-03-B1").attendedAt(Instant.parse("2023-11-05T09:00:00+07:00"))
        .mode(AttendanceMode.IN_PERSON).status(AttendanceStatus.PRESENT)
        .recordedAt(Instant.parse("2023-11-05T10:00:00+07:00")).build();
    try (PulseProducer producer = new PulseProducer(stack.bootstrapServers(), stack.registry, Map.of())) {
      producer.send(built).get(30, TimeUnit.SECONDS);
    }
    List<ConsumerRecord<String, byte[]>> raw = stack.readRaw(Topics.ATTENDANCE.name()).stream()
        .filter(r -> r.key().equals("m-same")).toList();
    assertThat(raw).hasSize(2);
    // Same key, same partition, and byte for byte the same value but for the id inside it.
    assertThat(raw.get(0).partition()).isEqualTo(raw.get(1).partition());
    assertThat(new String(raw.get(1).value(), StandardCharsets.ISO_8859_1).replace("a-same-2", "a-same-1"))
        .isEqualTo(new String(raw.get(0).value(), StandardCharsets.ISO_8859_1));
  }

}
