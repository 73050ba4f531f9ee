package dev.pulse.streams.partitioned;

import dev.pulse.contract.UnitTree;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SPEC.md §4 for one household, as the poverty rows it adds 1 to: per unit of the roll-up of the
 * branch it belongs to in each year, and per metric, merged ranges of years. Its status after the
 * last event lasts indefinitely, and so do its figures from the year after that event's: they are
 * an open range, so that a household counted as poor since 2021 is one range per unit rather than
 * a row per year to come.
 *
 * <p>The timeline is the one of the batch recomputation ({@code dev.pulse.batch.HouseholdTimeline}):
 * only events whose branch is a known BRANCH count at all; the counted events are ordered by
 * (assessedOn, recordedAt, eventId), and of the events of one day only the last is in force.
 */
record HouseholdContribution(Set<Range> ranges) {

  static final HouseholdContribution NONE = new HouseholdContribution(Set.of());

  /** The metrics of view.poverty.v1, in the order of its fields. */
  static final int SUPPORTED = 0;
  static final int EXITED = 1;
  static final int EXITED_POVERTY = 2;
  static final int EXITED_NEAR_POVERTY = 3;
  static final int RELAPSED = 4;
  static final int POOR_AT_YEAR_END = 5;
  static final int NEAR_POOR_AT_YEAR_END = 6;
  static final int METRICS = 7;

  /** Status ranks: higher is better off, as in the batch recomputation. */
  static final int POOR = 0;
  static final int NEAR_POOR = 1;
  static final int NON_POOR = 2;

  /** Counted in unit's metric in every year from {@code from} to {@code to} (both in; {@link Wire#OPEN}: no end). */
  record Range(String unitId, int metric, int from, int to) {}

  /** A standing household event: status as a rank, assessedOn as an epoch day. */
  record Event(String branchId, int status, boolean supported, int assessedDay, long recordedAt) {}

  private record Dated(String eventId, Event event) {}

  private static final Comparator<Dated> ORDER = Comparator.<Dated>comparingInt(d -> d.event().assessedDay())
      .thenComparingLong(d -> d.event().recordedAt())
      .thenComparing(Dated::eventId);

  /** What one household adds in one year: the branch it belongs to and a bit per metric. */
  record YearFigures(String branchId, int metrics) {
    boolean has(int metric) {
      return (metrics & (1 << metric)) != 0;
    }
  }

  /** The household's contribution, from its standing events by eventId and the tree as it stands. */
  static HouseholdContribution of(Map<String, Event> events, UnitTree tree) {
    List<Event> inForce = inForce(events, tree);
    if (inForce.isEmpty()) return NONE;
    int first = year(inForce.get(0).assessedDay());
    int tail = year(inForce.get(inForce.size() - 1).assessedDay()) + 1; // the figures of every later year
    int years = tail - first + 1;
    Map<String, List<String>> rollUps = new HashMap<>();
    Map<String, boolean[][]> flags = new HashMap<>();
    for (int y = first; y <= tail; y++) {
      YearFigures f = year(inForce, y);
      if (f == null || f.metrics() == 0) continue;
      for (String unit : rollUps.computeIfAbsent(f.branchId(), tree::rollUp)) {
        boolean[][] byMetric = flags.computeIfAbsent(unit, k -> new boolean[METRICS][years]);
        for (int m = 0; m < METRICS; m++) {
          if (f.has(m)) byMetric[m][y - first] = true;
        }
      }
    }
    Set<Range> ranges = new HashSet<>();
    flags.forEach((unit, byMetric) -> {
      for (int m = 0; m < METRICS; m++) {
        int start = -1;
        for (int i = 0; i < years; i++) {
          if (byMetric[m][i] && start < 0) start = i;
          if (!byMetric[m][i] && start >= 0) {
            ranges.add(new Range(unit, m, first + start, first + i - 1));
            start = -1;
          }
        }
        if (start >= 0) ranges.add(new Range(unit, m, first + start, Wire.OPEN));
      }
    });
    return new HouseholdContribution(ranges);
  }

