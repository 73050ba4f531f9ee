package dev.pulse.streams.partitioned;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * <p>Exactly once: the sums are kept in memory, and what was added to them since the last flush
 * is kept in a changelogged store written in the task's transaction — one journal entry per member
 * change ({@link #persist}), whatever number of row entries it touched, rather than one write per
 * entry. A flush sends the sums and deletes the journal in one transaction; a crash between two
 * flushes leaves the journal in the store, where the next owner of the task finds it, sums it up
 * again and sends it.
 */
final class Outbox {

  /**
   * Keys of the journal: {@code #} and the change's number, zero-padded. The sums an earlier
   * version kept one entry each ({@code unit|K|000000}, {@code ~activityId}, {@code ^unit|campaign|K|000000})
   * are read too, sent with the next flush and deleted.
   */
  private static final String JOURNAL = "#";
  private static final String ACTIVITY = "~";
  private static final String CAMPAIGN = "^";
  private static final byte ROW = 0;
  private static final byte ACTIVITY_COUNT = 1;
  private static final byte CAMPAIGN_ROW = 2;

  private final KeyValueStore<String, byte[]> store;
  /** unit → entry key → {eligible change, participants change}. */
  private final Map<String, Map<String, int[]>> byUnit = new HashMap<>();
  /** activityId → change of its count of standing PRESENT records. */
  private final Map<String, int[]> byActivity = new HashMap<>();
  /** unitId|campaign → entry key → participants change. */
  private final Map<String, Map<String, int[]>> byCampaign = new HashMap<>();
  /** The keys in the store since the last flush, deleted by the next. */
  private final List<String> kept = new ArrayList<>();
  private long nextChange;
  /** What was added since the last {@link #persist}, as the journal entry will hold it. */
  private final ByteArrayOutputStream pendingBytes = new ByteArrayOutputStream(256);
  private final DataOutputStream pending = new DataOutputStream(pendingBytes);

  Outbox(KeyValueStore<String, byte[]> store) {
    this.store = store;
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      it.forEachRemaining(kv -> {
        kept.add(kv.key);
        if (kv.key.startsWith(JOURNAL)) {
          nextChange = Math.max(nextChange, Long.parseLong(kv.key.substring(JOURNAL.length())) + 1);
          replay(kv.value);
          return;
        }
        ByteBuffer b = ByteBuffer.wrap(kv.value);
        if (kv.key.startsWith(CAMPAIGN)) {
          String entry = kv.key.substring(CAMPAIGN.length());
          sumCampaign(unitOf(entry), entry, b.getInt());
        } else if (kv.key.indexOf('|') < 0) {
          sumActivity(kv.key.substring(ACTIVITY.length()), b.getInt());
        } else {
          sumRow(unitOf(kv.key), kv.key, b.getInt(), b.getInt());
        }
      });
    }
    pendingBytes.reset();
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
    sumRow(unit, RowProcessor.key(unit, kind, ordinal), eligible, participants);
    record(out -> {
      out.writeByte(ROW);
      out.writeUTF(unit);
      out.writeByte(kind);
      out.writeInt(ordinal);
      out.writeInt(eligible);
      out.writeInt(participants);
    });
  }

  /** Adds a change of an activity's count of standing PRESENT records. */
  void addAttendance(String activityId, int delta) {
    sumActivity(activityId, delta);
    record(out -> {
      out.writeByte(ACTIVITY_COUNT);
      out.writeUTF(activityId);
      out.writeInt(delta);
    });
  }

  /** Adds one change of a campaign row's participants, {@code unitCampaign} being {@code unitId|campaign}. */
  void addCampaign(String unitCampaign, Wire.Delta d) {
    sumCampaign(unitCampaign, RowProcessor.key(unitCampaign, d.kind(), d.from()), d.delta());
    record(out -> {
      out.writeByte(CAMPAIGN_ROW);
      out.writeUTF(unitCampaign);
      out.writeByte(d.kind());
      out.writeInt(d.from());
      out.writeInt(d.delta());
    });
  }

  /**
   * Writes what was added since the last call as one journal entry. The member task calls it once
   * it has handled a record, and before Kafka Streams can commit: a commit never falls inside a
   * record's processing or a punctuation.
   */
  void persist() {
    if (pendingBytes.size() == 0) return;
    String o = Long.toString(nextChange++);
    String key = JOURNAL + "0000000000000000000".substring(o.length()) + o;
    store.put(key, pendingBytes.toByteArray());
    kept.add(key);
    pendingBytes.reset();
  }

  /** Sends what has been summed, one record per unit and per activity, and empties the outbox. */
  void flush(ProcessorContext<String, byte[]> context, long now) {
    for (var a : byActivity.entrySet()) {
      context.forward(new Record<>(a.getKey(), ActivityWire.attendanceCount(a.getValue()[0]), now));
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
      }
    }
    byCampaign.clear();
    campaignDeltas.forEach((unit, deltas) -> context.forward(new Record<>(unit, CampaignWire.rowDeltas(deltas), now)));
    // Everything added is in what was just sent: the journal, persisted or not, is done with.
    pendingBytes.reset();
    for (String key : kept) store.delete(key);
    kept.clear();
  }

  private void sumRow(String unit, String key, int eligible, int participants) {
    Map<String, int[]> entries = byUnit.computeIfAbsent(unit, u -> new HashMap<>());
    int[] sum = entries.computeIfAbsent(key, k -> new int[2]);
    sum[0] += eligible;
    sum[1] += participants;
    if (sum[0] == 0 && sum[1] == 0) entries.remove(key);
  }

  private void sumActivity(String activityId, int delta) {
    int[] sum = byActivity.computeIfAbsent(activityId, k -> new int[1]);
    sum[0] += delta;
    if (sum[0] == 0) byActivity.remove(activityId);
  }

  private void sumCampaign(String unitCampaign, String key, int delta) {
    Map<String, int[]> entries = byCampaign.computeIfAbsent(unitCampaign, u -> new HashMap<>());
    int[] sum = entries.computeIfAbsent(key, k -> new int[1]);
    sum[0] += delta;
    if (sum[0] == 0) entries.remove(key);
  }

  private void record(Wire.Writer change) {
    try {
      change.write(pending);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sums a journal entry's changes up again, as they were added. */
  private void replay(byte[] entry) {
    Wire.readFrom(entry, 0, in -> {
      while (in.available() > 0) {
        byte op = in.readByte();
        switch (op) {
          case ROW -> {
            String unit = in.readUTF();
            int kind = in.readByte();
            int ordinal = in.readInt();
            sumRow(unit, RowProcessor.key(unit, kind, ordinal), in.readInt(), in.readInt());
          }
          case ACTIVITY_COUNT -> sumActivity(in.readUTF(), in.readInt());
          case CAMPAIGN_ROW -> {
            String unitCampaign = in.readUTF();
            int kind = in.readByte();
            sumCampaign(unitCampaign, RowProcessor.key(unitCampaign, kind, in.readInt()), in.readInt());
          }
          default -> throw new IOException("unknown change " + op + " in the outbox's journal");
        }
      }
      return null;
    });
  }

  /** The unit of an entry key {@code unit|K|000000}. */
  private static String unitOf(String key) {
    return key.substring(0, key.length() - 9);
  }
}
