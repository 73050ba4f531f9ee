package dev.pulse.server.ingest;

import dev.pulse.contract.ProposedTree;
import dev.pulse.contract.IngestStream;
import dev.pulse.contract.Problem;
import dev.pulse.contract.KnownUnits;
import dev.pulse.server.access.Principal;
import dev.pulse.avro.Unit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * Whether a token may send what it sends (SPEC.md §2 and §6). A token is scoped to a unit and
 * may send records only for that unit's subtree, named by {@code unitId} (activities),
 * {@code recordedBy} (attendance) or {@code branchId} (memberships, household status), judged on
 * the tree as it will stand once the request's own units are applied. Units are an admin's: an
 * admin may change or delete units below its own unit and rename its own unit, but not move or
 * delete it.
 *
 * <p>A record naming a unit Pulse does not know yet — or one whose ancestry stops at a unit not
 * known yet — is accepted from a token of a root unit and waits for its unit; from any other token
 * it is a conflict (409): send the unit first. A new version of an activity, attendance record or
 * household event whose standing version belongs to a unit outside the token's subtree is a
 * conflict too: ids are unique across the union ({@link IdOwners}).
 */
public final class ScopeRules {

  /** Why a request may not be written: the HTTP status and the problems. */
  public record Refusal(int status, List<Problem> problems) {}

  private ScopeRules() {}

  /**
   * Why this caller may not send these records (valid records, in request order), or null when it
   * may. Refusals of the scope (403) come before conflicts (409).
   */
  public static Refusal check(Principal caller, IngestStream<?> stream, List<? extends SpecificRecord> records,
      KnownUnits tree, IdOwners owners) {
    Problems forbidden = new Problems();
    Problems conflicts = new Problems();
    if (stream == IngestStream.UNITS) {
      ProposedTree proposed = new ProposedTree(tree);
      records.forEach(r -> proposed.put((Unit) r));
      Scope scope = new Scope(caller, proposed);
      for (int i = 0; i < records.size(); i++) {
        unitRefusal(scope, tree, (Unit) records.get(i), i, forbidden, conflicts);
      }
    } else {
      Scope scope = new Scope(caller, tree);
      Set<String> claimed = new HashSet<>();
      for (int i = 0; i < records.size(); i++) {
        SpecificRecord record = records.get(i);
        String unitId = stream.scopeUnitOf(record);
        if (!scope.covers(unitId)) {
          if (tree.unit(unitId).isEmpty()) {
            conflicts.add(new Problem(i, stream.scopeField(), unknown(unitId, caller)));
          } else {
            forbidden.add(new Problem(i, stream.scopeField(), outside(unitId, caller)));
          }
          continue;
        }
        if (IdOwners.tracks(stream)) {
          String id = IdOwners.idOf(stream, record);
          IdOwners.Owner owner = owners.owner(stream, id);
          if (owner != null && !scope.covers(owner.unitId()) && claimed.add(id)) {
            conflicts.add(new Problem(i, stream.idField(), "'" + id + "' belongs to records of another unit ("
                + owner.unitId() + "), outside the subtree of " + caller.unitId() + "; ids are unique across the"
                + " union, so give this " + stream.noun() + " an id of its own"));
          }
        }
      }
    }
    if (!forbidden.isEmpty()) return new Refusal(403, forbidden.listed());
    if (!conflicts.isEmpty()) return new Refusal(409, conflicts.listed());
    return null;
  }

  /** Whether this caller may delete the unit: below its own unit, never its own. */
  public static Problem checkUnitDeletion(Principal caller, String unitId, KnownUnits tree) {
    if (unitId.equals(caller.unitId())) {
      return new Problem(0, "unitId", "this token is scoped to " + unitId + " and cannot delete it; a token of a"
          + " unit above " + unitId + " can");
    }
    if (tree.isInSubtree(unitId, caller.unitId())) return null;
    return new Problem(0, "unitId", outside(unitId, caller));
  }

  /** Adds the refusal of one unit of the request, if any, to forbidden (403) or conflicts (409). */
  private static void unitRefusal(Scope scope, KnownUnits current, Unit unit, int index, Problems forbidden,
      Problems conflicts) {
    Principal caller = scope.caller;
    String own = caller.unitId();
    String id = unit.getUnitId();
    Optional<Unit> existing = current.unit(id);
    if (id.equals(own)) {
      if (existing.isPresent() && !Objects.equals(existing.get().getParentId(), unit.getParentId())) {
        forbidden.add(new Problem(index, "parentId", "this token is scoped to " + own
            + " and cannot move it; a token of a unit above " + own + " can"));
      } else if (existing.isEmpty() && unit.getParentId() != null) {
        forbidden.add(new Problem(index, "parentId", "this token is scoped to " + own + ", which does not exist:"
            + " it may create it only as a root unit; a token of " + unit.getParentId() + " or above can create it"
            + " there"));
      }
      return;
    }
    if (existing.isPresent() && !current.isInSubtree(id, own) && !(scope.root && scope.dangles(current, id))) {
      forbidden.add(new Problem(index, "unitId", outside(id, caller)));
      return;
    }
    String parent = unit.getParentId();
    if (parent == null) {
      forbidden.add(new Problem(index, "parentId", "only the root's own admin token may create a root unit; this"
          + " token is scoped to " + own));
    } else if (!scope.covers(parent)) {
      if (scope.tree.unit(parent).isEmpty()) conflicts.add(new Problem(index, "parentId", unknown(parent, caller)));
      else forbidden.add(new Problem(index, "parentId", outside(parent, caller)));
    }
  }

  /** What a caller covers in a tree. */
  private static final class Scope {
    final Principal caller;
    final KnownUnits tree;
    /** The caller's unit is a root: it may name units not known yet, which wait for them. */
    final boolean root;

    Scope(Principal caller, KnownUnits tree) {
      this.caller = caller;
      this.tree = tree;
      this.root = tree.unit(caller.unitId()).map(u -> u.getParentId() == null).orElse(false);
    }

    boolean covers(String unitId) {
      return tree.isInSubtree(unitId, caller.unitId()) || (root && dangles(tree, unitId));
    }

    /** The unit is not known, or its ancestry stops at a unit not known (no loop): it may yet join a tree. */
    boolean dangles(KnownUnits in, String unitId) {
      Set<String> seen = new HashSet<>();
      String current = unitId;
      while (current != null && seen.add(current)) {
        Optional<Unit> u = in.unit(current);
        if (u.isEmpty()) return true;
        current = u.get().getParentId();
      }
      return false; // reached a root, or a loop
    }
  }

  private static String unknown(String unitId, Principal caller) {
    return unitId + " is a unit Pulse does not know yet; send the unit first (only a token of a root unit may"
        + " send records for units that are yet to come, and this token is scoped to " + caller.unitId() + ")";
  }

  private static String outside(String unitId, Principal caller) {
    return unitId + " is outside the subtree of " + caller.unitId() + ", to which this token is scoped";
  }
}
