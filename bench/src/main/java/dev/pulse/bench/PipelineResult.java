package dev.pulse.bench;

import java.util.List;
import java.util.Optional;

/**
 * A province's year through Pulse's views at each thread count, through the plain count and
 * through the batch recomputation, each from empty.
 *
 * @param records input records the year holds
 * @param engine the views engine that ran ({@code partitioned} or {@code single})
 * @param pulse the views at the reference thread count ({@link #referenceThreads}): the run R1, R2,
 *     the year and the batch goals are judged on
 * @param threadRuns the views once per thread count asked for, in the order run (most threads first)
 * @param plainCount the plain {@code groupByKey().count()} with the same settings, one thread
 * @param batch reading the input topics and recomputing every view from them in this process
 * @param check whether the views say what the generator built the year to say
 * @param batchCheck whether the published views equal the batch recomputation
 */
public record PipelineResult(long records, String engine, Run pulse, List<Run> threadRuns, Run plainCount,
    BatchRun batch, ViewsCheck check, BatchCheck batchCheck) {

  /** The thread count the ratios and goals use when it runs; docs/benchmark.md. */
  static final int REFERENCE_THREADS = 2;

  public PipelineResult {
    threadRuns = List.copyOf(threadRuns);
  }

  /**
   * The thread count whose run stands for the views in R1, R2 and the goals: 2 when it is among
   * those run, else the most threads run (the only one, when one ran).
   */
  static int referenceThreads(List<Integer> threadCounts) {
    if (threadCounts.isEmpty()) throw new IllegalArgumentException("no thread count to run");
    return threadCounts.contains(REFERENCE_THREADS) ? REFERENCE_THREADS
        : threadCounts.stream().mapToInt(Integer::intValue).max().getAsInt();
  }

  /** The views' run on this many stream threads, when it ran. */
  Optional<Run> atThreads(int threads) {
    return threadRuns.stream().filter(r -> r.threads() == threads).findFirst();
  }

  /** Records/s on {@code threads} threads ÷ records/s on one thread; null unless both ran. */
  Double speedup(int threads) {
    Optional<Run> one = atThreads(1);
    Optional<Run> many = atThreads(threads);
    if (threads == 1 || one.isEmpty() || many.isEmpty()) return null;
    return many.get().recordsPerSecond() / one.get().recordsPerSecond();
  }

  /** The views' records/s ÷ the batch recomputation's records/s; null when the batch did not run. */
  Double viewsOverBatch() {
    return batch == null ? null : pulse.recordsPerSecond() / batch.recordsPerSecond();
  }

  /**
   * One application from its start to complete ({@link CompletionWatch}).
   *
   * @param threads its stream threads
   * @param seconds from the call that starts it to the moment it was complete
   * @param heapUsedMiB heap in use in this process once complete, the application still running
   *     (the stores live here)
   * @param stateBytes bytes of its state directory on disk once complete and closed (RocksDB files,
   *     their memtables flushed, and checkpoints), -1 when it could not be read
   */
  public record Run(String applicationId, int threads, double seconds, double recordsPerSecond, long heapUsedMiB,
      long stateBytes) {}

  /**
   * The batch recomputation of the same topics: what a user would run instead of the views
   * ({@code pulse verify} computes it the same way).
   *
   * @param recordsRead input records read and decoded (records that do not decode are left out, as
   *     the streams leave them)
   * @param readSeconds reading and decoding the five input topics to their end
   * @param computeSeconds dropping unusable records and computing every view ({@code BatchViews})
   * @param seconds both
   * @param recordsPerSecond the year's input records ÷ {@code seconds}
   * @param heapUsedMiB heap in use in this process right after, the history and the views held
   * @param rows rows of the views the batch computed
   */
  public record BatchRun(long recordsRead, double readSeconds, double computeSeconds, double seconds,
      double recordsPerSecond, long heapUsedMiB, long rows) {}

  /**
   * The province's poverty row for the generated year against the generator's exact targets.
   *
   * @param row the view row's key
   * @param published whether the engine publishes the poverty view at all (its topic holds rows);
   *     when not, the row is not checked
   */
  public record ViewsCheck(String row, long expectedSupported, long supported, long expectedExited, long exited,
      boolean published) {

    public boolean agrees() {
      return !published || supported == expectedSupported && exited == expectedExited;
    }
  }

  /**
   * The view topics, last row per key, against the batch recomputation of every view. A view
   * whose topic holds no row is not compared: the engine does not publish it.
   *
   * @param compared the views compared
   * @param notPublished the views whose topic was empty
   * @param rowsCompared keys compared, of both sides
   * @param differing keys whose figures differ
   * @param examples the first few differences
   */
  public record BatchCheck(List<String> compared, List<String> notPublished, long rowsCompared, long differing,
      List<String> examples) {

    public BatchCheck {
      compared = List.copyOf(compared);
      notPublished = List.copyOf(notPublished);
      examples = List.copyOf(examples);
    }

    public boolean agrees() {
      return differing == 0 && !compared.isEmpty();
    }
  }
}
