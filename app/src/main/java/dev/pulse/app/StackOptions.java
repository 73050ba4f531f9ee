package dev.pulse.app;

import dev.pulse.server.PulseServer;
import dev.pulse.contract.DateBounds;
import dev.pulse.streams.Engine;
import dev.pulse.streams.StreamsSettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code pulse up} runs and where: ports, the data directory, and whether the broker and the
 * Schema Registry are embedded or someone else's.
 *
 * @param httpPort the HTTP server (ingest, queries, live stream, dashboard); 0 = a free port
 * @param registryPort the embedded Schema Registry; 0 = a free port
 * @param kafkaPort the embedded broker's client port; 0 = a free port
 * @param controllerPort the embedded broker's KRaft controller port; 0 = a free port
 * @param dataDir where the broker's log, the streams state and the tokens are kept across starts
 * @param bootstrapServers an existing Kafka cluster to use instead of the embedded broker, or null
 * @param schemaRegistryUrl an existing Schema Registry to use instead of the embedded one, or null
 * @param replicationFactor replicas of each contract topic (1 on one broker, 3 in production)
 * @param demo run the simulator in-process, open reading and print an admin token
 * @param openReading let anyone read views without a token (the local demo)
 * @param applicationId the streams application's id: its consumer group, internal topics and
 *     state; another id (after {@code pulse reprocess}) switches the server to views rebuilt under it
 * @param roles what this instance runs: the ingest gateway, its share of the streams tasks, the API
 * @param advertisedUrl how the other instances reach this one's HTTP server ({@code application.server});
 *     null = {@code http://localhost:<http port>}, enough on one machine
 * @param kafkaConfig a Kafka client properties file (security, tuning) every client of this instance uses, or null
 * @param standbyReplicas standby copies of the views the streams instances keep, to answer when one dies
 * @param firstYear the first year the views cover (SPEC.md §2); events dated before it are refused
 * @param listenAddress the address the HTTP server, the embedded registry and the embedded broker
 *     bind; null = {@value #DEFAULT_LISTEN_ADDRESS}, this machine only. Another address opens
 *     them to the network, which an embedded broker (open, no login) may not be: see
 *     {@link #requireAuthenticatedKafkaBeyondLoopback}
 * @param engine the views engine the streams role runs (null = {@link StreamsSettings#DEFAULT_ENGINE})
 * @param streamThreads stream threads of this instance
 */
public record StackOptions(
    int httpPort,
    int registryPort,
    int kafkaPort,
    int controllerPort,
    Path dataDir,
    String bootstrapServers,
    String schemaRegistryUrl,
    short replicationFactor,
    boolean demo,
    boolean openReading,
    String applicationId,
    Set<Role> roles,
    URI advertisedUrl,
    Path kafkaConfig,
    int standbyReplicas,
    int firstYear,
    String listenAddress,
    Engine engine,
    int streamThreads) {

  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final int DEFAULT_REGISTRY_PORT = 8081;
  public static final int DEFAULT_KAFKA_PORT = 9092;
  public static final int DEFAULT_STANDBY_REPLICAS = 1;
  public static final int DEFAULT_STREAM_THREADS = 2;
  public static final String DEFAULT_LISTEN_ADDRESS = PulseServer.LOCALHOST;

  public StackOptions {
    Objects.requireNonNull(dataDir, "dataDir");
    checkPort("http port", httpPort);
    checkPort("registry port", registryPort);
    checkPort("kafka port", kafkaPort);
    checkPort("controller port", controllerPort);
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replication factor must be at least 1, was " + replicationFactor);
    }
    bootstrapServers = blankToNull(bootstrapServers);
    applicationId = blankToNull(applicationId);
    if (applicationId == null) applicationId = StreamsSettings.DEFAULT_APPLICATION_ID;
    schemaRegistryUrl = blankToNull(schemaRegistryUrl);
    roles = roles == null || roles.isEmpty() ? Role.ALL : Set.copyOf(roles);
    if (advertisedUrl != null && (advertisedUrl.getHost() == null || advertisedUrl.getPort() < 1)) {
      throw new IllegalArgumentException("--advertised-url must name a host and a port, e.g. http://pulse-1:8080, was "
          + advertisedUrl);
    }
    new DateBounds(firstYear); // refuses a year out of range with a clear message
    if (standbyReplicas < 0) {
      throw new IllegalArgumentException("standby replicas must be 0 or more, was " + standbyReplicas);
    }
    if (engine == null) engine = StreamsSettings.DEFAULT_ENGINE;
    if (streamThreads < 1) {
      throw new IllegalArgumentException("stream threads must be 1 or more, was " + streamThreads);
    }
    listenAddress = blankToNull(listenAddress);
    if (listenAddress == null) listenAddress = DEFAULT_LISTEN_ADDRESS;
    requireAuthenticatedKafkaBeyondLoopback(listenAddress, bootstrapServers == null);
  }

  /** Options listening on the default address, this machine only. */
  public StackOptions(int httpPort, int registryPort, int kafkaPort, int controllerPort, Path dataDir,
      String bootstrapServers, String schemaRegistryUrl, short replicationFactor, boolean demo, boolean openReading,
      String applicationId, Set<Role> roles, URI advertisedUrl, Path kafkaConfig, int standbyReplicas) {
    this(httpPort, registryPort, kafkaPort, controllerPort, dataDir, bootstrapServers, schemaRegistryUrl,
        replicationFactor, demo, openReading, applicationId, roles, advertisedUrl, kafkaConfig, standbyReplicas,
        DateBounds.DEFAULT_FIRST_YEAR, null, null, DEFAULT_STREAM_THREADS);
  }

  /**
   * The embedded broker is open: anyone who reaches it reads and writes every topic, the tokens
   * included. It may therefore listen on a loopback address only; beyond this machine Pulse needs a
   * Kafka cluster where clients log in (SASL/SCRAM, docs/security.md).
   */
  private static void requireAuthenticatedKafkaBeyondLoopback(String listenAddress, boolean embedsKafka) {
    if (embedsKafka && !isLoopback(listenAddress)) {
      throw new IllegalArgumentException("--listen " + listenAddress + " would open the embedded Kafka broker,"
          + " which has no authentication, to the network. Run Pulse on a Kafka cluster where clients log in"
          + " (SASL/SCRAM): --bootstrap-servers HOST:PORT --kafka-config client.properties, e.g. the production"
          + " profile of docker-compose.yml (see docs/security.md); or keep --listen 127.0.0.1");
    }
  }

  /** Whether the address is this machine's loopback (a name that resolves to one counts too). */
  static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--listen " + address + " is not an address of this machine", e);
    }
  }

  /** Whether every listener of this instance is reachable from this machine only. */
  public boolean listensLocallyOnly() {
    return isLoopback(listenAddress);
  }

  /** Options with the default streams application id, every role and no cluster-specific settings. */
  public StackOptions(int httpPort, int registryPort, int kafkaPort, int controllerPort, Path dataDir,
      String bootstrapServers, String schemaRegistryUrl, short replicationFactor, boolean demo, boolean openReading,
      String applicationId) {
    this(httpPort, registryPort, kafkaPort, controllerPort, dataDir, bootstrapServers, schemaRegistryUrl,
        replicationFactor, demo, openReading, applicationId, Role.ALL, null, null, DEFAULT_STANDBY_REPLICAS,
        DateBounds.DEFAULT_FIRST_YEAR, null, null, DEFAULT_STREAM_THREADS);
  }

  /** Options with the default streams application id. */
  public StackOptions(int httpPort, int registryPort, int kafkaPort, int controllerPort, Path dataDir,
      String bootstrapServers, String schemaRegistryUrl, short replicationFactor, boolean demo, boolean openReading) {
    this(httpPort, registryPort, kafkaPort, controllerPort, dataDir, bootstrapServers, schemaRegistryUrl,
        replicationFactor, demo, openReading, StreamsSettings.DEFAULT_APPLICATION_ID);
  }

  /** The defaults of {@code pulse up}: the SPEC's ports, data in {@code ./pulse-data}. */
  public static StackOptions defaults() {
    return new StackOptions(DEFAULT_HTTP_PORT, DEFAULT_REGISTRY_PORT, DEFAULT_KAFKA_PORT, 0,
        Path.of("pulse-data"), null, null, (short) 1, false, false,
        StreamsSettings.DEFAULT_APPLICATION_ID);
  }

  /** Everything embedded on free ports, data in {@code dataDir}: several stacks can run side by side. */
  public static StackOptions onFreePorts(Path dataDir) {
    return new StackOptions(0, 0, 0, 0, dataDir, null, null, (short) 1, false, false,
        StreamsSettings.DEFAULT_APPLICATION_ID);
  }

  /** The same options on these ports. */
  public StackOptions withPorts(int http, int registry, int kafka, int controller) {
    return new StackOptions(http, registry, kafka, controller, dataDir, bootstrapServers, schemaRegistryUrl,
        replicationFactor, demo, openReading, applicationId, roles, advertisedUrl, kafkaConfig, standbyReplicas,
        firstYear, listenAddress, engine, streamThreads);
  }

  /** The same options using an existing Kafka cluster (no embedded broker). */
  public StackOptions withKafka(String bootstrapServers) {
    return new StackOptions(httpPort, registryPort, kafkaPort, controllerPort, dataDir, bootstrapServers,
        schemaRegistryUrl, replicationFactor, demo, openReading, applicationId, roles, advertisedUrl, kafkaConfig,
        standbyReplicas, firstYear, listenAddress, engine, streamThreads);
  }

  /** The same options using an existing Schema Registry (none embedded). */
  public StackOptions withSchemaRegistry(String url) {
    return new StackOptions(httpPort, registryPort, kafkaPort, controllerPort, dataDir, bootstrapServers,
        url, replicationFactor, demo, openReading, applicationId, roles, advertisedUrl, kafkaConfig, standbyReplicas,
        firstYear, listenAddress, engine, streamThreads);
  }

  /** The same options running only these roles. */
  public StackOptions withRoles(Set<Role> roles) {
    return new StackOptions(httpPort, registryPort, kafkaPort, controllerPort, dataDir, bootstrapServers,
        schemaRegistryUrl, replicationFactor, demo, openReading, applicationId, roles, advertisedUrl, kafkaConfig,
        standbyReplicas, firstYear, listenAddress, engine, streamThreads);
  }

  /** The same options with this Kafka client properties file. */
  public StackOptions withKafkaConfig(Path file) {
    return new StackOptions(httpPort, registryPort, kafkaPort, controllerPort, dataDir, bootstrapServers,
        schemaRegistryUrl, replicationFactor, demo, openReading, applicationId, roles, advertisedUrl, file,
        standbyReplicas, firstYear, listenAddress, engine, streamThreads);
  }

  /** The dates an event may carry (SPEC.md §2). */
  public DateBounds dateBounds() {
    return new DateBounds(firstYear);
  }

  /** The same options listening on this address. */
  public StackOptions withListenAddress(String address) {
    return new StackOptions(httpPort, registryPort, kafkaPort, controllerPort, dataDir, bootstrapServers,
        schemaRegistryUrl, replicationFactor, demo, openReading, applicationId, roles, advertisedUrl, kafkaConfig,
        standbyReplicas, firstYear, address, engine, streamThreads);
  }

  /** The same options running this views engine on this many stream threads. */
  public StackOptions withEngine(Engine e, int threads) {
    return new StackOptions(httpPort, registryPort, kafkaPort, controllerPort, dataDir, bootstrapServers,
        schemaRegistryUrl, replicationFactor, demo, openReading, applicationId, roles, advertisedUrl, kafkaConfig,
        standbyReplicas, firstYear, listenAddress, e, threads);
  }

  public boolean runs(Role role) {
    return roles.contains(role);
  }

  /** Whether a broker is started in this process (no {@code --bootstrap-servers} given). */
  public boolean embedsKafka() {
    return bootstrapServers == null;
  }

  /** Whether a Schema Registry is started in this process (no {@code --schema-registry} given). */
  public boolean embedsRegistry() {
    return schemaRegistryUrl == null;
  }

  /** Whether views can be read without a token: asked for, or implied by the demo. */
  public boolean readingIsOpen() {
    return openReading || demo;
  }

  public Path kafkaDir() {
    return dataDir.resolve("kafka");
  }

  public Path streamsStateDir() {
    return dataDir.resolve("streams");
  }

  private static void checkPort(String what, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(what + " must be between 0 and 65535, was " + port);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
