package dev.pulse.replay.export;

import java.io.IOException;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes rows to one output in one format. A file appears under its name only when {@link #finish}
 * succeeds: until then rows go to a sibling {@code .part} file, which {@link #close} removes if
 * the export stopped, so a file under the asked name is always complete.
 */
public interface RowWriter extends AutoCloseable {

  void write(GenericRecord row) throws IOException;

  /** Flushes and closes the output and moves the file in place. */
  void finish() throws IOException;

  /** Abandons an unfinished output, removing its partial file; does nothing after {@link #finish}. */
  @Override
  void close();
}
