package dev.pulse.streams.partitioned;

import dev.pulse.avro.UnitLevel;
import dev.pulse.contract.UnitTree;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's copy of the unit tree, built from the broadcast unit records: kept in a store (so it
 * survives a restart and moves with the task) and in memory, with every unit's roll-up cached,
 * since every recount asks for roll-ups and the tree changes rarely. Every stage that places
 * facts at the levels above a branch keeps one.
 */
final class TreeCopy {

  private final KeyValueStore<String, byte[]> store;
  private final Map<String, UnitTree.Node> nodes = new HashMap<>();
  private final UnitTree plain = UnitTree.over(nodes::get);
  private Map<String, List<String>> rollUps = Map.of();
  private final UnitTree cached = new UnitTree() {
    @Override
    public Node node(String unitId) {
      return nodes.get(unitId);
    }

    @Override
    public List<String> rollUp(String unitId) {
      return unitId == null ? List.of() : rollUps.getOrDefault(unitId, List.of());
    }
  };

  /** Loads the copy a previous owner of the task left in the store. */
  TreeCopy(KeyValueStore<String, byte[]> store) {
    this.store = store;
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      it.forEachRemaining(kv -> nodes.put(kv.key, node(Wire.readUnit(kv.value))));
    }
    rollUps = computeRollUps();
  }

  /** Every unit of the tree as it stands. */
  Set<String> unitIds() {
    return java.util.Collections.unmodifiableSet(nodes.keySet());
  }

  /** The tree as it stands, answering roll-ups from the cache. */
  UnitTree tree() {
    return cached;
  }

  /**
   * Applies a broadcast unit record (its wire bytes are what the store keeps) and returns the
   * units whose roll-up changed, the unit itself included; empty when the record changes nothing.
   * Whole roll-ups are compared, not "does it pass through the unit": LOOP-BR → LOOP-A rolls up
   * to LOOP-A until LOOP-B arrives naming LOOP-A its parent, and then to nothing, though neither
   * roll-up contains LOOP-B.
   */
  Set<String> apply(Wire.UnitMsg u, byte[] bytes) {
    UnitTree.Node before = nodes.get(u.unitId());
    UnitTree.Node after = u.deleted() ? null : node(u);
    if (Objects.equals(before, after)) return Set.of();
    if (after == null) {
      nodes.remove(u.unitId());
      store.delete(u.unitId());
    } else {
      nodes.put(u.unitId(), after);
      store.put(u.unitId(), bytes);
    }
    Map<String, List<String>> previous = rollUps;
    rollUps = computeRollUps();
    Set<String> affected = new HashSet<>();
    affected.add(u.unitId());
    for (String w : nodes.keySet()) {
      if (!rollUps.get(w).equals(previous.getOrDefault(w, List.of()))) affected.add(w);
    }
    for (String w : previous.keySet()) {
      if (!rollUps.containsKey(w)) affected.add(w);
    }
    return affected;
  }

  private Map<String, List<String>> computeRollUps() {
    Map<String, List<String>> out = new HashMap<>(nodes.size() * 2);
    for (String w : nodes.keySet()) out.put(w, plain.rollUp(w));
    return out;
  }

  private static UnitTree.Node node(Wire.UnitMsg u) {
    return new UnitTree.Node(u.unitId(), u.parentId(), UnitLevel.values()[u.level()]);
  }
}
