package dev.pulse.producers.importer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * What an import did.
 *
 * @param rows the rows read (blank lines aside)
 * @param imported the rows written to Kafka
 * @param rejected the rows written to the rejects file instead
 * @param rejects the rejects file, or null when no row was rejected
 */
public record ImportSummary(String stream, Path file, String destination, long rows, long imported, long rejected,
    Duration took, Path rejects) {

  public double rowsPerSecond() {
    return took.toMillis() == 0 ? rows : rows * 1000.0 / took.toMillis();
  }

  @Override
  public String toString() {
    String base = String.format(Locale.ROOT, "Imported %,d of %,d %s rows from %s into %s in %.1f s (%,.0f rows/s).",
        imported, rows, stream, file.getFileName(), destination, took.toMillis() / 1000.0, rowsPerSecond());
    if (rejected == 0) return base + " No row was rejected.";
    return base + String.format(Locale.ROOT, " %,d rows rejected: see %s (row, field, message), mend them and run the"
        + " same import again; rows already imported are not duplicated.", rejected, rejects);
  }
}
