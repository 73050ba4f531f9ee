package dev.pulse.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request body into its records: one JSON object, a JSON array of objects, or NDJSON
 * (one object per line). Duplicate field names are refused, since which one wins is a guess.
 */
public final class JsonBodies {

  /** The records of a body, or the problems that kept it from being read. */
  public record Parsed(List<JsonNode> records, List<Problem> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private JsonBodies() {}

  /**
   * Reads a body sent as {@code application/json}: one object, one array of objects, or (as
   * some clients label NDJSON so) several objects one after the other.
   */
  public static Parsed json(byte[] body) {
    List<JsonNode> values = new ArrayList<>();
    ObjectReader reader = MAPPER.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    try (MappingIterator<JsonNode> it = reader.readValues(body)) {
      while (it.hasNextValue()) {
        values.add(it.nextValue());
      }
    } catch (JsonProcessingException e) {
      return new Parsed(List.of(), List.of(Problem.ofRequest(notJson(e, "the body", false))));
    } catch (IOException | RuntimeException e) {
      return new Parsed(List.of(), List.of(Problem.ofRequest("the body is not valid JSON: " + e.getMessage())));
    }
    if (values.size() == 1 && values.get(0).isArray()) {
      List<JsonNode> records = new ArrayList<>();
      values.get(0).forEach(records::add);
      return objectsOnly(records);
    }
    return objectsOnly(values);
  }

  /** Reads a body sent as {@code application/x-ndjson}: one object per line, blank lines skipped. */
  public static Parsed ndjson(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    List<JsonNode> records = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int line = 0; line < lines.length; line++) {
      if (lines[line].isBlank()) continue;
      int index = records.size();
      try {
        records.add(MAPPER.readTree(lines[line]));
      } catch (JsonProcessingException e) {
        problems.add(new Problem(index, null, notJson(e, "line " + (line + 1), true)));
        records.add(null);
      }
    }
    if (!problems.isEmpty()) return new Parsed(List.of(), problems);
    return objectsOnly(records);
  }

  private static Parsed objectsOnly(List<JsonNode> records) {
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      if (!records.get(i).isObject()) {
        problems.add(new Problem(i, null, "expected a JSON object {…}, got " + kind(records.get(i))));
      }
    }
    if (records.isEmpty()) {
      problems.add(Problem.ofRequest("the body holds no records; send one JSON object, an array of them, or NDJSON"));
    }
    return new Parsed(problems.isEmpty() ? List.copyOf(records) : List.of(), problems);
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
