package dev.pulse.contract;

import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The union's tree as it stands (SPEC.md §2), read through a look-up of units by id — a state
 * store in the engine, a map in the batch recomputation, the followed unit topic in the gateway.
 * The one place where ancestry is decided: a unit rolls up to the units above it while each parent
 * exists; a deleted or unknown parent cuts the chain (its children have no ancestry above
 * themselves); a unit on a loop, or below one, belongs to no tree above itself.
 */
@FunctionalInterface
public interface UnitTree {

  /** What the tree needs of a unit: its id, its parent, its level. */
  record Node(String unitId, String parentId, UnitLevel level) {
    public static Node of(Unit unit) {
      return new Node(unit.getUnitId(), unit.getParentId(), unit.getLevel());
    }

    public boolean isBranch() {
      return level == UnitLevel.BRANCH;
    }
  }

  /** The unit's node; null when no such unit exists. */
  Node node(String unitId);

  /** A tree over a look-up that answers null for an unknown unit. */
  static UnitTree over(Function<String, Node> lookup) {
    return lookup::apply;
  }

  /** A tree of these units, by id. */
  static UnitTree of(Map<String, Unit> units) {
    return id -> {
      Unit u = id == null ? null : units.get(id);
      return u == null ? null : Node.of(u);
    };
  }

  /**
   * The unit and every unit above it, nearest first: the units whose subtree contains it. Empty for
   * an unknown unit; the unit alone when its ancestry loops.
   */
  default List<String> rollUp(String unitId) {
    Node u = unitId == null ? null : node(unitId);
    if (u == null) return List.of();
    List<String> chain = new ArrayList<>(4);
    Set<String> seen = new HashSet<>();
    chain.add(u.unitId());
    seen.add(u.unitId());
    Node current = u;
    while (current.parentId() != null) {
      Node parent = node(current.parentId());
      if (parent == null) break;
      if (!seen.add(parent.unitId())) return List.of(u.unitId());
      chain.add(parent.unitId());
      current = parent;
    }
    return chain;
  }

  /** The units above this one, nearest first: {@link #rollUp} without the unit itself. */
  default List<String> ancestors(String unitId) {
    List<String> chain = rollUp(unitId);
    return chain.isEmpty() ? List.of() : chain.subList(1, chain.size());
  }

  /** Whether the unit exists and is a branch: only then do memberships and household events in it count. */
  default boolean isBranch(String unitId) {
    Node u = unitId == null ? null : node(unitId);
    return u != null && u.isBranch();
  }

  /** Whether the unit exists now. */
  default boolean exists(String unitId) {
    return unitId != null && node(unitId) != null;
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
      Node n = node(current);
      current = n == null ? null : n.parentId();
    }
    return List.of();
  }
}
