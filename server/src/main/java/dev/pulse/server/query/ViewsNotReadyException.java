package dev.pulse.server.query;

/**
 * The views cannot be read here right now — starting, restoring, rebalancing, or held elsewhere —
 * and will be again by themselves: answered 503 with Retry-After.
 */
public final class ViewsNotReadyException extends RuntimeException {

  public ViewsNotReadyException(String message, Throwable cause) {
    super(message, cause);
  }
}
