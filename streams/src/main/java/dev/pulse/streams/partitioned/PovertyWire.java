package dev.pulse.streams.partitioned;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of the poverty stages, as tagged bytes like {@link Wire}'s: tags 20–29 are this
 * view's, so that they never meet {@link Wire}'s (1–6) or the activities stage's (30–39) on a
 * merged stream. Year marks travel as {@link Wire#YEAR}.
 */
final class PovertyWire {

  /** One version of a household event, for the household task. */
  static final byte HOUSEHOLD_EVENT = 20;
  /** Changes of one household's contribution to one unit's poverty rows. */
  static final byte DELTAS = 21;

  private PovertyWire() {}

  /**
   * A household event version reduced to what SPEC.md §4 needs: status as rank (POOR 0,
   * NEAR_POOR 1, NON_POOR 2: higher is better off), assessedOn as an epoch day.
   */
  record EventMsg(String eventId, String branchId, int status, boolean supported, int assessedDay, long recordedAt) {}

  /**
   * One change of a unit's poverty rows: +delta on metric in every year from {@code from} to
   * {@code to} (both in; {@link Wire#OPEN}: every year after from).
   */
  record Delta(int metric, int from, int to, int delta) {}

  static byte[] event(EventMsg e) {
    return Wire.write(HOUSEHOLD_EVENT, out -> {
      out.writeUTF(e.eventId());
      out.writeUTF(e.branchId());
      out.writeByte(e.status());
      out.writeBoolean(e.supported());
      out.writeInt(e.assessedDay());
      out.writeLong(e.recordedAt());
    });
  }

  static EventMsg readEvent(byte[] b) {
    return Wire.read(b, in -> new EventMsg(in.readUTF(), in.readUTF(), in.readByte(), in.readBoolean(), in.readInt(),
        in.readLong()));
  }

  static byte[] deltas(List<Delta> deltas) {
    return Wire.write(DELTAS, out -> {
      out.writeShort(deltas.size());
      for (Delta d : deltas) {
        out.writeByte(d.metric());
        out.writeInt(d.from());
        out.writeInt(d.to());
        out.writeByte(d.delta());
      }
    });
  }

  static List<Delta> readDeltas(byte[] b) {
    return Wire.read(b, in -> {
      int n = in.readUnsignedShort();
      List<Delta> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) out.add(new Delta(in.readByte(), in.readInt(), in.readInt(), in.readByte()));
      return out;
    });
  }
}
