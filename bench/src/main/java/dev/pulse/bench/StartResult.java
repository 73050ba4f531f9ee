package dev.pulse.bench;

/**
 * How fast {@code pulse up} starts and how much memory Pulse holds.
 *
 * @param launchedAs the command run
 * @param readySeconds from launching a fresh {@code pulse up} (embedded broker, temporary data
 *     directory) to its Kafka, Schema Registry and HTTP ports all answering
 * @param saidSeconds what Pulse itself printed ("Pulse is up, started in … s"), or -1
 * @param empty the memory of that fresh, empty Pulse
 * @param demoFiguresSeconds from launching {@code pulse up --demo} fresh to the province's row of its
 *     year showing eligible members: the dashboard's first figures
 * @param province the memory of a Pulse holding the province's views, or null when the pipeline
 *     section did not run before (it leaves the state to restore)
 */
public record StartResult(String launchedAs, double readySeconds, double saidSeconds, Memory empty,
    double demoFiguresSeconds, ProvinceRestart province) {

  /**
   * One moment of the process's memory.
   *
   * @param heapUsedMiB heap in use as /metrics said (garbage included)
   * @param heapAfterGcMiB heap in use right after a full GC ({@code jcmd GC.run}): what the
   *     process holds; -1 without jcmd
   * @param heapMaxMiB the heap's ceiling
   * @param rssMiB resident set size ({@code VmRSS} of {@code /proc/<pid>/status}): heap, RocksDB
   *     and everything else, as the machine sees it
   */
  public record Memory(long heapUsedMiB, long heapAfterGcMiB, long heapMaxMiB, long rssMiB) {}

  /**
   * {@code pulse up} started on the run's broker after the pipeline section: it restores the
   * province's views from their changelog topics, as a restarted Pulse does.
   *
   * @param readySeconds from launch to its HTTP port answering
   * @param caughtUpSeconds from launch to /health saying the streams are RUNNING with no lag
   * @param changes a new event year and a district's move made to it once caught up ({@link ChangesBench})
   */
  public record ProvinceRestart(double readySeconds, double caughtUpSeconds, Memory memory, ChangesResult changes) {}
}
