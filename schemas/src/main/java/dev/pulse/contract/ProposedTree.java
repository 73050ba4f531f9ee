package dev.pulse.contract;

import dev.pulse.contract.KnownUnits;
import dev.pulse.avro.Unit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tree as it would stand once the units of one request are written: the current tree with
 * the request's units (and deletions) laid over it. Rules judge every record of a request against
 * the whole of it (SPEC.md §6: the tree as it will stand), so the order of the request's units
 * does not matter; a unit listed twice stands as its last listing.
 */
public final class ProposedTree implements KnownUnits {

  private final KnownUnits base;
  /** unitId → the unit, or an empty Optional for a deletion. */
  private final Map<String, Optional<Unit>> changes = new HashMap<>();

  public ProposedTree(KnownUnits base) {
    this.base = base;
  }

  public void put(Unit unit) {
    changes.put(unit.getUnitId(), Optional.of(unit));
  }

  public void delete(String unitId) {
    changes.put(unitId, Optional.empty());
  }

  @Override
  public Optional<Unit> unit(String unitId) {
    Optional<Unit> changed = changes.get(unitId);
    return changed != null ? changed : base.unit(unitId);
  }

  @Override
  public List<Unit> children(String unitId) {
    Map<String, Unit> children = new HashMap<>();
    for (Unit u : base.children(unitId)) {
      if (!changes.containsKey(u.getUnitId())) children.put(u.getUnitId(), u);
    }
    for (Optional<Unit> changed : changes.values()) {
      changed.filter(u -> unitId.equals(u.getParentId())).ifPresent(u -> children.put(u.getUnitId(), u));
    }
    List<Unit> out = new ArrayList<>(children.values());
    out.sort(Comparator.comparing(Unit::getUnitId));
    return out;
  }
}
