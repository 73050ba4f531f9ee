package dev.pulse.producers.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code FILE.rejects.csv} beside the input: one line per problem (row, field, message), written
 * only when a row is rejected. A run replaces the file of the run before, so it always describes
 * the last run.
 */
final class RejectsFile implements AutoCloseable {

  private final Path path;
  private CSVPrinter printer;
  private long rows;
  private long lastRow = -1;

  RejectsFile(Path input) throws IOException {
    this.path = input.resolveSibling(input.getFileName() + ".rejects.csv");
    Files.deleteIfExists(path);
  }

  void add(long row, String field, String message) {
    try {
      if (printer == null) {
        printer = CSVFormat.DEFAULT.builder().setHeader("row", "field", "message").get()
            .print(Files.newBufferedWriter(path, StandardCharsets.UTF_8));
      }
      printer.printRecord(row, field == null ? "" : field, message);
      if (row != lastRow) {
        rows++;
        lastRow = row;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** How many rows were rejected (a row with three problems counts once). */
  long rows() {
    return rows;
  }

  Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    if (printer != null) printer.close(true);
  }
}
