package dev.pulse.contract;

/**
 * The key of a view row (SPEC.md §1): {@code unitId|period} for participation and activities,
 * {@code unitId|year} for poverty. No id may hold '|' (SPEC.md §2), so the key splits at its last
 * bar. Campaign rows add a third part, {@code unitId|period|campaign}: see {@link #of(String, Object, String)}.
 */
public record ViewKey(String unitId, String period) {

  public ViewKey {
    if (unitId == null || period == null) throw new IllegalArgumentException("a view key needs a unit and a period");
  }

  /** The key text of a unit's row for a period ({@link Period}, a year, or their text). */
  public static String of(String unitId, Object period) {
    return unitId + "|" + period;
  }

  /**
   * The key text of a campaign row (SPEC.md §5b): {@code unitId|period|campaign}. A campaign name
   * holds no '|' ({@link CampaignNames}), so the key splits into its three parts at its bars.
   */
  public static String of(String unitId, Object period, String campaign) {
    return unitId + "|" + period + "|" + campaign;
  }

  /** {@code unitId|period} → its two parts. */
  public static ViewKey parse(String key) {
    int bar = key.lastIndexOf('|');
    if (bar < 0) throw new IllegalArgumentException("'" + key + "' is no view key (unitId|period)");
    return new ViewKey(key.substring(0, bar), key.substring(bar + 1));
  }

  @Override
  public String toString() {
    return of(unitId, period);
  }
}
