package dev.pulse.batch;

import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.PovertyStatus;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * One household's timeline (SPEC.md §4), built from its standing events, and what it says about a
 * year.
 *
 * <p>Events are ordered by (assessedOn, recordedAt, eventId), eventId by {@link String#compareTo}.
 * Of the events of one assessedOn only the last in that order is in force; the others are
 * superseded and play no part. The in-force events therefore have distinct assessedOn dates, and
 * each holds from its assessedOn up to the day before the next one's (the last indefinitely).
 */
final class HouseholdTimeline {

  private static final Comparator<HouseholdStatus> ORDER =
      Comparator.comparing(HouseholdStatus::getAssessedOn)
          .thenComparing(HouseholdStatus::getRecordedAt)
          .thenComparing(HouseholdStatus::getEventId);

  /** The in-force events, by assessedOn; never empty. */
  private final List<HouseholdStatus> inForce;

  private HouseholdTimeline(List<HouseholdStatus> inForce) {
    this.inForce = inForce;
  }

  /** The timeline of one household's standing, counted events; at least one event. */
  static HouseholdTimeline of(Collection<HouseholdStatus> events) {
    List<HouseholdStatus> ordered = new ArrayList<>(events);
    ordered.sort(ORDER);
    List<HouseholdStatus> inForce = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      boolean lastOfItsDay = i + 1 == ordered.size()
          || !ordered.get(i + 1).getAssessedOn().equals(ordered.get(i).getAssessedOn());
      if (lastOfItsDay) {
        inForce.add(ordered.get(i));
      }
    }
    if (inForce.isEmpty()) {
      throw new IllegalArgumentException("a household timeline needs at least one event");
    }
    return new HouseholdTimeline(List.copyOf(inForce));
  }

  /** The year of the first in-force event: the household counts in no year before it. */
  int firstYear() {
    return inForce.get(0).getAssessedOn().getYear();
  }

  /**
   * What the timeline says about year Y, or null when the household has no event by 31 Dec Y and
   * so is not counted in Y.
   */
  YearFacts year(int year) {
    LocalDate dayBefore = LocalDate.of(year - 1, 12, 31);
    LocalDate yearEnd = LocalDate.of(year, 12, 31);

    HouseholdStatus lastByYearEnd = null;
    boolean supported = false;
    boolean exitedPoverty = false;
    boolean exitedNearPoverty = false;
    boolean relapsed = false;
    for (int i = 0; i < inForce.size(); i++) {
      HouseholdStatus event = inForce.get(i);
      LocalDate from = event.getAssessedOn();
      if (from.isAfter(yearEnd)) {
        break;
      }
      lastByYearEnd = event;

      // The event holds on [from, next's assessedOn - 1]; that meets [31 Dec Y-1, 31 Dec Y] when
      // from <= 31 Dec Y (checked above) and next's assessedOn > 31 Dec Y-1.
      LocalDate nextFrom = i + 1 < inForce.size() ? inForce.get(i + 1).getAssessedOn() : null;
      boolean holdsInWindow = nextFrom == null || nextFrom.isAfter(dayBefore);
      if (holdsInWindow && event.getSupportedByUnion() && isPoorOrNearPoor(event.getStatus())) {
        supported = true;
      }

      // A change is an in-force event in Y whose status differs from the previous in-force event's.
      if (i > 0 && from.getYear() == year) {
        PovertyStatus before = inForce.get(i - 1).getStatus();
        PovertyStatus after = event.getStatus();
        if (rank(after) > rank(before)) {
          if (before == PovertyStatus.POOR) {
            exitedPoverty = true;
          } else {
            exitedNearPoverty = true; // NEAR_POOR -> NON_POOR, the only other way up
          }
        } else if (rank(after) < rank(before)) {
          relapsed = true;
        }
      }
    }
    if (lastByYearEnd == null) {
      return null;
    }
    return new YearFacts(lastByYearEnd.getBranchId(), supported, exitedPoverty, exitedNearPoverty,
        relapsed, lastByYearEnd.getStatus());
  }

  private static boolean isPoorOrNearPoor(PovertyStatus status) {
    return status == PovertyStatus.POOR || status == PovertyStatus.NEAR_POOR;
  }

  /** Higher is better off: POOR < NEAR_POOR < NON_POOR. */
  private static int rank(PovertyStatus status) {
    return switch (status) {
      case POOR -> 0;
      case NEAR_POOR -> 1;
      case NON_POOR -> 2;
    };
  }

  /**
   * A household in one year.
   *
   * @param branchId the branch it belongs to for the year: that of its last event by 31 Dec
   * @param supported supported by the union while poor or near-poor on some day of [31 Dec Y-1, 31 Dec Y]
   * @param exitedPoverty a change in Y from POOR to NEAR_POOR or NON_POOR
   * @param exitedNearPoverty a change in Y from NEAR_POOR to NON_POOR
   * @param relapsed a change in Y to a worse status
   * @param atYearEnd the status on 31 Dec Y
   */
  record YearFacts(String branchId, boolean supported, boolean exitedPoverty,
      boolean exitedNearPoverty, boolean relapsed, PovertyStatus atYearEnd) {

    boolean improved() {
      return exitedPoverty || exitedNearPoverty;
    }
  }
}
