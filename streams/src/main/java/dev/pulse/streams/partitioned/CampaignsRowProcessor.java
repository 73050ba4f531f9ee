package dev.pulse.streams.partitioned;

import dev.pulse.avro.CampaignsRow;
import dev.pulse.contract.ViewKey;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * The campaigns row stage, keyed by unitId: sums the campaign deltas of the member, activity and
 * holding tasks and publishes absolute view.campaigns.v1 rows, only those that changed, at most
 * once per publishing interval. A row exists while held or participants is not zero (SPEC.md
 * §5b); one that falls to zero is published as a tombstone.
 *
 * <p>State: {@code unit|K|000000|campaign} → the row's held, attendances, participants and
 * branchesHolding, then the five figures last published (the same and branches); {@code unit} →
 * the number of branches under the unit, which every row of the unit shows. Which units changed
 * since the last publication is kept in memory; after a (re-)initialisation every unit is
 * compared with what it last published.
 */
final class CampaignsRowProcessor extends RowStage<CampaignsRow> {

  private static final int F = CampaignWire.FIGURES;
  /** The figures last published: the row's four and branches. */
  private static final int P = F + 1;

  CampaignsRowProcessor(CampaignsStage.StoreNames names, Duration publishEvery) {
    super(names.rows(), null, publishEvery);
  }

  /** The unit of an entry key {@code unit|K|000000|campaign}, or of a unit's branch count {@code unit}. */
  @Override
  String groupOf(String entryKey) {
    int bar = entryKey.indexOf('|');
    return bar < 0 ? entryKey : entryKey.substring(0, bar);
  }

  @Override
  void apply(String unit, byte[] v) {
    switch (v[0]) {
      case CampaignWire.ROW_DELTAS -> {
        for (CampaignWire.RowDelta d : CampaignWire.readRowDeltas(v)) {
          String key = RowProcessor.key(unit, d.kind(), d.ordinal()) + "|" + d.campaign();
          long[] e = longs(rows.get(key), F + P);
          for (int f = 0; f < F; f++) e[f] += d.figures()[f];
          write(key, e);
        }
      }
      case CampaignWire.BRANCHES -> {
        long branches = CampaignWire.readBranches(v);
        if (branches == 0) rows.delete(unit);
        else rows.put(unit, ByteBuffer.allocate(8).putLong(branches).array());
      }
      default -> throw new IllegalStateException("unexpected record with tag " + v[0] + " for unit " + unit);
    }
    changed(unit);
  }

  /** Compares one unit's rows with what it last published; publishes those that differ. */
  @Override
  void publish(String unit, long now) {
    byte[] b = rows.get(unit);
    long branches = b == null ? 0 : ByteBuffer.wrap(b).getLong();
    List<KeyValue<String, long[]>> entries = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = rows.prefixScan(unit + "|", KEYS)) {
      it.forEachRemaining(kv -> entries.add(KeyValue.pair(kv.key, longs(kv.value, F + P))));
    }
    if (entries.isEmpty() && b == null) forget(unit);
    for (KeyValue<String, long[]> entry : entries) {
      long[] e = entry.value;
      boolean exists = e[CampaignWire.HELD] != 0 || e[CampaignWire.PARTICIPANTS] != 0;
      boolean existed = e[F + CampaignWire.HELD] != 0 || e[F + CampaignWire.PARTICIPANTS] != 0;
      if (!exists && !existed) continue;
      if (exists && java.util.Arrays.equals(e, 0, F, e, F, F + F) && e[F + F] == branches) continue;
      String key = entry.key;
      int bar = unit.length();
      int kind = RowProcessor.kindOf(key.substring(0, bar + 9));
      int ordinal = Integer.parseInt(key.substring(bar + 3, bar + 9));
      String campaign = key.substring(bar + 10);
      String period = MemberContribution.period(kind, ordinal).toString();
      context.forward(new Record<>(ViewKey.of(unit, period, campaign),
          exists ? row(unit, period, campaign, e, branches, now) : null, now));
      if (exists) {
        System.arraycopy(e, 0, e, F, F);
        e[F + F] = branches;
      } else {
        java.util.Arrays.fill(e, F, F + P, 0);
      }
      write(key, e);
    }
  }

  private static CampaignsRow row(String unit, String period, String campaign, long[] e, long branches, long now) {
    return CampaignsRow.newBuilder()
        .setUnitId(unit).setPeriod(period).setCampaign(campaign)
        .setHeld(e[CampaignWire.HELD])
        .setAttendances(e[CampaignWire.ATTENDANCES])
        .setParticipants(e[CampaignWire.PARTICIPANTS])
        .setBranches(branches)
        .setBranchesHolding(e[CampaignWire.BRANCHES_HOLDING])
        .setUpdatedAt(Instant.ofEpochMilli(now))
        .build();
  }
}
