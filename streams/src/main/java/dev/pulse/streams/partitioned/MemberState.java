package dev.pulse.streams.partitioned;

import dev.pulse.streams.partitioned.MemberContribution.Attendance;
import dev.pulse.streams.partitioned.MemberContribution.Membership;
import dev.pulse.streams.partitioned.MemberContribution.Range;
import dev.pulse.streams.partitioned.MemberContribution.UnitMonth;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
 *
 * <p>Her campaign rows (SPEC.md §5b) are the largest part of her state, and most attendance
 * records do not touch them: six activities in ten list no campaign. They are written last, in a
 * section of their own with its own names, and read only when asked for; a state written back
 * without them having been read copies their bytes as they were.
 */
final class MemberState {

  final Map<String, Membership> memberships;
  private Set<Range> eligible;
  private Set<UnitMonth> months;
  /** Her campaign months once read or set; null while they are still the bytes of {@link #campaignBytes}. */
  private Set<UnitMonth> campaignMonths;
  private byte[] campaignBytes;
  private int campaignFrom;
  private int campaignLength;

  MemberState(Map<String, Membership> memberships, MemberContribution sent) {
    this.memberships = memberships;
    sent(sent);
  }

  private MemberState(Map<String, Membership> memberships, Set<Range> eligible, Set<UnitMonth> months) {
    this.memberships = memberships;
    this.eligible = eligible;
    this.months = months;
  }

  static MemberState empty() {
    return new MemberState(new HashMap<>(2), MemberContribution.NONE);
  }

  /** The contribution she last sent, campaign rows included (read now if they were not yet). */
  MemberContribution sent() {
    return new MemberContribution(eligible, months, campaignMonths());
  }

  void sent(MemberContribution c) {
    eligible = c.eligible();
    months = c.months();
    campaignMonths = c.campaignMonths();
    campaignBytes = null;
  }

  /** The (unit, month) pairs she last sent as a participant. */
  Set<UnitMonth> months() {
    return months;
  }

  void months(Set<UnitMonth> now) {
    months = now;
  }

  /** The (unit|campaign, month) pairs she last sent, read from their bytes the first time they are asked for. */
  Set<UnitMonth> campaignMonths() {
    if (campaignMonths == null) {
      campaignMonths = campaignBytes == null ? Set.of()
          : Wire.readFrom(campaignBytes, campaignFrom, MemberState::readCampaignSection);
      campaignBytes = null;
    }
    return campaignMonths;
  }

  void campaignMonths(Set<UnitMonth> now) {
    campaignMonths = now;
    campaignBytes = null;
  }

  boolean isEmpty() {
    return memberships.isEmpty() && eligible.isEmpty() && months.isEmpty() && campaignMonths().isEmpty();
  }

  /**
   * Marks the layout that writes a campaign row's unit and campaign by index inside the state's
   * one table of unit ids: where the first layout began with the number of memberships, which never
   * comes near it.
   */
  private static final int CAMPAIGNS_BY_INDEX = 0xFFFF;
  /** Marks the layout written now: the campaign rows last, in a section of their own ({@link #encode}). */
  private static final int CAMPAIGNS_APART = 0xFFFE;

