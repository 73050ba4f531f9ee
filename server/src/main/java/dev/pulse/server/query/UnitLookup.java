package dev.pulse.server.query;

import java.util.List;
import java.util.Optional;

/**
 * The unit tree as the query API and the live stream need it: whether a unit exists, its parent
 * and its children. Every instance follows the units topic, so it answers without asking the
 * instance that runs the views.
 */
public interface UnitLookup {

  boolean exists(String unitId);

  Optional<String> parentOf(String unitId);

  /** The units whose parent is this unit, in id order. */
  List<String> children(String unitId);
}
