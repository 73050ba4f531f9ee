package dev.pulse.kafka;

import dev.pulse.contract.KnownUnits;
import dev.pulse.avro.Unit;
import dev.pulse.contract.Topics;
import dev.pulse.kafka.KafkaConfigs;
import dev.pulse.kafka.TopicMirror;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tree of units as {@code org.units.v1} holds it now, kept in memory by a consumer that reads
 * the topic from the beginning (a null value deletes a unit). The gateway checks tokens' scopes and
 * unit loops against it and answers {@code GET /api/v1/units/{unitId}} from it.
 */
public final class UnitDirectory implements KnownUnits, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(UnitDirectory.class);

  private final Map<String, Unit> units = new HashMap<>();
  /** parentId → (unitId → unit), kept beside {@link #units} so children() does not scan the tree. */
  private final Map<String, TreeMap<String, Unit>> childrenByParent = new HashMap<>();
  private TopicMirror<Unit> mirror;

  private UnitDirectory() {}

  /** A directory that holds these units and never changes unless {@link #apply} is called. */
  public static UnitDirectory of(Collection<Unit> units) {
    UnitDirectory d = new UnitDirectory();
    units.forEach(u -> d.apply(u.getUnitId(), u));
    return d;
  }

  /**
   * A directory that follows {@code org.units.v1}. It waits up to {@code initialLoad} for the
   * units already in the topic, so that the first requests are not judged against an empty tree.
   */
  public static UnitDirectory follow(String bootstrapServers, SchemaRegistryClient registry, Duration initialLoad) {
    return follow(bootstrapServers, Map.of(), registry, initialLoad);
  }

  /**
   * {@link #follow(String, SchemaRegistryClient, Duration)} logging in with these client
   * properties: the principal needs Read on {@code org.units.v1}.
   */
  public static UnitDirectory follow(String bootstrapServers, Map<String, Object> clientProperties,
      SchemaRegistryClient registry, Duration initialLoad) {
    UnitDirectory d = new UnitDirectory();
    Deserializer<Unit> values = AvroSerdes.forTopic(Topics.UNITS, registry).deserializer();
    d.mirror = TopicMirror.start(Topics.UNITS.name(), KafkaConfigs.mirrorConsumer(bootstrapServers, clientProperties),
        bytes -> values.deserialize(Topics.UNITS.name(), bytes), d::apply);
    if (d.awaitCaughtUp(initialLoad)) {
      log.info("Unit directory loaded: {} units from {}", d.size(), Topics.UNITS.name());
    } else {
      log.warn("Unit directory: {} not read within {} s; going on with {} units and reading on",
          Topics.UNITS.name(), initialLoad.toSeconds(), d.size());
    }
    return d;
  }

  /**
   * Sets or (with a null unit) deletes a unit. The mirror calls it for each record of the topic;
   * a fixed directory may be changed with it too.
   */
  public synchronized void apply(String unitId, Unit unit) {
    notifyAll(); // wakes awaitShowing and awaitUnit, whatever this record does
    Unit old = units.remove(unitId);
    if (old != null && old.getParentId() != null) {
      TreeMap<String, Unit> siblings = childrenByParent.get(old.getParentId());
      if (siblings != null) {
        siblings.remove(unitId);
        if (siblings.isEmpty()) childrenByParent.remove(old.getParentId());
      }
    }
    if (unit == null) return;
    if (!unitId.equals(unit.getUnitId())) {
      log.warn("Unit record keyed {} names unitId {}; keeping it under its key", unitId, unit.getUnitId());
    }
    units.put(unitId, unit);
    if (unit.getParentId() != null) {
      childrenByParent.computeIfAbsent(unit.getParentId(), p -> new TreeMap<>()).put(unitId, unit);
    }
  }

  /**
   * Waits until every unit committed before the call is in the directory: the gateway calls it
   * after writing units, so that the next request already sees them.
   */
  public boolean awaitCaughtUp(Duration timeout) {
    return mirror == null || mirror.awaitCaughtUp(timeout);
  }

  /**
   * Waits until the directory holds these versions of these units (a null version: the unit is
   * deleted): the gateway calls it after writing units, so that the next request of the same
   * client sees them. "Caught up to the end of the topic" is not enough: a read_committed end
   * offset can stand below a batch whose transaction has just committed. False on timeout.
   */
  public synchronized boolean awaitShowing(Map<String, Unit> versions, Duration timeout) {
    if (mirror == null) return true; // a fixed directory follows no topic
    return awaitUntil(() -> versions.entrySet().stream().allMatch(e -> Objects.equals(units.get(e.getKey()), e.getValue())),
        timeout);
  }

  /** Waits until the directory holds the unit, whatever its version. False on timeout. */
  public synchronized boolean awaitUnit(String unitId, Duration timeout) {
    return awaitUntil(() -> units.containsKey(unitId), timeout);
  }

  /** Waits, holding the directory's lock between wake-ups (every record read wakes it), until the condition holds. */
  private boolean awaitUntil(java.util.function.BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      long leftMs = (deadline - System.nanoTime()) / 1_000_000;
      if (leftMs <= 0) return false;
      try {
        wait(leftMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  @Override
  public synchronized Optional<Unit> unit(String unitId) {
    return Optional.ofNullable(unitId == null ? null : units.get(unitId));
  }

  @Override
  public synchronized List<Unit> children(String unitId) {
    TreeMap<String, Unit> children = childrenByParent.get(unitId);
    return children == null ? List.of() : List.copyOf(children.values());
  }

  /** Every unit, ordered by unitId. */
  public synchronized List<Unit> all() {
    List<Unit> all = new ArrayList<>(units.values());
    all.sort(Comparator.comparing(Unit::getUnitId));
    return all;
  }

  public synchronized int size() {
    return units.size();
  }

  @Override
  public void close() {
    if (mirror != null) mirror.close();
  }
}
