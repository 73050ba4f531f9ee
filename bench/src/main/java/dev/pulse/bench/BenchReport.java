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
 * @param r1 the views' records/s ÷ the raw consumer's records/s
 * @param r2 the views' records/s ÷ the plain count's records/s
 */
public record BenchReport(String startedAt, String finishedAt, String command, Map<String, Object> settings,
    Machine machine, LoadedYear dataset, RawLimits raw, PipelineResult pipeline, Double r1, Double r2,
    LatencyResult latency, SerdeResult serde, StartResult start, List<Goal> goals, Map<String, String> failures) {

  public BenchReport {
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    goals = List.copyOf(goals);
    failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
  }
}