  /** The counted events in timeline order, the superseded ones of each day left out. */
  static List<Event> inForce(Map<String, Event> events, UnitTree tree) {
    List<Dated> counted = new ArrayList<>(events.size());
    events.forEach((id, e) -> {
      if (tree.isBranch(e.branchId())) counted.add(new Dated(id, e));
    });
    counted.sort(ORDER);
    List<Event> inForce = new ArrayList<>(counted.size());
    for (int i = 0; i < counted.size(); i++) {
      boolean lastOfItsDay = i + 1 == counted.size()
          || counted.get(i + 1).event().assessedDay() != counted.get(i).event().assessedDay();
      if (lastOfItsDay) inForce.add(counted.get(i).event());
    }
    return inForce;
  }

  /** The figures of year y, or null when the household has no event by 31 December of y. */
  static YearFigures year(List<Event> inForce, int y) {
    int dayBefore = (int) LocalDate.of(y - 1, 12, 31).toEpochDay();
    int yearEnd = dayBefore + LocalDate.of(y, 1, 1).lengthOfYear();
    Event lastByYearEnd = null;
    boolean supported = false;
    boolean exitedPoverty = false;
    boolean exitedNearPoverty = false;
    boolean relapsed = false;
    for (int i = 0; i < inForce.size(); i++) {
      Event e = inForce.get(i);
      if (e.assessedDay() > yearEnd) break;
      lastByYearEnd = e;
      // e holds from its day up to the day before the next one's: does that meet [31 Dec y-1, 31 Dec y]?
      boolean holdsInWindow = i + 1 == inForce.size() || inForce.get(i + 1).assessedDay() > dayBefore;
      if (holdsInWindow && e.supported() && e.status() != NON_POOR) supported = true;
      if (i > 0 && e.assessedDay() > dayBefore) {
        int before = inForce.get(i - 1).status();
        if (e.status() > before) {
          if (before == POOR) exitedPoverty = true;
          else exitedNearPoverty = true;
        } else if (e.status() < before) {
          relapsed = true;
        }
      }
    }
    if (lastByYearEnd == null) return null;
    int bits = 0;
    if (supported) {
      bits |= 1 << SUPPORTED;
      if (exitedPoverty || exitedNearPoverty) bits |= 1 << EXITED;
      if (exitedPoverty) bits |= 1 << EXITED_POVERTY;
      if (exitedNearPoverty) bits |= 1 << EXITED_NEAR_POVERTY;
    }
    if (relapsed) bits |= 1 << RELAPSED;
    if (lastByYearEnd.status() == POOR) bits |= 1 << POOR_AT_YEAR_END;
    if (lastByYearEnd.status() == NEAR_POOR) bits |= 1 << NEAR_POOR_AT_YEAR_END;
    return new YearFigures(lastByYearEnd.branchId(), bits);
  }

  /**
   * The changes from {@code before} to this contribution, per unit: -1 for the ranges it no longer
   * counts in, +1 for those it now counts in; nothing for what stays.
   */
  Map<String, List<PovertyWire.Delta>> minus(HouseholdContribution before) {
    Map<String, List<PovertyWire.Delta>> out = new HashMap<>();
    for (Range r : before.ranges) {
      if (!ranges.contains(r)) add(out, r, -1);
    }
    for (Range r : ranges) {
      if (!before.ranges.contains(r)) add(out, r, 1);
    }
    return out;
  }

  private static void add(Map<String, List<PovertyWire.Delta>> out, Range r, int delta) {
    out.computeIfAbsent(r.unitId(), k -> new ArrayList<>(4))
        .add(new PovertyWire.Delta(r.metric(), r.from(), r.to(), delta));
  }

  static int year(int epochDay) {
    return LocalDate.ofEpochDay(epochDay).getYear();
  }
}