  /**
   * Her state in bytes: memberships, the unit ids of her ranges and months written once and
   * referred to by index, ranges, months; then the campaign section, prefixed by its length — its
   * own unit ids and campaign names (about 60 bytes of UTF-8 each) written once, each campaign row
   * once as a (unit, campaign) pair of indexes, and the months referring to the rows.
   */
  byte[] encode() {
    return Wire.write((byte) 0, out -> {
      out.writeShort(CAMPAIGNS_APART);
      out.writeShort(memberships.size());
      for (var e : memberships.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue().branchId());
        out.writeInt(e.getValue().joinedDay());
        out.writeInt(e.getValue().leftDay());
      }
      Map<String, Integer> units = new HashMap<>();
      eligible.forEach(r -> units.putIfAbsent(r.unitId(), units.size()));
      months.forEach(m -> units.putIfAbsent(m.unitId(), units.size()));
      writeNames(out, units);
      out.writeShort(eligible.size());
      for (Range r : eligible) {
        out.writeShort(units.get(r.unitId()));
        out.writeByte(r.kind());
        out.writeInt(r.from());
        out.writeInt(r.to());
      }
      out.writeInt(months.size());
      for (UnitMonth m : months) {
        out.writeShort(units.get(m.unitId()));
        out.writeInt(m.month());
      }
      if (campaignMonths == null && campaignBytes != null) {
        out.writeInt(campaignLength);
        out.write(campaignBytes, campaignFrom, campaignLength);
      } else {
        byte[] section = Wire.write((byte) 0, c -> writeCampaignSection(c, campaignMonths == null ? Set.of() : campaignMonths));
        out.writeInt(section.length);
        out.write(section);
      }
    });
  }

  private static void writeCampaignSection(DataOutputStream out, Set<UnitMonth> campaignMonths) throws IOException {
    Map<String, Integer> units = new HashMap<>();
    Map<String, Integer> campaigns = new HashMap<>();
    Map<String, Integer> rows = new HashMap<>();
    for (UnitMonth m : campaignMonths) {
      if (rows.putIfAbsent(m.unitId(), rows.size()) != null) continue;
      int bar = m.unitId().indexOf('|');
      units.putIfAbsent(m.unitId().substring(0, bar), units.size());
      campaigns.putIfAbsent(m.unitId().substring(bar + 1), campaigns.size());
    }
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
    out.writeInt(campaignMonths.size());
    for (UnitMonth m : campaignMonths) {
      out.writeShort(rows.get(m.unitId()));
      out.writeInt(m.month());
    }
  }

  private static Set<UnitMonth> readCampaignSection(DataInputStream in) throws IOException {
    String[] units = readNames(in);
    String[] campaigns = readNames(in);
    String[] rowIds = new String[in.readUnsignedShort()];
    for (int i = 0; i < rowIds.length; i++) {
      rowIds[i] = units[in.readUnsignedShort()] + "|" + campaigns[in.readUnsignedShort()];
    }
    int nc = in.readInt();
    Set<UnitMonth> out = new HashSet<>(nc * 2);
    for (int i = 0; i < nc; i++) out.add(new UnitMonth(rowIds[in.readUnsignedShort()], in.readInt()));
    return out;
  }

  private static void writeNames(DataOutputStream out, Map<String, Integer> index) throws IOException {
    String[] names = new String[index.size()];
    index.forEach((n, i) -> names[i] = n);
    out.writeShort(names.length);
    for (String n : names) out.writeUTF(n);
  }

  private static String[] readNames(DataInputStream in) throws IOException {
    String[] names = new String[in.readUnsignedShort()];
    for (int i = 0; i < names.length; i++) names[i] = in.readUTF();
    return names;
  }

  /**
   * Her state from its bytes, in any layout: the campaign section apart ({@link #encode}, its
   * campaign rows left unread); campaign rows by index in the one table of unit ids; or the first
   * one, which wrote each campaign row's {@code unitId|campaign} whole (and, before members counted
   * campaigns, ended after the months).
   */
  static MemberState decode(byte[] b) {
    if (b == null) return empty();
    return Wire.readFrom(b, 0, in -> {
      int first = in.readUnsignedShort();
      boolean apart = first == CAMPAIGNS_APART;
      boolean byIndex = first == CAMPAIGNS_BY_INDEX;
      int nm = apart || byIndex ? in.readUnsignedShort() : first;
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
      MemberState st = new MemberState(memberships, eligible, months);
      if (apart) {
        st.campaignLength = in.readInt();
        st.campaignFrom = b.length - in.available();
        st.campaignBytes = b;
        return st;
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
      st.campaignMonths = campaignMonths;
      return st;
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
