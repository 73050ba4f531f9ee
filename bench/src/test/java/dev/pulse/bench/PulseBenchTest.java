package dev.pulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pulse bench} end to end at a tiny scale with short stretches: every section runs and the
 * table, the JSON and the markdown say so, with the machine they ran on. Timings are not checked:
 * they depend on the machine. It runs the default engine, the partitioned one, on one and two
 * threads (GoalsTest and ReportWriterTest cover how its figures are judged and printed).
 */
class PulseBenchTest {

  @TempDir
  Path results;

  @Test
  void aTinyRunWritesEverySectionWithTheMachine() throws Exception {
    StringWriter table = new StringWriter();
    long begun = System.nanoTime();
    int exit = PulseBench.execute(new PrintWriter(table, true),
        "--scale", "0.002", "--rates", "50,1000", "--rate-duration", "1s", "--batch-interval", "100ms",
        "--latency-warmup", "0s", "--drain-timeout", "60s", "--jmh-iterations", "1", "--jmh-time", "200ms",
        "--pipeline-timeout", "5m", "--threads", "1,2", "--results-dir", results.toString());
    System.out.printf("pulse bench at scale 0.002 took %.1f s and printed:%n%s%n", (System.nanoTime() - begun) / 1e9, table);

    assertThat(exit).as("exit code; the table says which section failed:\n" + table).isZero();
    assertThat(table.toString())
        .contains("Pulse bench", "load average before", "RAM", "Java")
        .contains("ProducerPerformance", "ConsumerPerformance", "Pulse's views from empty", "plain groupByKey().count()",
            "R1 = views ÷ raw consume", "R2 = views ÷ plain count", "views on 2 threads ÷ 1 thread",
            "batch recomputation", "views = batch recomputation", "1,000 records/s: 200 → live stream", "encode one",
            "pulse up, fresh", "memory holding the province", "pulse up --demo, fresh: the province's first figures",
            "a new event year (2024) on the province", "views = batch recomputation after both changes", "Goals:")
        .doesNotContain("FAILED");

    List<Path> files;
    try (Stream<Path> listed = Files.list(results)) {
      files = listed.sorted().toList();
    }
    assertThat(files).hasSize(2);
    assertThat(files.get(0).getFileName().toString()).startsWith("pulse-bench-").endsWith(".json");
    assertThat(files.get(1).getFileName().toString()).endsWith(".md");

    JsonNode json = new ObjectMapper().readTree(files.get(0).toFile());
    JsonNode machine = json.path("machine");
    assertThat(machine.path("cpuModel").asText()).isNotBlank();
    assertThat(machine.path("cores").asInt()).isPositive();
    assertThat(machine.path("ramBytes").asLong()).isPositive();
    assertThat(machine.path("os").asText()).isNotBlank();
    assertThat(machine.path("java").asText()).startsWith(System.getProperty("java.version").split("\\.")[0]);
    assertThat(machine.path("loadBefore").has("oneMinute")).isTrue();
    assertThat(machine.path("loadAfter").has("oneMinute")).isTrue();
    assertThat(files.get(0).getFileName().toString()).contains(machine.path("host").asText().replaceAll("[^A-Za-z0-9.-]", "_"));

    long records = json.path("dataset").path("records").asLong();
    assertThat(records).isPositive();
    assertThat(json.path("raw").path("produce").path("records").asLong()).isEqualTo(records);
    assertThat(json.path("raw").path("consume").path("records").asLong()).isEqualTo(records);
    assertThat(json.path("pipeline").path("records").asLong()).isEqualTo(records);
    assertThat(json.path("pipeline").path("pulse").path("recordsPerSecond").asDouble()).isPositive();
    assertThat(json.path("pipeline").path("plainCount").path("recordsPerSecond").asDouble()).isPositive();
    assertThat(json.path("pipeline").path("threadRuns")).hasSize(2);
    for (JsonNode run : json.path("pipeline").path("threadRuns")) {
      assertThat(run.path("stateBytes").asLong()).as("state of %s", run.path("applicationId")).isPositive();
    }
    assertThat(json.path("pipeline").path("batch").path("recordsRead").asLong()).isPositive();
    assertThat(json.path("pipeline").path("batchCheck").path("differing").asLong()).isZero();
    assertThat(json.path("threads2Over1").isNumber()).isTrue();
    assertThat(json.path("viewsOverBatch").isNumber()).isTrue();
    assertThat(json.path("r1").isNumber()).isTrue();
    assertThat(json.path("r2").isNumber()).isTrue();
    JsonNode rates = json.path("latency").path("rates");
    assertThat(rates).hasSize(2);
    for (JsonNode rate : rates) {
      assertThat(rate.path("accepted").asLong()).as("records accepted at %s/s", rate.path("targetRate")).isPositive();
      assertThat(rate.path("seen").asLong()).as("records seen at %s/s", rate.path("targetRate"))
          .isEqualTo(rate.path("accepted").asLong());
      assertThat(rate.path("toView").path("count").asLong()).isEqualTo(rate.path("seen").asLong());
    }
    assertThat(json.path("serde").path("encodeMicros").asDouble()).isPositive();
    assertThat(json.path("serde").path("decodeMicros").asDouble()).isPositive();
    assertThat(json.path("start").path("readySeconds").asDouble()).isPositive();
    assertThat(json.path("start").path("empty").path("rssMiB").asLong()).isPositive();
    assertThat(json.path("start").path("province").path("memory").path("heapUsedMiB").asLong()).isPositive();
    assertThat(json.path("start").path("demoFiguresSeconds").asDouble()).isPositive();
    JsonNode changes = json.path("start").path("province").path("changes");
    assertThat(changes.path("newYearSeconds").asDouble()).isPositive();
    assertThat(changes.path("newYearRows").asLong()).as("participation rows of the new year").isPositive();
    assertThat(changes.path("moveSeconds").asDouble()).isPositive();
    assertThat(changes.path("movedShare").asDouble()).as("share of the members moved").isGreaterThanOrEqualTo(0.2);
    assertThat(changes.path("rowsCompared").asLong()).isPositive();
    assertThat(changes.path("rowsDiffering").asLong()).as("rows differing from the batch after the changes").isZero();
    assertThat(json.path("goals")).hasSize(13);
    assertThat(json.path("failures").size()).isZero();

    String markdown = Files.readString(files.get(1));
    assertThat(markdown).contains("| host | " + machine.path("host").asText(), "| CPU | ", "| load average before | ",
        "| load average after | ", "| dataset |", "| raw |", "| pipeline |", "| latency |", "| serde |", "| start |",
        "## Goals");
  }
}
