package dev.pulse.replay;

import dev.pulse.streams.Engine;
import dev.pulse.streams.StreamsSettings;
import picocli.CommandLine.Option;

/** {@code --engine} and {@code --stream-threads}: which views engine a command runs, and on how many threads. */
public final class EngineOptions {

  @Option(names = "--engine", defaultValue = "partitioned", paramLabel = "ENGINE",
      description = "The views engine: 'partitioned' (the work spread over the input topics' partitions, the"
          + " stream threads and the instances) or 'single' (every input in one task, on one core)"
          + " (default: ${DEFAULT-VALUE}).")
  String engine;

  @Option(names = "--stream-threads", defaultValue = "2", paramLabel = "N",
      description = "Stream threads of this instance; the partitioned engine spreads its tasks over them"
          + " (default: ${DEFAULT-VALUE}).")
  int threads;

  /** @throws IllegalArgumentException naming the option when a value is not usable */
  public Engine engine() {
    return Engine.named(engine);
  }

  public int threads() {
    if (threads < 1) throw new IllegalArgumentException("--stream-threads must be 1 or more, was " + threads);
    return threads;
  }

  /** The settings running the engine chosen here. */
  public StreamsSettings applyTo(StreamsSettings settings) {
    return settings.withEngine(engine(), threads());
  }
}
