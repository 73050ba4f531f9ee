package dev.pulse.app;

import dev.pulse.server.access.Access;
import dev.pulse.server.access.Principal;
import dev.pulse.kafka.UnitDirectory;
import dev.pulse.registry.server.WriteGuard;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Who may change the embedded Schema Registry (SPEC.md §6): the admin token of a root unit, a unit
 * without a parent. The schemas are the contract of every topic, so a change is the province's to
 * make, not a district's. The token comes as a Bearer header or as HTTP basic auth with the user
 * {@code token} and the token as password, which is what Confluent clients send with
 * {@code basic.auth.user.info=token:<token>}.
 *
 * <p>The token cache and the unit tree start after the registry: until they run, changes are
 * refused.
 */
final class RegistryWriteAccess implements WriteGuard {

  static final String BASIC_USER = "token";

  private final Supplier<Access> access;
  private final Supplier<UnitDirectory> units;

  RegistryWriteAccess(Supplier<Access> access, Supplier<UnitDirectory> units) {
    this.access = access;
    this.units = units;
  }

  @Override
  public Decision check(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return Decision.unauthenticated("a change needs the admin token of a root unit, as 'Authorization: Bearer"
          + " <token>' or basic auth with user '" + BASIC_USER + "' and the token as password");
    }
    String bearer = asBearer(authorization.trim());
    if (bearer == null) {
      return Decision.unauthenticated("send the token as 'Authorization: Bearer <token>' or as basic auth with"
          + " user '" + BASIC_USER + "' and the token as password");
    }
    Access tokens = access.get();
    UnitDirectory tree = units.get();
    if (tokens == null || tree == null) {
      return Decision.forbidden("this Pulse instance does not check tokens (it runs neither the ingest nor the"
          + " api role, or is still starting); change schemas through one that does");
    }
    Access.Verdict verdict = tokens.check(bearer);
    if (verdict instanceof Access.Refused refused) {
      return Decision.unauthenticated(refused.reason());
    }
    Principal caller = verdict.caller().orElseThrow();
    if (!caller.mayAdminister()) {
      return Decision.forbidden(caller + " is not an admin token: changing schemas needs the admin token of a root unit");
    }
    boolean root = tree.unit(caller.unitId()).map(u -> u.getParentId() == null).orElse(false);
    if (!root) {
      return Decision.forbidden(caller + " is not of a root unit: changing schemas needs the admin token of a unit"
          + " without a parent (the province)");
    }
    return Decision.allowed();
  }

  /** {@code Bearer <token>} as is; {@code Basic base64(token:<token>)} as {@code Bearer <token>}; else null. */
  private static String asBearer(String header) {
    String lower = header.toLowerCase(Locale.ROOT);
    if (lower.startsWith("bearer ")) return header;
    if (!lower.startsWith("basic ")) return null;
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring("basic ".length()).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0 || !decoded.substring(0, colon).equals(BASIC_USER)) return null;
    return "Bearer " + decoded.substring(colon + 1);
  }
}
