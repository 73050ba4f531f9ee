package dev.pulse.replay.export;

import dev.pulse.avro.Unit;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import dev.pulse.streams.domain.Facts.UnitFact;
import dev.pulse.contract.UnitTree;
import dev.pulse.batch.TopicSnapshot;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A unit and every unit below it in the current tree of org.units.v1 (SPEC.md §2: a deleted
 * parent cuts the tree, a unit on a loop belongs to no tree above itself), and the field that
 * names the unit of a record on each topic.
 */
public record UnitSubtree(String root, Set<String> unitIds) {

  /** The field naming the unit a record belongs to, per topic (SPEC.md §1 and §6). */
  private static final Map<String, String> UNIT_FIELD = Map.of(
      Topics.UNITS.name(), "unitId",
      Topics.MEMBERSHIPS.name(), "branchId",
      Topics.ACTIVITIES.name(), "unitId",
      Topics.ATTENDANCE.name(), "recordedBy",
      Topics.HOUSEHOLD_STATUS.name(), "branchId",
      Topics.PARTICIPATION_VIEW.name(), "unitId",
      Topics.POVERTY_VIEW.name(), "unitId",
      Topics.ACTIVITIES_VIEW.name(), "unitId",
      Topics.CAMPAIGNS_VIEW.name(), "unitId");

  public UnitSubtree {
    unitIds = Set.copyOf(unitIds);
  }

  /** The field of the topic's values that names their unit; empty for the dead letters. */
  public static Optional<String> unitField(Topic<?> topic) {
    return Optional.ofNullable(UNIT_FIELD.get(topic.name()));
  }

  /**
   * The subtree of a unit in org.units.v1 as it stands now.
   *
   * @throws IllegalArgumentException when the unit does not exist now
   */
  public static UnitSubtree current(ClusterConnection cluster, SchemaRegistryClient registry, String root) {
    Map<String, UnitFact> units = new HashMap<>();
    Deserializer<Unit> values = AvroSerdes.forTopic(Topics.UNITS, registry, false).deserializer();
    TopicSnapshot.read(cluster.bootstrapServers(), cluster.clientProperties(), Topics.UNITS.name(),
        new ByteArrayDeserializer(), r -> {
          // Versions of a unit share its key, hence its partition: the later in the log stands.
          if (r.value() == null) {
            units.remove(r.key());
            return;
          }
          try {
            units.put(r.key(), UnitFact.of(values.deserialize(r.topic(), r.value())));
          } catch (RuntimeException e) {
            // As in the streams: a unit that cannot be read is a dead letter, not a version of the unit.
          }
        });
    return of(units, root);
  }

  /** The subtree of a unit among these units (by unitId). */
  public static UnitSubtree of(Map<String, UnitFact> units, String root) {
    if (!units.containsKey(root)) {
      throw new IllegalArgumentException("unit " + root + " is not in " + Topics.UNITS.name()
          + " (it was never created, or it was deleted)");
    }
    UnitTree tree = UnitTree.over(id -> { UnitFact u = units.get(id); return u == null ? null : u.node(); });
    Set<String> below = new TreeSet<>();
    for (String unitId : units.keySet()) {
      if (tree.rollUp(unitId).contains(root)) below.add(unitId);
    }
    return new UnitSubtree(root, below);
  }

  public boolean contains(String unitId) {
    return unitId != null && unitIds.contains(unitId);
  }
}
