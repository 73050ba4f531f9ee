package dev.pulse.producers.importer;

/** Something that stops an import as a whole (an unreadable file, a refused token), said for the operator. */
public final class ImportException extends Exception {

  public ImportException(String message) {
    super(message);
  }

  public ImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
