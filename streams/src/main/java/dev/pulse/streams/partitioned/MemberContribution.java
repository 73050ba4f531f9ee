package dev.pulse.streams.partitioned;

import dev.pulse.contract.Period;
import dev.pulse.contract.UnitTree;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * SPEC.md §3 for one member, as the rows she adds 1 to. Eligible: per unit of every branch she is
 * a member of (and the units above it) and per kind of period, merged ranges of period ordinals,
 * so that a membership since 1990 is three ranges per unit rather than 500 rows. Participants: the
 * (unit, month) pairs she participated in; the quarter and the year of such a month follow from it,
 * so they are not kept. Ranges are merged per unit and months are a set, which makes every unit's
 * counts distinct members.
 *
 * <p>Campaigns (SPEC.md §5b): the same pairs once more for each campaign the activity lists, as
 * {@code campaignMonths}, whose unit is {@code unitId|campaign} (neither holds a '|'): counting
 * them per campaign is counting months per unit, with the same distinctness.
 *
 * <p>Periods of one kind are numbered consecutively (kind 0 year: the year; kind 1 quarter: year
 * * 4 + quarter - 1; kind 2 month: year * 12 + month - 1), as the batch recomputation does.
 */
record MemberContribution(Set<Range> eligible, Set<UnitMonth> months, Set<UnitMonth> campaignMonths) {

  static final MemberContribution NONE = new MemberContribution(Set.of(), Set.of(), Set.of());
  static final int YEAR = 0;
  static final int QUARTER = 1;
  static final int MONTH = 2;

  /** Eligible in unit on the periods of kind from ordinal from to ordinal to (both in; {@link Wire#OPEN}: no end). */
  record Range(String unitId, int kind, int from, int to) {}

  /** Participated in unit in the period of kind with this ordinal. */
  record Row(String unitId, int kind, int ordinal) {}

  /** Participated in unit in the month with this ordinal. */
  record UnitMonth(String unitId, int month) {}

  /** A standing membership: days as epoch days, leftDay {@link Wire#OPEN} while she is a member. */
  record Membership(String branchId, int joinedDay, int leftDay) {
    boolean covers(int day) {
      return joinedDay <= day && day <= leftDay;
    }
  }

  /** A standing attendance version. */
  record Attendance(String activityId, long recordedAt, boolean present, int localDay) {}

  /** Her whole contribution from her standing facts, as a recount computes it, without campaigns. */
  static MemberContribution of(Collection<Membership> memberships, Iterable<Attendance> attendance, UnitTree tree,
      Predicate<String> held) {
    return of(memberships, attendance, tree, held, activityId -> List.of());
  }

  /**
   * Her whole contribution from her standing facts, as a recount computes it.
   *
   * @param campaigns the campaigns of a held activity (SPEC.md §5b), empty when it lists none
   */
  static MemberContribution of(Collection<Membership> memberships, Iterable<Attendance> attendance, UnitTree tree,
      Predicate<String> held, Function<String, List<String>> campaigns) {
    List<Membership> counting = counting(memberships, tree);
    if (counting.isEmpty()) return NONE;
    Set<Range> eligible = eligible(counting, tree);
    Set<UnitMonth> months = new HashSet<>();
    Set<UnitMonth> campaignMonths = new HashSet<>();
    for (Attendance a : attendance) {
      if (!counts(a, held)) continue;
      Set<UnitMonth> of = monthsOf(a.localDay(), counting, tree);
      months.addAll(of);
      campaignMonths.addAll(campaignMonths(of, campaigns.apply(a.activityId())));
    }
    return new MemberContribution(eligible, months, campaignMonths);
  }

  /** The (unit|campaign, month) pairs of these (unit, month) pairs for each of the campaigns. */
  static Set<UnitMonth> campaignMonths(Collection<UnitMonth> months, List<String> campaigns) {
    if (campaigns.isEmpty()) return Set.of();
    Set<UnitMonth> out = new HashSet<>(months.size() * campaigns.size() * 2);
    for (UnitMonth m : months) {
      for (String c : campaigns) out.add(new UnitMonth(m.unitId() + "|" + c, m.month()));
    }
    return out;
  }

  /** Whether an attendance version counts toward participation at all: PRESENT at a HELD activity. */
  static boolean counts(Attendance a, Predicate<String> held) {
    return a.present() && held.test(a.activityId());
  }

  /** The memberships that count: in a known branch, with joinedOn ≤ leftOn. */
  static List<Membership> counting(Collection<Membership> memberships, UnitTree tree) {
    List<Membership> out = new ArrayList<>(memberships.size());
    for (Membership m : memberships) {
      if (m.joinedDay() <= m.leftDay() && tree.isBranch(m.branchId())) out.add(m);
    }
    return out;
  }

  /** The (unit, month) pairs an attendance on this day makes her count in, through the memberships covering it. */
  static Set<UnitMonth> monthsOf(int day, List<Membership> counting, UnitTree tree) {
    Set<UnitMonth> out = new HashSet<>(8);
    int month = ordinal(MONTH, day);
    for (Membership m : counting) {
      if (!m.covers(day)) continue;
      for (String u : tree.rollUp(m.branchId())) out.add(new UnitMonth(u, month));
    }
    return out;
  }

