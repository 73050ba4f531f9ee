package dev.pulse.contract;

import dev.pulse.avro.Unit;
import dev.pulse.kafka.UnitDirectory;
import java.util.List;
import java.util.Optional;

/**
 * The units as the gateway and the importer know them ({@code org.units.v1}): each unit whole, and
 * who sits under whom. The rules of ancestry are {@link UnitTree}'s.
 */
public interface KnownUnits extends UnitTree {

  /** The unit, if it exists. */
  Optional<Unit> unit(String unitId);

  /** The units whose parentId is this unit, ordered by unitId. */
  List<Unit> children(String unitId);

  @Override
  default Node node(String unitId) {
    return unitId == null ? null : unit(unitId).map(Node::of).orElse(null);
  }

  /** No units at all. */
  static KnownUnits empty() {
    return UnitDirectory.of(List.of());
  }
}
