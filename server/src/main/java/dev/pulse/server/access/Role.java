package dev.pulse.server.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a token may do, always within the subtree of its unit. */
public enum Role {
  /** Reads views and units. */
  READER,
  /** Reads, and sends memberships, activities, attendance and household status. */
  EMITTER,
  /** Everything an emitter does, and changes and deletes units and deletes memberships. */
  ADMIN;

  public boolean mayRead() {
    return true;
  }

  public boolean mayEmit() {
    return this == EMITTER || this == ADMIN;
  }

  public boolean mayAdminister() {
    return this == ADMIN;
  }

  /** The role named, in any case ({@code emitter}, {@code ADMIN}). */
  public static Optional<Role> parse(String name) {
    return Arrays.stream(values()).filter(r -> r.name().equalsIgnoreCase(name == null ? "" : name.trim())).findFirst();
  }

  /** The name as the command line writes it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
