package dev.pulse.streams;

import dev.pulse.contract.DateBounds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the streams application needs to know about its surroundings.
 *
 * @param applicationId the Kafka Streams application id (consumer group, internal topic prefix)
 * @param applicationServer host:port of this instance's HTTP server, so other instances can route queries to it
 * @param replicationFactor of internal topics: 1 on a single broker, 3 on a cluster
 * @param inMemoryStores keep state in memory (restored from changelogs) instead of RocksDB
 * @param publishInterval how often changed view rows are published
 * @param extra further client properties (security, tuning); they win over the defaults
 * @param dateBounds the dates an input record may carry (SPEC.md §2); others go to the dead letters
 */
public record StreamsSettings(String bootstrapServers, String schemaRegistryUrl, String applicationId,
    Path stateDir, String applicationServer, int replicationFactor, boolean inMemoryStores,
    Duration publishInterval, Map<String, Object> extra, DateBounds dateBounds) {

  public static final String DEFAULT_APPLICATION_ID = "pulse-views";

  /** Settings with the default date bounds (views from 2000 on). */
  public StreamsSettings(String bootstrapServers, String schemaRegistryUrl, String applicationId,
      Path stateDir, String applicationServer, int replicationFactor, boolean inMemoryStores,
      Duration publishInterval, Map<String, Object> extra) {
    this(bootstrapServers, schemaRegistryUrl, applicationId, stateDir, applicationServer, replicationFactor,
        inMemoryStores, publishInterval, extra, DateBounds.DEFAULT);
  }

  public static StreamsSettings local(String bootstrapServers, String schemaRegistryUrl, Path stateDir) {
    return new StreamsSettings(bootstrapServers, schemaRegistryUrl, DEFAULT_APPLICATION_ID, stateDir,
        null, 1, false, Duration.ofMillis(100), Map.of());
  }

  public StreamsSettings withApplicationId(String id) {
    return new StreamsSettings(bootstrapServers, schemaRegistryUrl, id, stateDir, applicationServer,
        replicationFactor, inMemoryStores, publishInterval, extra, dateBounds);
  }

  public StreamsSettings withReplicationFactor(int rf) {
    return new StreamsSettings(bootstrapServers, schemaRegistryUrl, applicationId, stateDir, applicationServer,
        rf, inMemoryStores, publishInterval, extra, dateBounds);
  }

  public StreamsSettings withExtra(Map<String, Object> more) {
    return new StreamsSettings(bootstrapServers, schemaRegistryUrl, applicationId, stateDir, applicationServer,
        replicationFactor, inMemoryStores, publishInterval, more, dateBounds);
  }

  /** The same settings with views from this first year on. */
  public StreamsSettings withDateBounds(DateBounds bounds) {
    return new StreamsSettings(bootstrapServers, schemaRegistryUrl, applicationId, stateDir, applicationServer,
        replicationFactor, inMemoryStores, publishInterval, extra, bounds);
  }
}
