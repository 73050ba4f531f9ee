package dev.pulse.batch;

import dev.pulse.contract.UnitTree;
import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The units that exist now (SPEC.md §2), and for each the chain of units its numbers roll up to,
 * computed once by the contract's {@link UnitTree}.
 *
 * <p>The chain of u starts at u and follows parentId links while they name an existing unit. It
 * stops below a missing parent (null, never created, or deleted): a deleted unit's children have
 * no ancestry above themselves. If the walk meets a unit twice, u's ancestry loops, and its chain
 * is u alone: this holds for every unit on the loop and every unit below one.
 */
final class CurrentUnits {

  private final Map<String, Unit> units;
  private final Map<String, List<String>> chains = new HashMap<>();

  CurrentUnits(Map<String, Unit> currentUnits) {
    this.units = Map.copyOf(currentUnits);
    for (String unitId : units.keySet()) {
      chains.put(unitId, walkUp(unitId));
    }
  }

  private List<String> walkUp(String unitId) {
    return List.copyOf(UnitTree.of(units).rollUp(unitId));
  }

  /** The units that exist now (created and not deleted). */
  Set<String> unitIds() {
    return units.keySet();
  }

  boolean exists(String unitId) {
    return unitId != null && units.containsKey(unitId);
  }

  /** Whether the unit exists now with level BRANCH: only then do memberships and household events in it count. */
  boolean isBranch(String unitId) {
    return exists(unitId) && units.get(unitId).getLevel() == UnitLevel.BRANCH;
  }

  /**
   * The unit itself and the units above it, nearest first: the units whose subtree contains it.
   * Empty for a unit that does not exist.
   */
  List<String> selfAndAncestors(String unitId) {
    return unitId == null ? List.of() : chains.getOrDefault(unitId, List.of());
  }
}
