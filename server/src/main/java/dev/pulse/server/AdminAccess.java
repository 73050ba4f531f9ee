package dev.pulse.server;

import dev.pulse.server.access.Access;
import dev.pulse.server.access.Principal;
import dev.pulse.avro.Unit;
import dev.pulse.contract.KnownUnits;
import dev.pulse.server.query.AdminScope;
import java.util.Optional;

/**
 * Who may see what only admins see (SPEC.md §6): single records (dead letters), the detail of
 * {@code /health} and {@code /metrics}. An admin token, whether or not reading is open to all: open
 * reading opens the aggregates, never single records or the pipeline's internals.
 */
public final class AdminAccess {

  private final Access access;
  private final KnownUnits units;

  public AdminAccess(Access access, KnownUnits units) {
    this.access = access;
    this.units = units;
  }

  /** The caller of a request with this {@code Authorization} header, as the query side needs it. */
  public AdminScope scopeOf(String authorizationHeader) {
    if (access == null) return new AdminScope.Refused(403, "this instance checks no tokens, so it shows no single records");
    Access.Verdict verdict = access.check(authorizationHeader);
    if (verdict instanceof Access.Refused refused) {
      return new AdminScope.Refused(401, "this needs an admin token: " + refused.reason());
    }
    Principal p = verdict.caller().orElseThrow();
    if (!p.mayAdminister()) {
      return new AdminScope.Refused(403, "this needs an admin token; " + p + " is not one");
    }
    Optional<Unit> own = units.unit(p.unitId());
    boolean root = own.isPresent() && own.get().getParentId() == null;
    return new AdminScope.Admin(p.unitId(), unit -> units.isInSubtree(unit, p.unitId()), root);
  }

  /** The admin calling with this header, if it is one. */
  public Optional<AdminScope.Admin> admin(String authorizationHeader) {
    return scopeOf(authorizationHeader) instanceof AdminScope.Admin a ? Optional.of(a) : Optional.empty();
  }
}
