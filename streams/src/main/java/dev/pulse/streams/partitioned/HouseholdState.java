package dev.pulse.streams.partitioned;

import dev.pulse.streams.partitioned.HouseholdContribution.Event;
import dev.pulse.streams.partitioned.HouseholdContribution.Range;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the household task keeps of one household: the standing version of each of its events (by
 * eventId), and the contribution it last sent to the poverty rows (what a change is diffed
 * against). Unit ids are written once and referred to by index.
 */
final class HouseholdState {

  final Map<String, Event> events;
  HouseholdContribution sent;

  HouseholdState(Map<String, Event> events, HouseholdContribution sent) {
    this.events = events;
    this.sent = sent;
  }

  static HouseholdState empty() {
    return new HouseholdState(new HashMap<>(4), HouseholdContribution.NONE);
  }

  /** Whether another event than {@code eventId} names this branch. */
  boolean namesBranch(String branchId, String exceptEventId) {
    for (var e : events.entrySet()) {
      if (!e.getKey().equals(exceptEventId) && e.getValue().branchId().equals(branchId)) return true;
    }
    return false;
  }

  byte[] encode() {
    return Wire.write((byte) 0, out -> {
      out.writeShort(events.size());
      for (var e : events.entrySet()) {
        Event v = e.getValue();
        out.writeUTF(e.getKey());
        out.writeUTF(v.branchId());
        out.writeByte(v.status());
        out.writeBoolean(v.supported());
        out.writeInt(v.assessedDay());
        out.writeLong(v.recordedAt());
      }
      Map<String, Integer> units = new HashMap<>();
      sent.ranges().forEach(r -> units.putIfAbsent(r.unitId(), units.size()));
      String[] names = new String[units.size()];
      units.forEach((u, i) -> names[i] = u);
      out.writeShort(names.length);
      for (String u : names) out.writeUTF(u);
      out.writeInt(sent.ranges().size());
      for (Range r : sent.ranges()) {
        out.writeShort(units.get(r.unitId()));
        out.writeByte(r.metric());
        out.writeInt(r.from());
        out.writeInt(r.to());
      }
    });
  }

  static HouseholdState decode(byte[] b) {
    if (b == null) return empty();
    return Wire.readFrom(b, 0, in -> {
      int ne = in.readUnsignedShort();
      Map<String, Event> events = new HashMap<>(ne * 2);
      for (int i = 0; i < ne; i++) {
        events.put(in.readUTF(), new Event(in.readUTF(), in.readByte(), in.readBoolean(), in.readInt(), in.readLong()));
      }
      String[] units = new String[in.readUnsignedShort()];
      for (int i = 0; i < units.length; i++) units[i] = in.readUTF();
      int nr = in.readInt();
      Set<Range> ranges = new HashSet<>(nr * 2);
      for (int i = 0; i < nr; i++) {
        ranges.add(new Range(units[in.readUnsignedShort()], in.readByte(), in.readInt(), in.readInt()));
      }
      return new HouseholdState(events, new HouseholdContribution(ranges));
    });
  }
}
