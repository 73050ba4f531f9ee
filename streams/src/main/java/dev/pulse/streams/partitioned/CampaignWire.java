package dev.pulse.streams.partitioned;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of the campaigns stage (view.campaigns.v1, SPEC.md §5b), tagged like {@link Wire}
 * records but with tags of their own (40–49), so that they can share a stream with Wire's and
 * ActivityWire's and be split off by tag.
 */
final class CampaignWire {

  /** Changes to one unit's campaign rows (key: unitId), from the member, activity and holding tasks. */
  static final byte ROW_DELTAS = 40;
  /**
   * Changes of the number of HELD activities an organiser itself organised, per campaign and
   * period (key: the organiser's unitId): what the holding task turns into branchesHolding.
   */
  static final byte HOLDING = 41;
  /** The number of branches in a unit's subtree, as it now stands (key: unitId). */
  static final byte BRANCHES = 42;

  /** Positions in a campaign row's figures. */
  static final int HELD = 0;
  static final int ATTENDANCES = 1;
  static final int PARTICIPANTS = 2;
  static final int BRANCHES_HOLDING = 3;
  static final int FIGURES = 4;

  private CampaignWire() {}

  static boolean isCampaignWire(byte[] value) {
    return value != null && value.length > 0 && value[0] >= 40 && value[0] <= 49;
  }

  /** A change of the figures of one unit's row of one period (kind 0 year, 1 quarter, 2 month) and campaign. */
  record RowDelta(int kind, int ordinal, String campaign, long[] figures) {}

  /** A change of the number of HELD activities an organiser organised in a period under a campaign. */
  record Holding(int kind, int ordinal, String campaign, int delta) {}

  static byte[] rowDeltas(List<RowDelta> deltas) {
    return Wire.write(ROW_DELTAS, out -> {
      out.writeInt(deltas.size());
      for (RowDelta d : deltas) {
        out.writeByte(d.kind());
        out.writeInt(d.ordinal());
        out.writeUTF(d.campaign());
        for (long f : d.figures()) out.writeLong(f);
      }
    });
  }

  static List<RowDelta> readRowDeltas(byte[] b) {
    return Wire.read(b, in -> {
      int n = in.readInt();
      List<RowDelta> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int kind = in.readByte();
        int ordinal = in.readInt();
        String campaign = in.readUTF();
        long[] figures = new long[FIGURES];
        for (int f = 0; f < FIGURES; f++) figures[f] = in.readLong();
        out.add(new RowDelta(kind, ordinal, campaign, figures));
      }
      return out;
    });
  }

  static byte[] holding(List<Holding> changes) {
    return Wire.write(HOLDING, out -> {
      out.writeInt(changes.size());
      for (Holding h : changes) {
        out.writeByte(h.kind());
        out.writeInt(h.ordinal());
        out.writeUTF(h.campaign());
        out.writeInt(h.delta());
      }
    });
  }

  static List<Holding> readHolding(byte[] b) {
    return Wire.read(b, in -> {
      int n = in.readInt();
      List<Holding> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) out.add(new Holding(in.readByte(), in.readInt(), in.readUTF(), in.readInt()));
      return out;
    });
  }

  static byte[] branches(long count) {
    return Wire.write(BRANCHES, out -> out.writeLong(count));
  }

  static long readBranches(byte[] b) {
    return Wire.read(b, java.io.DataInputStream::readLong);
  }

  /** One figure's change on one row: the other figures zero. */
  static RowDelta one(int kind, int ordinal, String campaign, int figure, long delta) {
    long[] f = new long[FIGURES];
    f[figure] = delta;
    return new RowDelta(kind, ordinal, campaign, f);
  }
}
