package dev.pulse.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The parts of a run, each chosen by its name with {@code --only}. */
public enum Section {
  /** Kafka's own producer and consumer performance tools on the broker. */
  RAW,
  /** A province's year through the views from empty, and through a plain count. */
  PIPELINE,
  /** Ingest-to-live-stream latency at steady rates. */
  LATENCY,
  /** JMH: encoding and decoding one event in the Confluent wire format. */
  SERDE,
  /** Start time of {@code pulse up}, and the memory of the Pulse process. */
  START;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The section named, in any case, or an error listing the names. */
  public static Section parse(String name) {
    return Arrays.stream(values()).filter(s -> s.label().equalsIgnoreCase(name.trim())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no section '" + name + "'; the sections are "
            + Arrays.stream(values()).map(Section::label).collect(Collectors.joining(","))));
  }
}
