package dev.pulse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The run's figures as the printed table, and as the markdown and JSON files of the results. */
final class ReportWriter {

  /** One line of the table. */
  record Row(String section, String figure, String value, String goal, String verdict) {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  static List<Row> rows(BenchReport r) {
    List<Row> rows = new ArrayList<>();
    if (r.dataset() != null) {
      LoadedYear y = r.dataset();
      rows.add(new Row("dataset", "province year (generator, scale " + y.scaleFraction() + ")",
          f("%,d records; mean %d B (key %.1f + value %.1f)", y.records(), y.meanRecordBytes(), y.meanKeyBytes(),
              y.meanValueBytes()), "", ""));
      rows.add(new Row("dataset", "loaded into the input topics", f("%.1f s = %,.0f records/s", y.loadSeconds(),
          y.loadRecordsPerSecond()), "", ""));
    }
    if (r.raw() != null) {
      RawLimits raw = r.raw();
      rows.add(new Row("raw", f("ProducerPerformance, %d B records", raw.recordBytes()), throughput(raw.produce()), "", ""));
      rows.add(new Row("raw", "ConsumerPerformance, read_committed", throughput(raw.consume()), "", ""));
    }
    if (r.pipeline() != null) {
      PipelineResult p = r.pipeline();
      rows.add(new Row("pipeline", "Pulse's views from empty", run(p.records(), p.pulse()), goal(r, "province-scale year"),
          verdict(r, "province-scale year")));
      rows.add(new Row("pipeline", "plain groupByKey().count() from empty", run(p.records(), p.plainCount()), "", ""));
      rows.add(new Row("pipeline", "views check: " + p.check().row(),
          f("supported %,d (expected %,d), exited %,d (expected %,d)", p.check().supported(), p.check().expectedSupported(),
              p.check().exited(), p.check().expectedExited()), "agree", p.check().agrees() ? "agrees" : "DIFFERS"));
    }
    if (r.r1() != null) rows.add(new Row("pipeline", "R1 = views ÷ raw consume", f("%.3f", r.r1()), goal(r, "R1"), verdict(r, "R1")));
    if (r.r2() != null) rows.add(new Row("pipeline", "R2 = views ÷ plain count", f("%.3f", r.r2()), goal(r, "R2"), verdict(r, "R2")));
    if (r.latency() != null) {
      for (LatencyResult.Rate rate : r.latency().rates()) {
        String at = f("%,d records/s", rate.targetRate());
        boolean goalRate = rate.targetRate() == Goals.LATENCY_GOAL_RATE;
        rows.add(new Row("latency", at + ": 200 → live stream", rate.toView().toString(),
            goalRate ? goal(r, "p99") : "", goalRate ? verdict(r, "p99") : ""));
        rows.add(new Row("latency", at + ": due → live stream", rate.endToEnd().toString(), "", ""));
        rows.add(new Row("latency", at + ": achieved", f("ingest %,.0f/s, views %,.0f/s, %,d of %,d seen, %d failed POSTs (%d × %d records)",
            rate.ingestRate(), rate.viewRate(), rate.seen(), rate.accepted(), rate.failedRequests(), rate.batches(),
            rate.batchSize()), "sustained", rate.sustained() ? "yes" : "NO"));
      }
    }
    if (r.serde() != null) {
      SerdeResult s = r.serde();
      rows.add(new Row("serde", f("encode one attendance record (%d B)", s.encodedBytes()),
          f("%.3f ± %.3f µs", s.encodeMicros(), s.encodeError()), "", ""));
      rows.add(new Row("serde", "decode it", f("%.3f ± %.3f µs", s.decodeMicros(), s.decodeError()), "", ""));
    }
    if (r.start() != null) {
      StartResult s = r.start();
      rows.add(new Row("start", "pulse up, fresh: every port answering",
          f("%.1f s (Pulse said %s)", s.readySeconds(), s.saidSeconds() < 0 ? "nothing" : f("%.1f s", s.saidSeconds())),
          goal(r, "pulse up ready"), verdict(r, "pulse up ready")));
      rows.add(new Row("start", "memory, fresh and empty", memory(s.empty()), "", ""));
      if (s.province() != null) {
        rows.add(new Row("start", "restart on the province: serving / caught up",
            f("%.1f s / %.1f s", s.province().readySeconds(), s.province().caughtUpSeconds()), "", ""));
        rows.add(new Row("start", "memory holding the province", memory(s.province().memory()),
            goal(r, "heap at province"), verdict(r, "heap at province")));
      }
    }
    r.failures().forEach((section, error) -> rows.add(new Row(section, "FAILED", error, "", "")));
    return rows;
  }

