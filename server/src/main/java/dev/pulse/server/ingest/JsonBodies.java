package dev.pulse.server.ingest;

import dev.pulse.contract.Problem;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request body into its records: one JSON object, a JSON array of objects, or NDJSON
 * (one object per line). Duplicate field names are refused, since which one wins is a guess.
 *
 * <p>The body is read as a stream of records and reading stops at the first record over the cap
 * ({@link Parsed#tooMany()}), so a refused body costs no more than the records it may hold; the
 * problems kept are {@link Problems#MAX_LISTED} at most, however many there are.
 */
public final class JsonBodies {

  /**
   * The records of a body, or the problems that kept it from being read.
   *
   * @param tooMany the body holds more records than the cap; reading stopped there
   */
  public record Parsed(List<JsonNode> records, Problems problems, boolean tooMany) {
    public boolean ok() {
      return problems.isEmpty() && !tooMany;
    }
  }

  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** Reads records one by one from a parser over the whole body (trailing tokens are the next records). */
  private static final ObjectMapper STREAMING = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private JsonBodies() {}

  /** {@link #json(byte[], int)} without a cap. */
  public static Parsed json(byte[] body) {
    return json(body, Integer.MAX_VALUE);
  }

  /** {@link #ndjson(byte[], int)} without a cap. */
  public static Parsed ndjson(byte[] body) {
    return ndjson(body, Integer.MAX_VALUE);
  }

  /**
   * Reads a body sent as {@code application/json}: one object, one array of objects, or (as
   * some clients label NDJSON so) several objects one after the other; at most {@code maxRecords}.
   */
  public static Parsed json(byte[] body, int maxRecords) {
    List<JsonNode> records = new ArrayList<>();
    Problems problems = new Problems();
    try (JsonParser parser = STREAMING.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_ARRAY) {
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          if (records.size() == maxRecords) return new Parsed(List.of(), problems, true);
          records.add(parser.readValueAsTree());
        }
        if (parser.nextToken() != null) {
          problems.add(Problem.ofRequest("the body holds more after its array; send one array, one object or NDJSON"));
          return new Parsed(List.of(), problems, false);
        }
      } else {
        for (JsonToken t = first; t != null; t = parser.nextToken()) {
          if (records.size() == maxRecords) return new Parsed(List.of(), problems, true);
          records.add(parser.readValueAsTree());
        }
      }
    } catch (JsonProcessingException e) {
      problems.add(Problem.ofRequest(notJson(e, "the body", false)));
      return new Parsed(List.of(), problems, false);
    } catch (IOException | RuntimeException e) {
      problems.add(Problem.ofRequest("the body is not valid JSON: " + e.getMessage()));
      return new Parsed(List.of(), problems, false);
    }
    return objectsOnly(records, problems);
  }

  /**
   * Reads a body sent as {@code application/x-ndjson}: one object per line, blank lines skipped;
   * at most {@code maxRecords}.
   */
  public static Parsed ndjson(byte[] body, int maxRecords) {
    List<JsonNode> records = new ArrayList<>();
    Problems problems = new Problems();
    int line = 0;
    for (int start = 0; start < body.length; ) {
      int end = start;
      while (end < body.length && body[end] != '\n') end++;
      line++;
      int to = end > start && body[end - 1] == '\r' ? end - 1 : end;
      String text = new String(body, start, to - start, StandardCharsets.UTF_8);
      start = end + 1;
      if (text.isBlank()) continue;
      if (records.size() == maxRecords) return new Parsed(List.of(), problems, true);
      int index = records.size();
      try {
        records.add(MAPPER.readTree(text));
      } catch (JsonProcessingException e) {
        problems.add(new Problem(index, null, notJson(e, "line " + line, true)));
        records.add(null);
      }
    }
    if (!problems.isEmpty()) return new Parsed(List.of(), problems, false);
    return objectsOnly(records, problems);
  }

  private static Parsed objectsOnly(List<JsonNode> records, Problems problems) {
    for (int i = 0; i < records.size(); i++) {
      if (!records.get(i).isObject()) {
        problems.add(new Problem(i, null, "expected a JSON object {…}, got " + kind(records.get(i))));
      }
    }
    if (records.isEmpty()) {
      problems.add(Problem.ofRequest("the body holds no records; send one JSON object, an array of them, or NDJSON"));
    }
    return new Parsed(problems.isEmpty() ? List.copyOf(records) : List.of(), problems, false);
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case STRING -> "text";
      case NUMBER -> "a number";
      case BOOLEAN -> "true/false";
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase();
    };
  }

  private static String notJson(JsonProcessingException e, String where, boolean oneLine) {
    JsonLocation at = e.getLocation();
    String position = at == null ? ""
        : oneLine ? " (column " + at.getColumnNr() + ")"
        : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    return where + " is not valid JSON" + position + ": " + e.getOriginalMessage();
  }
}
