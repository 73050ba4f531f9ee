package dev.pulse.streams.partitioned;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Keeps a row task's publishing to a bounded share of its thread. Publishing compares every
 * changed unit's rows with what was last published, a scan per unit and kind of period: cheap
 * when a few units changed (a live system), but while catching up every unit changes between two
 * punctuations, and publishing each time would take most of the thread. After a publication that
 * took t of the thread's CPU, the next one waits until 9 t have passed, so publishing takes at
 * most a tenth of the thread; what changed meanwhile stays marked and goes out with it. Nothing is
 * lost by waiting: every row is published as an absolute value.
 *
 * <p>CPU time, not the wall clock: a publication that waited (a send blocked while the broker was
 * away, a machine busy with other work) did not cost the thread anything, and must not hold the
 * next one back. The wait is capped all the same, so that the views never lag by more than
 * {@link #MAX_WAIT_MILLIS} for the pacer's sake.
 */
final class PublishPacer {

  private static final int WAIT_FACTOR = 9;
  static final long MAX_WAIT_MILLIS = 5_000;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported();

  private long nextMillis = Long.MIN_VALUE;

  /** Publishes at the next punctuation, whatever the last publication took (a task re-initialised). */
  void reset() {
    nextMillis = Long.MIN_VALUE;
  }

  /**
   * Runs the publication at punctuation time {@code now} (wall-clock milliseconds, as Kafka
   * Streams gives it) unless the previous one asks to wait longer.
   */
  void run(long now, Runnable publication) {
    if (now < nextMillis) return;
    long start = clock();
    publication.run();
    long tookMillis = (clock() - start) / 1_000_000;
    nextMillis = now + tookMillis + Math.min(MAX_WAIT_MILLIS, WAIT_FACTOR * tookMillis);
  }

  private static long clock() {
    return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }
}