  static String table(BenchReport r) {
    List<Row> rows = rows(r);
    String[] head = {"section", "figure", "value", "goal", "verdict"};
    int[] w = new int[5];
    for (int i = 0; i < 5; i++) w[i] = head[i].length();
    for (Row row : rows) {
      String[] c = cells(row);
      for (int i = 0; i < 5; i++) w[i] = Math.max(w[i], c[i].length());
    }
    StringBuilder out = new StringBuilder();
    out.append(heading(r)).append('\n');
    out.append(line(head, w)).append('\n');
    out.append(line(new String[] {"-".repeat(w[0]), "-".repeat(w[1]), "-".repeat(w[2]), "-".repeat(w[3]),
        "-".repeat(w[4])}, w)).append('\n');
    for (Row row : rows) out.append(line(cells(row), w)).append('\n');
    out.append('\n').append("Goals:\n");
    for (Goal g : r.goals()) {
      out.append(f("  %-10s %s %s: %s%n", g.verdict().label(), g.name(), g.target(), g.figure()));
    }
    return out.toString();
  }

  static String markdown(BenchReport r) {
    StringBuilder md = new StringBuilder();
    md.append("# Pulse bench, ").append(r.startedAt()).append("\n\n");
    Machine m = r.machine();
    md.append("| machine | |\n|---|---|\n");
    md.append("| host | ").append(m.host()).append(" |\n");
    md.append("| CPU | ").append(m.cpuModel()).append(", ").append(m.cores()).append(" cores |\n");
    md.append("| RAM | ").append(m.ramBytes() < 0 ? "unknown" : f("%.1f GiB", m.ramBytes() / (double) (1L << 30))).append(" |\n");
    md.append("| OS | ").append(m.os()).append(" |\n");
    md.append("| Java | ").append(m.java()).append(" |\n");
    md.append("| load average before | ").append(m.loadBefore()).append(" |\n");
    md.append("| load average after | ").append(m.loadAfter()).append(" |\n\n");
    md.append("Command: `").append(r.command()).append("`  \n");
    md.append("Settings: ");
    r.settings().forEach((k, v) -> md.append('`').append(k).append('=').append(v).append("` "));
    md.append("\n\n| section | figure | value | goal | verdict |\n|---|---|---|---|---|\n");
    for (Row row : rows(r)) {
      md.append("| ").append(String.join(" | ", java.util.Arrays.stream(cells(row)).map(c -> c.replace("|", "\\|"))
          .toList())).append(" |\n");
    }
    md.append("\n## Goals\n\n| goal | target | measured | verdict |\n|---|---|---|---|\n");
    for (Goal g : r.goals()) {
      md.append("| ").append(g.name()).append(" | ").append(g.target()).append(" | ").append(g.figure()).append(" | ")
          .append(g.verdict().label()).append(" |\n");
    }
    md.append("\nWhat each figure means: docs/benchmark.md.\n");
    return md.toString();
  }

  static String json(BenchReport r) throws IOException {
    return JSON.writeValueAsString(r);
  }

  /** Writes {@code <stem>.json} and {@code <stem>.md} into the directory; returns the two paths. */
  static List<Path> write(BenchReport r, Path dir, String stem) throws IOException {
    Files.createDirectories(dir);
    Path json = dir.resolve(stem + ".json");
    Path md = dir.resolve(stem + ".md");
    Files.writeString(json, json(r), StandardCharsets.UTF_8);
    Files.writeString(md, markdown(r), StandardCharsets.UTF_8);
    return List.of(json, md);
  }

  private static String heading(BenchReport r) {
    Machine m = r.machine();
    return f("Pulse bench, %s%n%s%nload average before %s, after %s%n", r.startedAt(), m.summary(), m.loadBefore(),
        m.loadAfter());
  }

  private static String[] cells(Row row) {
    return new String[] {row.section(), row.figure(), row.value(), row.goal(), row.verdict()};
  }

  private static String line(String[] cells, int[] w) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) s.append("  ");
      s.append(cells[i]).append(" ".repeat(w[i] - cells[i].length()));
    }
    return s.toString().stripTrailing();
  }

  private static String throughput(RawLimits.Throughput t) {
    return f("%,.0f records/s, %.1f MiB/s (%,d records in %.1f s)", t.recordsPerSecond(), t.mebibytesPerSecond(),
        t.records(), t.seconds());
  }

  private static String run(long records, PipelineResult.Run run) {
    return f("%,d records in %.1f s = %,.0f records/s", records, run.seconds(), run.recordsPerSecond());
  }

  private static String memory(StartResult.Memory m) {
    return f("heap %,d MiB in use, %s after full GC (max %,d MiB); RSS %,d MiB", m.heapUsedMiB(),
        m.heapAfterGcMiB() < 0 ? "?" : f("%,d MiB", m.heapAfterGcMiB()), m.heapMaxMiB(), m.rssMiB());
  }

  private static Optional<Goal> goalNamed(BenchReport r, String prefix) {
    return r.goals().stream().filter(g -> g.name().startsWith(prefix)).findFirst();
  }

  private static String goal(BenchReport r, String prefix) {
    return goalNamed(r, prefix).map(Goal::target).orElse("");
  }

  private static String verdict(BenchReport r, String prefix) {
    return goalNamed(r, prefix).map(g -> g.verdict().label()).orElse("");
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
