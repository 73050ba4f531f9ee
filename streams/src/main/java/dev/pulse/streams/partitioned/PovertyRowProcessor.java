package dev.pulse.streams.partitioned;

import dev.pulse.avro.PovertyRow;
import dev.pulse.contract.ViewKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * The poverty row stage, keyed by unitId: sums the households' contribution deltas and publishes
 * absolute poverty rows, only those whose figures changed, at most once per publishing interval.
 *
 * <p>State, one entry per unit and year ({@code unit|002023}): for each of the seven metrics the
 * change of its count in that year (a range adds 1 in its first year and takes it away after its
 * last: a year's count is the sum of the changes up to it), and the figures last published for
 * the year. Rows exist only in the covered years (from the first to the last year in which any
 * event falls, as the batch recomputation defines them), which the stage learns from year marks
 * sent to every partition; a row whose figures fell to zero is deleted with a tombstone. Which
 * units changed since the last publication is kept in memory; after a restart every unit is
 * compared with what it last published, so that nothing a crash interrupted stays unpublished.
 */
final class PovertyRowProcessor extends RowStage<PovertyRow> {

  private static final int M = HouseholdContribution.METRICS;

  PovertyRowProcessor(PovertyStage.Names names, Duration publishEvery) {
    super(names.rows(), names.covered(), publishEvery);
  }

  /** The unit of an entry key {@code unit|002023}. */
  @Override
  String groupOf(String entryKey) {
    return entryKey.substring(0, entryKey.length() - 7);
  }

  @Override
  void apply(String unit, byte[] v) {
    if (Wire.tag(v) != PovertyWire.DELTAS) {
      throw new IllegalStateException("unexpected record with tag " + v[0] + " for poverty rows of " + unit);
    }
    for (PovertyWire.Delta d : PovertyWire.readDeltas(v)) {
      bump(unit, d.from(), d.metric(), d.delta());
      if (d.to() != Wire.OPEN) bump(unit, d.to() + 1, d.metric(), -d.delta());
    }
    changed(unit);
  }

  private void bump(String unit, int year, int metric, int diff) {
    String key = key(unit, year);
    int[] e = ints(rows.get(key), 2 * M);
    e[metric] += diff;
    write(key, e);
  }

  /** Recomputes one unit's rows over the covered years; publishes those that changed. */
  @Override
  void publish(String unit, long now) {
    List<KeyValue<Integer, int[]>> entries = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = rows.prefixScan(unit + "|", KEYS)) {
      it.forEachRemaining(kv -> entries.add(KeyValue.pair(
          Integer.parseInt(kv.key.substring(kv.key.length() - 6)), ints(kv.value, 2 * M))));
    }
    if (entries.isEmpty()) forget(unit);
    int[] sums = new int[M];
    int i = 0;
    while (i < entries.size() && entries.get(i).key < years.first()) add(sums, entries.get(i++).value);
    for (int y = years.first(); y <= years.last(); y++) {
      int[] e = null;
      if (i < entries.size() && entries.get(i).key == y) {
        e = entries.get(i++).value;
        add(sums, e);
      }
      if (samePublished(sums, e)) continue;
      boolean zero = true;
      for (int m = 0; m < M; m++) zero &= sums[m] == 0;
      PovertyRow row = zero ? null : PovertyRow.newBuilder()
          .setUnitId(unit).setYear(y)
          .setSupportedHouseholds(sums[HouseholdContribution.SUPPORTED])
          .setExitedHouseholds(sums[HouseholdContribution.EXITED])
          .setExitedPoverty(sums[HouseholdContribution.EXITED_POVERTY])
          .setExitedNearPoverty(sums[HouseholdContribution.EXITED_NEAR_POVERTY])
          .setRelapsedHouseholds(sums[HouseholdContribution.RELAPSED])
          .setPoorAtYearEnd(sums[HouseholdContribution.POOR_AT_YEAR_END])
          .setNearPoorAtYearEnd(sums[HouseholdContribution.NEAR_POOR_AT_YEAR_END])
          .setUpdatedAt(Instant.ofEpochMilli(now)).build();
      context.forward(new Record<>(ViewKey.of(unit, y), row, now));
      if (e == null) e = new int[2 * M];
      System.arraycopy(sums, 0, e, M, M);
      write(key(unit, y), e);
    }
  }

  private static void add(int[] sums, int[] entry) {
    for (int m = 0; m < M; m++) sums[m] += entry[m];
  }

  /** Whether the figures last published for the year (none: zeros) are these. */
  private static boolean samePublished(int[] sums, int[] entry) {
    for (int m = 0; m < M; m++) {
      if (sums[m] != (entry == null ? 0 : entry[M + m])) return false;
    }
    return true;
  }

  /** unit|year with the year zero-padded to six digits, so that keys sort by year. */
  static String key(String unit, int year) {
    String y = Integer.toString(year);
    return unit + "|" + "000000".substring(y.length()) + y;
  }
}