  private static Set<Range> eligible(List<Membership> counting, UnitTree tree) {
    Map<String, List<int[]>> spansByUnit = new HashMap<>();
    for (Membership m : counting) {
      for (String u : tree.rollUp(m.branchId())) {
        spansByUnit.computeIfAbsent(u, k -> new ArrayList<>(2)).add(new int[] {m.joinedDay(), m.leftDay()});
      }
    }
    Set<Range> eligible = new HashSet<>();
    spansByUnit.forEach((unit, spans) -> {
      for (int kind = 0; kind < 3; kind++) {
        List<int[]> ranges = new ArrayList<>(spans.size());
        for (int[] s : spans) {
          ranges.add(new int[] {ordinal(kind, s[0]), s[1] == Wire.OPEN ? Wire.OPEN : ordinal(kind, s[1])});
        }
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
    return eligible;
  }

  /** The participant rows: each (unit, month), its quarter and its year. */
  Set<Row> participantRows() {
    return rowsOf(months);
  }

  /** The rows of these (unit, month) pairs: each month, its quarter and its year. */
  static Set<Row> rowsOf(Set<UnitMonth> months) {
    Set<Row> rows = new HashSet<>(months.size() * 2);
    for (UnitMonth m : months) {
      rows.add(new Row(m.unitId(), MONTH, m.month()));
      rows.add(new Row(m.unitId(), QUARTER, quarterOfMonth(m.month())));
      rows.add(new Row(m.unitId(), YEAR, yearOfMonth(m.month())));
    }
    return rows;
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
    participantChanges(before.months, months, out);
    return out;
  }

  /**
   * The changes from {@code before}'s campaign months to this contribution's, per {@code
   * unitId|campaign}: participant deltas only.
   */
  Map<String, List<Wire.Delta>> campaignsMinus(MemberContribution before) {
    Map<String, List<Wire.Delta>> out = new HashMap<>();
    participantChanges(before.campaignMonths, campaignMonths, out);
    return out;
  }

  private static void participantChanges(Set<UnitMonth> before, Set<UnitMonth> now, Map<String, List<Wire.Delta>> out) {
    if (now.equals(before)) return;
    Set<Row> was = rowsOf(before);
    Set<Row> is = rowsOf(now);
    for (Row r : was) {
      if (!is.contains(r)) add(out, r.unitId(), new Wire.Delta(false, r.kind(), r.ordinal(), r.ordinal(), -1));
    }
    for (Row r : is) {
      if (!was.contains(r)) add(out, r.unitId(), new Wire.Delta(false, r.kind(), r.ordinal(), r.ordinal(), 1));
    }
  }

  /**
   * The changes of adding months she did not count in yet (an attendance that counts, the
   * commonest record): +1 on each new month row, and on its quarter and year rows unless another
   * month of that quarter or year already counted for the unit.
   */
  static Map<String, List<Wire.Delta>> added(Set<UnitMonth> had, Collection<UnitMonth> added) {
    Map<String, List<Wire.Delta>> out = new HashMap<>();
    Set<UnitMonth> now = new HashSet<>(had);
    for (UnitMonth m : added) {
      if (!now.add(m)) continue;
      add(out, m.unitId(), new Wire.Delta(false, MONTH, m.month(), m.month(), 1));
      int quarter = quarterOfMonth(m.month());
      int year = yearOfMonth(m.month());
      boolean quarterCounted = false;
      boolean yearCounted = false;
      for (int other = year * 12; other < year * 12 + 12; other++) {
        if (other == m.month() || !now.contains(new UnitMonth(m.unitId(), other))) continue;
        yearCounted = true;
        if (quarterOfMonth(other) == quarter) quarterCounted = true;
      }
      if (!quarterCounted) add(out, m.unitId(), new Wire.Delta(false, QUARTER, quarter, quarter, 1));
      if (!yearCounted) add(out, m.unitId(), new Wire.Delta(false, YEAR, year, year, 1));
    }
    return out;
  }

  private static void add(Map<String, List<Wire.Delta>> out, String unit, Wire.Delta d) {
    out.computeIfAbsent(unit, k -> new ArrayList<>(4)).add(d);
  }

  static int quarterOfMonth(int month) {
    int year = Math.floorDiv(month, 12);
    return year * 4 + Math.floorMod(month, 12) / 3;
  }

  static int yearOfMonth(int month) {
    return Math.floorDiv(month, 12);
  }

  static int ordinal(int kind, int epochDay) {
    LocalDate day = LocalDate.ofEpochDay(epochDay);
    return switch (kind) {
      case YEAR -> day.getYear();
      case QUARTER -> day.getYear() * 4 + (day.getMonthValue() - 1) / 3;
      default -> day.getYear() * 12 + day.getMonthValue() - 1;
    };
  }

  /** The first and last ordinal of kind inside the years from first to last. */
  static int firstOrdinal(int kind, int year) {
    return kind == YEAR ? year : kind == QUARTER ? year * 4 : year * 12;
  }

  static int lastOrdinal(int kind, int year) {
    return kind == YEAR ? year : kind == QUARTER ? year * 4 + 3 : year * 12 + 11;
  }

  static Period period(int kind, int ordinal) {
    return switch (kind) {
      case YEAR -> Period.year(ordinal);
      case QUARTER -> Period.quarter(Math.floorDiv(ordinal, 4), Math.floorMod(ordinal, 4) + 1);
      default -> Period.month(Math.floorDiv(ordinal, 12), Math.floorMod(ordinal, 12) + 1);
    };
  }
}
