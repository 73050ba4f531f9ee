package dev.pulse.producers.simulate;

/**
 * The disorder real branch systems produce, layered on top of a clean province. Every kind is
 * present at least once when its rate is above zero, so that a small generated year exercises
 * every rule of SPEC.md §2.
 *
 * <p>Mess never changes what stands: the standing data (latest {@code recordedAt} per entity,
 * the last version of a unit or membership) is that of the clean province, with the tree
 * changes below applied.
 *
 * @param duplicates share of records sent a second time, unchanged (the same version)
 * @param corrections share of activities, attendance records and household events first sent
 *     wrong and corrected by a later {@code recordedAt} version (the correction may arrive first)
 * @param retractions share of attendance records later RETRACTED
 * @param cancellations share of activities first sent HELD and later CANCELLED
 * @param lateRecords share of records recorded weeks or months after the fact (and delivered then);
 *     on top of this a few branches enter data in batches and a few branches' memberships arrive
 *     weeks after their members' attendance
 * @param shuffle whether delivery order is jittered, so records arrive before what they refer to
 *     (attendance before its activity or membership; a branch registered weeks after its records);
 *     when false, delivery follows recording order and the tree comes first, parents before children
 * @param treeChanges whether, mid-stream, a commune and a branch are re-parented and a branch is
 *     deleted and re-created
 */
public record Mess(
    double duplicates,
    double corrections,
    double retractions,
    double cancellations,
    double lateRecords,
    boolean shuffle,
    boolean treeChanges) {

  public Mess {
    rate("duplicates", duplicates);
    rate("corrections", corrections);
    rate("retractions", retractions);
    rate("cancellations", cancellations);
    rate("lateRecords", lateRecords);
  }

  /** A tidy province: every record once, in causal order, no tree changes. */
  public static Mess none() {
    return new Mess(0, 0, 0, 0, 0, false, false);
  }

  /** The default: a few percent of every kind of mess. */
  public static Mess standard() {
    return new Mess(0.01, 0.01, 0.01, 0.02, 0.03, true, true);
  }

  /**
   * The standard duplicates, corrections, retractions, cancellations and late records, delivered
   * with the tree first and left as it is: what the ingest gateway takes, since it refuses records
   * that name units it does not know (yet, or any more).
   */
  public static Mess standardInOrder() {
    return new Mess(0.01, 0.01, 0.01, 0.02, 0.03, false, false);
  }

  /** Whether any mess at all is applied. */
  public boolean any() {
    return duplicates > 0 || corrections > 0 || retractions > 0 || cancellations > 0 || lateRecords > 0
        || shuffle || treeChanges;
  }

  private static void rate(String field, double value) {
    if (!(value >= 0 && value <= 0.5)) {
      throw new IllegalArgumentException("Mess." + field + " = " + value + ": expected a share in 0..0.5");
    }
  }
}
