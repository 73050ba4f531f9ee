package dev.pulse.server.ingest;

import dev.pulse.contract.IngestStream;
import dev.pulse.contract.RecordRules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.server.access.IssuedToken;
import dev.pulse.server.access.Role;
import dev.pulse.serde.AvroSerdes;
import dev.pulse.testing.Samples;
import dev.pulse.testing.TestGateway;
import dev.pulse.testing.TestStack;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few hundred random and mutated requests: the gateway answers each with 200 or a 4xx (never a
 * 5xx), and the topics hold only records that decode, pass the rules and are keyed as the contract
 * says — exactly as many as the 200 answers accepted.
 */
class IngestFuzzTest {

  private static final Logger log = LoggerFactory.getLogger(IngestFuzzTest.class);
  static final ObjectMapper JSON = new ObjectMapper();
  static final JsonNodeFactory F = JsonNodeFactory.instance;
  static final int REQUESTS = 300;
  static final long SEED = Long.getLong("pulse.fuzz.seed", 20231105L);

  @TempDir static Path dir;
  static TestStack stack;
  static TestGateway gateway;
  static List<IssuedToken> tokens = new ArrayList<>();

  @BeforeAll
  static void start() {
    stack = TestStack.start(dir);
    gateway = new TestGateway(stack, IngestSettings.defaults().withMaxBodyBytes(32 * 1024).withMaxRecords(50));
    IssuedToken root = gateway.token("DB", Role.ADMIN);
    assertThat(gateway.post("units", root, Samples.TREE).statusCode()).isEqualTo(200);
    tokens.add(root);
    tokens.add(gateway.token("DB-01", Role.EMITTER));
    tokens.add(gateway.token("DB-02-01-B1", Role.EMITTER));
    tokens.add(gateway.token("DB", Role.READER));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) gateway.close();
    if (stack != null) stack.close();
  }

  @Test
  void random_and_mutated_requests_get_only_200_or_4xx_and_leave_only_valid_records() throws Exception {
    Random random = new Random(SEED);
    Map<Integer, Integer> statuses = new TreeMap<>();
    Map<String, Integer> acceptedPerStream = new TreeMap<>();
    acceptedPerStream.put("units", 7);
    for (int n = 0; n < REQUESTS; n++) {
      IngestStream<?> stream = IngestStream.ALL.get(random.nextInt(IngestStream.ALL.size()));
      String path = random.nextInt(40) == 0 ? "nonsense" : stream.name();
      String contentType = pick(random, "application/json", "application/json", "application/json", "application/json",
          "application/x-ndjson", "application/x-ndjson", "application/json; charset=utf-8", "text/plain", null,
          "application/json; charset=latin1");
      boolean ndjson = "application/x-ndjson".equals(contentType);
      String body = body(random, stream, n, ndjson);
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url() + "/api/v1/ingest/" + path))
          .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      if (contentType != null) request.header("Content-Type", contentType);
      // Mostly the root admin, so that most requests get as far as validation.
      int who = random.nextInt(12);
      if (who < 8) request.header("Authorization", tokens.get(0).authorizationHeader());
      else if (who < 11) request.header("Authorization", tokens.get(who - 7).authorizationHeader());
      else if (random.nextBoolean()) request.header("Authorization", "Bearer pulse_" + "0".repeat(12) + "." + "x".repeat(43));

      HttpResponse<String> answer = gateway.send(request.build());
      statuses.merge(answer.statusCode(), 1, Integer::sum);
      assertThat(answer.statusCode()).as("request %d (%s) answered %s", n, body, answer.body()).isIn(200, 400, 401, 409,
          403, 404, 413, 415);
      JsonNode json = JSON.readTree(answer.body());
      if (answer.statusCode() == 200) {
        acceptedPerStream.merge(stream.name(), json.path("accepted").asInt(), Integer::sum);
      } else {
        assertThat(json.path("errors").size()).as(answer.body()).isPositive();
        json.path("errors").forEach(e -> assertThat(e.path("message").asText()).isNotBlank());
      }
    }
    log.info("Fuzz (seed {}): {} requests answered {}; accepted per stream {}", SEED, REQUESTS, statuses,
        acceptedPerStream);
    assertThat(statuses).containsKey(200).containsKey(400);

    for (IngestStream<?> stream : IngestStream.ALL) {
      int written = checkTopic(stream);
      assertThat(written).as("records on %s", stream.topic().name())
          .isEqualTo(acceptedPerStream.getOrDefault(stream.name(), 0));
    }
  }

  /** Decodes and checks every record of the stream's topic; returns how many there are. */
  private static <V extends SpecificRecord> int checkTopic(IngestStream<V> stream) {
    Deserializer<V> values = AvroSerdes.forTopic(stream.topic(), stack.registry).deserializer();
    List<ConsumerRecord<String, byte[]>> raw = stack.readRaw(stream.topic().name());
    for (ConsumerRecord<String, byte[]> r : raw) {
      assertThat(r.value()).as("no deletions were sent").isNotNull();
      V value = values.deserialize(r.topic(), r.value());
      assertThat(RecordRules.check(stream, value, 0)).as("%s", value).isEmpty();
      assertThat(r.key()).isEqualTo(stream.keyOf(value));
    }
    return raw.size();
  }

  private static String body(Random random, IngestStream<?> stream, int n, boolean ndjson) throws Exception {
    int kind = random.nextInt(10);
    if (kind == 0) {
      byte[] junk = new byte[random.nextInt(200)];
      random.nextBytes(junk);
      return new String(junk, StandardCharsets.ISO_8859_1);
    }
    List<ObjectNode> records = new ArrayList<>();
    int count = 1 + random.nextInt(kind == 1 ? 60 : 4);
    for (int i = 0; i < count; i++) {
      ObjectNode record = sample(stream, "f" + n + "-" + i, random);
      if (random.nextInt(4) == 0) mutate(record, random);
      records.add(record);
    }
    String text;
    if (ndjson || random.nextInt(4) == 0) {
      StringBuilder b = new StringBuilder();
      for (ObjectNode r : records) b.append(JSON.writeValueAsString(r)).append('\n');
      text = b.toString();
    } else if (records.size() == 1 && random.nextBoolean()) {
      text = JSON.writeValueAsString(records.get(0));
    } else {
      ArrayNode array = F.arrayNode();
      records.forEach(array::add);
      text = JSON.writeValueAsString(array);
    }
    if (kind == 2 && text.length() > 2) text = text.substring(0, random.nextInt(text.length() - 1));
    if (kind == 3) text = "[".repeat(1 + random.nextInt(3000));
    return text;
  }

  private static ObjectNode sample(IngestStream<?> stream, String id, Random random) throws Exception {
    String[] units = {"DB-01-03-B1", "DB-01-03-B1", "DB-02-01-B1", "DB-01-03", "DB-02-01", "DB-01", "DB", "DB-09"};
    String unit = units[random.nextInt(units.length)];
    String json = switch (stream.name()) {
      case "units" -> "{\"unitId\": \"U-" + id + "\", \"parentId\": \"" + unit + "\", \"level\": \""
          + pick(random, "BRANCH", "BRANCH", "COMMUNE", "PROVINCE") + "\", \"name\": \"Unit " + id + "\"}";
      case "memberships" -> Samples.membership(id, "m-" + id, unit);
      case "activities" -> Samples.activity(id, unit);
      case "attendance" -> Samples.attendance(id, "m-" + id, unit);
      default -> Samples.household(id, "h-" + id, unit);
    };
    return (ObjectNode) JSON.readTree(json);
  }

  private static void mutate(ObjectNode record, Random random) {
    List<String> fields = new ArrayList<>();
    for (Iterator<String> it = record.fieldNames(); it.hasNext(); ) fields.add(it.next());
    String field = fields.get(random.nextInt(fields.size()));
    switch (random.nextInt(12)) {
      case 0 -> record.remove(field);
      case 1 -> record.putNull(field);
      case 2 -> record.put(field, random.nextInt());
      case 3 -> record.put(field, random.nextBoolean());
      case 4 -> record.set(field, F.arrayNode().add("ZALO").add(7));
      case 5 -> record.set(field, F.objectNode().put("x", 1));
      case 6 -> record.put(field, pick(random, "", " ", "a|b", "tab\there", "2023-02-30", "2023-11-05T09:00",
          "+99999-01-01T00:00:00Z", "1899-12-31", "not a date", "présent", "PRESENT", "x".repeat(2000)));
      case 7 -> record.put("fullName", "Lò Thị Hoa");
      case 8 -> record.put(field, "9".repeat(30));
      case 9 -> record.put(field, 1.5e300);
      case 10 -> record.put(field, "2023-11-05T09:00:00+07:00");
      default -> record.put(field, "2023-11-05");
    }
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... options) {
    return options[random.nextInt(options.length)];
  }
}
