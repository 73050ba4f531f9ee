package dev.pulse.producers.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.contract.IngestStream;
import dev.pulse.contract.Problem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each batch to {@code POST /api/v1/ingest/{stream}} as NDJSON. A batch the gateway refuses
 * for some of its records (400, 403) is sent again without them, so that one bad row does not
 * hold back the rest; a batch it cannot take now (503, no connection) is retried with back-off.
 */
final class GatewaySink implements ImportSink {

  private static final Logger log = LoggerFactory.getLogger(GatewaySink.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final String token;
  private final Retry retry;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  GatewaySink(String baseUrl, String token, Retry retry) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
    this.retry = retry;
  }

  @Override
  public <V extends SpecificRecord> List<Problem> write(IngestStream<V> stream, List<ObjectNode> json, List<V> records)
      throws ImportException {
    List<Problem> refused = new ArrayList<>();
    // Positions in the original batch of the records still to send.
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < json.size(); i++) pending.add(i);
    while (!pending.isEmpty()) {
      HttpResponse<String> answer = post(stream, pending.stream().map(json::get).toList());
      int status = answer.statusCode();
      if (status == 200) return refused;
      List<Problem> problems = errors(answer);
      if ((status == 400 || status == 403) && !problems.isEmpty()
          && problems.stream().allMatch(p -> p.index() != null && p.index() >= 0 && p.index() < pending.size())) {
        List<Integer> bad = problems.stream().map(Problem::index).distinct().toList();
        for (Problem p : problems) refused.add(p.at(pending.get(p.index())));
        List<Integer> still = new ArrayList<>();
        for (int k = 0; k < pending.size(); k++) {
          if (!bad.contains(k)) still.add(pending.get(k));
        }
        pending.clear();
        pending.addAll(still);
        continue;
      }
      String why = problems.isEmpty() ? answer.body() : problems.get(0).message();
      throw new ImportException(switch (status) {
        case 401 -> "the gateway refused the token: " + why;
        case 413 -> "the gateway finds a batch too large (" + why + "); try a smaller --batch-size";
        default -> "the gateway answered " + status + ": " + why;
      });
    }
    return refused;
  }

  private HttpResponse<String> post(IngestStream<?> stream, List<ObjectNode> batch) throws ImportException {
    StringBuilder body = new StringBuilder();
    try {
      for (ObjectNode o : batch) body.append(JSON.writeValueAsString(o)).append('\n');
    } catch (JsonProcessingException e) {
      throw new ImportException("cannot write a record as JSON: " + e.getMessage(), e);
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/ingest/" + stream.name()))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/x-ndjson")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
    for (int attempt = 1; ; attempt++) {
      String failure;
      Duration asked = null;
      try {
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 503) return answer;
        failure = "503 " + answer.body();
        asked = answer.headers().firstValue("Retry-After").flatMap(GatewaySink::seconds).orElse(null);
      } catch (IOException e) {
        failure = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ImportException("interrupted", e);
      }
      if (attempt >= retry.attempts()) {
        throw new ImportException("the gateway at " + baseUrl + " did not take a batch after " + attempt
            + " attempts: " + failure);
      }
      Duration wait = retry.before(attempt, asked);
      log.warn("The gateway did not take a batch ({}); trying again in {} s", failure, wait.toSeconds());
      Retry.pause(wait);
    }
  }

  private static Optional<Duration> seconds(String header) {
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static List<Problem> errors(HttpResponse<String> answer) {
    try {
      JsonNode errors = JSON.readTree(answer.body()).path("errors");
      List<Problem> out = new ArrayList<>();
      for (JsonNode e : errors) {
        out.add(new Problem(e.path("index").isInt() ? e.path("index").intValue() : null,
            e.path("field").isTextual() ? e.path("field").textValue() : null, e.path("message").asText()));
      }
      return out;
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }

  @Override
  public String describe() {
    return "the gateway at " + baseUrl;
  }

  @Override
  public void close() {
    // HttpClient holds no resources that need closing on Java 17.
  }
}
