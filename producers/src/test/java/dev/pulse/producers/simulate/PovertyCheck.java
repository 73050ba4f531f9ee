package dev.pulse.producers.simulate;

import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.PovertyStatus;
import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SPEC.md §4 applied literally to standing household events, for one unit and year: a small,
 * independent check of the generator's poverty design (the official recomputation lives in the
 * streams module, which producers cannot depend on).
 */
final class PovertyCheck {

  record Figures(int supported, int exited, int exitedPoverty, int exitedNearPoverty, int relapsed,
      int poorAtYearEnd, int nearPoorAtYearEnd) {}

  private static final Comparator<HouseholdStatus> TIMELINE = Comparator
      .comparing(HouseholdStatus::getAssessedOn)
      .thenComparing(HouseholdStatus::getRecordedAt)
      .thenComparing(HouseholdStatus::getEventId);

  private PovertyCheck() {}

  static Figures compute(StandingData data, String unitId, int year) {
    LocalDate lastDayBefore = LocalDate.of(year - 1, 12, 31);
    LocalDate lastDay = LocalDate.of(year, 12, 31);
    Map<String, List<HouseholdStatus>> byHousehold = new HashMap<>();
    for (HouseholdStatus e : data.householdEvents.values()) {
      byHousehold.computeIfAbsent(e.getHouseholdId(), k -> new ArrayList<>()).add(e);
    }
    int supported = 0, exited = 0, exitedPoverty = 0, exitedNearPoverty = 0, relapsed = 0, poor = 0, nearPoor = 0;
    for (List<HouseholdStatus> events : byHousehold.values()) {
      events.sort(TIMELINE);
      // Of several events on one day only the last in timeline order is in force.
      List<HouseholdStatus> inForce = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) {
        boolean lastOfItsDay = i + 1 == events.size()
            || !events.get(i + 1).getAssessedOn().equals(events.get(i).getAssessedOn());
        if (lastOfItsDay) inForce.add(events.get(i));
      }
      HouseholdStatus belongsBy = null;
      for (HouseholdStatus e : inForce) {
        if (!e.getAssessedOn().isAfter(lastDay)) belongsBy = e;
      }
      if (belongsBy == null) continue;
      Unit branch = data.units.get(belongsBy.getBranchId());
      if (branch == null || branch.getLevel() != UnitLevel.BRANCH || !data.inSubtree(branch.getUnitId(), unitId)) {
        continue;
      }
      boolean isSupported = false, improved = false, outOfPoverty = false, outOfNearPoverty = false, fell = false;
      for (int i = 0; i < inForce.size(); i++) {
        HouseholdStatus e = inForce.get(i);
        LocalDate from = e.getAssessedOn();
        LocalDate until = i + 1 < inForce.size() ? inForce.get(i + 1).getAssessedOn().minusDays(1) : LocalDate.MAX;
        boolean holdsInWindow = !from.isAfter(lastDay) && !until.isBefore(lastDayBefore);
        if (holdsInWindow && e.getSupportedByUnion() && e.getStatus() != PovertyStatus.NON_POOR) {
          isSupported = true;
        }
        if (i > 0 && from.getYear() == year) {
          int before = rank(inForce.get(i - 1).getStatus());
          int after = rank(e.getStatus());
          if (after < before) {
            improved = true;
            if (before == rank(PovertyStatus.POOR)) outOfPoverty = true;
            else outOfNearPoverty = true;
          } else if (after > before) {
            fell = true;
          }
        }
      }
      PovertyStatus atYearEnd = belongsBy.getStatus();
      if (atYearEnd == PovertyStatus.POOR) poor++;
      if (atYearEnd == PovertyStatus.NEAR_POOR) nearPoor++;
      if (fell) relapsed++;
      if (isSupported) {
        supported++;
        if (improved) exited++;
        if (outOfPoverty) exitedPoverty++;
        if (outOfNearPoverty) exitedNearPoverty++;
      }
    }
    return new Figures(supported, exited, exitedPoverty, exitedNearPoverty, relapsed, poor, nearPoor);
  }

  private static int rank(PovertyStatus s) {
    return switch (s) {
      case POOR -> 2;
      case NEAR_POOR -> 1;
      case NON_POOR -> 0;
    };
  }
}
