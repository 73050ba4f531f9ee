package dev.pulse.bench;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Records posted through the ingest API at steady rates, each timed to its view change on the
 * live stream.
 *
 * @param batchIntervalMs how often a batch is due at the default rates (rate × interval records each)
 * @param warmupSeconds a first, unrecorded stretch at {@link LatencyBench#WARMUP_RATE} records/s
 * @param rates one entry per rate asked for
 */
public record LatencyResult(double batchIntervalMs, double warmupSeconds, List<Rate> rates) {

  /**
   * One steady rate.
   *
   * @param targetRate records/s asked for
   * @param batchSize records in each POST (one Kafka transaction)
   * @param batches POSTs due in the stretch, one every {@code batchSize / targetRate} seconds
   * @param sent records in the POSTs sent
   * @param accepted records answered 200
   * @param failedRequests POSTs answered otherwise, or not at all
   * @param ingestRate accepted records a second, from the stretch's start to the last 200
   * @param seen accepted records whose view change reached the live stream
   * @param unseen accepted records whose view change had not arrived when the run stopped
   *     waiting; they are in no percentile below
   * @param viewRate seen records a second, from the first view change of the stretch to the last
   * @param sustained whether both rates came within 5 % of the target and every record was seen
   * @param toView from a record's 200 to its view change on the live stream: the figure
   * @param endToEnd from when the record's POST was due by the schedule to its view change: free
   *     of coordinated omission, since the schedule never waits for an answer
   * @param ingest from when the POST was due to its 200
   */
  public record Rate(int targetRate, int batchSize, int batches, double seconds, long sent, long accepted,
      long failedRequests, double ingestRate, long seen, long unseen, double viewRate, boolean sustained,
      Percentiles toView, Percentiles endToEnd, Percentiles ingest) {}

  /** Milliseconds at the percentiles of one histogram, and how many records it holds. */
  public record Percentiles(long count, double p50, double p99, double p999, double max) {

    static Percentiles of(Histogram microseconds) {
      if (microseconds.getTotalCount() == 0) return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      return new Percentiles(microseconds.getTotalCount(), ms(microseconds.getValueAtPercentile(50)),
          ms(microseconds.getValueAtPercentile(99)), ms(microseconds.getValueAtPercentile(99.9)),
          ms(microseconds.getMaxValue()));
    }

    static Histogram newHistogram() {
      return new Histogram(TimeUnit.HOURS.toMicros(1), 3);
    }

    private static double ms(long micros) {
      return micros / 1000.0;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms, max %.0f ms", p50, p99, p999, max);
    }
  }
}
