package dev.pulse.streams.partitioned;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of the activities stage (view.activities.v1), tagged like {@link Wire} records but
 * with tags of their own (30–39), so that they can share a stream with Wire's and be split off by
 * tag.
 */
final class ActivityWire {

  /** A change of the number of standing PRESENT attendance records at one activity (key: activityId). */
  static final byte ATTENDANCE_COUNT = 30;
  /** A version of an activity as the view needs it (key: activityId). */
  static final byte VERSION = 31;
  /** Changes to one unit's activities rows (key: unitId). */
  static final byte ROW_DELTAS = 32;

  /** Positions in a row's figures: held, the three modes, publicised, each channel, attendances. */
  static final int HELD = 0;
  static final int IN_PERSON = 1;
  static final int PUBLICISED = 4;
  static final int FIRST_CHANNEL = 5;
  static final int ATTENDANCES = 10;
  static final int FIGURES = 11;

  private ActivityWire() {}

  static boolean isActivityWire(byte[] value) {
    return value != null && value.length > 0 && value[0] >= 30 && value[0] <= 39;
  }

  /**
   * A version of an activity: its organiser, recordedAt, whether it is held, its mode (ordinal of
   * ActivityMode), the epoch day of startsAt's local date, its channels as a bit set by ordinal of
   * Channel (a channel listed twice is one bit), and its campaigns (SPEC.md §5b: trimmed, each once).
   */
  record Version(String unitId, long recordedAt, boolean held, int mode, int day, int channels,
      List<String> campaigns) {
    Version {
      campaigns = List.copyOf(campaigns);
    }

    /** A version that lists no campaign. */
    Version(String unitId, long recordedAt, boolean held, int mode, int day, int channels) {
      this(unitId, recordedAt, held, mode, day, channels, List.of());
    }

    Version withCampaigns(List<String> c) {
      return new Version(unitId, recordedAt, held, mode, day, channels, c);
    }
  }

  /** A change of the figures of one unit's row of one period (kind 0 year, 1 quarter, 2 month). */
  record RowDelta(int kind, int ordinal, long[] figures) {}

  /** A change of an activity's count of standing PRESENT records (summed over a task's members between two flushes). */
  static byte[] attendanceCount(int delta) {
    return java.nio.ByteBuffer.allocate(5).put(ATTENDANCE_COUNT).putInt(delta).array();
  }

  static int readAttendanceCount(byte[] b) {
    return java.nio.ByteBuffer.wrap(b, 1, 4).getInt();
  }

  static byte[] version(Version v) {
    return Wire.write(VERSION, out -> {
      writeVersion(out, v);
      Wire.writeStrings(out, v.campaigns());
    });
  }

  static Version readVersion(byte[] b) {
    // A record written before versions carried their campaigns ends after the channels.
    return Wire.read(b, in -> {
      Version v = readVersion(in);
      return in.available() > 0 ? v.withCampaigns(Wire.readStrings(in)) : v;
    });
  }

  /** The version without its campaigns, which whoever embeds it writes after it (see {@link ActivityState}). */
  static void writeVersion(java.io.DataOutputStream out, Version v) throws java.io.IOException {
    out.writeUTF(v.unitId());
    out.writeLong(v.recordedAt());
    out.writeBoolean(v.held());
    out.writeByte(v.mode());
    out.writeInt(v.day());
    out.writeByte(v.channels());
  }

  static Version readVersion(java.io.DataInputStream in) throws java.io.IOException {
    return new Version(in.readUTF(), in.readLong(), in.readBoolean(), in.readByte(), in.readInt(), in.readByte());
  }

  static byte[] rowDeltas(List<RowDelta> deltas) {
    return Wire.write(ROW_DELTAS, out -> {
      out.writeShort(deltas.size());
      for (RowDelta d : deltas) {
        out.writeByte(d.kind());
        out.writeInt(d.ordinal());
        for (long f : d.figures()) out.writeLong(f);
      }
    });
  }

  static List<RowDelta> readRowDeltas(byte[] b) {
    return Wire.read(b, in -> {
      int n = in.readUnsignedShort();
      List<RowDelta> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int kind = in.readByte();
        int ordinal = in.readInt();
        long[] figures = new long[FIGURES];
        for (int f = 0; f < FIGURES; f++) figures[f] = in.readLong();
        out.add(new RowDelta(kind, ordinal, figures));
      }
      return out;
    });
  }
}
