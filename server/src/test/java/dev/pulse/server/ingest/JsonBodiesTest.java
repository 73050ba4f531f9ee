package dev.pulse.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void one_object_an_array_and_concatenated_objects_are_records() {
    assertThat(JsonBodies.json(bytes("{\"a\": 1}")).records()).hasSize(1);
    assertThat(JsonBodies.json(bytes("[{\"a\": 1}, {\"a\": 2}]")).records()).hasSize(2);
    assertThat(JsonBodies.json(bytes("{\"a\": 1}\n{\"a\": 2}\n")).records()).hasSize(2);
  }

  @Test
  void ndjson_skips_blank_lines_and_names_the_line_at_fault() {
    assertThat(JsonBodies.ndjson(bytes("{\"a\": 1}\r\n\n{\"a\": 2}\n")).records()).hasSize(2);
    JsonBodies.Parsed bad = JsonBodies.ndjson(bytes("{\"a\": 1}\n\n{\"a\": }\n"));
    assertThat(bad.ok()).isFalse();
    assertThat(bad.problems().listed()).singleElement().satisfies(p -> {
      assertThat(p.index()).isEqualTo(1);
      assertThat(p.message()).startsWith("line 3 is not valid JSON (column ");
    });
  }

  @Test
  void malformed_json_is_one_problem_with_its_position() {
    JsonBodies.Parsed bad = JsonBodies.json(bytes("[{\"a\": 1},\n {\"a\": 2,}]"));
    assertThat(bad.problems().listed()).singleElement().satisfies(p -> {
      assertThat(p.index()).isNull();
      assertThat(p.message()).startsWith("the body is not valid JSON (line 2");
    });
  }

  @Test
  void duplicate_fields_empty_bodies_and_non_objects_are_refused() {
    assertThat(JsonBodies.json(bytes("{\"a\": 1, \"a\": 2}")).problems().listed()).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("Duplicate field 'a'"));
    assertThat(JsonBodies.json(bytes("")).problems().listed()).singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith("the body holds no records"));
    assertThat(JsonBodies.json(bytes("[]")).ok()).isFalse();
    assertThat(JsonBodies.json(bytes("[{\"a\": 1}, 7]")).problems().listed()).singleElement()
        .satisfies(p -> assertThat(p.index()).isEqualTo(1));
  }

  /** A stream that hands out one byte a read, so that every line and token crosses a read. */
  static InputStream oneByteAtATime(String s) {
    ByteArrayInputStream in = new ByteArrayInputStream(bytes(s));
    return new InputStream() {
      @Override
      public int read() {
        return in.read();
      }

      @Override
      public int read(byte[] into, int offset, int length) {
        return in.read(into, offset, Math.min(length, 1));
      }
    };
  }

  @Test
  void a_body_read_as_it_comes_gives_the_records_and_problems_of_the_same_bytes() throws Exception {
    for (String body : List.of("{\"a\": 1}\r\n\n{\"é\": \"ü\"}\n", "{\"a\": 1}\n\n{\"a\": }\n7\n{\"b\": 2}",
        "{\"a\": 1}\n[1]\n", "\n \r\n", "{\"a\": 1, \"a\": 2}\r")) {
      List<JsonNode> streamed = new ArrayList<>();
      JsonBodies.Read read = JsonBodies.ndjson(oneByteAtATime(body), 100, streamed::add);
      JsonBodies.Parsed whole = JsonBodies.ndjson(bytes(body));
      assertThat(read.problems().listed()).as(body).isEqualTo(whole.problems().listed());
      if (whole.ok()) assertThat(streamed).as(body).isEqualTo(whole.records());
    }
    for (String body : List.of("[{\"a\": 1}, {\"a\": 2}]", "{\"a\": 1} {\"a\": 2}", "[{\"a\": 1},\n {\"a\": 2,}]", "[{}, 7]")) {
      List<JsonNode> streamed = new ArrayList<>();
      JsonBodies.Read read = JsonBodies.json(oneByteAtATime(body), 100, streamed::add);
      JsonBodies.Parsed whole = JsonBodies.json(bytes(body));
      assertThat(read.problems().listed()).as(body).isEqualTo(whole.problems().listed());
      if (whole.ok()) assertThat(streamed).as(body).isEqualTo(whole.records());
    }
    // Over the cap, reading stops at the first record too many, on a stream as on bytes.
    assertThat(JsonBodies.ndjson(oneByteAtATime("{}\n{}\n{}\nnot JSON"), 2, r -> { }).tooMany()).isTrue();
  }
}
