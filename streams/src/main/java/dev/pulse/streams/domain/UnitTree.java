package dev.pulse.streams.domain;

import dev.pulse.streams.domain.Facts.UnitFact;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The union's tree as it stands now, read through a look-up of units by id (a state store in the
 * streams, a map in tests).
 */
public final class UnitTree {

  private final Function<String, UnitFact> units;

  public UnitTree(Function<String, UnitFact> units) {
    this.units = units;
  }

  public UnitFact unit(String unitId) {
    return unitId == null ? null : units.apply(unitId);
  }

  /**
   * The unit and every unit above it, nearest first (SPEC.md §2): empty for an unknown unit; a
   * deleted parent cuts the chain (its children have no ancestry above themselves); a unit whose
   * chain loops belongs to no tree above itself, so its roll-up is the unit alone.
   */
  public List<String> rollUp(String unitId) {
    UnitFact u = unit(unitId);
    if (u == null) return List.of();
    List<String> chain = new ArrayList<>(4);
    Set<String> seen = new HashSet<>();
    chain.add(u.unitId());
    seen.add(u.unitId());
    UnitFact current = u;
    while (current.parentId() != null) {
      UnitFact parent = unit(current.parentId());
      if (parent == null) break;
      if (!seen.add(parent.unitId())) return List.of(u.unitId());
      chain.add(parent.unitId());
      current = parent;
    }
    return chain;
  }

  /** Whether the unit exists and is a branch: only then do memberships and household events in it count. */
  public boolean isBranch(String unitId) {
    UnitFact u = unit(unitId);
    return u != null && u.isBranch();
  }
}
