package dev.pulse.app;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What one Pulse instance does, so that gateways, stream processors and query servers scale
 * separately. An instance runs any combination; {@code pulse up} runs all three by default.
 */
public enum Role {
  /** The ingest gateway: {@code POST /api/v1/ingest/*}, with the token and unit caches it checks against. */
  INGEST,
  /** A member of the streams application: its share of the tasks, a standby copy of the views. */
  STREAMS,
  /** Queries, the live stream, dead letters and the dashboard. */
  API;

  public static final Set<Role> ALL = Set.copyOf(EnumSet.allOf(Role.class));

  /** {@code ingest,streams} → the roles, naming a mistake and the roles there are. */
  public static Set<Role> parse(String text) {
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (String part : text.split(",")) {
      String name = part.strip();
      if (name.isEmpty()) continue;
      try {
        roles.add(Role.valueOf(name.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--role: there is no role '" + name + "'; the roles are ingest, streams and api");
      }
    }
    if (roles.isEmpty()) throw new IllegalArgumentException("--role: name at least one of ingest, streams, api");
    return Set.copyOf(roles);
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
