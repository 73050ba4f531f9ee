package dev.pulse.streams.partitioned;

import dev.pulse.contract.UnitTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SPEC.md §5 for one activity: what its standing version adds to view.activities.v1 — the same
 * figures (held 1, its mode, publicised, each channel, its standing PRESENT attendance records) in
 * the year, quarter and month of startsAt's local date, for every unit on the roll-up of its
 * organiser, whatever the organiser's level. A cancelled activity, or one whose organiser is not in
 * the tree, adds nothing.
 *
 * <p>Campaigns (SPEC.md §5b): for each campaign it lists, held 1 and its attendance records on the
 * same rows of view.campaigns.v1; and, for branchesHolding, 1 in the same periods for its
 * organiser itself ({@link #holdingMinus}), which the holding task counts per organiser.
 *
 * @param units the roll-up of the organiser, nearest first; empty when the activity adds nothing
 * @param day the epoch day of startsAt's local date
 * @param figures as {@link ActivityWire} numbers them
 * @param campaigns the campaigns it lists, each once
 */
record ActivityContribution(List<String> units, int day, long[] figures, List<String> campaigns) {

  static final ActivityContribution NONE = new ActivityContribution(List.of(), 0, new long[ActivityWire.FIGURES]);

  ActivityContribution {
    campaigns = List.copyOf(campaigns);
  }

  ActivityContribution(List<String> units, int day, long[] figures) {
    this(units, day, figures, List.of());
  }

  /**
   * @param v the standing version, or null when none has arrived
   * @param attendances the standing PRESENT attendance records at the activity
   */
  static ActivityContribution of(ActivityWire.Version v, long attendances, UnitTree tree) {
    if (v == null || !v.held()) return NONE;
    List<String> units = tree.rollUp(v.unitId());
    if (units.isEmpty()) return NONE;
    long[] f = new long[ActivityWire.FIGURES];
    f[ActivityWire.HELD] = 1;
    f[ActivityWire.IN_PERSON + v.mode()] = 1;
    if (v.channels() != 0) f[ActivityWire.PUBLICISED] = 1;
    for (int c = 0; c < ActivityWire.ATTENDANCES - ActivityWire.FIRST_CHANNEL; c++) {
      if ((v.channels() & (1 << c)) != 0) f[ActivityWire.FIRST_CHANNEL + c] = 1;
    }
    f[ActivityWire.ATTENDANCES] = attendances;
    return new ActivityContribution(List.copyOf(units), v.day(), f, v.campaigns());
  }

  boolean isNone() {
    return units.isEmpty();
  }

  /**
   * The changes from {@code before} to this contribution, per unit: this one's figures added and
   * {@code before}'s taken away on each row either touches, rows whose change is zero left out.
   */
  Map<String, List<ActivityWire.RowDelta>> minus(ActivityContribution before) {
    Map<String, Map<Long, long[]>> byUnit = new LinkedHashMap<>();
    before.addTo(byUnit, -1);
    addTo(byUnit, 1);
    Map<String, List<ActivityWire.RowDelta>> out = new HashMap<>();
    byUnit.forEach((unit, rows) -> rows.forEach((row, figures) -> {
      for (long f : figures) {
        if (f != 0) {
          out.computeIfAbsent(unit, k -> new ArrayList<>(3))
              .add(new ActivityWire.RowDelta((int) (row >>> 32), (int) (long) row, figures));
          return;
        }
      }
    }));
    return out;
  }

  /**
   * The changes from {@code before} to this contribution on campaign rows, per unit: held and
   * attendances of each (period, campaign), rows whose change is zero left out.
   */
  Map<String, List<CampaignWire.RowDelta>> campaignsMinus(ActivityContribution before) {
    Map<String, Map<String, long[]>> byUnit = new LinkedHashMap<>();
    before.addCampaignsTo(byUnit, -1);
    addCampaignsTo(byUnit, 1);
    Map<String, List<CampaignWire.RowDelta>> out = new HashMap<>();
    byUnit.forEach((unit, rows) -> rows.forEach((row, figures) -> {
      if (figures[CampaignWire.HELD] == 0 && figures[CampaignWire.ATTENDANCES] == 0) return;
      int bar = row.indexOf('|');
      int kind = row.charAt(0) - '0';
      int ordinal = Integer.parseInt(row.substring(1, bar));
      out.computeIfAbsent(unit, k -> new ArrayList<>()).add(new CampaignWire.RowDelta(kind, ordinal,
          row.substring(bar + 1), figures));
    }));
    return out;
  }

  private void addCampaignsTo(Map<String, Map<String, long[]>> byUnit, int sign) {
    if (campaigns.isEmpty()) return;
    for (String unit : units) {
      Map<String, long[]> rows = byUnit.computeIfAbsent(unit, k -> new LinkedHashMap<>());
      for (int kind = 0; kind < 3; kind++) {
        int ordinal = MemberContribution.ordinal(kind, day);
        for (String c : campaigns) {
          long[] sum = rows.computeIfAbsent(kind + Integer.toString(ordinal) + "|" + c,
              k -> new long[CampaignWire.FIGURES]);
          sum[CampaignWire.HELD] += sign * figures[ActivityWire.HELD];
          sum[CampaignWire.ATTENDANCES] += sign * figures[ActivityWire.ATTENDANCES];
        }
      }
    }
  }

  /**
   * The changes from {@code before} to this contribution of what its organiser itself organised:
   * per organiser, +1 or -1 on each (period, campaign); nothing when neither lists a campaign or
   * both count the same. Whether the organiser is a branch is for the holding task to say.
   */
  Map<String, List<CampaignWire.Holding>> holdingMinus(ActivityContribution before) {
    if (sameHolding(before)) return Map.of();
    Map<String, List<CampaignWire.Holding>> out = new HashMap<>();
    before.addHoldingTo(out, -1);
    addHoldingTo(out, 1);
    return out;
  }

  private boolean sameHolding(ActivityContribution o) {
    if (campaigns.isEmpty() || isNone()) return o.campaigns.isEmpty() || o.isNone();
    return !o.isNone() && units.get(0).equals(o.units.get(0)) && day == o.day && campaigns.equals(o.campaigns);
  }

  private void addHoldingTo(Map<String, List<CampaignWire.Holding>> out, int sign) {
    if (isNone() || campaigns.isEmpty()) return;
    List<CampaignWire.Holding> changes = out.computeIfAbsent(units.get(0), k -> new ArrayList<>());
    for (int kind = 0; kind < 3; kind++) {
      for (String c : campaigns) changes.add(new CampaignWire.Holding(kind, MemberContribution.ordinal(kind, day), c, sign));
    }
  }

  private void addTo(Map<String, Map<Long, long[]>> byUnit, int sign) {
    for (String unit : units) {
      Map<Long, long[]> rows = byUnit.computeIfAbsent(unit, k -> new LinkedHashMap<>(4));
      for (int kind = 0; kind < 3; kind++) {
        long row = ((long) kind << 32) | (MemberContribution.ordinal(kind, day) & 0xffffffffL);
        long[] sum = rows.computeIfAbsent(row, k -> new long[ActivityWire.FIGURES]);
        for (int f = 0; f < ActivityWire.FIGURES; f++) sum[f] += sign * figures[f];
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActivityContribution c && day == c.day && units.equals(c.units)
        && Arrays.equals(figures, c.figures) && campaigns.equals(c.campaigns);
  }

  @Override
  public int hashCode() {
    return units.hashCode() * 31 + day * 17 + Arrays.hashCode(figures) + campaigns.hashCode();
  }

  @Override
  public String toString() {
    return "ActivityContribution" + units + "@" + day + Arrays.toString(figures) + campaigns;
  }
}
