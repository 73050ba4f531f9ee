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
 * @param publishInterval how often changed view rows are published; null (partitioned engine only):
 *     computed but not published until the application runs again with an interval
 * @param extra further client properties (security, tuning); they win over the defaults
 * @param dateBounds the dates an input record may carry (SPEC.md §2); others go to the dead letters
 * @param engine which views engine runs
 * @param threads stream threads of this instance ({@code num.stream.threads}); the single-partition
 *     engine has one task, so more than one thread gains it nothing
 */
public record StreamsSettings(String bootstrapServers, String schemaRegistryUrl, String applicationId,
    Path stateDir, String applicationServer, int replicationFactor, boolean inMemoryStores,
    Duration publishInterval, Map<String, Object> extra, DateBounds dateBounds, Engine engine, int threads) {

  public static final String DEFAULT_APPLICATION_ID = "pulse-views";
  public static final Engine DEFAULT_ENGINE = Engine.PARTITIONED;

  public StreamsSettings {
    if (publishInterval == null && engine == Engine.SINGLE) {
      throw new IllegalArgumentException("the single-partition engine always publishes: give it an interval");
    }
    if (threads < 1) throw new IllegalArgumentException("stream threads must be 1 or more, was " + threads);
    if (engine == null) engine = DEFAULT_ENGINE;
  }

  /** Settings with the default engine on one thread. */
  public StreamsSettings(String bootstrapServers, String schemaRegistryUrl, String applicationId,
      Path stateDir, String applicationServer, int replicationFactor, boolean inMemoryStores,
      Duration publishInterval, Map<String, Object> extra, DateBounds dateBounds) {
    this(bootstrapServers, schemaRegistryUrl, applicationId, stateDir, applicationServer, replicationFactor,
        inMemoryStores, publishInterval, extra, dateBounds, DEFAULT_ENGINE, 1);
  }

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
        replicationFactor, inMemoryStores, publishInterval, extra, dateBounds, engine, threads);
  }

  public StreamsSettings withReplicationFactor(int rf) {
    return new StreamsSettings(bootstrapServers, schemaRegistryUrl, applicationId, stateDir, applicationServer,
        rf, inMemoryStores, publishInterval, extra, dateBounds, engine, threads);
  }

  public StreamsSettings withExtra(Map<String, Object> more) {
    return new StreamsSettings(bootstrapServers, schemaRegistryUrl, applicationId, stateDir, applicationServer,
        replicationFactor, inMemoryStores, publishInterval, more, dateBounds, engine, threads);
  }

  /** The same settings with views from this first year on. */
  public StreamsSettings withDateBounds(DateBounds bounds) {
    return new StreamsSettings(bootstrapServers, schemaRegistryUrl, applicationId, stateDir, applicationServer,
        replicationFactor, inMemoryStores, publishInterval, extra, bounds, engine, threads);
  }

  /** The same settings publishing rows this often (null: not yet, see {@link #publishInterval()}). */
  public StreamsSettings withPublishInterval(Duration every) {
    return new StreamsSettings(bootstrapServers, schemaRegistryUrl, applicationId, stateDir, applicationServer,
        replicationFactor, inMemoryStores, every, extra, dateBounds, engine, threads);
  }

  /** The same settings running this engine on this many stream threads. */
  public StreamsSettings withEngine(Engine e, int streamThreads) {
    return new StreamsSettings(bootstrapServers, schemaRegistryUrl, applicationId, stateDir, applicationServer,
        replicationFactor, inMemoryStores, publishInterval, extra, dateBounds, e, streamThreads);
  }
}
