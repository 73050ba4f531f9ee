package dev.pulse.bench;

/**
 * What the broker takes and gives at most, with Kafka's own tools, for records of Pulse's size.
 *
 * @param recordBytes the size of each record sent: the mean size of a Pulse event (key + value)
 * @param records how many were produced, then consumed
 * @param produce ProducerPerformance with Pulse's producer settings (acks=all, idempotent, linger 5 ms)
 * @param consume ConsumerPerformance reading them back, read_committed as the views read
 */
public record RawLimits(int recordBytes, long records, String producerSettings, Throughput produce,
    Throughput consume) {

  /**
   * A rate as a tool reported it.
   *
   * @param recordsPerSecond records a second over the tool's own measured span
   * @param mebibytesPerSecond MiB a second over the same span (the tools' "MB" is 2^20 bytes)
   * @param seconds the span the tool measured over
   */
  public record Throughput(long records, double recordsPerSecond, double mebibytesPerSecond, double seconds) {}
}
