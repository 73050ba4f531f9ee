package dev.pulse.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Pulse's performance goals (issue #16's among them), judged on what a run measured. */
final class Goals {

  static final double R1_GOAL = 0.25;
  static final double R2_GOAL = 0.5;
  static final int LATENCY_GOAL_RATE = 1_000;
  /** The rate whose p99 is reported beside the goal's, without a bound. */
  static final int LATENCY_REPORTED_RATE = 10_000;
  static final double P99_GOAL_MS = 300;
  static final double YEAR_GOAL_SECONDS = 30;
  static final double RECORDS_PER_SECOND_GOAL = 60_000;
  static final double BATCH_GOAL = 1.0;
  static final double TWO_THREADS_GOAL = 1.6;
  static final double READY_GOAL_SECONDS = 10;
  static final long HEAP_GOAL_MIB = 1024;
  static final double CHANGE_GOAL_SECONDS = 10;
  static final double DEMO_GOAL_SECONDS = 30;

  static final String R1 = "R1 = views ÷ raw consume";
  static final String R2 = "R2 = views ÷ plain count";
  static final String P99 = "p99 ingest 200 → live stream at 1,000 records/s";
  static final String P99_REPORTED = "p99 ingest 200 → live stream at 10,000 records/s";
  static final String YEAR = "province-scale year from empty";
  static final String RECORDS_PER_SECOND = "province-scale views from empty, records/s";
  static final String BATCH = "views ÷ batch recomputation (records/s)";
  static final String TWO_THREADS = "views on 2 threads ÷ 1 thread";
  static final String READY = "pulse up ready";
  static final String HEAP = "heap at province scale";
  static final String DEMO = "pulse up --demo: the province's first figures";
  static final String NEW_YEAR = "a new event year at province scale, views complete";
  static final String DISTRICT_MOVE = "a district's move at province scale, views complete";

  private Goals() {}

