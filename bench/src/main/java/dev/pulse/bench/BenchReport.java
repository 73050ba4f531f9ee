package dev.pulse.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured, as written to the JSON file. A section that was not asked for is
 * null; one that failed is null too, with its error in {@code failures}.
 *
 * @param startedAt when the run began, ISO-8601 with the machine's offset
 * @param command the command line as given
 * @param settings the options in force (scale, sections, rates, durations)
 * @param r1 the views' records/s ÷ the raw consumer's records/s (the views at the pipeline's
 *     reference thread count, {@link PipelineResult#pulse})
 * @param r2 the views' records/s ÷ the plain count's records/s (the same run)
 * @param threads2Over1 the views' records/s on 2 stream threads ÷ on 1; null unless both ran
 * @param threads4Over1 the same on 4 threads ÷ 1
 * @param viewsOverBatch the views' records/s ÷ the batch recomputation's records/s
 */
public record BenchReport(String startedAt, String finishedAt, String command, Map<String, Object> settings,
    Machine machine, LoadedYear dataset, RawLimits raw, PipelineResult pipeline, Double r1, Double r2,
    Double threads2Over1, Double threads4Over1, Double viewsOverBatch, LatencyResult latency, SerdeResult serde,
    StartResult start, List<Goal> goals, Map<String, String> failures) {

  public BenchReport {
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    goals = List.copyOf(goals);
    failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
  }
}
