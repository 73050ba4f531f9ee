package dev.pulse.producers.importer;

import java.time.Duration;

/** How often, and how patiently, an import tries a batch again when Kafka or the gateway is away. */
record Retry(int attempts, Duration firstWait) {

  static Retry defaults() {
    return new Retry(6, Duration.ofSeconds(1));
  }

  /** The wait before attempt {@code n} (1-based): doubling, at most 30 s, at least what the server asked. */
  Duration before(int attempt, Duration asked) {
    long ms = Math.min(30_000, firstWait.toMillis() << Math.min(attempt - 1, 10));
    return Duration.ofMillis(Math.max(ms, asked == null ? 0 : asked.toMillis()));
  }

  static void pause(Duration wait) throws ImportException {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImportException("interrupted", e);
    }
  }
}
