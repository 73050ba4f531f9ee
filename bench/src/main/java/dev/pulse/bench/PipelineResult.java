package dev.pulse.bench;

/**
 * A province's year through Pulse's views, and through the plain count, from empty.
 *
 * @param records input records the year holds
 * @param pulse Pulse's streams application (the real topology, Pulse's settings)
 * @param plainCount the plain {@code groupByKey().count()} with the same settings
 * @param check whether the views say what the generator built the year to say
 */
public record PipelineResult(long records, Run pulse, Run plainCount, ViewsCheck check) {

  /**
   * One application from its start to complete ({@link CompletionWatch}).
   *
   * @param seconds from the call that starts it to the moment it was complete
   * @param heapUsedMiB heap in use in this process right after (the stores live here)
   */
  public record Run(String applicationId, double seconds, double recordsPerSecond, long heapUsedMiB) {}

  /**
   * The province's poverty row for the generated year against the generator's exact targets.
   *
   * @param row the view row's key
   */
  public record ViewsCheck(String row, long expectedSupported, long supported, long expectedExited, long exited) {

    public boolean agrees() {
      return supported == expectedSupported && exited == expectedExited;
    }
  }
}
