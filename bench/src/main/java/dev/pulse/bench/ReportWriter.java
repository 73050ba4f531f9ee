package dev.pulse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
    if (r.pipeline() != null) rows.addAll(pipelineRows(r, r.pipeline()));
    if (r.latency() != null) {
      for (LatencyResult.Rate rate : r.latency().rates()) {
        String at = f("%,d records/s", rate.targetRate());
        String goalName = rate.targetRate() == Goals.LATENCY_GOAL_RATE ? Goals.P99
            : rate.targetRate() == Goals.LATENCY_REPORTED_RATE ? Goals.P99_REPORTED : "";
        rows.add(new Row("latency", at + ": 200 → live stream", rate.toView().toString(), goal(r, goalName),
            verdict(r, goalName)));
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
          goal(r, Goals.READY), verdict(r, Goals.READY)));
      rows.add(new Row("start", "memory, fresh and empty", memory(s.empty()), "", ""));
      rows.add(new Row("start", "pulse up --demo, fresh: the province's first figures",
          f("%.1f s after launch", s.demoFiguresSeconds()), goal(r, Goals.DEMO), verdict(r, Goals.DEMO)));
      if (s.province() != null) {
        rows.add(new Row("start", "restart on the province: serving / caught up",
            f("%.1f s / %.1f s", s.province().readySeconds(), s.province().caughtUpSeconds()), "", ""));
        rows.add(new Row("start", "memory holding the province", memory(s.province().memory()),
            goal(r, Goals.HEAP), verdict(r, Goals.HEAP)));
        ChangesResult c = s.province().changes();
        if (c != null) {
          rows.add(new Row("start", f("a new event year (%d) on the province: views complete", c.newYear()),
              f("%.1f s (%,d participation rows of %d)", c.newYearSeconds(), c.newYearRows(), c.newYear()),
              goal(r, Goals.NEW_YEAR), verdict(r, Goals.NEW_YEAR)));
          rows.add(new Row("start", f("%s (%.0f%% of eligible members) moved under %s: views complete",
                  String.join(" and ", c.movedDistricts()), 100 * c.movedShare(), c.newParent()),
              f("%.1f s", c.moveSeconds()), goal(r, Goals.DISTRICT_MOVE), verdict(r, Goals.DISTRICT_MOVE)));
          rows.add(new Row("start", "views = batch recomputation after both changes",
              f("%,d rows compared, %,d differ", c.rowsCompared(), c.rowsDiffering()), "agree",
              c.rowsDiffering() == 0 ? "agrees" : "differs"));
        }
      }
    }
    r.failures().forEach((section, error) -> rows.add(new Row(section, "FAILED", error, "", "")));
    return rows;
  }

  /** The pipeline's rows: the views per thread count, the yardsticks, the ratios and the checks. */
  private static List<Row> pipelineRows(BenchReport r, PipelineResult p) {
    List<Row> rows = new ArrayList<>();
    int reference = p.pulse().threads();
    for (PipelineResult.Run run : p.threadRuns().stream().sorted(Comparator.comparingInt(PipelineResult.Run::threads))
        .toList()) {
      boolean isReference = run.threads() == reference;
      rows.add(new Row("pipeline", f("Pulse's views from empty, %s engine, %s%s", p.engine(), threads(run.threads()),
          isReference && p.threadRuns().size() > 1 ? " (R1, R2, goals)" : ""), run(p.records(), run),
          isReference ? goal(r, Goals.YEAR) : "", isReference ? verdict(r, Goals.YEAR) : ""));
    }
    rows.add(new Row("pipeline", "views' records/s, " + threads(reference), f("%,.0f records/s", p.pulse().recordsPerSecond()),
        goal(r, Goals.RECORDS_PER_SECOND), verdict(r, Goals.RECORDS_PER_SECOND)));
    if (r.threads2Over1() != null) {
      rows.add(new Row("pipeline", "views on 2 threads ÷ 1 thread", f("%.2f", r.threads2Over1()), goal(r, Goals.TWO_THREADS),
          verdict(r, Goals.TWO_THREADS)));
    }
    if (r.threads4Over1() != null) {
      rows.add(new Row("pipeline", "views on 4 threads ÷ 1 thread", f("%.2f", r.threads4Over1()), "", ""));
    }
    rows.add(new Row("pipeline", "plain groupByKey().count() from empty, " + threads(p.plainCount().threads()),
        run(p.records(), p.plainCount()), "", ""));
    if (p.batch() != null) {
      PipelineResult.BatchRun b = p.batch();
      rows.add(new Row("pipeline", "batch recomputation (read the topics + BatchViews, this process)",
          f("%,d records in %.1f s (read %.1f s, compute %.1f s) = %,.0f records/s; %,d rows; heap %,d MiB after",
              b.recordsRead(), b.seconds(), b.readSeconds(), b.computeSeconds(), b.recordsPerSecond(), b.rows(),
              b.heapUsedMiB()), "", ""));
    }
    if (r.viewsOverBatch() != null) {
      rows.add(new Row("pipeline", "views ÷ batch recomputation, " + threads(reference), f("%.2f", r.viewsOverBatch()),
          goal(r, Goals.BATCH), verdict(r, Goals.BATCH)));
    }
    PipelineResult.ViewsCheck c = p.check();
    rows.add(c.published()
        ? new Row("pipeline", "views check: " + c.row(), f("supported %,d (expected %,d), exited %,d (expected %,d)",
            c.supported(), c.expectedSupported(), c.exited(), c.expectedExited()), "agree", c.agrees() ? "agrees" : "DIFFERS")
        : new Row("pipeline", "views check: " + c.row(), "the " + p.engine() + " engine publishes no poverty rows",
            "agree", "not checked"));
    if (p.batchCheck() != null) {
      PipelineResult.BatchCheck b = p.batchCheck();
      rows.add(new Row("pipeline", "views = batch recomputation",
          f("%,d rows of %s compared, %,d differ", b.rowsCompared(), b.compared().isEmpty() ? "no view"
              : String.join(", ", b.compared()), b.differing())
              + (b.notPublished().isEmpty() ? "" : "; not published: " + String.join(", ", b.notPublished()))
              + (b.examples().isEmpty() ? "" : "; e.g. " + b.examples().get(0)),
          "agree", b.agrees() ? "agrees" : "DIFFERS"));
    }
    if (r.r1() != null) {
      rows.add(new Row("pipeline", Goals.R1 + ", views on " + threads(reference), f("%.3f", r.r1()), goal(r, Goals.R1),
          verdict(r, Goals.R1)));
    }
    if (r.r2() != null) {
      rows.add(new Row("pipeline", Goals.R2 + ", views on " + threads(reference), f("%.3f", r.r2()), goal(r, Goals.R2),
          verdict(r, Goals.R2)));
    }
    return rows;
  }

  private static String threads(int n) {
    return n == 1 ? "1 thread" : n + " threads";
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
    return f("%,d records in %.1f s = %,.0f records/s; state %s on disk; heap %,d MiB after", records, run.seconds(),
        run.recordsPerSecond(), bytes(run.stateBytes()), run.heapUsedMiB());
  }

  static String bytes(long n) {
    if (n < 0) return "?";
    if (n < 1L << 20) return f("%,d KiB", (n + 1023) >> 10);
    if (n < 1L << 30) return f("%.1f MiB", n / (double) (1L << 20));
    return f("%.2f GiB", n / (double) (1L << 30));
  }

  private static String memory(StartResult.Memory m) {
    return f("heap %,d MiB in use, %s after full GC (max %,d MiB); RSS %,d MiB", m.heapUsedMiB(),
        m.heapAfterGcMiB() < 0 ? "?" : f("%,d MiB", m.heapAfterGcMiB()), m.heapMaxMiB(), m.rssMiB());
  }

  private static Optional<Goal> goalNamed(BenchReport r, String name) {
    return r.goals().stream().filter(g -> g.name().equals(name)).findFirst();
  }

  private static String goal(BenchReport r, String name) {
    return goalNamed(r, name).map(Goal::target).orElse("");
  }

  private static String verdict(BenchReport r, String name) {
    return goalNamed(r, name).map(g -> g.verdict().label()).orElse("");
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
