package dev.pulse.streams.partitioned;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The member task's changes to the rows, summed per row entry ({@code unit|kind|ordinal}) until
 * the next flush sends one record per unit; and its changes to activities' counts of PRESENT
 * records, summed per activity, one record per activity. Most members' changes meet on the same few entries
 * (the month, quarter and year at the commune, district and province), so a task sends a few
 * records per unit per flush instead of one per member record: the row stage then reads and
 * writes its entries once per flush, not once per member.
 *
 * <p>Exactly once: the sums live in a changelogged store written in the task's transaction, with
 * a copy in memory to iterate. A flush sends them and deletes them in one transaction; a crash
 * between two flushes leaves them in the store, where the next owner of the task finds them
 * (the copy is rebuilt from the store) and sends them.
 */
final class Outbox {

  /**
   * Keys of activity counts in the store: {@code ~activityId}. Ids never hold '|' and row entry
   * keys always do, so the two cannot meet.
   */
  private static final String ACTIVITY = "~";
  /** Keys of campaign participant changes: {@code ^unitId|campaign|K|000000}. */
  private static final String CAMPAIGN = "^";

  private final KeyValueStore<String, byte[]> store;
  /** unit → entry key → {eligible change, participants change}. */
  private final Map<String, Map<String, int[]>> byUnit = new HashMap<>();
  /** activityId → change of its count of standing PRESENT records. */
  private final Map<String, int[]> byActivity = new HashMap<>();
  /** unitId|campaign → entry key → participants change. */
  private final Map<String, Map<String, int[]>> byCampaign = new HashMap<>();

  Outbox(KeyValueStore<String, byte[]> store) {
    this.store = store;
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      it.forEachRemaining(kv -> {
        ByteBuffer b = ByteBuffer.wrap(kv.value);
        if (kv.key.startsWith(CAMPAIGN)) {
          String entry = kv.key.substring(CAMPAIGN.length());
          byCampaign.computeIfAbsent(unitOf(entry), u -> new HashMap<>()).put(entry, new int[] {b.getInt()});
        } else if (kv.key.indexOf('|') < 0) {
          byActivity.put(kv.key.substring(1), new int[] {b.getInt()});
        } else {
          byUnit.computeIfAbsent(unitOf(kv.key), u -> new HashMap<>()).put(kv.key, new int[] {b.getInt(), b.getInt()});
        }
      });
    }
  }

  /** Adds one contribution change: a range's +1 at its start and -1 after its end, or one period's participant. */
  void add(String unit, Wire.Delta d) {
    if (d.eligible()) {
      add(unit, d.kind(), d.from(), d.delta(), 0);
      if (d.to() != Wire.OPEN) add(unit, d.kind(), d.to() + 1, -d.delta(), 0);
    } else {
      add(unit, d.kind(), d.from(), 0, d.delta());
    }
  }

  private void add(String unit, int kind, int ordinal, int eligible, int participants) {
    String key = RowProcessor.key(unit, kind, ordinal);
    Map<String, int[]> entries = byUnit.computeIfAbsent(unit, u -> new HashMap<>());
    int[] sum = entries.computeIfAbsent(key, k -> new int[2]);
    sum[0] += eligible;
    sum[1] += participants;
    if (sum[0] == 0 && sum[1] == 0) {
      entries.remove(key);
      store.delete(key);
    } else {
      store.put(key, ByteBuffer.allocate(8).putInt(sum[0]).putInt(sum[1]).array());
    }
  }

  /** Adds a change of an activity's count of standing PRESENT records. */
  void addAttendance(String activityId, int delta) {
    int[] sum = byActivity.computeIfAbsent(activityId, k -> new int[1]);
    sum[0] += delta;
    if (sum[0] == 0) {
      byActivity.remove(activityId);
      store.delete(ACTIVITY + activityId);
    } else {
      store.put(ACTIVITY + activityId, ByteBuffer.allocate(4).putInt(sum[0]).array());
    }
  }

  /** Adds one change of a campaign row's participants, {@code unitCampaign} being {@code unitId|campaign}. */
  void addCampaign(String unitCampaign, Wire.Delta d) {
    String key = RowProcessor.key(unitCampaign, d.kind(), d.from());
    Map<String, int[]> entries = byCampaign.computeIfAbsent(unitCampaign, u -> new HashMap<>());
    int[] sum = entries.computeIfAbsent(key, k -> new int[1]);
    sum[0] += d.delta();
    if (sum[0] == 0) {
      entries.remove(key);
      store.delete(CAMPAIGN + key);
    } else {
      store.put(CAMPAIGN + key, ByteBuffer.allocate(4).putInt(sum[0]).array());
    }
  }

  /** Sends what has been summed, one record per unit and per activity, and empties the outbox. */
  void flush(ProcessorContext<String, byte[]> context, long now) {
    for (var a : byActivity.entrySet()) {
      context.forward(new Record<>(a.getKey(), ActivityWire.attendanceCount(a.getValue()[0]), now));
      store.delete(ACTIVITY + a.getKey());
    }
    byActivity.clear();
    for (var unit : byUnit.entrySet()) {
      if (unit.getValue().isEmpty()) continue;
      List<Wire.Change> changes = new ArrayList<>(unit.getValue().size());
      for (var e : unit.getValue().entrySet()) {
        String key = e.getKey();
        int kind = RowProcessor.kindOf(key);
        int ordinal = Integer.parseInt(key.substring(key.length() - 6));
        changes.add(new Wire.Change(kind, ordinal, e.getValue()[0], e.getValue()[1]));
        store.delete(key);
      }
      context.forward(new Record<>(unit.getKey(), Wire.changes(changes), now));
    }
    byUnit.clear();
    Map<String, List<CampaignWire.RowDelta>> campaignDeltas = new HashMap<>();
    for (var unitCampaign : byCampaign.entrySet()) {
      String uc = unitCampaign.getKey();
      int bar = uc.indexOf('|');
      String unit = uc.substring(0, bar);
      String campaign = uc.substring(bar + 1);
      for (var e : unitCampaign.getValue().entrySet()) {
        String key = e.getKey();
        campaignDeltas.computeIfAbsent(unit, u -> new ArrayList<>()).add(CampaignWire.one(RowProcessor.kindOf(key),
            Integer.parseInt(key.substring(key.length() - 6)), campaign, CampaignWire.PARTICIPANTS, e.getValue()[0]));
        store.delete(CAMPAIGN + key);
      }
    }
    byCampaign.clear();
    campaignDeltas.forEach((unit, deltas) -> context.forward(new Record<>(unit, CampaignWire.rowDeltas(deltas), now)));
  }

  /** The unit of an entry key {@code unit|K|000000}. */
  private static String unitOf(String key) {
    return key.substring(0, key.length() - 9);
  }
}
