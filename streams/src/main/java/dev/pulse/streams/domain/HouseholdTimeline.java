package dev.pulse.streams.domain;

import dev.pulse.streams.domain.Facts.HouseholdEventFact;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SPEC.md §4 for one household: its timeline of in-force assessments and, for each year, the
 * branch it belongs to and the figures it adds to.
 */
public final class HouseholdTimeline {

  private static final Comparator<HouseholdEventFact> ORDER = Comparator
      .comparing(HouseholdEventFact::assessedOn)
      .thenComparingLong(HouseholdEventFact::recordedAt)
      .thenComparing(HouseholdEventFact::eventId);

  /** What one household adds to its branch's subtree for one year. */
  public record YearFigures(String branchId, boolean supported, boolean exitedPoverty, boolean exitedNearPoverty,
      boolean relapsed, String yearEndStatus) {

    public boolean exited() {
      return exitedPoverty || exitedNearPoverty;
    }
  }

  private final List<HouseholdEventFact> inForce;

  private HouseholdTimeline(List<HouseholdEventFact> inForce) {
    this.inForce = inForce;
  }

  /**
   * Builds the timeline from a household's standing events that count (their branch is a known
   * branch): ordered by (assessedOn, recordedAt, eventId), and of several events on one day only
   * the last is ever in force.
   */
  public static HouseholdTimeline of(List<HouseholdEventFact> events) {
    List<HouseholdEventFact> sorted = new ArrayList<>(events);
    sorted.sort(ORDER);
    List<HouseholdEventFact> inForce = new ArrayList<>();
    for (HouseholdEventFact e : sorted) {
      if (!inForce.isEmpty() && inForce.get(inForce.size() - 1).assessedOn().equals(e.assessedOn())) {
        inForce.set(inForce.size() - 1, e);
      } else {
        inForce.add(e);
      }
    }
    return new HouseholdTimeline(inForce);
  }

  public List<HouseholdEventFact> inForce() {
    return inForce;
  }

  /** The figures for every year of the range in which the household has an event by 31 December. */
  public Map<Integer, YearFigures> years(YearRange range) {
    Map<Integer, YearFigures> out = new TreeMap<>();
    if (inForce.isEmpty() || range.isEmpty()) return out;
    int from = Math.max(range.first(), inForce.get(0).assessedOn().getYear());
    for (int y = from; y <= range.last(); y++) {
      out.put(y, year(y));
    }
    return out;
  }

  /** The figures for year Y, or null when the household has no event by 31 December of Y. */
  public YearFigures year(int y) {
    LocalDate yearEnd = LocalDate.of(y, 12, 31);
    LocalDate dayBefore = LocalDate.of(y - 1, 12, 31);
    int last = lastOnOrBefore(yearEnd);
    if (last < 0) return null;
    boolean supported = false;
    boolean exitedPoverty = false;
    boolean exitedNearPoverty = false;
    boolean relapsed = false;
    for (int i = 0; i <= last; i++) {
      HouseholdEventFact e = inForce.get(i);
      LocalDate nextStart = i + 1 < inForce.size() ? inForce.get(i + 1).assessedOn() : null;
      // The part of the timeline from e holds on [e.assessedOn, nextStart - 1]; does it touch [dayBefore, yearEnd]?
      boolean holdsInWindow = nextStart == null || nextStart.isAfter(dayBefore);
      if (holdsInWindow && e.supportedByUnion() && e.poorOrNearPoor()) supported = true;
      if (i > 0 && e.assessedOn().getYear() == y) {
        int before = rank(inForce.get(i - 1).status());
        int after = rank(e.status());
        if (before == 2 && after < 2) exitedPoverty = true;
        if (before == 1 && after == 0) exitedNearPoverty = true;
        if (after > before) relapsed = true;
      }
    }
    HouseholdEventFact atYearEnd = inForce.get(last);
    return new YearFigures(atYearEnd.branchId(), supported, supported && exitedPoverty,
        supported && exitedNearPoverty, relapsed, atYearEnd.status());
  }

  private int lastOnOrBefore(LocalDate day) {
    int found = -1;
    for (int i = 0; i < inForce.size() && !inForce.get(i).assessedOn().isAfter(day); i++) found = i;
    return found;
  }

  /** NON_POOR 0, NEAR_POOR 1, POOR 2: an improvement lowers the rank, a relapse raises it. */
  private static int rank(String status) {
    return switch (status) {
      case "POOR" -> 2;
      case "NEAR_POOR" -> 1;
      default -> 0;
    };
  }
}
