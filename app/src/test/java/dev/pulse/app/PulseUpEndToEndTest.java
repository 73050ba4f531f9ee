package dev.pulse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.server.access.Role;
import dev.pulse.server.access.TokenStore;
import dev.pulse.app.ContractSamples.Sample;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pulse up} on a real broker, checked from the outside: the contract's topics and subjects
 * as any Kafka or Schema Registry client sees them, records written through Pulse's serde and read
 * back with nothing but a byte consumer and the registry's REST API, and a restart that keeps it all.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PulseUpEndToEndTest {

  @TempDir static Path dataDir;
  static PulseStack stack;
  static final HttpClient http = HttpClient.newHttpClient();
  /** An admin token of the unit E2E, created through the token store by the HTTP test. */
  static String token;

  @BeforeAll
  static void up() {
    stack = StackUnderTest.start(StackOptions.onFreePorts(dataDir));
  }

  @AfterAll
  static void down() {
    if (stack != null) stack.close();
  }

  @Test
  @Order(1)
  void everyContractTopicExistsWithItsPartitionsAndSettings() throws Exception {
    try (Admin admin = admin()) {
      Map<String, TopicDescription> described =
          admin.describeTopics(Topics.ALL.stream().map(Topic::name).toList()).allTopicNames().get();
      for (Topic<?> topic : Topics.ALL) {
        assertThat(described.get(topic.name()).partitions()).as(topic.name()).hasSize(topic.partitions());
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
        var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        topic.config().forEach((key, value) ->
            assertThat(config.get(key).value()).as(topic.name() + " " + key).isEqualTo(value));
      }
    }
  }

  @Test
  @Order(2)
  void everyAvroValueSchemaIsRegisteredUnderItsSubjectWithBackwardCompatibility() throws Exception {
    WireFormatDecoder registry = new WireFormatDecoder(stack.schemaRegistryUrl());
    List<String> subjects = new ArrayList<>();
    registry.getJson("/subjects").forEach(s -> subjects.add(s.asText()));
    for (Topic<?> topic : Topics.ALL) {
      if (!topic.isAvro()) {
        assertThat(subjects).as("raw-bytes topic " + topic.name() + " has no subject").doesNotContain(topic.valueSubject());
        continue;
      }
      assertThat(subjects).contains(topic.valueSubject());
      JsonNode latest = registry.getJson("/subjects/" + topic.valueSubject() + "/versions/latest");
      assertThat(new Schema.Parser().parse(latest.get("schema").asText()))
          .as(topic.valueSubject()).isEqualTo(topic.valueSchema());
      assertThat(latest.get("id").asInt()).isEqualTo(stack.schemaIds().get(topic.valueSubject()));
      assertThat(registry.getJson("/config/" + topic.valueSubject() + "?defaultToGlobal=true")
          .get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }
  }

  @Test
  @Order(3)
  void aRecordOfEachInputTopicReadsBackWithAByteConsumerAndTheRegistryRestApi() throws Exception {
    List<Sample<?>> samples = ContractSamples.oneOfEachInput();
    produce(samples);
    WireFormatDecoder decoder = new WireFormatDecoder(stack.schemaRegistryUrl());
    for (Sample<?> sample : samples) {
      ConsumerRecord<byte[], byte[]> read = readBack(sample.topic(), sample.key());
      assertThat(WireFormatDecoder.schemaId(read.value()))
          .as("schema id in " + sample.topic().name()).isEqualTo(stack.schemaIds().get(sample.topic().valueSubject()));
      assertSameFields(decoder.decode(read.value()), sample.value());
    }
  }

  @Test
  @Order(4)
  void healthSaysUpToAnyoneAndNamesThePartsToAnAdmin() throws Exception {
    HttpResponse<String> anonymous = get("/health", null);
    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(anonymous.body()).isEqualTo("{\"status\":\"UP\"}");
    HttpResponse<String> health = get("/health", adminToken());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"").contains(stack.bootstrapServers())
        .contains("\"deadLetters\":").containsPattern("\"lag\":-?\\d+");
  }

  @Test
  @Order(4)
  void metricsAreServedToAnAdminInThePrometheusFormatWithTheStreamsClientsOwn() throws Exception {
    assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
    HttpResponse<String> metrics = get("/metrics", adminToken());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(metrics.body())
        .contains("# TYPE pulse_dead_letters gauge")
        .contains("pulse_live_clients")
        .contains("jvm_memory_used_bytes")
        .containsPattern("(?m)^kafka_stream_\\w+");
  }

  @Test
  @Order(5)
  void readingNeedsATokenAndWithOneTheIngestedRecordsReachTheViews() throws Exception {
    assertThat(get("/api/v1/participation/E2E-B/2023-11", null).statusCode()).isEqualTo(401);
    HttpResponse<String> refused = get("/api/v1/units/E2E-B", "pulse_000000000000.not-a-secret");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).startsWith("{\"errors\":[{").contains("\"message\":");

    adminToken();
    assertThat(post("/api/v1/ingest/units", token, """
        [{"unitId": "E2E", "parentId": null, "level": "PROVINCE", "name": "Tỉnh E2E"},
         {"unitId": "E2E-B", "parentId": "E2E", "level": "BRANCH", "name": "Chi hội E2E"}]""").body())
        .isEqualTo("{\"accepted\":2}");
    assertThat(post("/api/v1/ingest/memberships", token, """
        {"membershipId": "e2e-ms", "memberId": "m-e2e", "branchId": "E2E-B", "joinedOn": "2023-01-01", "leftOn": null}""")
        .body()).isEqualTo("{\"accepted\":1}");
    assertThat(post("/api/v1/ingest/activities", token, """
        {"activityId": "e2e-act", "unitId": "E2E-B", "title": "Họp chi hội", "kind": "MEETING", "mode": "IN_PERSON",
         "startsAt": "2023-11-05T08:00:00+07:00", "channels": ["ZALO"], "campaigns": [], "status": "HELD",
         "recordedAt": "2023-11-05T12:00:00+07:00"}""").body()).isEqualTo("{\"accepted\":1}");
    assertThat(post("/api/v1/ingest/attendance", token, """
        {"attendanceId": "e2e-att", "activityId": "e2e-act", "memberId": "m-e2e", "recordedBy": "E2E-B",
         "attendedAt": "2023-11-05T08:05:00+07:00", "mode": "IN_PERSON", "status": "PRESENT",
         "recordedAt": "2023-11-05T12:00:00+07:00"}""").body()).isEqualTo("{\"accepted\":1}");

    assertThat(get("/api/v1/units/E2E-B", token).body()).contains("\"parentId\":\"E2E\"");
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(get("/api/v1/participation/E2E/2023-11", token).body())
            .contains("\"eligible\":1", "\"participants\":1", "\"rate\":1.0"));
  }

  @Test
  @Order(6)
  void aRecordTheViewsCannotUseIsListedForOperatorsWithItsReason() throws Exception {
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all");
    try (var producer = new KafkaProducer<>(config, new StringSerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.ATTENDANCE.name(), "e2e-poison",
          "not Avro at all".getBytes(StandardCharsets.UTF_8))).get();
    }
    assertThat(get("/api/v1/dead-letters?limit=0", token).statusCode()).isEqualTo(400);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      JsonNode answer = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(get("/api/v1/dead-letters?limit=5", token).body());
      assertThat(answer.get("total").asLong()).isGreaterThanOrEqualTo(1);
      assertThat(answer.get("bySourceTopic").get(Topics.ATTENDANCE.name()).asLong()).isGreaterThanOrEqualTo(1);
      JsonNode latest = answer.get("latest").get(0);
      assertThat(latest.get("topic").asText()).isEqualTo(Topics.ATTENDANCE.name());
      assertThat(latest.get("error").asText()).isNotBlank();
      assertThat(latest.get("bytes").asInt()).isEqualTo("not Avro at all".length());
      System.out.println("dead letter listed for operators: " + latest);
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(get("/health", token).body()).containsPattern("\"deadLetters\":[1-9]"));
  }

  @Test
  @Order(10)
  void aRestartOnTheSameDataDirectoryKeepsEveryRecordAndEverySchemaId() throws Exception {
    List<Sample<?>> samples = ContractSamples.oneOfEachInput();
    Map<String, Long> recordsBefore = recordCounts();
    Map<String, Integer> idsBefore = stack.schemaIds();
    assertThat(recordsBefore.values()).allMatch(n -> n > 0);

    StackOptions same = stack.options();
    stack.close();
    stack = StackUnderTest.start(same);
    // The stopped instance left its consumer group: the new one need not wait out its session (45 s).
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(get("/health", token).body()).contains("\"streams\":\"RUNNING\""));

    assertThat(stack.schemaIds()).isEqualTo(idsBefore);
    if (token != null) {
      // The tokens and the views came back too: the same token reads the same figures.
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(get("/api/v1/participation/E2E/2023-11", token).body())
              .contains("\"eligible\":1", "\"participants\":1"));
    }
    assertThat(recordCounts()).isEqualTo(recordsBefore);
    WireFormatDecoder decoder = new WireFormatDecoder(stack.schemaRegistryUrl());
    for (Sample<?> sample : samples) {
      assertSameFields(decoder.decode(readBack(sample.topic(), sample.key()).value()), sample.value());
      assertThat(decoder.getJson("/subjects/" + sample.topic().valueSubject() + "/versions").size())
          .as("versions of " + sample.topic().valueSubject()).isEqualTo(1);
    }
  }

  // --- helpers ------------------------------------------------------------------------------

  /** The admin token of E2E, created through the token store the first time it is needed. */
  private static String adminToken() {
    if (token == null) {
      try (TokenStore tokens = new TokenStore(stack.bootstrapServers())) {
        token = tokens.create("E2E", Role.ADMIN, "end-to-end test").bearer();
      }
    }
    return token;
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.httpUrl() + path)).GET();
    if (token != null) request.header("Authorization", "Bearer " + token);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String token, String json) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(stack.httpUrl() + path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
  }

  private static void produce(List<Sample<?>> samples) throws Exception {
    RestSchemaRegistryClient registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
    for (Sample<?> sample : samples) {
      send(sample, registry);
    }
  }

  private static <V extends SpecificRecord> void send(Sample<V> sample, RestSchemaRegistryClient registry)
      throws Exception {
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all");
    try (var producer = new KafkaProducer<>(config, new StringSerializer(),
        AvroSerdes.forTopic(sample.topic(), registry).serializer())) {
      producer.send(new ProducerRecord<>(sample.topic().name(), sample.key(), sample.value())).get();
    }
  }

  /** The latest record with this key, read from the beginning of every partition as raw bytes. */
  private static ConsumerRecord<byte[], byte[]> readBack(Topic<?> topic, String key) {
    byte[] wanted = key.getBytes(StandardCharsets.UTF_8);
    List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = byteConsumer()) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (java.util.Arrays.equals(r.key(), wanted)) found.add(r);
        }
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
      });
    }
    assertThat(found).as("records with key " + key + " in " + topic.name()).isNotEmpty();
    return found.get(found.size() - 1);
  }

  private static Map<String, Long> recordCounts() {
    Map<String, Long> counts = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = byteConsumer()) {
      for (Topic<?> topic : Topics.INPUTS) {
        List<TopicPartition> partitions = partitions(consumer, topic);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        counts.put(topic.name(), partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum());
      }
    }
    return counts;
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, Topic<?> topic) {
    return consumer.partitionsFor(topic.name()).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
  }

  private static KafkaConsumer<byte[], byte[]> byteConsumer() {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Field by field, in the text both sides print (enums by symbol, dates ISO, lists as lists). */
  static void assertSameFields(GenericRecord decoded, SpecificRecord sent) {
    assertThat(decoded.getSchema().getFullName()).isEqualTo(sent.getSchema().getFullName());
    for (Schema.Field field : sent.getSchema().getFields()) {
      assertThat(String.valueOf(decoded.get(field.name())))
          .as(sent.getSchema().getName() + "." + field.name())
          .isEqualTo(String.valueOf(sent.get(field.pos())));
    }
  }
}
