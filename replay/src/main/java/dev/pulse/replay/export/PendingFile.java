package dev.pulse.replay.export;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A file written under a temporary sibling name and moved to its own name once complete. */
final class PendingFile {

  private final Path target;
  private final Path partial;

  PendingFile(Path target) throws IOException {
    this.target = target.toAbsolutePath();
    Path dir = this.target.getParent();
    if (dir != null) Files.createDirectories(dir);
    this.partial = this.target.resolveSibling(this.target.getFileName() + ".part");
    Files.deleteIfExists(partial);
  }

  /** Where to write. */
  Path partial() {
    return partial;
  }

  void commit() throws IOException {
    try {
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  void discard() {
    try {
      Files.deleteIfExists(partial);
    } catch (IOException e) {
      // Nothing better to do: the .part name already says the file is incomplete.
    }
  }
}
