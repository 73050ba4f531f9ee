package dev.pulse.streams.partitioned;

import dev.pulse.contract.UnitTree;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The holding task of the campaigns stage, keyed by organiser: how many HELD activities each
 * organiser itself organised per period and campaign, from the activity tasks. When such a count
 * turns from zero to more, or back, and the organiser is a branch, its roll-up's
 * branchesHolding changes by one (SPEC.md §5b: the branches that organised at least one of the
 * activities). It also keeps a copy of the unit tree, from which it sends the number of branches
 * under every unit whose rows live in its partition, and after a tree change it moves what each
 * organiser holds to its new roll-up.
 *
 * <p>State ({@code pt-campaign-holding}): {@code organiser|K|000000|campaign} → the count;
 * {@code organiser|} → the roll-up its holdings were last sent to (empty when it is no branch);
 * {@code |unitId} → the branch count last sent for the unit. Unit ids never hold a '|'.
 */
final class HoldingProcessor implements Processor<String, byte[], String, byte[]> {

  private static final StringSerializer KEYS = new StringSerializer();

  private final CampaignsStage.StoreNames names;
  private final int partitions;
  private final Duration every;
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, byte[]> store;
  private TreeCopy tree;
  private int partition;

  /** Organisers with a sent roll-up, and the branch counts sent, as the store holds them. */
  private final Set<String> organisers = new HashSet<>();
  private final Map<String, Long> branchesSent = new HashMap<>();
  private boolean treeChanged;

  HoldingProcessor(CampaignsStage.StoreNames names, int partitions, Duration every) {
    this.names = names;
    this.partitions = partitions;
    this.every = every;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    store = context.getStateStore(names.holding());
    tree = new TreeCopy(context.getStateStore(names.units()));
    partition = context.taskId().partition();
    // Re-initialised after a failed transaction, on stores restored to the last commit: what is
    // kept in memory is read again, and everything is compared with the tree once more.
    organisers.clear();
    branchesSent.clear();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      it.forEachRemaining(kv -> {
        if (kv.key.startsWith("|")) branchesSent.put(kv.key.substring(1), ByteBuffer.wrap(kv.value).getLong());
        else if (kv.key.indexOf('|') == kv.key.length() - 1) organisers.add(kv.key.substring(0, kv.key.length() - 1));
      });
    }
    treeChanged = true;
    context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::settle);
  }

  @Override
  public void process(Record<String, byte[]> r) {
    byte[] v = r.value();
    switch (v[0]) {
      case CampaignWire.HOLDING -> holding(r.key(), CampaignWire.readHolding(v), r.timestamp());
      case Wire.UNIT -> treeChanged |= !tree.apply(Wire.readUnit(v), v).isEmpty();
      case Wire.ACTIVITY, Wire.YEAR -> { } // broadcast facts for the other tasks of the partition
      default -> throw new IllegalStateException("unexpected record with tag " + v[0] + " for organiser " + r.key());
    }
  }

  private void holding(String organiser, List<CampaignWire.Holding> changes, long timestamp) {
    List<String> rollUp = sentRollUp(organiser);
    Map<String, List<CampaignWire.RowDelta>> out = new HashMap<>();
    for (CampaignWire.Holding h : changes) {
      String key = RowProcessor.key(organiser, h.kind(), h.ordinal()) + "|" + h.campaign();
      byte[] was = store.get(key);
      int before = was == null ? 0 : ByteBuffer.wrap(was).getInt();
      int after = before + h.delta();
      if (after == 0) store.delete(key);
      else store.put(key, ByteBuffer.allocate(4).putInt(after).array());
      if ((before > 0) != (after > 0)) {
        for (String unit : rollUp) {
          out.computeIfAbsent(unit, u -> new ArrayList<>()).add(CampaignWire.one(h.kind(), h.ordinal(), h.campaign(),
              CampaignWire.BRANCHES_HOLDING, after > 0 ? 1 : -1));
        }
      }
    }
    out.forEach((unit, deltas) -> context.forward(new Record<>(unit, CampaignWire.rowDeltas(deltas), timestamp)));
  }

  /** Where the organiser's holdings go: its roll-up when it is a branch, else nowhere. */
  private List<String> reach(String organiser) {
    UnitTree t = tree.tree();
    return t.isBranch(organiser) ? t.rollUp(organiser) : List.of();
  }

  /** The roll-up the organiser's holdings were sent to; set to its reach now for an organiser seen first. */
  private List<String> sentRollUp(String organiser) {
    byte[] b = store.get(organiser + "|");
    if (b != null) return Wire.readFrom(b, 0, Wire::readStrings);
    List<String> now = reach(organiser);
    store.put(organiser + "|", Wire.write((byte) 0, out -> Wire.writeStrings(out, now)));
    organisers.add(organiser);
    return now;
  }

  /** After a tree change: moves holdings to their organisers' new roll-ups, and sends changed branch counts. */
  private void settle(long now) {
    if (!treeChanged) return;
    treeChanged = false;
    for (String organiser : organisers) {
      List<String> was = sentRollUp(organiser);
      List<String> is = reach(organiser);
      if (was.equals(is)) continue;
      Map<String, List<CampaignWire.RowDelta>> out = new HashMap<>();
      try (KeyValueIterator<String, byte[]> it = store.prefixScan(organiser + "|", KEYS)) {
        while (it.hasNext()) {
          var kv = it.next();
          if (kv.key.length() == organiser.length() + 1 || ByteBuffer.wrap(kv.value).getInt() <= 0) continue;
          String entry = kv.key;
          int kind = RowProcessor.kindOf(entry.substring(0, organiser.length() + 9));
          int ordinal = Integer.parseInt(entry.substring(organiser.length() + 3, organiser.length() + 9));
          String campaign = entry.substring(organiser.length() + 10);
          for (String unit : was) {
            out.computeIfAbsent(unit, u -> new ArrayList<>())
                .add(CampaignWire.one(kind, ordinal, campaign, CampaignWire.BRANCHES_HOLDING, -1));
          }
          for (String unit : is) {
            out.computeIfAbsent(unit, u -> new ArrayList<>())
                .add(CampaignWire.one(kind, ordinal, campaign, CampaignWire.BRANCHES_HOLDING, 1));
          }
        }
      }
      store.put(organiser + "|", Wire.write((byte) 0, o -> Wire.writeStrings(o, is)));
      out.forEach((unit, deltas) -> context.forward(new Record<>(unit, CampaignWire.rowDeltas(deltas), now)));
    }
    sendBranchCounts(now);
  }

  /** The number of branches under each unit whose rows are in this partition, where it changed. */
  private void sendBranchCounts(long now) {
    Map<String, Long> counts = new HashMap<>();
    UnitTree t = tree.tree();
    for (String unit : tree.unitIds()) {
      if (!t.isBranch(unit)) continue;
      for (String above : t.rollUp(unit)) {
        if (InPlace.partitionOf(above, partitions) == partition) counts.merge(above, 1L, Long::sum);
      }
    }
    Set<String> units = new HashSet<>(counts.keySet());
    units.addAll(branchesSent.keySet());
    for (String unit : units) {
      long is = counts.getOrDefault(unit, 0L);
      if (is == branchesSent.getOrDefault(unit, 0L)) continue;
      context.forward(new Record<>(unit, CampaignWire.branches(is), now));
      if (is == 0) {
        branchesSent.remove(unit);
        store.delete("|" + unit);
      } else {
        branchesSent.put(unit, is);
        store.put("|" + unit, ByteBuffer.allocate(8).putLong(is).array());
      }
    }
  }
}
