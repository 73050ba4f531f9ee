package dev.pulse.replay.export;

import java.io.IOException;

/**
 * What every {@link RowWriter} does around its format: on {@link #finish} it completes the output
 * and moves the file in place; on an unfinished {@link #close} it closes the output quietly and
 * removes the partial file. A writer to a stream has no file.
 */
abstract class OutputRowWriter implements RowWriter {

  private final PendingFile file;
  private boolean finished;

  /** @param file the file being written, or null when writing to a stream */
  OutputRowWriter(PendingFile file) {
    this.file = file;
  }

  /** Closes the output after an error: nothing more is written. */
  abstract void closeOutput() throws IOException;

  /** Writes what the format puts after the last row, flushes and closes; by default {@link #closeOutput}. */
  void completeOutput() throws IOException {
    closeOutput();
  }

  @Override
  public final void finish() throws IOException {
    completeOutput();
    finished = true;
    if (file != null) file.commit();
  }

  @Override
  public final void close() {
    if (finished) return;
    try {
      closeOutput();
    } catch (IOException | RuntimeException e) {
      // The export failed already; the partial file goes anyway.
    }
    if (file != null) file.discard();
  }
}
