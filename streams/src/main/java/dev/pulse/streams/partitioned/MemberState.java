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

  /**
   * Marks the layout that writes a campaign row's unit and campaign by index ({@link #encode}):
   * where the first layout began with the number of memberships, which never comes near it.
   */
  private static final int CAMPAIGNS_BY_INDEX = 0xFFFF;

  /**
   * Her state in bytes. Unit ids and campaign names are each written once and referred to by
   * index: the same four units recur in every range and month, and her campaign rows — each
   * written once as a (unit, campaign) pair of indexes, which her months refer to — are those
   * units crossed with a few campaigns, whose names are long (about 60 bytes of UTF-8 each).
   */
  byte[] encode() {
    return Wire.write((byte) 0, out -> {
      out.writeShort(CAMPAIGNS_BY_INDEX);
      out.writeShort(memberships.size());
      for (var e : memberships.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue().branchId());
        out.writeInt(e.getValue().joinedDay());
        out.writeInt(e.getValue().leftDay());
      }
      Map<String, Integer> units = new HashMap<>();
      Map<String, Integer> campaigns = new HashMap<>();
      sent.eligible().forEach(r -> units.putIfAbsent(r.unitId(), units.size()));
      sent.months().forEach(m -> units.putIfAbsent(m.unitId(), units.size()));
      for (UnitMonth m : sent.campaignMonths()) {
        int bar = m.unitId().indexOf('|');
        units.putIfAbsent(m.unitId().substring(0, bar), units.size());
        campaigns.putIfAbsent(m.unitId().substring(bar + 1), campaigns.size());
      }
      // Each campaign row (unit, campaign) once, its months referring to it by index.
      Map<String, Integer> rows = new HashMap<>();
      sent.campaignMonths().forEach(m -> rows.putIfAbsent(m.unitId(), rows.size()));
      writeNames(out, units);
      writeNames(out, campaigns);
      String[] rowIds = new String[rows.size()];
      rows.forEach((id, i) -> rowIds[i] = id);
      out.writeShort(rowIds.length);
      for (String id : rowIds) {
        int bar = id.indexOf('|');
        out.writeShort(units.get(id.substring(0, bar)));
        out.writeShort(campaigns.get(id.substring(bar + 1)));
      }
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
        out.writeShort(rows.get(m.unitId()));
        out.writeInt(m.month());
      }
    });
  }

  private static void writeNames(java.io.DataOutputStream out, Map<String, Integer> index) throws java.io.IOException {
    String[] names = new String[index.size()];
    index.forEach((n, i) -> names[i] = n);
    out.writeShort(names.length);
    for (String n : names) out.writeUTF(n);
  }

  private static String[] readNames(java.io.DataInputStream in) throws java.io.IOException {
    String[] names = new String[in.readUnsignedShort()];
    for (int i = 0; i < names.length; i++) names[i] = in.readUTF();
    return names;
  }

  /**
   * Her state from its bytes, in either layout: by index ({@link #encode}), or the first one, which
   * wrote each campaign row's {@code unitId|campaign} whole (and, before members counted
   * campaigns, ended after the months).
   */
  static MemberState decode(byte[] b) {
    if (b == null) return empty();
    return Wire.readFrom(b, 0, in -> {
      int first = in.readUnsignedShort();
      boolean byIndex = first == CAMPAIGNS_BY_INDEX;
      int nm = byIndex ? in.readUnsignedShort() : first;
      Map<String, Membership> memberships = new HashMap<>(nm * 2);
      for (int i = 0; i < nm; i++) {
        memberships.put(in.readUTF(), new Membership(in.readUTF(), in.readInt(), in.readInt()));
      }
      String[] units = readNames(in);
      String[] rowIds = new String[0];
      if (byIndex) {
        String[] campaigns = readNames(in);
        rowIds = new String[in.readUnsignedShort()];
        for (int i = 0; i < rowIds.length; i++) {
          rowIds[i] = units[in.readUnsignedShort()] + "|" + campaigns[in.readUnsignedShort()];
        }
      }
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
      int nc = byIndex || in.available() > 0 ? in.readInt() : 0;
      Set<UnitMonth> campaignMonths = new HashSet<>(nc * 2);
      if (byIndex) {
        for (int i = 0; i < nc; i++) campaignMonths.add(new UnitMonth(rowIds[in.readUnsignedShort()], in.readInt()));
      } else {
        for (int i = 0; i < nc; i++) {
          campaignMonths.add(new UnitMonth(units[in.readUnsignedShort()], in.readInt()));
        }
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
