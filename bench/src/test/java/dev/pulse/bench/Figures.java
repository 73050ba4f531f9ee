package dev.pulse.bench;

import java.util.List;
import java.util.Map;

/** Made-up figures of a run, shaped as the sections report them, for the goal and report tests. */
final class Figures {

  static final long RECORDS = 1_775_063;

  private Figures() {}

  /** The views on one thread at {@code oneThread} records/s, on two at {@code twoThreads}. */
  static PipelineResult pipeline(double oneThread, double twoThreads, double batchRate) {
    PipelineResult.Run one = views(1, oneThread);
    PipelineResult.Run two = views(2, twoThreads);
    return new PipelineResult(RECORDS, "partitioned", two, List.of(one, two),
        new PipelineResult.Run(PipelineBench.COUNT_APPLICATION_ID, 1, RECORDS / 110_000.0, 110_000, 300, 80L << 20),
        new PipelineResult.BatchRun(RECORDS, 20, 10, RECORDS / batchRate, batchRate, 2_000, 150_000),
        new PipelineResult.ViewsCheck("view.poverty.v1 DB|2023", 100, 100, 7, 7, true),
        new PipelineResult.BatchCheck(List.of("view.participation.v1"), List.of("view.poverty.v1", "view.activities.v1"),
            120_000, 0, List.of()));
  }

  static PipelineResult.Run views(int threads, double recordsPerSecond) {
    return new PipelineResult.Run(PipelineBench.applicationId(threads), threads, RECORDS / recordsPerSecond,
        recordsPerSecond, 512, 300L << 20);
  }

  /**
   * A start section: ready in 8 s, the demo's figures after {@code demoSeconds}; restarted on the
   * province, a new year complete after {@code newYearSeconds} and two districts' move (21% of the
   * members) after {@code moveSeconds}, every row then equal to the batch.
   */
  static StartResult start(double demoSeconds, double newYearSeconds, double moveSeconds) {
    StartResult.Memory memory = new StartResult.Memory(180, 120, 1024, 600);
    ChangesResult changes = new ChangesResult(newYearSeconds, 2024, 51_000, moveSeconds, List.of("DB-03", "DB-07"), 0.21, "DB-02",
        230_000, 0);
    return new StartResult("pulse.jar --engine partitioned", 8, 7.5, memory, demoSeconds,
        new StartResult.ProvinceRestart(3, 20, memory, changes));
  }

  static LatencyResult latency(double p99At1000, double p99At10000) {
    return new LatencyResult(100, 10, List.of(rate(1_000, p99At1000, true), rate(10_000, p99At10000, false)));
  }

  static LatencyResult.Rate rate(int target, double p99, boolean sustained) {
    long records = target * 30L;
    LatencyResult.Percentiles toView = new LatencyResult.Percentiles(records, p99 / 2, p99, p99 * 1.2, p99 * 1.5);
    return new LatencyResult.Rate(target, target / 10, 300, 30, records, records, 0, target, records, 0,
        sustained ? target : target * 0.7, sustained, toView, toView, toView);
  }

  static BenchReport report(double scale, PipelineResult pipeline, LatencyResult latency) {
    Double r2 = pipeline == null ? null : pipeline.pulse().recordsPerSecond() / pipeline.plainCount().recordsPerSecond();
    return new BenchReport("2026-01-01T10:00+07:00", "2026-01-01T10:30+07:00", "pulse bench --threads 1,2",
        Map.of("scale", scale, "engine", "partitioned", "threads", List.of(1, 2)), Machine.describe(), null, null,
        pipeline, null, r2, pipeline == null ? null : pipeline.speedup(2), pipeline == null ? null : pipeline.speedup(4),
        pipeline == null ? null : pipeline.viewsOverBatch(), latency, null, null,
        Goals.judge(scale, pipeline, null, r2, latency, null), Map.of());
  }
}
