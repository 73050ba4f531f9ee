package dev.pulse.batch;

import dev.pulse.contract.Period;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts distinct eligible members per unit and period (SPEC.md §3) without listing every period of
 * every membership one by one: a membership that began in 1990 overlaps more than 500 periods, in
 * each of the units above its branch.
 *
 * <p>The periods of one kind are numbered consecutively (their ordinal: the year; year * 4 +
 * quarter - 1; year * 12 + month - 1), so the periods of a kind that a span of days overlaps are
 * the ordinals from that of its first day to that of its last. For one member and one unit, these
 * ranges, one per membership in the unit's subtree, are merged where they overlap, so that each
 * period is covered at most once; each merged range adds 1 to the unit's count at its first ordinal
 * and takes it off after its last. Running through the ordinals in order then gives, for each
 * period, the number of distinct members covering it.
 */
final class EligibleMembers {

  /** A span of days, both ends included. */
  record Span(LocalDate from, LocalDate to) {}

  private record UnitKind(String unitId, Period.Kind kind) {}

  /** Per unit and kind: ordinal -> change of the count at that ordinal. */
  private final Map<UnitKind, TreeMap<Integer, Long>> changes = new HashMap<>();

  /** Adds one member, eligible in a unit on the days of the spans (possibly overlapping). */
  void add(String unitId, List<Span> spans) {
    for (Period.Kind kind : Period.Kind.values()) {
      List<int[]> ranges = new ArrayList<>();
      for (Span s : spans) {
        ranges.add(new int[] {ordinal(kind, s.from()), ordinal(kind, s.to())});
      }
      ranges.sort(Comparator.comparingInt(r -> r[0]));
      TreeMap<Integer, Long> counts = changes.computeIfAbsent(new UnitKind(unitId, kind), k -> new TreeMap<>());
      int[] current = null;
      for (int[] r : ranges) {
        if (current != null && r[0] <= current[1]) {
          current[1] = Math.max(current[1], r[1]);
        } else {
          if (current != null) {
            count(counts, current);
          }
          current = r.clone();
        }
      }
      if (current != null) {
        count(counts, current);
      }
    }
  }

  private static void count(TreeMap<Integer, Long> counts, int[] range) {
    counts.merge(range[0], 1L, Long::sum);
    counts.merge(range[1] + 1, -1L, Long::sum);
  }

  /** The counts: (unitId, period) -> distinct members, for every period with at least one. */
  Map<String, Map<Period, Long>> counts() {
    Map<String, Map<Period, Long>> out = new HashMap<>();
    changes.forEach((unitKind, atOrdinal) -> {
      Map<Period, Long> ofUnit = out.computeIfAbsent(unitKind.unitId(), k -> new HashMap<>());
      long running = 0;
      Integer previous = null;
      for (Map.Entry<Integer, Long> change : atOrdinal.entrySet()) {
        if (running > 0) {
          for (int o = previous; o < change.getKey(); o++) {
            ofUnit.put(period(unitKind.kind(), o), running);
          }
        }
        running += change.getValue();
        previous = change.getKey();
      }
    });
    return out;
  }

  static int ordinal(Period.Kind kind, LocalDate day) {
    return switch (kind) {
      case YEAR -> day.getYear();
      case QUARTER -> day.getYear() * 4 + (day.getMonthValue() - 1) / 3;
      case MONTH -> day.getYear() * 12 + day.getMonthValue() - 1;
    };
  }

  static Period period(Period.Kind kind, int ordinal) {
    return switch (kind) {
      case YEAR -> Period.year(ordinal);
      case QUARTER -> Period.quarter(Math.floorDiv(ordinal, 4), Math.floorMod(ordinal, 4) + 1);
      case MONTH -> Period.month(Math.floorDiv(ordinal, 12), Math.floorMod(ordinal, 12) + 1);
    };
  }
}
