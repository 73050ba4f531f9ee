package dev.pulse.producers.importer;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The kinds of file {@code pulse import} reads. */
public enum InputFormat {
  /** A header row naming SPEC.md's fields, one record per row. */
  CSV,
  /** One JSON object per line, as the ingest API takes it. */
  NDJSON;

  /** The format a file's extension names (.csv; .ndjson, .jsonl, .json). */
  public static Optional<InputFormat> of(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) return Optional.of(CSV);
    if (name.endsWith(".ndjson") || name.endsWith(".jsonl") || name.endsWith(".json")) return Optional.of(NDJSON);
    return Optional.empty();
  }
}
