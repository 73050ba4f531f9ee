package dev.pulse.bench;

/**
 * JMH's average time for one attendance record through Pulse's serde.
 *
 * @param encodedBytes the record's size in the wire format
 * @param encodeMicros mean µs to encode one record, with JMH's 99.9 % error
 * @param decodeMicros mean µs to decode it
 * @param settings forks, warm-up and measurement iterations as run
 */
public record SerdeResult(int encodedBytes, double encodeMicros, double encodeError, double decodeMicros,
    double decodeError, String settings) {}