  static List<Goal> judge(double scale, PipelineResult pipeline, Double r1, Double r2, LatencyResult latency,
      StartResult start) {
    boolean province = scale == 1.0;
    String notProvince = f("judged at province scale only (this run: %s)", scale);
    String views = pipeline == null ? "" : f(" (views on %d thread%s)", pipeline.pulse().threads(),
        pipeline.pulse().threads() == 1 ? "" : "s");
    List<Goal> goals = new ArrayList<>();
    goals.add(r1 == null ? notRun(R1, "≥ 0.25", "raw and pipeline")
        : new Goal(R1, "≥ 0.25", f("%.3f", r1) + views, Goal.Verdict.of(r1 >= R1_GOAL)));
    goals.add(r2 == null ? notRun(R2, "≥ 0.5", "pipeline")
        : new Goal(R2, "≥ 0.5", f("%.3f", r2) + views, Goal.Verdict.of(r2 >= R2_GOAL)));

    Optional<LatencyResult.Rate> atGoal = rate(latency, LATENCY_GOAL_RATE);
    if (atGoal.isEmpty()) {
      goals.add(notRun(P99, "≤ 300 ms", "latency at 1000 records/s"));
    } else {
      LatencyResult.Rate r = atGoal.get();
      boolean met = r.toView().count() > 0 && r.unseen() == 0 && r.toView().p99() <= P99_GOAL_MS;
      goals.add(new Goal(P99, "≤ 300 ms", p99(r), Goal.Verdict.of(met)));
    }
    Optional<LatencyResult.Rate> atReported = rate(latency, LATENCY_REPORTED_RATE);
    goals.add(atReported.isEmpty() ? notRun(P99_REPORTED, "reported", "latency at 10000 records/s")
        : new Goal(P99_REPORTED, "reported", p99(atReported.get())
            + (atReported.get().sustained() ? "" : "; rate not sustained"), Goal.Verdict.REPORTED));

    if (pipeline == null) {
      goals.add(notRun(YEAR, "< 30 s", "pipeline"));
      goals.add(notRun(RECORDS_PER_SECOND, "≥ 60,000", "pipeline"));
    } else {
      PipelineResult.Run run = pipeline.pulse();
      String seconds = f("%.1f s", run.seconds()) + views;
      goals.add(province ? new Goal(YEAR, "< 30 s", seconds, Goal.Verdict.of(run.seconds() < YEAR_GOAL_SECONDS))
          : new Goal(YEAR, "< 30 s", seconds + "; " + notProvince, Goal.Verdict.NOT_JUDGED));
      String rate = f("%,.0f records/s", run.recordsPerSecond()) + views;
      goals.add(province
          ? new Goal(RECORDS_PER_SECOND, "≥ 60,000", rate, Goal.Verdict.of(run.recordsPerSecond() >= RECORDS_PER_SECOND_GOAL))
          : new Goal(RECORDS_PER_SECOND, "≥ 60,000", rate + "; " + notProvince, Goal.Verdict.NOT_JUDGED));
    }
    Double overBatch = pipeline == null ? null : pipeline.viewsOverBatch();
    goals.add(overBatch == null ? notRun(BATCH, "≥ 1", "pipeline")
        : new Goal(BATCH, "≥ 1", f("%.2f (views on %d threads %,.0f, batch %,.0f records/s)", overBatch,
            pipeline.pulse().threads(), pipeline.pulse().recordsPerSecond(), pipeline.batch().recordsPerSecond()),
            Goal.Verdict.of(overBatch >= BATCH_GOAL)));
    Double twoOverOne = pipeline == null ? null : pipeline.speedup(2);
    goals.add(twoOverOne == null ? notRun(TWO_THREADS, "≥ 1.6", "pipeline with --threads 1,2")
        : new Goal(TWO_THREADS, "≥ 1.6", f("%.2f (%,.0f vs %,.0f records/s)", twoOverOne,
            pipeline.atThreads(2).orElseThrow().recordsPerSecond(), pipeline.atThreads(1).orElseThrow().recordsPerSecond()),
            Goal.Verdict.of(twoOverOne >= TWO_THREADS_GOAL)));

    if (start == null) {
      goals.add(notRun(READY, "< 10 s", "start"));
      goals.add(notRun(DEMO, "≤ 30 s", "start"));
      goals.add(notRun(HEAP, "< 1 GiB", "start"));
    } else {
      goals.add(new Goal(READY, "< 10 s", f("%.1f s", start.readySeconds()),
          Goal.Verdict.of(start.readySeconds() < READY_GOAL_SECONDS)));
      goals.add(new Goal(DEMO, "≤ 30 s", f("%.1f s", start.demoFiguresSeconds()),
          Goal.Verdict.of(start.demoFiguresSeconds() <= DEMO_GOAL_SECONDS)));
      if (start.province() == null) {
        goals.add(notRun(HEAP, "< 1 GiB", "pipeline (it leaves the views to weigh)"));
      } else {
        StartResult.Memory m = start.province().memory();
        long heap = m.heapAfterGcMiB() >= 0 ? m.heapAfterGcMiB() : m.heapUsedMiB();
        String figure = f("%,d MiB %s", heap, m.heapAfterGcMiB() >= 0 ? "after a full GC" : "in use");
        goals.add(province ? new Goal(HEAP, "< 1 GiB", figure, Goal.Verdict.of(heap < HEAP_GOAL_MIB))
            : new Goal(HEAP, "< 1 GiB", figure + "; " + notProvince, Goal.Verdict.NOT_JUDGED));
      }
    }
    ChangesResult changes = start == null || start.province() == null ? null : start.province().changes();
    if (changes == null) {
      goals.add(notRun(NEW_YEAR, "≤ 10 s", "pipeline and start"));
      goals.add(notRun(DISTRICT_MOVE, "≤ 10 s", "pipeline and start"));
    } else {
      String year = f("%.1f s", changes.newYearSeconds());
      String move = f("%.1f s (%.0f%% of the eligible members)", changes.moveSeconds(), 100 * changes.movedShare());
      goals.add(province ? new Goal(NEW_YEAR, "≤ 10 s", year, Goal.Verdict.of(changes.newYearSeconds() <= CHANGE_GOAL_SECONDS))
          : new Goal(NEW_YEAR, "≤ 10 s", year + "; " + notProvince, Goal.Verdict.NOT_JUDGED));
      goals.add(province ? new Goal(DISTRICT_MOVE, "≤ 10 s", move, Goal.Verdict.of(changes.moveSeconds() <= CHANGE_GOAL_SECONDS))
          : new Goal(DISTRICT_MOVE, "≤ 10 s", move + "; " + notProvince, Goal.Verdict.NOT_JUDGED));
    }
    return goals;
  }

  private static Optional<LatencyResult.Rate> rate(LatencyResult latency, int target) {
    return latency == null ? Optional.empty()
        : latency.rates().stream().filter(r -> r.targetRate() == target).findFirst();
  }

  private static String p99(LatencyResult.Rate r) {
    return f("%.0f ms", r.toView().p99()) + (r.unseen() > 0 ? f(" (%,d records never seen)", r.unseen()) : "");
  }

  private static Goal notRun(String name, String target, String needs) {
    return new Goal(name, target, "not run (needs " + needs + ")", Goal.Verdict.NOT_JUDGED);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
