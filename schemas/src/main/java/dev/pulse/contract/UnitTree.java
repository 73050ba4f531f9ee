package dev.pulse.contract;

import dev.pulse.kafka.UnitDirectory;
import dev.pulse.avro.Unit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The tree of units as it stands (SPEC.md §1, {@code org.units.v1}): who sits under whom. Ancestry
 * follows {@code parentId} upwards and stops below a unit that does not exist; a unit whose
 * ancestry loops belongs to nothing above itself (SPEC.md §2).
 */
public interface UnitTree {

  /** The unit, if it exists. */
  Optional<Unit> unit(String unitId);

  /** The units whose parentId is this unit, ordered by unitId. */
  List<Unit> children(String unitId);

  /** A tree with no units. */
  static UnitTree empty() {
    return UnitDirectory.of(List.of());
  }

  /**
   * The units above this one, nearest first, up to the root or to the last unit below a missing
   * parent (a deleted unit's children have no ancestry above themselves). Empty when the unit is
   * unknown, is a root, or when its ancestry loops: a unit on a loop or below one belongs to no
   * tree above itself (the same rule as the views').
   */
  default List<String> ancestors(String unitId) {
    List<String> chain = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    seen.add(unitId);
    Optional<Unit> current = unit(unitId);
    while (current.isPresent() && current.get().getParentId() != null) {
      String parent = current.get().getParentId();
      if (!seen.add(parent)) return List.of();
      current = unit(parent);
      if (current.isEmpty()) break;
      chain.add(parent);
    }
    return chain;
  }

  /**
   * Whether {@code unitId} lies in the subtree of {@code ancestorId}: it is that unit, or that unit
   * is among its ancestors. A unit is always in its own subtree, known or not (a token scoped to a
   * branch may send for that branch before the branch is registered).
   */
  default boolean isInSubtree(String unitId, String ancestorId) {
    if (unitId == null || ancestorId == null) return false;
    return unitId.equals(ancestorId) || ancestors(unitId).contains(ancestorId);
  }

  /**
   * The loop that setting {@code unitId}'s parent to {@code parentId} would close, from the unit
   * back to it ({@code [A, B, A]}), or empty when there is none.
   */
  default List<String> loopIfParent(String unitId, String parentId) {
    List<String> path = new ArrayList<>();
    path.add(unitId);
    Set<String> seen = new HashSet<>();
    String current = parentId;
    while (current != null && seen.add(current)) {
      path.add(current);
      if (current.equals(unitId)) return path;
      current = unit(current).map(Unit::getParentId).orElse(null);
    }
    return List.of();
  }
}
