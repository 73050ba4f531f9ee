package dev.pulse.replay.reprocess;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How far a new application has got through the input topics.
 *
 * @param done input offsets processed (committed) toward the target: the end offsets taken when
 *     the reprocessing began
 * @param total input offsets up to the target
 * @param lagByTopic per input topic: records in the topic now that the application has not processed
 *     (the target's and whatever arrived since)
 * @param internalLag records on the engine's repartition topics not processed yet
 * @param recountsDone nothing waits in the engine's queues to be recounted
 * @param running the application is RUNNING (not restoring or rebalancing)
 */
public record CatchUp(long done, long total, Map<String, Long> lagByTopic, long internalLag, boolean recountsDone,
    boolean running) {

  public CatchUp {
    lagByTopic = Map.copyOf(lagByTopic);
  }

  /** Every input record there was at the start is processed and every resulting row published. */
  public boolean caughtUp() {
    return running && done >= total && internalLag == 0 && recountsDone;
  }

  /** Lag per topic, short: {@code units 0 · attendance 12,345 · internal 0}. */
  public String lagLine() {
    String topics = lagByTopic.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
        .collect(Collectors.joining(" · "));
    return "lag " + topics + String.format(Locale.ROOT, " · internal %,d", internalLag);
  }
}
