package dev.pulse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityKind;
import dev.pulse.avro.ActivityMode;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.AttendanceMode;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.avro.Channel;
import dev.pulse.avro.Membership;
import dev.pulse.server.access.TokenStore;
import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.contract.Topics.DeadLetterHeaders;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import dev.pulse.serde.GenericAvroSerializer;
import dev.pulse.batch.TopicSnapshot;
import dev.pulse.batch.Verification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A later version of an input schema on the real broker and registry. Branch systems do not all
 * upgrade at once: {@code branch.attendance.v1}'s released schema plus one optional field
 * ({@code recordedWith}, default null) is registered under BACKWARD, and a branch whose app was
 * upgraded writes it while another branch's app goes on writing v1 with the generated classes. The
 * streams read both into the views, each record counted exactly once. A change that could not read
 * what v1 wrote (a new field without a default, a changed type) is refused by the registry with
 * HTTP 409 and Confluent's error body, and by the auto-registering serializer, so none of it
 * reaches the topic. And a version the registry accepts but that drops a field the views need
 * (BACKWARD allows it) is not silently lost: its records go to the dead letters, saying why.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchemaEvolutionOnBrokerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUBJECT = Topics.ATTENDANCE.valueSubject();
  private static final String REGISTRY_CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  /** Each refused change, and the reason the registry must give for it. */
  private static final Map<String, String> INCOMPATIBLE = Map.of(
      "Attendance-required-field.avsc", "READER_FIELD_MISSING_DEFAULT_VALUE",
      "Attendance-type-change.avsc", "TYPE_MISMATCH");

  private static final String PROVINCE = "EVO";
  /** Its app still writes v1. */
  private static final String BRANCH_V1 = "EVO-B1";
  /** Its app was upgraded to v2 mid-way, and re-sends what it had sent before the upgrade. */
  private static final String BRANCH_V2 = "EVO-B2";
  private static final int MEMBERS_PER_BRANCH = 300;
  /** Records of BRANCH_V2 sent with v1 before the upgrade, then again (the same versions) with v2. */
  private static final int RESENT_AFTER_UPGRADE = 50;
  /** Records of BRANCH_V2 withdrawn by a later v2 version. */
  private static final int RETRACTED_WITH_V2 = 10;
  private static final String ACTIVITY = "evo-act-2023-11";
  private static final Instant ATTENDED = Instant.parse("2023-11-05T01:05:00Z");
  private static final Instant RECORDED = Instant.parse("2023-11-05T05:00:00Z");
  private static final Instant RETRACTED = Instant.parse("2023-11-06T05:00:00Z");

  @TempDir static Path dataDir;
  static PulseStack stack;
  static RestSchemaRegistryClient registry;
  static final HttpClient http = HttpClient.newHttpClient();
  static int v1Id;
  static int v2Id;
  /** What /health counted before this class sent anything (other stacks in this JVM may have counted some). */
  static long deadLettersAtStart;
  /** An admin token of the province: dead letters and the parts of /health are an admin's (SPEC §6). */
  static String adminToken;

  /** Registry changes need the admin token of a root unit (SPEC.md §6): the province's. */
  static String rootAdminToken;

  @BeforeAll
  static void up() {
    stack = StackUnderTest.start(new StackOptions(0, 0, 0, 0, dataDir, null, null, (short) 1, false, true));
    registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
    send(Topics.UNITS, List.of(Unit.newBuilder().setUnitId(PROVINCE).setParentId(null).setLevel(UnitLevel.PROVINCE)
        .setName("Tỉnh Thử Nghiệm").build()), u -> u.getUnitId());
    try (TokenStore tokens = new TokenStore(stack.bootstrapServers())) {
      rootAdminToken = tokens.create(PROVINCE, dev.pulse.server.access.Role.ADMIN, "schema evolution test").bearer();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> http.send(
        HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/api/v1/units/" + PROVINCE)).GET().build(),
        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    adminToken = rootAdminToken;
    try {
      deadLettersAtStart = health().get("deadLetters").asLong();
    } catch (Exception e) {
      throw new IllegalStateException("GET /health failed", e);
    }
  }

  @AfterAll
  static void down() {
    if (stack != null) stack.close();
  }

  @Test
  @Order(1)
  void v1AndV2ProducersSideBySideAreCountedExactlyOnceInTheViews() throws Exception {
    Schema v2 = schemaResource("Attendance-v2-optional-field.avsc");
    List<String> v1Fields = Attendance.getClassSchema().getFields().stream().map(Schema.Field::name).toList();
    assertThat(v2.getFields().stream().map(Schema.Field::name).toList())
        .as("v2 is the released schema plus one field").startsWith(v1Fields.toArray(String[]::new))
        .hasSize(v1Fields.size() + 1).endsWith("recordedWith");

    assertThat(registryCall("POST", "/compatibility/subjects/" + SUBJECT + "/versions/latest", v2).body())
        .as("the registry's own check before registering").contains("\"is_compatible\":true");
    HttpResponse<String> registered = registryCall("POST", "/subjects/" + SUBJECT + "/versions", v2);
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    v1Id = stack.schemaIds().get(SUBJECT);
    v2Id = JSON.readTree(registered.body()).get("id").asInt();
    assertThat(v2Id).isNotEqualTo(v1Id);
    assertThat(registry.versions(SUBJECT)).containsExactly(1, 2);
    assertThat(registry.compatibility(SUBJECT)).isEqualTo("BACKWARD");
    System.out.printf("registered %s version 2 (schema id %d, v1 is id %d): the released schema plus "
        + "an optional 'recordedWith'%n", SUBJECT, v2Id, v1Id);

    sendReferenceData();
    List<Attendance> b2BeforeUpgrade = new ArrayList<>();
    for (int m = 0; m < RESENT_AFTER_UPGRADE; m++) b2BeforeUpgrade.add(present(BRANCH_V2, m));
    sendV1(b2BeforeUpgrade);

    // After the upgrade: branch 1's v1 app and branch 2's v2 app write to the topic at the same time.
    List<Attendance> b1 = new ArrayList<>();
    for (int m = 0; m < MEMBERS_PER_BRANCH; m++) b1.add(present(BRANCH_V1, m));
    List<GenericRecord> b2 = new ArrayList<>();
    for (int m = 0; m < MEMBERS_PER_BRANCH; m++) b2.add(asV2(present(BRANCH_V2, m), v2));
    for (int m = MEMBERS_PER_BRANCH - RETRACTED_WITH_V2; m < MEMBERS_PER_BRANCH; m++) {
      Attendance retraction = present(BRANCH_V2, m);
      retraction.setStatus(AttendanceStatus.RETRACTED);
      retraction.setRecordedAt(RETRACTED);
      b2.add(asV2(retraction, v2));
    }
    CompletableFuture<Void> v1App = CompletableFuture.runAsync(() -> sendV1(b1));
    CompletableFuture<Void> v2App = CompletableFuture.runAsync(() -> sendV2(b2));
    CompletableFuture.allOf(v1App, v2App).get();
    int v1Sent = b2BeforeUpgrade.size() + b1.size();
    int v2Sent = b2.size();
    System.out.printf("sent %d attendance records with the v1 classes and %d with v2 generic records, "
        + "concurrently (%d of them the same versions again, %d retractions)%n", v1Sent, v2Sent,
        RESENT_AFTER_UPGRADE, RETRACTED_WITH_V2);

    Map<Integer, Long> bySchemaId = recordsBySchemaId(Topics.ATTENDANCE);
    assertThat(bySchemaId).as("records in %s by the schema id they carry", Topics.ATTENDANCE.name())
        .containsExactlyInAnyOrderEntriesOf(Map.of(v1Id, (long) v1Sent, v2Id, (long) v2Sent));

    int standing = 2 * MEMBERS_PER_BRANCH - RETRACTED_WITH_V2;
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      JsonNode province = view("/api/v1/participation/" + PROVINCE + "/2023-11");
      assertThat(province.get("eligible").asLong()).isEqualTo(2 * MEMBERS_PER_BRANCH);
      assertThat(province.get("participants").asLong()).isEqualTo(standing);
      JsonNode activities = view("/api/v1/activities/" + PROVINCE + "/2023-11");
      assertThat(activities.get("held").asLong()).isEqualTo(1);
      assertThat(activities.get("attendances").asLong()).isEqualTo(standing);
    });
    JsonNode v1Branch = view("/api/v1/participation/" + BRANCH_V1 + "/2023-11");
    JsonNode v2Branch = view("/api/v1/participation/" + BRANCH_V2 + "/2023-11");
    assertThat(v1Branch.get("participants").asLong()).as("the branch writing v1").isEqualTo(MEMBERS_PER_BRANCH);
    assertThat(v2Branch.get("participants").asLong()).as("the branch writing v2")
        .isEqualTo(MEMBERS_PER_BRANCH - RETRACTED_WITH_V2);
    assertThat(health().get("deadLetters").asLong() - deadLettersAtStart).as("records refused by the streams").isZero();
    System.out.printf("views: %s %d participants of %d (v1 branch %d, v2 branch %d), %d attendances; no dead letter%n",
        PROVINCE, standing, 2 * MEMBERS_PER_BRANCH, v1Branch.get("participants").asLong(),
        v2Branch.get("participants").asLong(), standing);

    Verification.Result result = Verification.run(stack.bootstrapServers(), Map.of(), registry);
    System.out.printf("pulse verify: %,d input records, %,d view rows, %d differences%n",
        result.inputRecords(), result.rowsCompared(), result.differences().size());
    assertThat(result.differences()).isEmpty();
  }

  @Test
  @Order(2)
  void aChangeThatCannotReadV1DataIsRefusedByTheRegistryAndTheSerializer() throws Exception {
    long recordsBefore = recordsBySchemaId(Topics.ATTENDANCE).values().stream().mapToLong(Long::longValue).sum();
    List<Integer> versionsBefore = registry.versions(SUBJECT);

    for (String file : new TreeMap<>(INCOMPATIBLE).keySet()) {
      Schema incompatible = schemaResource(file);
      assertThat(registryCall("POST", "/compatibility/subjects/" + SUBJECT + "/versions/latest", incompatible).body())
          .as(file).contains("\"is_compatible\":false");

      HttpResponse<String> refused = registryCall("POST", "/subjects/" + SUBJECT + "/versions", incompatible);
      JsonNode error = JSON.readTree(refused.body());
      assertThat(refused.statusCode()).as(file + ": " + refused.body()).isEqualTo(409);
      assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith(REGISTRY_CONTENT_TYPE));
      assertThat(error.get("error_code").asInt()).as("Confluent's error code").isEqualTo(409);
      assertThat(error.get("message").asText()).contains("incompatible").contains(SUBJECT).contains(INCOMPATIBLE.get(file));
      System.out.printf("%s: the registry answered %d %s%n", file, refused.statusCode(), refused.body());

      // A producer that registers what it writes (auto.register.schemas, the Confluent default) cannot slip it
      // in: without the root admin token it may not register anything new at all.
      GenericRecord record = asV2(present(BRANCH_V2, 0), incompatible);
      try (Producer<String, GenericRecord> producer = producer(new GenericAvroSerializer(registry, true))) {
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.ATTENDANCE.name(), "m-x", record)).get())
            .as(file).isInstanceOf(SerializationException.class)
            .hasMessageContaining("topic " + Topics.ATTENDANCE.name())
            .hasMessageContaining("answered 401");
      }
    }

    assertThat(registry.versions(SUBJECT)).as("no version was added").isEqualTo(versionsBefore);
    long recordsAfter = recordsBySchemaId(Topics.ATTENDANCE).values().stream().mapToLong(Long::longValue).sum();
    assertThat(recordsAfter).as("records in " + Topics.ATTENDANCE.name()).isEqualTo(recordsBefore);
    System.out.printf("both incompatible schemas refused: %s still has versions %s, %s still %d records%n",
        SUBJECT, versionsBefore, Topics.ATTENDANCE.name(), recordsAfter);
  }

  @Test
  @Order(3)
  void aVersionTheRegistryAcceptsButThatDropsAFieldTheViewsNeedGoesToTheDeadLetters() throws Exception {
    // BACKWARD only asks the new schema to read the old data, so dropping a field is accepted; but the
    // views cannot place an attendance without the unit that recorded it.
    Schema dropped = schemaResource("Attendance-dropped-field.avsc");
    assertThat(dropped.getField("recordedBy")).isNull();
    HttpResponse<String> registered = registryCall("POST", "/subjects/" + SUBJECT + "/versions", dropped);
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    int droppedId = JSON.readTree(registered.body()).get("id").asInt();
    JsonNode before = view("/api/v1/participation/" + PROVINCE + "/2023-11");

    int sent = 5;
    Schema v2 = schemaResource("Attendance-v2-optional-field.avsc");
    try (Producer<String, GenericRecord> producer = producer(new GenericAvroSerializer(registry, false))) {
      for (int m = 0; m < sent; m++) {
        GenericData.Record r = new GenericData.Record(dropped);
        GenericRecord full = asV2(present(BRANCH_V1, MEMBERS_PER_BRANCH + m), v2);
        dropped.getFields().forEach(f -> r.put(f.name(), full.get(f.name())));
        producer.send(new ProducerRecord<>(Topics.ATTENDANCE.name(), r.get("memberId").toString(), r)).get();
      }
    }

    List<Map<String, String>> deadLetters = new ArrayList<>();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      deadLetters.clear();
      TopicSnapshot.read(stack.bootstrapServers(), Map.of(), Topics.DEAD_LETTERS.name(), new ByteArrayDeserializer(),
          r -> deadLetters.add(headers(r.headers())));
      assertThat(deadLetters).hasSize(sent);
    });
    assertThat(deadLetters).allSatisfy(headers -> {
      assertThat(headers.get(DeadLetterHeaders.TOPIC)).isEqualTo(Topics.ATTENDANCE.name());
      assertThat(headers.get(DeadLetterHeaders.OFFSET)).matches("\\d+");
      assertThat(headers.get(DeadLetterHeaders.ERROR)).contains("writer schema id " + droppedId).contains("recordedBy");
    });
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(health().get("deadLetters").asLong() - deadLettersAtStart).as("/health").isEqualTo(sent);
      JsonNode operatorsView = view("/api/v1/dead-letters?limit=" + sent);
      assertThat(operatorsView.path("bySourceTopic").path(Topics.ATTENDANCE.name()).asLong()).isEqualTo(sent);
      assertThat(operatorsView.path("latest")).hasSize(sent)
          .allSatisfy(d -> assertThat(d.path("error").asText()).contains("recordedBy"));
    });
    assertThat(view("/api/v1/participation/" + PROVINCE + "/2023-11").get("participants"))
        .as("the views did not change").isEqualTo(before.get("participants"));
    Verification.Result result = Verification.run(stack.bootstrapServers(), Map.of(), registry);
    assertThat(result.differences()).isEmpty();
    System.out.printf("a version without recordedBy was accepted (schema id %d); its %d records went to %s, e.g. %s%n",
        droppedId, sent, Topics.DEAD_LETTERS.name(), deadLetters.get(0).get(DeadLetterHeaders.ERROR));
  }

  // --- the records ----------------------------------------------------------------------------

  /** The tree, a membership for every member since the start of 2023, and the activity they attend. */
  private static void sendReferenceData() {
    List<Unit> units = List.of(
        Unit.newBuilder().setUnitId(PROVINCE).setParentId(null).setLevel(UnitLevel.PROVINCE)
            .setName("Tỉnh Thử Nghiệm").build(),
        Unit.newBuilder().setUnitId(BRANCH_V1).setParentId(PROVINCE).setLevel(UnitLevel.BRANCH)
            .setName("Chi hội Bản Mới").build(),
        Unit.newBuilder().setUnitId(BRANCH_V2).setParentId(PROVINCE).setLevel(UnitLevel.BRANCH)
            .setName("Chi hội Bản Nâng Cấp").build());
    send(Topics.UNITS, units, u -> u.getUnitId());
    List<Membership> memberships = new ArrayList<>();
    for (String branch : List.of(BRANCH_V1, BRANCH_V2)) {
      for (int m = 0; m < MEMBERS_PER_BRANCH; m++) {
        memberships.add(Membership.newBuilder().setMembershipId("ms-" + memberId(branch, m))
            .setMemberId(memberId(branch, m)).setBranchId(branch).setJoinedOn(LocalDate.of(2023, 1, 1))
            .setLeftOn(null).build());
      }
    }
    send(Topics.MEMBERSHIPS, memberships, ms -> ms.getMembershipId());
    Activity meeting = Activity.newBuilder().setActivityId(ACTIVITY).setUnitId(PROVINCE)
        .setTitle("Hội nghị phụ nữ toàn tỉnh").setKind(ActivityKind.MEETING).setMode(ActivityMode.HYBRID)
        .setStartsAt(Instant.parse("2023-11-05T01:00:00Z")).setChannels(List.of(Channel.ZALO, Channel.FANPAGE))
        .setCampaigns(List.of()).setStatus(ActivityStatus.HELD).setRecordedAt(RECORDED).build();
    send(Topics.ACTIVITIES, List.of(meeting), a -> a.getActivityId());
  }

  private static String memberId(String branch, int m) {
    return "m-" + branch.toLowerCase() + "-" + m;
  }

  private static Attendance present(String branch, int m) {
    return Attendance.newBuilder().setAttendanceId("att-" + memberId(branch, m)).setActivityId(ACTIVITY)
        .setMemberId(memberId(branch, m)).setRecordedBy(branch).setAttendedAt(ATTENDED)
        .setMode(m % 3 == 0 ? AttendanceMode.ONLINE : AttendanceMode.IN_PERSON)
        .setStatus(AttendanceStatus.PRESENT).setRecordedAt(RECORDED).build();
  }

  /** The same attendance as a generic record of another schema version, as an upgraded app writes it. */
  private static GenericRecord asV2(Attendance a, Schema writer) {
    GenericData.Record r = new GenericData.Record(writer);
    r.put("attendanceId", a.getAttendanceId());
    r.put("activityId", a.getActivityId());
    r.put("memberId", a.getMemberId());
    r.put("recordedBy", a.getRecordedBy());
    boolean attendedAtIsText = writer.getField("attendedAt").schema().getType() == Schema.Type.STRING;
    r.put("attendedAt", attendedAtIsText ? a.getAttendedAt().toString() : a.getAttendedAt().toEpochMilli());
    r.put("mode", new GenericData.EnumSymbol(writer.getField("mode").schema(), a.getMode().name()));
    r.put("status", new GenericData.EnumSymbol(writer.getField("status").schema(), a.getStatus().name()));
    r.put("recordedAt", a.getRecordedAt().toEpochMilli());
    if (writer.getField("recordedWith") != null) r.put("recordedWith", "zalo-mini-app 2.0");
    if (writer.getField("venueCode") != null) r.put("venueCode", "NVH-02");
    return r;
  }

  /** Branch 1's app: the generated classes of v1, through Pulse's serde. */
  private static void sendV1(List<Attendance> records) {
    send(Topics.ATTENDANCE, records, a -> a.getMemberId());
  }

  /**
   * Branch 2's upgraded app: generic records of v2, through Pulse's Confluent-wire-format generic
   * serializer, without auto-registration (v2 went through the registry first, as a reviewed schema does).
   */
  private static void sendV2(List<GenericRecord> records) {
    try (Producer<String, GenericRecord> producer = producer(new GenericAvroSerializer(registry, false))) {
      List<Future<?>> sent = new ArrayList<>();
      for (GenericRecord r : records) {
        sent.add(producer.send(new ProducerRecord<>(Topics.ATTENDANCE.name(), r.get("memberId").toString(), r)));
      }
      for (var f : sent) f.get();
    } catch (Exception e) {
      throw new IllegalStateException("the v2 producer failed", e);
    }
  }

  private static <V> void send(Topic<V> topic, List<V> records, Function<V, String> key) {
    try (Producer<String, V> producer = producer(AvroSerdes.forTopic(topic, registry).serializer())) {
      List<Future<?>> sent = new ArrayList<>();
      for (V r : records) sent.add(producer.send(new ProducerRecord<>(topic.name(), key.apply(r), r)));
      for (var f : sent) f.get();
    } catch (Exception e) {
      throw new IllegalStateException("sending " + records.size() + " records to " + topic.name() + " failed", e);
    }
  }

  private static <V> Producer<String, V> producer(Serializer<V> values) {
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(config, new StringSerializer(), values);
  }

  // --- reading back -----------------------------------------------------------------------------

  /** How many records of the topic carry each schema id (bytes 1–4 of the Confluent wire format). */
  private static Map<Integer, Long> recordsBySchemaId(Topic<?> topic) {
    Map<Integer, Long> counts = new TreeMap<>();
    TopicSnapshot.read(stack.bootstrapServers(), Map.of(), topic.name(), new ByteArrayDeserializer(),
        r -> counts.merge(ByteBuffer.wrap(r.value(), 1, 4).getInt(), 1L, Long::sum));
    return counts;
  }

  private static JsonNode view(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + path))
        .header("Authorization", "Bearer " + adminToken).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET " + path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static Map<String, String> headers(Headers headers) {
    Map<String, String> out = new TreeMap<>();
    headers.forEach(h -> out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
    return out;
  }

  private static JsonNode health() throws Exception {
    return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/health"))
        .header("Authorization", "Bearer " + adminToken).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  /** A call to the registry's REST API with {"schema": ...}, as curl or any Confluent tool makes it. */
  private static HttpResponse<String> registryCall(String method, String path, Schema schema) throws Exception {
    String body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
    HttpRequest request = HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + path))
        .header("Content-Type", REGISTRY_CONTENT_TYPE)
        .header("Authorization", "Bearer " + rootAdminToken)
        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static Schema schemaResource(String file) {
    try (InputStream in = SchemaEvolutionOnBrokerTest.class.getResourceAsStream("/evolution/" + file)) {
      assertThat(in).as("test resource evolution/" + file).isNotNull();
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read evolution/" + file, e);
    }
  }
}
