package dev.pulse.streams.partitioned;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The records that travel between the stages of the partitioned engine, as compact bytes with a
 * leading tag: one value type for every internal topic, so that streams of different facts can
 * be merged into one task without a union serde.
 */
final class Wire {

  static final byte UNIT = 1;
  static final byte ACTIVITY = 2;
  static final byte MEMBERSHIP = 3;
  static final byte ATTENDANCE = 4;
  static final byte YEAR = 5;
  static final byte DELTAS = 6;
  static final byte CHANGES = 7;

  /** No leftOn: an open membership; no upper end: an open eligibility range. */
  static final int OPEN = Integer.MAX_VALUE;

  private Wire() {}

  static byte tag(byte[] value) {
    return value[0];
  }

  /** A unit as the tree needs it; level is -1 for a deleted unit. */
  record UnitMsg(String unitId, String parentId, int level) {
    boolean deleted() {
      return level < 0;
    }
  }

  /**
   * An activity's standing status, as far as participation cares: held or not, and the campaigns
   * it lists while held (SPEC.md §5b: trimmed, each once; empty when not held).
   */
  record ActivityMsg(String activityId, boolean held, List<String> campaigns) {
    ActivityMsg {
      campaigns = held ? List.copyOf(campaigns) : List.of();
    }
  }

  /** A membership's standing version for its member, or its removal from her (moved or deleted). */
  record MembershipMsg(String membershipId, boolean removed, String branchId, int joinedDay, int leftDay) {}

  /** One version of an attendance record, reduced to what participation needs. */
  record AttendanceMsg(String attendanceId, String activityId, long recordedAt, boolean present, int localDay) {}

  /**
   * One contribution change to a unit's rows. Eligible: +delta on the periods of kind from
   * ordinal {@code from} to {@code to} (both in, {@link #OPEN} for no end). Participants: +delta on
   * the one period {@code from} ({@code to} unused).
   */
  record Delta(boolean eligible, int kind, int from, int to, int delta) {}

  static byte[] unit(UnitMsg u) {
    return write(UNIT, out -> {
      out.writeUTF(u.unitId());
      out.writeBoolean(u.parentId() != null);
      if (u.parentId() != null) out.writeUTF(u.parentId());
      out.writeByte(u.level());
    });
  }

  static UnitMsg readUnit(byte[] b) {
    return read(b, in -> {
      String id = in.readUTF();
      String parent = in.readBoolean() ? in.readUTF() : null;
      return new UnitMsg(id, parent, in.readByte());
    });
  }

  static byte[] activity(ActivityMsg a) {
    return write(ACTIVITY, out -> {
      out.writeUTF(a.activityId());
      out.writeBoolean(a.held());
      writeStrings(out, a.campaigns());
    });
  }

  static ActivityMsg readActivity(byte[] b) {
    // A record written before activities carried their campaigns ends after held.
    return read(b, in -> new ActivityMsg(in.readUTF(), in.readBoolean(),
        in.available() > 0 ? readStrings(in) : List.of()));
  }

  static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
    out.writeShort(strings.size());
    for (String s : strings) out.writeUTF(s);
  }

  static List<String> readStrings(DataInputStream in) throws IOException {
    int n = in.readUnsignedShort();
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(in.readUTF());
    return List.copyOf(out);
  }

  static byte[] membership(MembershipMsg m) {
    return write(MEMBERSHIP, out -> {
      out.writeUTF(m.membershipId());
      out.writeBoolean(m.removed());
      if (!m.removed()) {
        out.writeUTF(m.branchId());
        out.writeInt(m.joinedDay());
        out.writeInt(m.leftDay());
      }
    });
  }

  static MembershipMsg readMembership(byte[] b) {
    return read(b, in -> {
      String id = in.readUTF();
      if (in.readBoolean()) return new MembershipMsg(id, true, null, 0, 0);
      return new MembershipMsg(id, false, in.readUTF(), in.readInt(), in.readInt());
    });
  }

  static byte[] attendance(AttendanceMsg a) {
    return write(ATTENDANCE, out -> {
      out.writeUTF(a.attendanceId());
      out.writeUTF(a.activityId());
      out.writeLong(a.recordedAt());
      out.writeBoolean(a.present());
      out.writeInt(a.localDay());
    });
  }

  static AttendanceMsg readAttendance(byte[] b) {
    return read(b, in -> new AttendanceMsg(in.readUTF(), in.readUTF(), in.readLong(), in.readBoolean(), in.readInt()));
  }

  static byte[] year(int year) {
    return new byte[] {YEAR, (byte) (year >>> 8), (byte) year};
  }

  static int readYear(byte[] b) {
    return ((b[1] & 0xff) << 8) | (b[2] & 0xff);
  }

  static byte[] deltas(List<Delta> deltas) {
    return write(DELTAS, out -> {
      out.writeShort(deltas.size());
      for (Delta d : deltas) {
        out.writeByte((d.eligible() ? 4 : 0) | d.kind());
        out.writeInt(d.from());
        if (d.eligible()) out.writeInt(d.to());
        out.writeByte(d.delta());
      }
    });
  }

  static List<Delta> readDeltas(byte[] b) {
    return read(b, in -> {
      int n = in.readUnsignedShort();
      List<Delta> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int head = in.readByte();
        boolean eligible = (head & 4) != 0;
        int from = in.readInt();
        int to = eligible ? in.readInt() : from;
        out.add(new Delta(eligible, head & 3, from, to, in.readByte()));
      }
      return out;
    });
  }

  /**
   * A change of one row entry of a unit: the eligible count changes by {@code eligible} from the
   * period of kind with this ordinal on (the start or the end of a range), the participants of that
   * one period by {@code participants}.
   */
  record Change(int kind, int ordinal, int eligible, int participants) {}

  static byte[] changes(List<Change> changes) {
    return write(CHANGES, out -> {
      out.writeInt(changes.size());
      for (Change c : changes) {
        out.writeByte(c.kind());
        out.writeInt(c.ordinal());
        out.writeInt(c.eligible());
        out.writeInt(c.participants());
      }
    });
  }

  static List<Change> readChanges(byte[] b) {
    return read(b, in -> {
      int n = in.readInt();
      List<Change> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) out.add(new Change(in.readByte(), in.readInt(), in.readInt(), in.readInt()));
      return out;
    });
  }

  interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  static byte[] write(byte tag, Writer w) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
      DataOutputStream out = new DataOutputStream(bytes);
      if (tag != 0) out.writeByte(tag);
      w.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T> T read(byte[] b, Reader<T> r) {
    return readFrom(b, 1, r);
  }

  static <T> T readFrom(byte[] b, int offset, Reader<T> r) {
    try {
      return r.read(new DataInputStream(new ByteArrayInputStream(b, offset, b.length - offset)));
    } catch (IOException e) {
      throw new UncheckedIOException("malformed internal record (tag " + b[0] + ", " + b.length + " bytes)", e);
    }
  }
}
