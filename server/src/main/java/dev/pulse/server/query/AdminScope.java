package dev.pulse.server.query;

import java.util.function.Predicate;

/**
 * Who asks for something only admins see (SPEC.md §6: dead letters, errors with their payloads),
 * as the server's tokens and unit tree say. The streams module knows neither: the server hands the
 * query side a function from a request's {@code Authorization} header to one of these.
 */
public sealed interface AdminScope {

  /** Not an admin: the status (401 without a valid token, 403 with a token that is not an admin's) and why. */
  record Refused(int status, String message) implements AdminScope {}

  /**
   * An admin token of {@code unitId}.
   *
   * @param inSubtree whether a unit lies in the subtree of the token's unit (as the tree stands now)
   * @param root whether the token's unit is a root of the tree (a unit without a parent): only such
   *     an admin sees what belongs to no unit that can be told
   */
  record Admin(String unitId, Predicate<String> inSubtree, boolean root) implements AdminScope {

    /** Whether something that belongs to these units (empty: to none that can be told) is this admin's to see. */
    public boolean sees(java.util.Collection<String> units) {
      return units.isEmpty() ? root : units.stream().anyMatch(inSubtree);
    }
  }
}
