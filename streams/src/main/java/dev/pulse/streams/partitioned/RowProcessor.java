package dev.pulse.streams.partitioned;

import dev.pulse.avro.ParticipationRow;
import dev.pulse.contract.ViewKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * The row stage, keyed by unitId: sums the members' contribution deltas and publishes absolute
 * participation rows, only those whose value changed, at most once per publishing interval.
 *
 * <p>State, one small entry per unit, kind of period and ordinal ({@code unit|K|000000}):
 * the change of the eligible count at that ordinal (a range +1 at its first period, -1 after its
 * last: the count of a period is the sum of the changes up to it), the participants of the period,
 * and the figures last published for it. Eligible rows exist only in the covered years (SPEC.md /
 * BatchViews: from the first to the last year in which any event falls), which the stage learns
 * from year marks sent to every partition. Which units changed since the last publication is kept
 * in memory; after a restart every unit is compared with what it last published, so that nothing
 * a crash interrupted stays unpublished.
 */
final class RowProcessor extends RowStage<ParticipationRow> {

  private static final char[] KIND = {'Y', 'Q', 'M'};

  RowProcessor(PartitionedTopology.StoreNames names, Duration publishEvery) {
    super(names.rows(), names.covered(), publishEvery);
  }

  /** unit|K of an entry key {@code unit|K|000000}: the stage compares a unit's rows of one kind at a time. */
  @Override
  String groupOf(String entryKey) {
    return entryKey.substring(0, entryKey.length() - 7);
  }

  @Override
  void apply(String unit, byte[] v) {
    for (Wire.Change c : Wire.readChanges(v)) {
      bump(unit, c.kind(), c.ordinal(), c.eligible(), c.participants());
      changed(prefix(unit, c.kind()));
    }
  }

  private void bump(String unit, int kind, int ordinal, int diff, int participants) {
    String key = key(unit, kind, ordinal);
    long[] e = longs(rows.get(key), 4);
    e[0] += diff;
    e[1] += participants;
    write(key, e);
  }

  /** Recomputes one unit's rows of one kind over the covered years; publishes those that changed. */
  @Override
  void publish(String prefix, long now) {
    String unit = prefix.substring(0, prefix.length() - 2);
    int kind = prefix.charAt(prefix.length() - 1) == 'Y' ? 0 : prefix.charAt(prefix.length() - 1) == 'Q' ? 1 : 2;
    int lo = MemberContribution.firstOrdinal(kind, years.first());
    int hi = MemberContribution.lastOrdinal(kind, years.last());
    List<KeyValue<Integer, long[]>> entries = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = rows.prefixScan(prefix + "|", KEYS)) {
      it.forEachRemaining(kv -> entries.add(KeyValue.pair(
          Integer.parseInt(kv.key.substring(kv.key.length() - 6)), longs(kv.value, 4))));
    }
    long eligible = 0;
    int i = 0;
    while (i < entries.size() && entries.get(i).key < lo) eligible += entries.get(i++).value[0];
    for (int o = lo; o <= hi; o++) {
      long[] e = null;
      if (i < entries.size() && entries.get(i).key == o) {
        e = entries.get(i++).value;
        eligible += e[0];
      }
      long participants = e == null ? 0 : e[1];
      long publishedEligible = e == null ? 0 : e[2];
      long publishedParticipants = e == null ? 0 : e[3];
      if (eligible == publishedEligible && participants == publishedParticipants) continue;
      String period = MemberContribution.period(kind, o).toString();
      ParticipationRow row = eligible == 0 && participants == 0 ? null : ParticipationRow.newBuilder()
          .setUnitId(unit).setPeriod(period).setEligible(eligible).setParticipants(participants)
          .setRate(eligible == 0 ? null : (double) participants / eligible)
          .setUpdatedAt(Instant.ofEpochMilli(now)).build();
      context.forward(new Record<>(ViewKey.of(unit, period), row, now));
      if (e == null) e = new long[4];
      e[2] = eligible;
      e[3] = participants;
      write(key(unit, kind, o), e);
    }
  }

  private static String prefix(String unit, int kind) {
    return unit + "|" + KIND[kind];
  }

  /** The kind of period (0 year, 1 quarter, 2 month) of an entry key {@code unit|K|000000}. */
  static int kindOf(String key) {
    char k = key.charAt(key.length() - 8);
    return k == 'Y' ? 0 : k == 'Q' ? 1 : 2;
  }

  /** unit|K|ordinal with the ordinal zero-padded to six digits, so that keys sort by ordinal. */
  static String key(String unit, int kind, int ordinal) {
    String o = Integer.toString(ordinal);
    return unit + "|" + KIND[kind] + "|" + "000000".substring(o.length()) + o;
  }
}
