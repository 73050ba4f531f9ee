package dev.pulse.streams.partitioned;

import dev.pulse.streams.partitioned.MemberContribution.Attendance;
import dev.pulse.streams.partitioned.MemberContribution.Membership;
import dev.pulse.streams.partitioned.MemberContribution.Range;
import dev.pulse.streams.partitioned.MemberContribution.Row;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the member task keeps of one member: her standing memberships, the standing version of each
 * of her attendance records, and the contribution she last sent to the rows (what a change is
 * diffed against). Unit ids are written once and referred to by index, since the same four units
 * recur in every range and row.
 */
final class MemberState {

  final Map<String, Membership> memberships;
  final Map<String, Attendance> attendance;
  MemberContribution sent;

  MemberState(Map<String, Membership> memberships, Map<String, Attendance> attendance, MemberContribution sent) {
    this.memberships = memberships;
    this.attendance = attendance;
    this.sent = sent;
  }

  static MemberState empty() {
    return new MemberState(new HashMap<>(2), new HashMap<>(8), MemberContribution.NONE);
  }

  boolean isEmpty() {
    return memberships.isEmpty() && attendance.isEmpty() && sent.eligible().isEmpty() && sent.participants().isEmpty();
  }

  byte[] encode() {
    return Wire.write((byte) 0, out -> {
      out.writeShort(memberships.size());
      for (var e : memberships.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue().branchId());
        out.writeInt(e.getValue().joinedDay());
        out.writeInt(e.getValue().leftDay());
      }
      out.writeShort(attendance.size());
      for (var e : attendance.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue().activityId());
        out.writeLong(e.getValue().recordedAt());
        out.writeBoolean(e.getValue().present());
        out.writeInt(e.getValue().localDay());
      }
      Map<String, Integer> units = new HashMap<>();
      sent.eligible().forEach(r -> units.putIfAbsent(r.unitId(), units.size()));
      sent.participants().forEach(r -> units.putIfAbsent(r.unitId(), units.size()));
      String[] names = new String[units.size()];
      units.forEach((u, i) -> names[i] = u);
      out.writeShort(names.length);
      for (String u : names) out.writeUTF(u);
      out.writeShort(sent.eligible().size());
      for (Range r : sent.eligible()) {
        out.writeShort(units.get(r.unitId()));
        out.writeByte(r.kind());
        out.writeInt(r.from());
        out.writeInt(r.to());
      }
      out.writeInt(sent.participants().size());
      for (Row r : sent.participants()) {
        writeRow(out, units.get(r.unitId()), r);
      }
    });
  }

  private static void writeRow(DataOutputStream out, int unit, Row r) throws IOException {
    out.writeShort(unit);
    out.writeByte(r.kind());
    out.writeInt(r.ordinal());
  }

  static MemberState decode(byte[] b) {
    if (b == null) return empty();
    return Wire.readFrom(b, 0, in -> {
      int nm = in.readUnsignedShort();
      Map<String, Membership> memberships = new HashMap<>(nm * 2);
      for (int i = 0; i < nm; i++) {
        memberships.put(in.readUTF(), new Membership(in.readUTF(), in.readInt(), in.readInt()));
      }
      int na = in.readUnsignedShort();
      Map<String, Attendance> attendance = new HashMap<>(na * 2);
      for (int i = 0; i < na; i++) {
        attendance.put(in.readUTF(), new Attendance(in.readUTF(), in.readLong(), in.readBoolean(), in.readInt()));
      }
      String[] units = new String[in.readUnsignedShort()];
      for (int i = 0; i < units.length; i++) units[i] = in.readUTF();
      int ne = in.readUnsignedShort();
      Set<Range> eligible = new HashSet<>(ne * 2);
      for (int i = 0; i < ne; i++) {
        eligible.add(new Range(units[in.readUnsignedShort()], in.readByte(), in.readInt(), in.readInt()));
      }
      int np = in.readInt();
      Set<Row> participants = new HashSet<>(np * 2);
      for (int i = 0; i < np; i++) {
        participants.add(new Row(units[in.readUnsignedShort()], in.readByte(), in.readInt()));
      }
      return new MemberState(memberships, attendance, new MemberContribution(eligible, participants));
    });
  }
}
