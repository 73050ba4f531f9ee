package dev.pulse.ingest;

import dev.pulse.access.Principal;
import dev.pulse.avro.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * Whether a token may send what it sends (SPEC.md §6): a token is scoped to a unit and may send
 * records only for that unit's subtree, named by {@code unitId} (activities), {@code recordedBy}
 * (attendance) or {@code branchId} (memberships, household status). Units are an admin's: an admin
 * token may place units under its own unit's subtree and change or delete units already in it; the
 * token's own unit may be created or renamed but not moved.
 */
public final class ScopeRules {

  private ScopeRules() {}

  /** What this caller may not send among these records (valid records, in request order). */
  public static List<Problem> check(Principal caller, IngestStream<?> stream, List<? extends SpecificRecord> records,
      UnitTree tree) {
    List<Problem> problems = new ArrayList<>();
    if (stream == IngestStream.UNITS) {
      ProposedTree proposed = new ProposedTree(tree);
      for (int i = 0; i < records.size(); i++) {
        Unit unit = (Unit) records.get(i);
        Problem refusal = unitRefusal(caller, unit, proposed, i);
        if (refusal != null) problems.add(refusal);
        proposed.put(unit);
      }
      return problems;
    }
    for (int i = 0; i < records.size(); i++) {
      String unitId = stream.scopeUnitOf(records.get(i));
      if (!tree.isInSubtree(unitId, caller.unitId())) {
        problems.add(new Problem(i, stream.scopeField(), outside(unitId, caller, tree)));
      }
    }
    return problems;
  }

  /** Whether this caller may delete the unit. */
  public static Problem checkUnitDeletion(Principal caller, String unitId, UnitTree tree) {
    if (tree.isInSubtree(unitId, caller.unitId())) return null;
    return new Problem(0, "unitId", outside(unitId, caller, tree));
  }

  /** Null when allowed. */
  private static Problem unitRefusal(Principal caller, Unit unit, UnitTree tree, int index) {
    String scope = caller.unitId();
    String id = unit.getUnitId();
    boolean exists = tree.unit(id).isPresent();
    if (id.equals(scope)) {
      String currentParent = tree.unit(id).map(Unit::getParentId).orElse(null);
      if (exists && !Objects.equals(currentParent, unit.getParentId())) {
        return new Problem(index, "parentId", "this token is scoped to " + scope
            + " and cannot move it; a token of a unit above " + scope + " can");
      }
      return null;
    }
    if (exists && !tree.isInSubtree(id, scope)) {
      return new Problem(index, "unitId", outside(id, caller, tree));
    }
    if (unit.getParentId() == null || !tree.isInSubtree(unit.getParentId(), scope)) {
      return new Problem(index, "parentId", unit.getParentId() == null
          ? "only the root's own admin token may create a root unit; this token is scoped to " + scope
          : outside(unit.getParentId(), caller, tree));
    }
    return null;
  }

  private static String outside(String unitId, Principal caller, UnitTree tree) {
    String where = tree.unit(unitId).isPresent() ? unitId : unitId + " (a unit Pulse does not know yet)";
    return where + " is outside the subtree of " + caller.unitId() + ", to which this token is scoped";
  }
}
