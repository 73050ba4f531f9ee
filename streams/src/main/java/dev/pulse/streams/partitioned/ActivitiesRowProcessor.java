package dev.pulse.streams.partitioned;

import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.Channel;
import dev.pulse.contract.ViewKey;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

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
final class ActivitiesRowProcessor implements Processor<String, byte[], String, ActivitiesRow> {

  private static final StringSerializer KEYS = new StringSerializer();
  private static final int F = ActivityWire.FIGURES;
  private static final Channel[] CHANNELS = Channel.values();

  private final ActivitiesStage.StoreNames names;
  private final Duration publishEvery;
  private final PublishPacer pacer = new PublishPacer();
  private ProcessorContext<String, ActivitiesRow> context;
  private KeyValueStore<String, byte[]> rows;
  private CoveredYears years;
  private final Set<String> known = new HashSet<>();
  private final Set<String> dirty = new HashSet<>();

  ActivitiesRowProcessor(ActivitiesStage.StoreNames names, Duration publishEvery) {
    this.names = names;
    this.publishEvery = publishEvery;
  }

  @Override
  public void init(ProcessorContext<String, ActivitiesRow> context) {
    this.context = context;
    rows = context.getStateStore(names.rows());
    years = new CoveredYears(context.getStateStore(names.covered()));
    // Kafka Streams re-initialises the same processor after a failed transaction, on stores
    // restored to the last commit: nothing kept in memory from before is trusted.
    known.clear();
    dirty.clear();
    pacer.reset();
    try (KeyValueIterator<String, byte[]> it = rows.all()) {
      it.forEachRemaining(kv -> known.add(kv.key.substring(0, kv.key.indexOf('|'))));
    }
    dirty.addAll(known);
    // No interval: the rows are kept but not published yet (a reprocess that has not caught up).
    if (publishEvery != null) {
      context.schedule(publishEvery, PunctuationType.WALL_CLOCK_TIME, now -> pacer.run(now, () -> publish(now)));
    }
  }

  @Override
  public void process(Record<String, byte[]> r) {
    byte[] v = r.value();
    if (v[0] == Wire.YEAR) {
      if (years.widen(Wire.readYear(v))) dirty.addAll(known);
      return;
    }
    if (v[0] != ActivityWire.ROW_DELTAS) {
      throw new IllegalStateException("unexpected record with tag " + v[0] + " for unit " + r.key());
    }
    String unit = r.key();
    for (ActivityWire.RowDelta d : ActivityWire.readRowDeltas(v)) {
      String key = RowProcessor.key(unit, d.kind(), d.ordinal());
      long[] e = decode(rows.get(key));
      for (int f = 0; f < F; f++) e[f] += d.figures()[f];
      write(key, e);
    }
    if (dirty.add(unit)) known.add(unit);
  }

  private void publish(long now) {
    if (dirty.isEmpty() || years.isEmpty()) return;
    for (String unit : dirty) publish(unit, now);
    dirty.clear();
  }

  /** Compares one unit's rows in the covered years with what it last published; publishes those that differ. */
  private void publish(String unit, long now) {
    List<KeyValue<String, long[]>> entries = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = rows.prefixScan(unit + "|", KEYS)) {
      it.forEachRemaining(kv -> entries.add(KeyValue.pair(kv.key, decode(kv.value))));
    }
    if (entries.isEmpty()) known.remove(unit);
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

  private void write(String key, long[] e) {
    boolean zero = true;
    for (long x : e) zero &= x == 0;
    if (zero) {
      rows.delete(key);
      return;
    }
    ByteBuffer b = ByteBuffer.allocate(8 * 2 * F);
    for (long x : e) b.putLong(x);
    rows.put(key, b.array());
  }

  /** The row's figures, then the figures last published. */
  private static long[] decode(byte[] b) {
    long[] e = new long[2 * F];
    if (b == null) return e;
    ByteBuffer buf = ByteBuffer.wrap(b);
    for (int i = 0; i < e.length; i++) e[i] = buf.getLong();
    return e;
  }
}
