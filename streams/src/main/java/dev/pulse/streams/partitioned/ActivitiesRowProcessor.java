package dev.pulse.streams.partitioned;

import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.Channel;
import dev.pulse.contract.ViewKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * The activities row stage, keyed by unitId: sums the activities' contribution deltas and
 * publishes absolute view.activities.v1 rows, only those that changed, at most once per
 * publishing interval; a tombstone for a row that fell to zero.
 *
 * <p>State, one entry per unit, kind of period and ordinal ({@code unit|K|000000}): the row's
 * figures and the figures last published for it. Rows are published only inside the covered years
 * (as BatchViews defines them), learnt from year marks sent to every partition. byChannel lists the
 * channels with a count other than zero, as the batch recomputation does. Which units changed
 * since the last publication is kept in memory; after a restart every unit is compared with what
 * it last published.
 */
final class ActivitiesRowProcessor extends RowStage<ActivitiesRow> {

  private static final int F = ActivityWire.FIGURES;
  private static final Channel[] CHANNELS = Channel.values();

  ActivitiesRowProcessor(ActivitiesStage.StoreNames names, Duration publishEvery) {
    super(names.rows(), names.covered(), publishEvery);
  }

  /** The unit of an entry key {@code unit|K|000000}. */
  @Override
  String groupOf(String entryKey) {
    return entryKey.substring(0, entryKey.indexOf('|'));
  }

  @Override
  void apply(String unit, byte[] v) {
    if (v[0] != ActivityWire.ROW_DELTAS) {
      throw new IllegalStateException("unexpected record with tag " + v[0] + " for unit " + unit);
    }
    for (ActivityWire.RowDelta d : ActivityWire.readRowDeltas(v)) {
      String key = RowProcessor.key(unit, d.kind(), d.ordinal());
      long[] e = longs(rows.get(key), 2 * F);
      for (int f = 0; f < F; f++) e[f] += d.figures()[f];
      write(key, e);
    }
    changed(unit);
  }

  /** Compares one unit's rows in the covered years with what it last published; publishes those that differ. */
  @Override
  void publish(String unit, long now) {
    List<KeyValue<String, long[]>> entries = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = rows.prefixScan(unit + "|", KEYS)) {
      it.forEachRemaining(kv -> entries.add(KeyValue.pair(kv.key, longs(kv.value, 2 * F))));
    }
    if (entries.isEmpty()) forget(unit);
    for (KeyValue<String, long[]> entry : entries) {
      String key = entry.key;
      long[] e = entry.value;
      int kind = switch (key.charAt(key.length() - 8)) {
        case 'Y' -> 0;
        case 'Q' -> 1;
        default -> 2;
      };
      int ordinal = Integer.parseInt(key.substring(key.length() - 6));
      if (ordinal < MemberContribution.firstOrdinal(kind, years.first())
          || ordinal > MemberContribution.lastOrdinal(kind, years.last())) {
        continue;
      }
      if (java.util.Arrays.equals(e, 0, F, e, F, 2 * F)) continue;
      String period = MemberContribution.period(kind, ordinal).toString();
      context.forward(new Record<>(ViewKey.of(unit, period), isZero(e) ? null : row(unit, period, e, now), now));
      System.arraycopy(e, 0, e, F, F);
      write(key, e);
    }
  }

  private static ActivitiesRow row(String unit, String period, long[] e, long now) {
    Map<String, Long> byChannel = new TreeMap<>();
    for (int c = 0; c < CHANNELS.length; c++) {
      if (e[ActivityWire.FIRST_CHANNEL + c] != 0) byChannel.put(CHANNELS[c].name(), e[ActivityWire.FIRST_CHANNEL + c]);
    }
    return ActivitiesRow.newBuilder()
        .setUnitId(unit).setPeriod(period)
        .setHeld(e[ActivityWire.HELD])
        .setInPerson(e[ActivityWire.IN_PERSON])
        .setOnline(e[ActivityWire.IN_PERSON + 1])
        .setHybrid(e[ActivityWire.IN_PERSON + 2])
        .setPublicised(e[ActivityWire.PUBLICISED])
        .setByChannel(byChannel)
        .setAttendances(e[ActivityWire.ATTENDANCES])
        .setUpdatedAt(Instant.ofEpochMilli(now))
        .build();
  }

  private static boolean isZero(long[] e) {
    for (int f = 0; f < F; f++) if (e[f] != 0) return false;
    return true;
  }
}
