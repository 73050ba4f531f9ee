package dev.pulse.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.Attendance;
import dev.pulse.contract.Topics;
import dev.pulse.registry.RegisteredSchema;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import dev.pulse.serde.SampleRecords;
import dev.pulse.stack.EmbeddedKafka;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry keeps its state in _schemas: a new instance on the same broker knows everything. */
class SchemaRegistryRestartTest {

  private static final Schema V1 = SchemaBuilder.record("Visit").namespace("test").fields()
      .requiredString("id").endRecord();
  private static final Schema V2 = SchemaBuilder.record("Visit").namespace("test").fields()
      .requiredString("id").optionalString("note").endRecord();
  private static final Schema OTHER = SchemaBuilder.record("Other").namespace("test").fields()
      .requiredLong("n").endRecord();

  @TempDir
  static Path dataDir;
  static EmbeddedKafka kafka;
  SchemaRegistryServer server;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start(dataDir, 0);
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void idsVersionsConfigAndDeletionsSurviveARestart() throws Exception {
    server = SchemaRegistryServer.start(0, kafka.bootstrapServers());
    SchemaRegistryClient before = new RestSchemaRegistryClient(server.url());
    int v1 = before.register("visits-value", V1);
    int v2 = before.register("visits-value", V2);
    int shared = before.register("copies-value", V1);
    int other = before.register("gone-value", OTHER);
    before.setCompatibility("visits-value", "FULL");
    before.setCompatibility(null, "FORWARD");
    new RawHttp(server.url()).delete("/subjects/gone-value");
    int firstPort = server.port();
    server.close();

    server = SchemaRegistryServer.start(0, kafka.bootstrapServers());
    SchemaRegistryClient after = new RestSchemaRegistryClient(server.url());

    assertThat(server.port()).isNotEqualTo(firstPort);
    assertThat(after.subjects()).contains("copies-value", "visits-value").doesNotContain("gone-value");
    assertThat(after.versions("visits-value")).containsExactly(1, 2);
    assertThat(after.version("visits-value", 1)).isEqualTo(new RegisteredSchema("visits-value", 1, v1, V1));
    assertThat(after.latest("visits-value")).isEqualTo(new RegisteredSchema("visits-value", 2, v2, V2));
    assertThat(after.lookup("copies-value", V1)).isEqualTo(shared).isEqualTo(v1);
    assertThat(after.byId(other)).isEqualTo(OTHER);
    assertThat(after.compatibility("visits-value")).isEqualTo("FULL");
    assertThat(after.compatibility(null)).isEqualTo("FORWARD");
    // New ids continue after the highest one ever given, and versions after the deleted ones.
    Schema third = SchemaBuilder.record("Third").namespace("test").fields().requiredInt("k").endRecord();
    assertThat(after.register("third-value", third)).isEqualTo(Math.max(Math.max(v1, v2), other) + 1);
    assertThat(after.register("gone-value", OTHER)).isEqualTo(other);
    assertThat(after.versions("gone-value")).containsExactly(2);
    assertSchemasTopicIsCompactedWithOnePartition();
  }

  @Test
  void aWarmedUpSerdeNeedsNoRegistryAndItsBytesStayReadableAfterARestart() {
    server = SchemaRegistryServer.start(0, kafka.bootstrapServers());
    Serde<Attendance> serde = AvroSerdes.forTopic(Topics.ATTENDANCE, new RestSchemaRegistryClient(server.url()));
    byte[] written = serde.serializer().serialize(Topics.ATTENDANCE.name(), SampleRecords.attendance());
    serde.deserializer().deserialize(Topics.ATTENDANCE.name(), written);
    server.close();

    // One HTTP call per schema, then caches: with the registry down the serde carries on.
    for (int i = 0; i < 1000; i++) {
      assertThat(serde.serializer().serialize(Topics.ATTENDANCE.name(), SampleRecords.attendance())).isEqualTo(written);
      assertThat(serde.deserializer().deserialize(Topics.ATTENDANCE.name(), written)).isEqualTo(SampleRecords.attendance());
    }

    server = SchemaRegistryServer.start(0, kafka.bootstrapServers());
    Serde<Attendance> fresh = AvroSerdes.forTopic(Topics.ATTENDANCE, new RestSchemaRegistryClient(server.url()), false);
    assertThat(fresh.deserializer().deserialize(Topics.ATTENDANCE.name(), written)).isEqualTo(SampleRecords.attendance());
    assertThat(fresh.serializer().serialize(Topics.ATTENDANCE.name(), SampleRecords.attendance())).isEqualTo(written);
  }

  private void assertSchemasTopicIsCompactedWithOnePartition() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      TopicDescription description = admin.describeTopics(List.of("_schemas")).allTopicNames().get().get("_schemas");
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "_schemas");
      String cleanup = admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy").value();

      assertThat(description.partitions()).hasSize(1);
      assertThat(description.partitions().get(0).replicas()).hasSize(1);
      assertThat(cleanup).isEqualTo("compact");
    }
  }
}
