package dev.pulse.streams.domain;

import dev.pulse.contract.UnitTree;
import dev.pulse.contract.Period;
import dev.pulse.streams.domain.Facts.ActivityFact;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** SPEC.md §5 for one activity: what a held activity adds to each unit above its organiser. */
public final class ActivityFigures {

  private ActivityFigures() {}

  /** Counts of one unit and period of view.activities.v1. */
  public record Counts(long held, long inPerson, long online, long hybrid, long publicised,
      Map<String, Long> byChannel, long attendances, long updatedAt) {

    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, Map.of(), 0, 0);

    /** These counts plus (sign +1) or minus (sign -1) another's, as changed at {@code at}. */
    public Counts plus(Counts o, int sign, long at) {
      Map<String, Long> channels = new TreeMap<>(byChannel);
      o.byChannel.forEach((k, v) -> channels.merge(k, sign * v, Long::sum));
      channels.values().removeIf(v -> v == 0);
      return new Counts(held + sign * o.held, inPerson + sign * o.inPerson, online + sign * o.online,
          hybrid + sign * o.hybrid, publicised + sign * o.publicised, channels,
          attendances + sign * o.attendances, at);
    }

    public boolean isZero() {
      return held == 0 && inPerson == 0 && online == 0 && hybrid == 0 && publicised == 0
          && byChannel.isEmpty() && attendances == 0;
    }
  }

  /** Where an activity counts (units × periods) and what it adds to each. */
  public record Contribution(List<String> units, List<String> periods, Counts counts) {
    public static final Contribution NONE = new Contribution(List.of(), List.of(), Counts.ZERO);
  }

  /**
   * @param activity the standing version, or null when none has arrived
   * @param presentAttendances standing PRESENT attendance records at the activity
   */
  public static Contribution of(ActivityFact activity, long presentAttendances, UnitTree tree) {
    if (activity == null || !activity.held()) return Contribution.NONE;
    List<String> units = tree.rollUp(activity.unitId());
    if (units.isEmpty()) return Contribution.NONE;
    Map<String, Long> channels = new TreeMap<>();
    activity.channels().forEach(c -> channels.put(c, 1L));
    Counts counts = new Counts(1,
        "IN_PERSON".equals(activity.mode()) ? 1 : 0,
        "ONLINE".equals(activity.mode()) ? 1 : 0,
        "HYBRID".equals(activity.mode()) ? 1 : 0,
        activity.channels().isEmpty() ? 0 : 1,
        channels, presentAttendances, 0);
    List<String> periods = Period.containing(activity.startsOn()).stream().map(PeriodText::of).toList();
    return new Contribution(units, periods, counts);
  }
}
