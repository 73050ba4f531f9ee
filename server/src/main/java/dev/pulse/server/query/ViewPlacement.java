package dev.pulse.server.query;

import java.util.List;
import java.util.Optional;

/**
 * Where the views live among the instances of the streams application, as the instances name
 * each other ({@code host:port} of their HTTP face): the instance holding the active copy and
 * those holding standby copies. The engine says; the query API forwards accordingly.
 */
public interface ViewPlacement {

  /** The instance holding the active view stores and those with standby copies. */
  record Placement(String active, List<String> standbys) {
    public Placement {
      standbys = List.copyOf(standbys);
    }
  }

  /** This instance's own name. */
  String self();

  /** The current placement; empty while unknown (starting, rebalancing, shutting down). */
  Optional<Placement> placement();
}
