package dev.pulse.contract;

import dev.pulse.contract.Problem;
import dev.pulse.contract.KnownUnits;
import dev.pulse.avro.Unit;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules on units that need the tree (SPEC.md §2): no unit may become its own ancestor, and a
 * unit sits below its parent's level and above its children's (PROVINCE → DISTRICT → COMMUNE →
 * BRANCH; a level may be skipped). Each unit of a request is judged against the tree as it will
 * stand once all the request's units are applied (SPEC.md §6), so a request may list its units in
 * any order, children before parents.
 */
public final class UnitTreeRules {

  private UnitTreeRules() {}

  /** The problems of a request's units, each at its index; {@code null} entries are skipped. */
  public static List<Problem> check(List<Unit> units, KnownUnits current) {
    List<Problem> problems = new ArrayList<>();
    ProposedTree tree = new ProposedTree(current);
    units.stream().filter(java.util.Objects::nonNull).forEach(tree::put);
    for (int i = 0; i < units.size(); i++) {
      Unit unit = units.get(i);
      if (unit == null) continue;
      String id = unit.getUnitId();
      List<String> loop = unit.getParentId() == null ? List.of() : tree.loopIfParent(id, unit.getParentId());
      if (!loop.isEmpty()) {
        problems.add(new Problem(i, "parentId", "putting " + id + " under " + unit.getParentId()
            + " would make a loop (" + String.join(" → ", loop) + "): a unit cannot be its own ancestor"));
      }
      Unit parent = unit.getParentId() == null ? null : tree.unit(unit.getParentId()).orElse(null);
      if (parent != null && parent.getLevel().ordinal() >= unit.getLevel().ordinal()) {
        problems.add(new Problem(i, "level", "a " + unit.getLevel() + " cannot sit under " + parent.getLevel() + " "
            + parent.getUnitId() + "; the levels run PROVINCE → DISTRICT → COMMUNE → BRANCH"));
      }
      for (Unit child : tree.children(id)) {
        if (child.getLevel().ordinal() <= unit.getLevel().ordinal()) {
          problems.add(new Problem(i, "level", id + " cannot be a " + unit.getLevel() + ": its child "
              + child.getUnitId() + " is a " + child.getLevel() + ", and a unit's level must be above its children's"));
          break;
        }
      }
    }
    return problems;
  }
}
