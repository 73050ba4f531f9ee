package dev.pulse.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Pulse's performance goals, judged on what a run measured. */
final class Goals {

  static final double R1_GOAL = 0.25;
  static final double R2_GOAL = 0.5;
  static final int LATENCY_GOAL_RATE = 1_000;
  static final double P99_GOAL_MS = 300;
  static final double YEAR_GOAL_SECONDS = 30;
  static final double READY_GOAL_SECONDS = 10;
  static final long HEAP_GOAL_MIB = 1024;

  private Goals() {}

  static List<Goal> judge(double scale, PipelineResult pipeline, Double r1, Double r2, LatencyResult latency,
      StartResult start) {
    boolean province = scale == 1.0;
    String notProvince = String.format(Locale.ROOT, "judged at province scale only (this run: %s)", scale);
    List<Goal> goals = new ArrayList<>();
    goals.add(r1 == null ? notRun("R1 = views ÷ raw consume", "≥ 0.25", "raw and pipeline")
        : new Goal("R1 = views ÷ raw consume", "≥ 0.25", f("%.3f", r1), Goal.Verdict.of(r1 >= R1_GOAL)));
    goals.add(r2 == null ? notRun("R2 = views ÷ plain count", "≥ 0.5", "pipeline")
        : new Goal("R2 = views ÷ plain count", "≥ 0.5", f("%.3f", r2), Goal.Verdict.of(r2 >= R2_GOAL)));
    String latencyName = "p99 ingest 200 → live stream at 1,000 records/s";
    Optional<LatencyResult.Rate> at1000 = latency == null ? Optional.empty()
        : latency.rates().stream().filter(r -> r.targetRate() == LATENCY_GOAL_RATE).findFirst();
    if (at1000.isEmpty()) {
      goals.add(notRun(latencyName, "≤ 300 ms", "latency at 1000 records/s"));
    } else {
      LatencyResult.Rate r = at1000.get();
      boolean met = r.toView().count() > 0 && r.unseen() == 0 && r.toView().p99() <= P99_GOAL_MS;
      goals.add(new Goal(latencyName, "≤ 300 ms", f("%.0f ms", r.toView().p99())
          + (r.unseen() > 0 ? f(" (%,d records never seen)", r.unseen()) : ""), Goal.Verdict.of(met)));
    }
    String yearName = "province-scale year from empty";
    if (pipeline == null) {
      goals.add(notRun(yearName, "< 30 s", "pipeline"));
    } else {
      String figure = f("%.1f s", pipeline.pulse().seconds());
      goals.add(province ? new Goal(yearName, "< 30 s", figure, Goal.Verdict.of(pipeline.pulse().seconds() < YEAR_GOAL_SECONDS))
          : new Goal(yearName, "< 30 s", figure + "; " + notProvince, Goal.Verdict.NOT_JUDGED));
    }
    if (start == null) {
      goals.add(notRun("pulse up ready", "< 10 s", "start"));
      goals.add(notRun("heap at province scale", "< 1 GiB", "start"));
    } else {
      goals.add(new Goal("pulse up ready", "< 10 s", f("%.1f s", start.readySeconds()),
          Goal.Verdict.of(start.readySeconds() < READY_GOAL_SECONDS)));
      if (start.province() == null) {
        goals.add(notRun("heap at province scale", "< 1 GiB", "pipeline (it leaves the views to weigh)"));
      } else {
        StartResult.Memory m = start.province().memory();
        long heap = m.heapAfterGcMiB() >= 0 ? m.heapAfterGcMiB() : m.heapUsedMiB();
        String figure = f("%,d MiB %s", heap, m.heapAfterGcMiB() >= 0 ? "after a full GC" : "in use");
        goals.add(province ? new Goal("heap at province scale", "< 1 GiB", figure, Goal.Verdict.of(heap < HEAP_GOAL_MIB))
            : new Goal("heap at province scale", "< 1 GiB", figure + "; " + notProvince, Goal.Verdict.NOT_JUDGED));
      }
    }
    return goals;
  }

  private static Goal notRun(String name, String target, String needs) {
    return new Goal(name, target, "not measured (needs " + needs + ")", Goal.Verdict.NOT_JUDGED);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
