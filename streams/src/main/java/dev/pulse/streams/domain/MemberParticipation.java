package dev.pulse.streams.domain;

import dev.pulse.contract.UnitTree;
import dev.pulse.contract.Period;
import dev.pulse.streams.domain.Facts.AttendanceFact;
import dev.pulse.streams.domain.Facts.MembershipFact;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * SPEC.md §3 for one member: for each period, the units in whose subtree the member is eligible
 * and the units in whose subtree the member participated. A unit's figures are the number of
 * members that name it, which makes them distinct counts at every level of the tree.
 */
public final class MemberParticipation {

  private MemberParticipation() {}

  /** The units a member counts for in one period. */
  public record Contribution(Set<String> eligible, Set<String> participated) {
    public static final Contribution NONE = new Contribution(Set.of(), Set.of());
  }

  /**
   * @param memberships the member's standing memberships
   * @param attendances the member's standing attendance records
   * @param heldActivity whether an activity's standing version exists and is HELD
   * @return period (as text) → contribution, only for periods where the member counts somewhere
   */
  public static Map<String, Contribution> compute(List<MembershipFact> memberships, List<AttendanceFact> attendances,
      Predicate<String> heldActivity, UnitTree tree, YearRange years) {
    Map<String, Contribution> out = new TreeMap<>();
    if (years.isEmpty()) return out;
    Map<String, List<String>> rollUps = new HashMap<>();
    List<MembershipFact> counting = memberships.stream()
        .filter(MembershipFact::isCoherent)
        .filter(m -> tree.isBranch(m.branchId()))
        .toList();
    for (MembershipFact m : counting) {
      LocalDate from = max(m.joinedOn(), years.firstDay());
      LocalDate to = m.leftOn() == null ? years.lastDay() : min(m.leftOn(), years.lastDay());
      if (from.isAfter(to)) continue;
      List<String> units = rollUps.computeIfAbsent(m.branchId(), tree::rollUp);
      for (Period p : Period.overlapping(from, to)) {
        slot(out, p).eligible().addAll(units);
      }
    }
    for (AttendanceFact a : attendances) {
      if (!a.present() || !heldActivity.test(a.activityId())) continue;
      for (MembershipFact m : counting) {
        if (!m.covers(a.attendedOn())) continue;
        List<String> units = rollUps.computeIfAbsent(m.branchId(), tree::rollUp);
        for (Period p : Period.containing(a.attendedOn())) {
          slot(out, p).participated().addAll(units);
        }
      }
    }
    return out;
  }

  private static Contribution slot(Map<String, Contribution> out, Period p) {
    return out.computeIfAbsent(PeriodText.of(p), k -> new Contribution(new TreeSet<>(), new TreeSet<>()));
  }

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }
}
