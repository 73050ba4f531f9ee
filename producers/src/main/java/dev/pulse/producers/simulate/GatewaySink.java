package dev.pulse.producers.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.contract.Period;
import dev.pulse.contract.Topic;
import dev.pulse.contract.IngestStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Sends records through the HTTP ingest gateway (SPEC.md §6) as a branch system would: NDJSON
 * batches to {@code POST /api/v1/ingest/{stream}}, deletions as {@code DELETE
 * /api/v1/ingest/{stream}/{id}}, with a bearer token that covers every record sent (an admin token,
 * since units are among them).
 *
 * <p>Records are batched per stream, up to {@code maxBatch} records or {@code maxDelay} since the
 * oldest waiting one; versions of one key keep their order (a deletion first sends what waits).
 * A 503 is retried after the Retry-After the gateway asks for; any other refusal fails with the
 * gateway's answer.
 *
 * <p>The gateway takes records naming units it does not know yet (or any more) only from a token
 * of a root unit (SPEC.md §6): with the province's admin token any mess goes through; with a token
 * below it send a province with {@link Mess#standardInOrder()} (or {@link Mess#none()}).
 */
public final class GatewaySink implements Sink {

  private static final String NDJSON = "application/x-ndjson";
  private static final int MAX_ATTEMPTS = 5;
  private static final DateTimeFormatter INSTANT_FORMAT = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private final URI baseUrl;
  private final String token;
  private final int maxBatch;
  private final long maxDelayNanos;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, List<String>> waiting = new LinkedHashMap<>();
  private int waitingCount;
  private long oldestWaitingSince;
  private long accepted;

  /**
   * @param baseUrl where the gateway listens, e.g. {@code http://localhost:8080}
   * @param token a bearer token whose scope covers every record (an admin token for units)
   */
  public GatewaySink(URI baseUrl, String token) {
    this(baseUrl, token, 500, Duration.ofMillis(250));
  }

  public GatewaySink(URI baseUrl, String token, int maxBatch, Duration maxDelay) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.token = Objects.requireNonNull(token, "token");
    if (maxBatch < 1) throw new IllegalArgumentException("maxBatch = " + maxBatch + ": expected at least 1");
    this.maxBatch = maxBatch;
    this.maxDelayNanos = maxDelay.toNanos();
  }

  @Override
  public <V> void send(Topic<V> topic, String key, V value) {
    String stream = streamOf(topic);
    if (value == null) {
      flush();
      request(HttpRequest.newBuilder(endpoint(stream + "/" + URLEncoder.encode(key, StandardCharsets.UTF_8))).DELETE(),
          "deleting " + stream + " " + key);
      return;
    }
    if (waitingCount == 0) oldestWaitingSince = System.nanoTime();
    waiting.computeIfAbsent(stream, s -> new ArrayList<>()).add(toJson((SpecificRecord) value).toString());
    waitingCount++;
    if (waitingCount >= maxBatch || System.nanoTime() - oldestWaitingSince >= maxDelayNanos) {
      flush();
    }
  }

  /** Records the gateway has accepted so far. */
  public long accepted() {
    return accepted;
  }

  @Override
  public void flush() {
    for (Map.Entry<String, List<String>> batch : waiting.entrySet()) {
      if (batch.getValue().isEmpty()) continue;
      String body = String.join("\n", batch.getValue()) + "\n";
      HttpResponse<String> response = request(HttpRequest.newBuilder(endpoint(batch.getKey()))
              .header("Content-Type", NDJSON)
              .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)),
          "posting " + batch.getValue().size() + " " + batch.getKey() + " records");
      accepted += acceptedIn(response, batch.getValue().size());
      batch.getValue().clear();
    }
    waitingCount = 0;
  }

  private URI endpoint(String path) {
    String base = baseUrl.toString().replaceAll("/+$", "");
    return URI.create(base + "/api/v1/ingest/" + path);
  }

  private HttpResponse<String> request(HttpRequest.Builder builder, String what) {
    HttpRequest request = builder.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new KafkaSink.SinkException(what + " to " + request.uri() + " failed: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaSink.SinkException(what + " to " + request.uri() + " was interrupted", e);
      }
      if (response.statusCode() == 200) return response;
      if (response.statusCode() == 503 && attempt < MAX_ATTEMPTS) {
        long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
        pause(Duration.ofSeconds(Math.max(1, Math.min(seconds, 30))));
        continue;
      }
      throw new KafkaSink.SinkException(what + ": the gateway answered " + response.statusCode() + " " + response.body(),
          null);
    }
  }

  private long acceptedIn(HttpResponse<String> response, int sent) {
    try {
      JsonNode answer = json.readTree(response.body());
      return answer.path("accepted").asLong(sent);
    } catch (IOException e) {
      return sent;
    }
  }

  private static void pause(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaSink.SinkException("interrupted while waiting to retry", e);
    }
  }

  /** The ingest stream name of an input topic (SPEC.md §6). */
  static String streamOf(Topic<?> topic) {
    return IngestStream.ALL.stream().filter(s -> s.topic() == topic).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("topic " + topic.name() + " is not an input stream of the gateway"))
        .name();
  }

  /**
   * A record as the ingest API reads it: Avro field names, dates as {@code 2023-11-05}, instants
   * as ISO-8601 with the province's offset, enums by name.
   */
  ObjectNode toJson(SpecificRecord record) {
    ObjectNode node = json.createObjectNode();
    for (Schema.Field field : record.getSchema().getFields()) {
      node.set(field.name(), jsonValue(record.get(field.pos())));
    }
    return node;
  }

  private JsonNode jsonValue(Object value) {
    if (value == null) return json.nullNode();
    if (value instanceof CharSequence || value instanceof Enum<?>) return json.getNodeFactory().textNode(value.toString());
    if (value instanceof Boolean b) return json.getNodeFactory().booleanNode(b);
    if (value instanceof LocalDate d) return json.getNodeFactory().textNode(d.toString());
    if (value instanceof Instant i) return json.getNodeFactory().textNode(INSTANT_FORMAT.format(i.atZone(Period.ZONE)
        .toOffsetDateTime()));
    if (value instanceof List<?> list) {
      ArrayNode array = json.createArrayNode();
      list.forEach(item -> array.add(jsonValue(item)));
      return array;
    }
    if (value instanceof Number n) return json.getNodeFactory().numberNode(n.longValue());
    throw new IllegalArgumentException("no JSON form for a " + value.getClass().getName() + " field value");
  }
}
