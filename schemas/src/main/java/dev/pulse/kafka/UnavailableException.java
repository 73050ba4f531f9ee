package dev.pulse.kafka;

/**
 * Kafka (or the Schema Registry) could not take a batch in time. Almost always nothing of it was
 * committed; when Kafka failed while committing, the batch may have been committed whole — never in
 * part. Either way the caller may send the same batch again: ids make records idempotent.
 */
public final class UnavailableException extends Exception {

  private final boolean maybeCommitted;

  private UnavailableException(String message, Throwable cause, boolean maybeCommitted) {
    super(message, cause);
    this.maybeCommitted = maybeCommitted;
  }

  /** Nothing of the batch reached the log, or what did was aborted. */
  public static UnavailableException nothingWritten(String message, Throwable cause) {
    return new UnavailableException(message, cause, false);
  }

  /** Every record reached the broker but the commit was not confirmed: the batch is in whole or not at all. */
  public static UnavailableException unconfirmed(String message, Throwable cause) {
    return new UnavailableException(message, cause, true);
  }

  public boolean maybeCommitted() {
    return maybeCommitted;
  }
}
