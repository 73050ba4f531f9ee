package dev.pulse.app;

import dev.pulse.access.Access;
import dev.pulse.contract.Topics;
import dev.pulse.ingest.IngestApi;
import dev.pulse.ingest.IngestSettings;
import dev.pulse.ingest.UnitDirectory;
import dev.pulse.live.LiveStream;
import dev.pulse.query.QueryApi;
import dev.pulse.query.ViewQueries;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.registry.server.SchemaRegistryServer;
import dev.pulse.stack.EmbeddedKafka;
import dev.pulse.stack.TopicSetup;
import dev.pulse.streams.DeadLetters;
import dev.pulse.streams.PulseStreams;
import dev.pulse.streams.StreamsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code pulse up} runs, started in dependency order and stopped in reverse: the Kafka
 * broker, the contract's topics, the Schema Registry with the contract's schemas, the token and
 * unit caches, the streams application with the live stream, the HTTP server and, for the demo,
 * the simulator. The broker and the registry are left out when the options name existing ones.
 *
 * <p>A handle rather than a command so that tests start the very stack the product runs, on free
 * ports and a temporary data directory.
 */
public final class PulseStack implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PulseStack.class);
  /** How long the token and unit caches wait for what their topics already hold before serving. */
  private static final Duration INITIAL_LOAD = Duration.ofSeconds(15);

  /** A running part and how to stop it. */
  private record Part(String name, AutoCloseable stop) {}

  private final StackOptions options;
  private final Deque<Part> running = new ArrayDeque<>();
  private String bootstrapServers;
  private String schemaRegistryUrl;
  private SchemaRegistryClient registry;
  private Map<String, Integer> schemaIds;
  private Access access;
  private UnitDirectory units;
  private PulseStreams streams;
  private ViewQueries views;
  private LiveStream liveStream;
  private Demo demo;
  private PulseServer server;
  private Duration startupTime;
  private boolean closed;
  private final Map<String, String> phases = new LinkedHashMap<>();

  private PulseStack(StackOptions options) {
    this.options = options;
  }

  /**
   * Starts every part and returns once each one answers. If a part fails to start, the parts
   * already running are stopped before the failure is thrown.
   */
  public static PulseStack start(StackOptions options) {
    PulseStack stack = new PulseStack(options);
    long begun = System.nanoTime();
    try {
      stack.startParts();
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
    stack.startupTime = Duration.ofNanos(System.nanoTime() - begun);
    log.info("Pulse is up in {} ms", stack.startupTime.toMillis());
    return stack;
  }

  private void startParts() {
    checkPortsAreFree();
    createDataDir();
    phase("Kafka", this::startKafka);
    phase("topics", this::createTopics);
    phase("Schema Registry", this::startRegistry);
    phase("schemas", this::registerSchemas);
    phase("tokens and units", this::startAccess);
    phase("streams", this::startStreams);
    phase("HTTP", this::startHttpServer);
    if (options.demo()) phase("demo", this::startDemo);
    log.info("Start-up phases: {}", phases);
  }

  /** Runs one step of the start and notes how long it took: where start-up time goes, for operators. */
  private void phase(String name, Runnable step) {
    long begun = System.nanoTime();
    step.run();
    phases.put(name, String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - begun) / 1e9));
  }

  /**
   * Fails at once, naming the option to change, when a port Pulse is to listen on is taken: later
   * the broker would find another program's Kafka answering there and take it for its own.
   */
  private void checkPortsAreFree() {
    Map<String, Integer> wanted = new LinkedHashMap<>();
    wanted.put("--http-port", options.httpPort());
    if (options.embedsRegistry()) wanted.put("--registry-port", options.registryPort());
    if (options.embedsKafka()) {
      wanted.put("--kafka-port", options.kafkaPort());
      wanted.put("--controller-port", options.controllerPort());
    }
    wanted.forEach((option, port) -> {
      if (port != 0 && !isFree(port)) {
        throw new IllegalStateException("port " + port + " is in use by another program (another Pulse, or a Kafka?);"
            + " stop it or choose another port with " + option);
      }
    });
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void createDataDir() {
    try {
      Files.createDirectories(options.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + options.dataDir().toAbsolutePath(), e);
    }
  }

  private void startKafka() {
    if (!options.embedsKafka()) {
      bootstrapServers = options.bootstrapServers();
      log.info("Using the Kafka cluster at {}", bootstrapServers);
      return;
    }
    EmbeddedKafka kafka = EmbeddedKafka.start(options.kafkaDir(), options.kafkaPort(), options.controllerPort(), Map.of());
    running.push(new Part("Kafka broker", kafka));
    bootstrapServers = kafka.bootstrapServers();
  }

  private void createTopics() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      TopicSetup.Result result = TopicSetup.ensure(admin, Topics.ALL, options.replicationFactor());
      log.info("Contract topics: {} created, {} brought back to the contract, {} as they were",
          result.created().size(), result.reconfigured().size(), result.unchanged().size());
    }
  }

  private void startRegistry() {
    if (!options.embedsRegistry()) {
      schemaRegistryUrl = options.schemaRegistryUrl();
      log.info("Using the Schema Registry at {}", schemaRegistryUrl);
    } else {
      SchemaRegistryServer server =
          SchemaRegistryServer.start(options.registryPort(), bootstrapServers, options.replicationFactor());
      running.push(new Part("Schema Registry", server));
      schemaRegistryUrl = server.url();
    }
    registry = new RestSchemaRegistryClient(schemaRegistryUrl);
  }

  private void registerSchemas() {
    schemaIds = SchemaSetup.registerAll(registry, Topics.ALL);
  }

  /** The tokens and the unit tree, each a cache that follows its topic. */
  private void startAccess() {
    access = Access.follow(bootstrapServers, INITIAL_LOAD);
    running.push(new Part("token cache", access));
    units = UnitDirectory.follow(bootstrapServers, registry, INITIAL_LOAD);
    running.push(new Part("unit directory", units));
  }

  private void startStreams() {
    StreamsSettings settings = StreamsSettings.local(bootstrapServers, schemaRegistryUrl, options.streamsStateDir())
        .withApplicationId(options.applicationId())
        .withReplicationFactor(options.replicationFactor());
    streams = PulseStreams.start(settings, registry);
    running.push(new Part("streams application", streams));
    views = new ViewQueries(streams.kafkaStreams());
    liveStream = new LiveStream(bootstrapServers, Map.of(), registry, views).start();
    running.push(new Part("live stream", liveStream));
  }

  private void startHttpServer() {
    boolean open = options.readingIsOpen();
    IngestApi ingest = new IngestApi(bootstrapServers, registry, units, access,
        IngestSettings.defaults().withOpenReading(open));
    running.push(new Part("ingest gateway", ingest));
    List<PulseServer.Routes> routes = new ArrayList<>();
    routes.add(new PulseServer.Routes("read access",
        app -> ReadAccess.addTo(app, access, open)));
    routes.add(new PulseServer.Routes("ingest", ingest::addTo));
    routes.add(new PulseServer.Routes("queries", new QueryApi(views)::addTo));
    routes.add(new PulseServer.Routes("live stream", liveStream::addTo));
    PulseMetrics metrics = new PulseMetrics(streams.kafkaStreams(), liveStream);
    running.push(new Part("metrics", metrics));
    routes.add(new PulseServer.Routes("metrics", metrics::addTo));
    server = PulseServer.start(options.httpPort(), this::health, routes);
    running.push(new Part("HTTP server", server));
  }

  private void startDemo() {
    demo = Demo.start(bootstrapServers, registry, access, options.dataDir());
    running.push(new Part("simulator", demo));
  }

  /**
   * What {@code GET /health} answers: UP while the streams application runs or rebalances, DOWN
   * once it has stopped or failed (views then no longer follow the input).
   */
  Health health() {
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("kafka", bootstrapServers);
    parts.put("schemaRegistry", schemaRegistryUrl);
    KafkaStreams.State state = streams.state();
    parts.put("streams", state.name());
    parts.put("lag", streams.lag());
    parts.put("liveClients", liveStream.clients());
    parts.put("deadLetters", DeadLetters.count());
    return state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED ? Health.up(parts) : Health.down(parts);
  }

  public StackOptions options() {
    return options;
  }

  /** {@code host:port} of the Kafka cluster in use, embedded or not. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The base URL of the Schema Registry in use, embedded or not. */
  public String schemaRegistryUrl() {
    return schemaRegistryUrl;
  }

  /** The schema id of each contract subject, as registered at start. */
  public Map<String, Integer> schemaIds() {
    return schemaIds;
  }

  public int httpPort() {
    return server.port();
  }

  public String httpUrl() {
    return "http://localhost:" + server.port();
  }

  /** The names of the route groups the HTTP server mounted. */
  public List<String> httpRoutes() {
    return server.mounted();
  }

  /** The admin token of the simulated province, when the demo runs. */
  public Optional<String> demoAdminToken() {
    return Optional.ofNullable(demo).map(Demo::adminToken);
  }

  public Path dataDir() {
    return options.dataDir().toAbsolutePath().normalize();
  }

  /** From the call of {@link #start} to every part answering. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Stops every running part, the last started first; a part that fails to stop does not keep the others up. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    if (running.isEmpty()) return;
    long begun = System.nanoTime();
    while (!running.isEmpty()) {
      Part part = running.pop();
      try {
        log.info("Stopping the {}", part.name());
        part.stop().close();
      } catch (Exception e) {
        log.warn("The {} did not stop cleanly: {}", part.name(), e.toString());
      }
    }
    log.info("Pulse stopped in {} ms", (System.nanoTime() - begun) / 1_000_000);
  }
}
