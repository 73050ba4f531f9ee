package dev.pulse.registry.server;

import java.util.Objects;

/**
 * Decides whether an HTTP request may change the registry: register a new schema version, delete a
 * subject or a version, set a compatibility level. Reads never ask, and neither does registering a
 * schema the subject already holds (it only answers the schema's id). The registry knows nothing of
 * who may: the process that runs it does (for {@code pulse up}, the admin token of a root unit).
 */
@FunctionalInterface
public interface WriteGuard {

  /** Lets every change through: for tests and tools on one machine, never for a served registry. */
  WriteGuard OPEN = authorization -> Decision.allowed();

  /**
   * @param authorization the request's {@code Authorization} header, or null when it has none
   */
  Decision check(String authorization);

  /**
   * What the guard decided.
   *
   * @param status 0 when allowed; 401 when the request carries no usable credential; 403 when it
   *     carries one that may not make changes
   * @param reason why it was refused, for the answer: never the credential itself
   */
  record Decision(int status, String reason) {

    public Decision {
      if (status != 0 && status != 401 && status != 403) {
        throw new IllegalArgumentException("a write guard allows (0) or answers 401 or 403, not " + status);
      }
      if (status != 0) Objects.requireNonNull(reason, "reason");
    }

    public static Decision allowed() {
      return new Decision(0, null);
    }

    /** No credential, or one that names no one: 401, and the client may try with credentials. */
    public static Decision unauthenticated(String reason) {
      return new Decision(401, reason);
    }

    /** A credential that may not change the registry: 403. */
    public static Decision forbidden(String reason) {
      return new Decision(403, reason);
    }

    public boolean isAllowed() {
      return status == 0;
    }
  }
}
