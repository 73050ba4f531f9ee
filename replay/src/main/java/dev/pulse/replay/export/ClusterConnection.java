package dev.pulse.replay.export;

import java.util.Map;

/**
 * Where the cluster is and how to talk to it.
 *
 * @param clientProperties further Kafka client properties (security, tuning), given to every client
 */
public record ClusterConnection(String bootstrapServers, Map<String, Object> clientProperties) {

  public ClusterConnection {
    clientProperties = Map.copyOf(clientProperties);
  }

  public static ClusterConnection of(String bootstrapServers) {
    return new ClusterConnection(bootstrapServers, Map.of());
  }
}
