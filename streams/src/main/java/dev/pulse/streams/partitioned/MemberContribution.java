package dev.pulse.streams.partitioned;

import dev.pulse.contract.Period;
import dev.pulse.contract.UnitTree;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * SPEC.md §3 for one member, as the rows she adds 1 to: for eligible, per unit of every branch
 * she is a member of (and the units above it) and per kind of period, merged ranges of period
 * ordinals, so that a membership since 1990 is three ranges per unit rather than 500 rows; for
 * participants, the (unit, period) rows of the days she attended, at every level. Ranges are merged
 * per unit, and rows are a set, which makes every unit's counts distinct members.
 *
 * <p>Periods of one kind are numbered consecutively (kind 0 year: the year; kind 1 quarter: year
 * * 4 + quarter - 1; kind 2 month: year * 12 + month - 1), as the batch recomputation does.
 */
record MemberContribution(Set<Range> eligible, Set<Row> participants) {

  static final MemberContribution NONE = new MemberContribution(Set.of(), Set.of());

  /** Eligible in unit on the periods of kind from ordinal from to ordinal to (both in; {@link Wire#OPEN}: no end). */
  record Range(String unitId, int kind, int from, int to) {}

  /** Participated in unit in the period of kind with this ordinal. */
  record Row(String unitId, int kind, int ordinal) {}

  /** A standing membership: days as epoch days, leftDay {@link Wire#OPEN} while she is a member. */
  record Membership(String branchId, int joinedDay, int leftDay) {
    boolean covers(int day) {
      return joinedDay <= day && day <= leftDay;
    }
  }

  /** A standing attendance version. */
  record Attendance(String activityId, long recordedAt, boolean present, int localDay) {}

  static MemberContribution of(Iterable<Membership> memberships, Iterable<Attendance> attendance, UnitTree tree,
      Predicate<String> held) {
    Map<String, List<String>> rollUps = new HashMap<>();
    List<Membership> counting = new ArrayList<>();
    for (Membership m : memberships) {
      if (m.joinedDay() <= m.leftDay() && tree.isBranch(m.branchId())) counting.add(m);
    }
    if (counting.isEmpty()) return NONE;

    Map<String, List<int[]>> spansByUnit = new HashMap<>();
    for (Membership m : counting) {
      for (String u : rollUps.computeIfAbsent(m.branchId(), tree::rollUp)) {
        spansByUnit.computeIfAbsent(u, k -> new ArrayList<>(2)).add(new int[] {m.joinedDay(), m.leftDay()});
      }
    }
    Set<Range> eligible = new HashSet<>();
    spansByUnit.forEach((unit, spans) -> {
      for (int kind = 0; kind < 3; kind++) {
        List<int[]> ranges = new ArrayList<>(spans.size());
        for (int[] s : spans) ranges.add(new int[] {ordinal(kind, s[0]), s[1] == Wire.OPEN ? Wire.OPEN : ordinal(kind, s[1])});
        ranges.sort(Comparator.comparingInt(r -> r[0]));
        int[] current = null;
        for (int[] r : ranges) {
          if (current != null && (current[1] == Wire.OPEN || r[0] <= current[1] + 1)) {
            current[1] = Math.max(current[1], r[1]);
          } else {
            if (current != null) eligible.add(new Range(unit, kind, current[0], current[1]));
            current = r;
          }
        }
        eligible.add(new Range(unit, kind, current[0], current[1]));
      }
    });

    Set<Row> participants = new HashSet<>();
    for (Attendance a : attendance) {
      if (!a.present() || !held.test(a.activityId())) continue;
      for (Membership m : counting) {
        if (!m.covers(a.localDay())) continue;
        for (String u : rollUps.get(m.branchId())) {
          for (int kind = 0; kind < 3; kind++) participants.add(new Row(u, kind, ordinal(kind, a.localDay())));
        }
      }
    }
    return new MemberContribution(eligible, participants);
  }

  /**
   * The changes from {@code before} to this contribution, per unit: -1 for what she no longer
   * counts in, +1 for what she now counts in; nothing for what stays.
   */
  Map<String, List<Wire.Delta>> minus(MemberContribution before) {
    Map<String, List<Wire.Delta>> out = new HashMap<>();
    for (Range r : before.eligible) {
      if (!eligible.contains(r)) add(out, r.unitId(), new Wire.Delta(true, r.kind(), r.from(), r.to(), -1));
    }
    for (Range r : eligible) {
      if (!before.eligible.contains(r)) add(out, r.unitId(), new Wire.Delta(true, r.kind(), r.from(), r.to(), 1));
    }
    for (Row r : before.participants) {
      if (!participants.contains(r)) add(out, r.unitId(), new Wire.Delta(false, r.kind(), r.ordinal(), r.ordinal(), -1));
    }
    for (Row r : participants) {
      if (!before.participants.contains(r)) add(out, r.unitId(), new Wire.Delta(false, r.kind(), r.ordinal(), r.ordinal(), 1));
    }
    return out;
  }

  private static void add(Map<String, List<Wire.Delta>> out, String unit, Wire.Delta d) {
    out.computeIfAbsent(unit, k -> new ArrayList<>(4)).add(d);
  }

  static int ordinal(int kind, int epochDay) {
    LocalDate day = LocalDate.ofEpochDay(epochDay);
    return switch (kind) {
      case 0 -> day.getYear();
      case 1 -> day.getYear() * 4 + (day.getMonthValue() - 1) / 3;
      default -> day.getYear() * 12 + day.getMonthValue() - 1;
    };
  }

  /** The first and last ordinal of kind inside the years from first to last. */
  static int firstOrdinal(int kind, int year) {
    return kind == 0 ? year : kind == 1 ? year * 4 : year * 12;
  }

  static int lastOrdinal(int kind, int year) {
    return kind == 0 ? year : kind == 1 ? year * 4 + 3 : year * 12 + 11;
  }

  static Period period(int kind, int ordinal) {
    return switch (kind) {
      case 0 -> Period.year(ordinal);
      case 1 -> Period.quarter(Math.floorDiv(ordinal, 4), Math.floorMod(ordinal, 4) + 1);
      default -> Period.month(Math.floorDiv(ordinal, 12), Math.floorMod(ordinal, 12) + 1);
    };
  }
}
