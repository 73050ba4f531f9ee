package dev.pulse.replay.export;

import java.time.Instant;

/**
 * A span of record time: {@code from} inclusive, {@code to} exclusive, so that consecutive ranges
 * ({@code [Jan, Feb)}, {@code [Feb, Mar)}) export every record exactly once. A null bound is open.
 * Record time is the Kafka record timestamp, not a field of the value.
 */
public record TimeRange(Instant from, Instant to) {

  /** Every record, whatever its timestamp. */
  public static final TimeRange ALL = new TimeRange(null, null);

  public TimeRange {
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("the range is empty: --from " + from + " must be before --to " + to
          + " (--from is inclusive, --to exclusive)");
    }
  }

  /** Whether a record with this timestamp (epoch milliseconds) lies in the range. */
  public boolean contains(long timestampMs) {
    return (from == null || timestampMs >= from.toEpochMilli()) && (to == null || timestampMs < to.toEpochMilli());
  }

  @Override
  public String toString() {
    return "[" + (from == null ? "beginning" : from) + ", " + (to == null ? "end" : to) + ")";
  }
}
