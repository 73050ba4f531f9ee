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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits a request body into its records: one JSON object, a JSON array of objects, or NDJSON
 * (one object per line). Duplicate field names are refused, since which one wins is a guess.
 *
 * <p>The body is read one record at a time and each is handed to a sink as soon as it is read
 * (the gateway's converts it to Avro and drops the JSON), so the JSON of a body is never held
 * whole. Reading stops at the first record over the cap ({@link Read#tooMany()}), so a refused
 * body costs no more than the records it may hold; the problems kept are
 * {@link Problems#MAX_LISTED} at most, however many there are.
 */
public final class JsonBodies {

  /**
   * What reading a body found, the records themselves having gone to the sink.
   *
   * @param records how many records the body holds (up to the cap)
   * @param problems why the body cannot be taken: it is not JSON, or a record is not an object, or
   *     it holds none; empty otherwise
   * @param tooMany the body holds more records than the cap; reading stopped there
   */
  public record Read(int records, Problems problems, boolean tooMany) {
    public boolean ok() {
      return problems.isEmpty() && !tooMany;
    }
  }

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

  /** {@link #json(byte[], int, Consumer)} into a list. */
  public static Parsed json(byte[] body, int maxRecords) {
    List<JsonNode> records = new ArrayList<>();
    return collected(json(body, maxRecords, records::add), records);
  }

  /** {@link #ndjson(byte[], int, Consumer)} into a list. */
  public static Parsed ndjson(byte[] body, int maxRecords) {
    List<JsonNode> records = new ArrayList<>();
    return collected(ndjson(body, maxRecords, records::add), records);
  }

  private static Parsed collected(Read read, List<JsonNode> records) {
    return new Parsed(read.ok() ? List.copyOf(records) : List.of(), read.problems(), read.tooMany());
  }

  /**
   * Reads a body sent as {@code application/json}: one object, one array of objects, or (as
   * some clients label NDJSON so) several objects one after the other; at most {@code maxRecords}.
   *
   * @param sink takes each record in order, as long as the body has shown no problem; the
   *     {@code i}th it takes is record {@code i}
   */
  public static Read json(byte[] body, int maxRecords, Consumer<JsonNode> sink) {
    Records records = new Records(maxRecords, sink);
    try (JsonParser parser = STREAMING.createParser(body)) {
      return json(parser, records);
    } catch (IOException e) {
      return records.refused(Problem.ofRequest("the body is not valid JSON: " + e.getMessage()));
    }
  }

  /**
   * {@link #json(byte[], int, Consumer)} read from a stream as it comes, so the body is never held
   * whole; the stream is not closed. A failure of the stream itself ends reading as a problem
   * (the caller, who owns the stream, knows better what to answer).
   */
  public static Read json(InputStream body, int maxRecords, Consumer<JsonNode> sink) {
    Records records = new Records(maxRecords, sink);
    try (JsonParser parser = STREAMING.createParser(body)) {
      return json(parser, records);
    } catch (IOException e) {
      return records.refused(Problem.ofRequest("the body is not valid JSON: " + e.getMessage()));
    }
  }

  private static Read json(JsonParser parser, Records records) {
    try {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_ARRAY) {
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          if (records.full()) return records.tooMany();
          records.take(parser.readValueAsTree());
        }
        if (parser.nextToken() != null) {
          return records.refused(
              Problem.ofRequest("the body holds more after its array; send one array, one object or NDJSON"));
        }
      } else {
        for (JsonToken t = first; t != null; t = parser.nextToken()) {
          if (records.full()) return records.tooMany();
          records.take(parser.readValueAsTree());
        }
      }
    } catch (SinkFailed e) {
      throw e.getCause();
    } catch (JsonProcessingException e) {
      return records.refused(Problem.ofRequest(notJson(e, "the body", false)));
    } catch (IOException | RuntimeException e) {
      return records.refused(Problem.ofRequest("the body is not valid JSON: " + e.getMessage()));
    }
    return records.read();
  }

  /**
   * Reads a body sent as {@code application/x-ndjson}: one object per line, blank lines skipped;
   * at most {@code maxRecords}.
   *
   * @param sink takes each record in order, as long as the body has shown no problem; the
   *     {@code i}th it takes is record {@code i}
   */
  public static Read ndjson(byte[] body, int maxRecords, Consumer<JsonNode> sink) {
    try {
      return ndjson(new ByteArrayInputStream(body), maxRecords, sink);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen reading from an array", e);
    }
  }

  /**
   * {@link #ndjson(byte[], int, Consumer)} read from a stream as it comes: only the line being
   * read is held. The stream is not closed; its failures are thrown.
   */
  public static Read ndjson(InputStream body, int maxRecords, Consumer<JsonNode> sink) throws IOException {
    Records records = new Records(maxRecords, sink);
    Line text = new Line();
    byte[] chunk = new byte[8192];
    int line = 0;
    for (int n; (n = body.read(chunk)) >= 0; ) {
      int from = 0;
      for (int i = 0; i < n; i++) {
        if (chunk[i] != '\n') continue;
        text.append(chunk, from, i);
        from = i + 1;
        if (!ndjsonLine(text.take(), ++line, records)) return records.tooMany();
      }
      text.append(chunk, from, n);
    }
    // The bytes after the last newline, if any, are one more line.
    if (!text.isEmpty() && !ndjsonLine(text.take(), ++line, records)) return records.tooMany();
    return records.read();
  }

  /** Reads one line of NDJSON into the records; false when it is a record over the cap. */
  private static boolean ndjsonLine(String text, int line, Records records) {
    if (text.isBlank()) return true;
    if (records.full()) return false;
    JsonNode record;
    try {
      record = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      records.notJson(notJson(e, "line " + line, true));
      return true;
    }
    try {
      records.take(record);
    } catch (SinkFailed e) {
      throw e.getCause();
    }
    return true;
  }

  /** The bytes of the NDJSON line being read. */
  private static final class Line {

    private byte[] bytes = new byte[1024];
    private int length;

    void append(byte[] from, int start, int end) {
      int more = end - start;
      if (length + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + more));
      System.arraycopy(from, start, bytes, length, more);
      length += more;
    }

    boolean isEmpty() {
      return length == 0;
    }

    /** The line as text, without a final carriage return; the buffer is left empty for the next. */
    String take() {
      int to = length > 0 && bytes[length - 1] == '\r' ? length - 1 : length;
      String text = new String(bytes, 0, to, StandardCharsets.UTF_8);
      length = 0;
      return text;
    }
  }

  /** A sink's own failure, carried past the handlers for the parser's. */
  private static final class SinkFailed extends RuntimeException {
    SinkFailed(RuntimeException cause) {
      super(cause);
    }

    @Override
    public synchronized RuntimeException getCause() {
      return (RuntimeException) super.getCause();
    }
  }

  /**
   * The records of one body as they are read: counted, handed to the sink while the body holds
   * no problem, and the problems kept in the order they are judged (a record that is not JSON
   * before one that is not an object, before a body that holds none).
   */
  private static final class Records {

    private final int max;
    private final Consumer<JsonNode> sink;
    /** Records that are not JSON (NDJSON lines). */
    private final Problems notJson = new Problems();
    /** Records that are JSON but not objects. */
    private final Problems notObjects = new Problems();
    private int count;

    Records(int max, Consumer<JsonNode> sink) {
      this.max = max;
      this.sink = sink;
    }

    boolean full() {
      return count == max;
    }

    void take(JsonNode record) {
      int index = count++;
      if (!record.isObject()) {
        notObjects.add(new Problem(index, null, "expected a JSON object {…}, got " + kind(record)));
      } else if (notJson.isEmpty() && notObjects.isEmpty()) {
        try {
          sink.accept(record);
        } catch (RuntimeException e) {
          throw new SinkFailed(e);
        }
      }
    }

    void notJson(String message) {
      notJson.add(new Problem(count++, null, message));
    }

    Read tooMany() {
      return new Read(count, notJson, true);
    }

    Read refused(Problem problem) {
      return new Read(count, Problems.of(List.of(problem)), false);
    }

    Read read() {
      if (!notJson.isEmpty()) return new Read(count, notJson, false);
      if (count == 0) {
        notObjects.add(Problem.ofRequest(
            "the body holds no records; send one JSON object, an array of them, or NDJSON"));
      }
      return new Read(count, notObjects, false);
    }
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
