package dev.pulse.streams.partitioned;

import dev.pulse.streams.partitioned.MemberContribution.Attendance;
import dev.pulse.streams.partitioned.MemberContribution.Membership;
import dev.pulse.streams.partitioned.MemberContribution.Range;
import dev.pulse.streams.partitioned.MemberContribution.UnitMonth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the member task keeps of one member besides her attendance (which is kept per record, so
 * that a new attendance record writes a few dozen bytes, not her whole history): her standing
 * memberships and the contribution she last sent to the rows, which a change is diffed against.
 * Unit ids are written once and referred to by index, since the same four units recur in every
 * range and month.
 */
final class MemberState {

  final Map<String, Membership> memberships;
  MemberContribution sent;

  MemberState(Map<String, Membership> memberships, MemberContribution sent) {
    this.memberships = memberships;
    this.sent = sent;
  }

  static MemberState empty() {
    return new MemberState(new HashMap<>(2), MemberContribution.NONE);
  }

  boolean isEmpty() {
    return memberships.isEmpty() && sent.eligible().isEmpty() && sent.months().isEmpty()
        && sent.campaignMonths().isEmpty();
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
      Map<String, Integer> units = new HashMap<>();
      sent.eligible().forEach(r -> units.putIfAbsent(r.unitId(), units.size()));
      sent.months().forEach(m -> units.putIfAbsent(m.unitId(), units.size()));
      sent.campaignMonths().forEach(m -> units.putIfAbsent(m.unitId(), units.size()));
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
      out.writeInt(sent.months().size());
      for (UnitMonth m : sent.months()) {
        out.writeShort(units.get(m.unitId()));
        out.writeInt(m.month());
      }
      out.writeInt(sent.campaignMonths().size());
      for (UnitMonth m : sent.campaignMonths()) {
        out.writeShort(units.get(m.unitId()));
        out.writeInt(m.month());
      }
    });
  }

  static MemberState decode(byte[] b) {
    if (b == null) return empty();
    return Wire.readFrom(b, 0, in -> {
      int nm = in.readUnsignedShort();
      Map<String, Membership> memberships = new HashMap<>(nm * 2);
      for (int i = 0; i < nm; i++) {
        memberships.put(in.readUTF(), new Membership(in.readUTF(), in.readInt(), in.readInt()));
      }
      String[] units = new String[in.readUnsignedShort()];
      for (int i = 0; i < units.length; i++) units[i] = in.readUTF();
      int ne = in.readUnsignedShort();
      Set<Range> eligible = new HashSet<>(ne * 2);
      for (int i = 0; i < ne; i++) {
        eligible.add(new Range(units[in.readUnsignedShort()], in.readByte(), in.readInt(), in.readInt()));
      }
      int nmo = in.readInt();
      Set<UnitMonth> months = new HashSet<>(nmo * 2);
      for (int i = 0; i < nmo; i++) {
        months.add(new UnitMonth(units[in.readUnsignedShort()], in.readInt()));
      }
      // A state written before members counted campaigns ends after the months.
      int nc = in.available() > 0 ? in.readInt() : 0;
      Set<UnitMonth> campaignMonths = new HashSet<>(nc * 2);
      for (int i = 0; i < nc; i++) {
        campaignMonths.add(new UnitMonth(units[in.readUnsignedShort()], in.readInt()));
      }
      return new MemberState(memberships, new MemberContribution(eligible, months, campaignMonths));
    });
  }

  /** One standing attendance version as the attendance store keeps it (the record id is in the key). */
  static byte[] encode(Attendance a) {
    return Wire.write((byte) 0, out -> {
      out.writeUTF(a.activityId());
      out.writeLong(a.recordedAt());
      out.writeBoolean(a.present());
      out.writeInt(a.localDay());
    });
  }

  static Attendance decodeAttendance(byte[] b) {
    if (b == null) return null;
    return Wire.readFrom(b, 0, in -> new Attendance(in.readUTF(), in.readLong(), in.readBoolean(), in.readInt()));
  }
}
