package dev.pulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pipeline's new figures in the table, the markdown and the JSON, the old JSON fields kept. */
class ReportWriterTest {

  private final BenchReport report = Figures.report(1.0, Figures.pipeline(40_000, 70_000, 30_000),
      Figures.latency(250, 900));

  @Test
  void theTableShowsEachThreadCountTheRatiosTheBatchAndTheChecks() {
    String table = ReportWriter.table(report);

    assertThat(table).contains(
        "Pulse's views from empty, partitioned engine, 1 thread",
        "Pulse's views from empty, partitioned engine, 2 threads (R1, R2, goals)",
        "40,000 records/s; state 300.0 MiB on disk; heap 512 MiB after",
        "batch recomputation (read the topics + BatchViews, this process)",
        "= 30,000 records/s; 150,000 rows; heap 2,000 MiB after",
        "R2 = views ÷ plain count, views on 2 threads",
        "120,000 rows of view.participation.v1 compared, 0 differ; not published: view.poverty.v1, view.activities.v1",
        "10,000 records/s: 200 → live stream");
    assertThat(rowOf(table, "views on 2 threads ÷ 1 thread")).contains("1.75", "≥ 1.6", "met");
    assertThat(rowOf(table, "views ÷ batch recomputation, 2 threads")).contains("2.33", "≥ 1", "met");
    assertThat(rowOf(table, "views' records/s, 2 threads")).contains("70,000 records/s", "≥ 60,000", "met");
    assertThat(rowOf(table, "10,000 records/s: 200 → live stream")).contains("p99 900 ms", "reported");
    assertThat(table).doesNotContain("views on 4 threads");
  }

  @Test
  void theStartSectionShowsTheDemoTheNewYearAndTheMoveWithTheirGoals() {
    StartResult start = Figures.start(21.5, 4.2, 14.0);
    BenchReport withStart = new BenchReport("2026-01-01T10:00+07:00", "2026-01-01T10:30+07:00", "pulse bench",
        java.util.Map.of("scale", 1.0), Machine.describe(), null, null, null, null, null, null, null, null, null, null,
        start, Goals.judge(1.0, null, null, null, null, start), java.util.Map.of());

    String table = ReportWriter.table(withStart);

    assertThat(rowOf(table, "pulse up --demo, fresh")).contains("21.5 s after launch", "≤ 30 s", "met");
    assertThat(rowOf(table, "a new event year (2024)")).contains("4.2 s (51,000 participation rows of 2024)", "met");
    assertThat(rowOf(table, "DB-03 and DB-07 (21% of eligible members) moved under DB-02")).contains("14.0 s", "≤ 10 s", "missed");
    assertThat(rowOf(table, "after both changes")).contains("230,000 rows compared, 0 differ", "agrees");
  }

  @Test
  void aPovertyViewTheEngineDoesNotPublishIsNotChecked() {
    PipelineResult p = Figures.pipeline(40_000, 70_000, 30_000);
    PipelineResult noPoverty = new PipelineResult(p.records(), p.engine(), p.pulse(), p.threadRuns(), p.plainCount(),
        p.batch(), new PipelineResult.ViewsCheck("view.poverty.v1 DB|2023", 100, 0, 7, 0, false), p.batchCheck());

    assertThat(noPoverty.check().agrees()).isTrue();
    assertThat(rowOf(ReportWriter.table(Figures.report(1.0, noPoverty, null)), "views check"))
        .contains("the partitioned engine publishes no poverty rows", "not checked");
  }

  @Test
  void differingRowsAreShownWithAnExample() {
    PipelineResult p = Figures.pipeline(40_000, 70_000, 30_000);
    PipelineResult differs = new PipelineResult(p.records(), p.engine(), p.pulse(), p.threadRuns(), p.plainCount(),
        p.batch(), p.check(), new PipelineResult.BatchCheck(List.of("view.participation.v1"), List.of(), 10, 1,
            List.of("view.participation.v1 B1|2023: expected {eligible=3} but was {eligible=2}")));

    assertThat(differs.batchCheck().agrees()).isFalse();
    assertThat(rowOf(ReportWriter.table(Figures.report(1.0, differs, null)), "views = batch recomputation"))
        .contains("1 differ", "e.g. view.participation.v1 B1|2023", "DIFFERS");
  }

  @Test
  void theJsonKeepsTheOldFieldsAndAddsTheNewOnes() throws Exception {
    JsonNode json = new ObjectMapper().readTree(ReportWriter.json(report));

    JsonNode pipeline = json.path("pipeline");
    assertThat(pipeline.path("records").asLong()).isEqualTo(Figures.RECORDS);
    assertThat(pipeline.path("pulse").path("recordsPerSecond").asDouble()).isEqualTo(70_000);
    assertThat(pipeline.path("pulse").path("threads").asInt()).isEqualTo(2);
    assertThat(pipeline.path("plainCount").path("recordsPerSecond").asDouble()).isEqualTo(110_000);
    assertThat(pipeline.path("check").path("supported").asLong()).isEqualTo(100);
    assertThat(pipeline.path("engine").asText()).isEqualTo("partitioned");
    assertThat(pipeline.path("threadRuns")).hasSize(2);
    assertThat(pipeline.path("threadRuns").get(0).path("stateBytes").asLong()).isEqualTo(300L << 20);
    assertThat(pipeline.path("threadRuns").get(0).path("applicationId").asText()).isEqualTo("pulse-views-t1");
    assertThat(pipeline.path("batch").path("recordsPerSecond").asDouble()).isEqualTo(30_000);
    assertThat(pipeline.path("batchCheck").path("differing").asLong()).isZero();
    assertThat(json.path("r2").asDouble()).isEqualTo(70_000 / 110_000.0);
    assertThat(json.path("threads2Over1").asDouble()).isEqualTo(1.75);
    assertThat(json.path("threads4Over1").isNull()).isTrue();
    assertThat(json.path("viewsOverBatch").asDouble()).isEqualTo(70_000 / 30_000.0);
    assertThat(json.path("goals")).extracting(g -> g.path("name").asText())
        .contains(Goals.RECORDS_PER_SECOND, Goals.BATCH, Goals.TWO_THREADS, Goals.P99_REPORTED);
  }

  @Test
  void theMarkdownCarriesTheNewRowsAndGoals() {
    String markdown = ReportWriter.markdown(report);

    assertThat(markdown).contains("| pipeline | views on 2 threads ÷ 1 thread | 1.75 | ≥ 1.6 | met |",
        "| " + Goals.BATCH + " | ≥ 1 | 2.33", "| " + Goals.P99_REPORTED + " | reported | 900 ms");
  }

  @Test
  void sizesOnDiskReadAsAPersonWritesThem() {
    assertThat(ReportWriter.bytes(-1)).isEqualTo("?");
    assertThat(ReportWriter.bytes(1500)).isEqualTo("2 KiB");
    assertThat(ReportWriter.bytes(3L << 20)).isEqualTo("3.0 MiB");
    assertThat(ReportWriter.bytes(5L << 30)).isEqualTo("5.00 GiB");
  }

  private static String rowOf(String table, String figure) {
    return table.lines().filter(l -> l.contains(figure)).findFirst()
        .orElseThrow(() -> new AssertionError("no row " + figure + " in\n" + table));
  }
}
