package dev.pulse.streams.partitioned;

import java.util.ArrayList;
import java.util.List;

/**
 * What the activity task keeps of one activity: its standing version (none until one arrives),
 * the number of its standing PRESENT attendance records (which may arrive first), and the
 * contribution last sent to the rows, what a change is diffed against.
 */
final class ActivityState {

  ActivityWire.Version version;
  long attendances;
  ActivityContribution sent;

  private ActivityState(ActivityWire.Version version, long attendances, ActivityContribution sent) {
    this.version = version;
    this.attendances = attendances;
    this.sent = sent;
  }

  /**
   * Takes a version if it stands over the one held (latest recordedAt; on a tie the later
   * arrival, which is the later in the log); false when it changes nothing: older, or the same.
   */
  boolean offer(ActivityWire.Version v) {
    if (version != null && (v.recordedAt() < version.recordedAt() || v.equals(version))) return false;
    version = v;
    return true;
  }

  boolean isEmpty() {
    return version == null && attendances == 0 && sent.isNone();
  }

  static ActivityState decode(byte[] b) {
    if (b == null) return new ActivityState(null, 0, ActivityContribution.NONE);
    return Wire.readFrom(b, 0, in -> {
      ActivityWire.Version v = in.readBoolean() ? ActivityWire.readVersion(in) : null;
      long attendances = in.readLong();
      int n = in.readUnsignedShort();
      List<String> units = new ArrayList<>(n);
      for (int i = 0; i < n; i++) units.add(in.readUTF());
      int day = n == 0 ? 0 : in.readInt();
      long[] figures = new long[ActivityWire.FIGURES];
      if (n > 0) for (int f = 0; f < figures.length; f++) figures[f] = in.readLong();
      // The campaigns of the version and of what was sent; a state written before they were kept ends here.
      List<String> versionCampaigns = in.available() > 0 ? Wire.readStrings(in) : List.of();
      List<String> sentCampaigns = in.available() > 0 ? Wire.readStrings(in) : List.of();
      ActivityContribution sent = n == 0 ? ActivityContribution.NONE
          : new ActivityContribution(List.copyOf(units), day, figures, sentCampaigns);
      return new ActivityState(v == null ? null : v.withCampaigns(versionCampaigns), attendances, sent);
    });
  }

  byte[] encode() {
    return Wire.write((byte) 0, out -> {
      out.writeBoolean(version != null);
      if (version != null) ActivityWire.writeVersion(out, version);
      out.writeLong(attendances);
      out.writeShort(sent.units().size());
      if (!sent.isNone()) {
        for (String u : sent.units()) out.writeUTF(u);
        out.writeInt(sent.day());
        for (long f : sent.figures()) out.writeLong(f);
      }
      Wire.writeStrings(out, version == null ? List.of() : version.campaigns());
      Wire.writeStrings(out, sent.campaigns());
    });
  }
}
