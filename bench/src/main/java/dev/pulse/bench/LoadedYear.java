package dev.pulse.bench;

import java.util.Map;

/**
 * The province's year as loaded into the input topics, and what its records weigh.
 *
 * @param scaleFraction the share of the province generated
 * @param records every record sent, tombstones and the generator's duplicates included
 * @param perTopic records per input topic
 * @param tombstones records with a null value (deleted units and memberships)
 * @param meanKeyBytes mean UTF-8 size of a key
 * @param meanValueBytes mean size of a value in the Confluent wire format (5-byte header + Avro),
 *     tombstones left out
 * @param loadSeconds from the first record generated to the last acknowledged
 */
public record LoadedYear(double scaleFraction, long records, Map<String, Long> perTopic, long tombstones,
    double meanKeyBytes, double meanValueBytes, double loadSeconds) {

  public LoadedYear {
    perTopic = Map.copyOf(perTopic);
  }

  /** The record size the raw tools send: key and value, as one Pulse event weighs on the wire. */
  public int meanRecordBytes() {
    return (int) Math.round(meanKeyBytes + meanValueBytes);
  }

  public double loadRecordsPerSecond() {
    return records / loadSeconds;
  }
}
