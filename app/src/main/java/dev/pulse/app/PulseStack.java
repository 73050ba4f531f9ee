package dev.pulse.app;

import dev.pulse.server.Health;
import dev.pulse.server.AdminAccess;
import dev.pulse.server.OpenApiDocument;
import dev.pulse.server.PulseServer;
import dev.pulse.server.ReadAccess;
import dev.pulse.server.access.Access;
import dev.pulse.server.access.TokenTopic;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.server.ingest.IngestApi;
import dev.pulse.server.ingest.IdOwners;
import dev.pulse.server.ingest.IngestSettings;
import dev.pulse.kafka.UnitDirectory;
import dev.pulse.server.live.LiveStream;
import dev.pulse.kafka.ClientProperties;
import dev.pulse.server.query.AdminScope;
import dev.pulse.server.query.DeadLetterLog;
import dev.pulse.server.query.QueryApi;
import dev.pulse.server.query.UnitLookup;
import dev.pulse.streams.query.ViewQueries;
import dev.pulse.streams.query.ViewRouting;
import dev.pulse.server.query.ViewTopicsCache;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.registry.server.SchemaRegistryServer;
import dev.pulse.stack.EmbeddedKafka;
import dev.pulse.stack.PortHolders;
import dev.pulse.stack.TopicSetup;
import dev.pulse.streams.DeadLetters;
import dev.pulse.streams.Engine;
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
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
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
  /**
   * How long a start right after a killed Pulse waits for the ports that Pulse held: a broker
   * finishing its shutdown, the kernel's closed connections.
   */
  private static final Duration PORTS_RELEASE_GRACE = Duration.ofSeconds(30);

  /** A running part and how to stop it. */
  private record Part(String name, AutoCloseable stop) {}

  private final StackOptions options;
  private final Duration stallAfter;
  private StreamProgress progress;
  private AdminAccess admins;
  private final Deque<Part> running = new ArrayDeque<>();
  private String bootstrapServers;
  private String schemaRegistryUrl;
  private SchemaRegistryClient registry;
  /** Null when the registry is someone else's. */
  private SchemaRegistryServer embeddedRegistry;
  private Map<String, Integer> schemaIds;
  /** Volatile: the registry's write guard reads them from its HTTP threads, from before they start. */
  private volatile Access access;
  private volatile UnitDirectory units;
  private Map<String, Object> clientProperties;
  private KafkaProbe kafkaProbe;
  private int httpPort;
  private PulseStreams streams;
  private ViewRouting routing;
  private ViewTopicsCache viewTopics;
  private LiveStream liveStream;
  private DeadLetterLog deadLetters;
  private Demo demo;
  private PulseServer server;
  private Duration startupTime;
  private boolean closed;
  private final Map<String, String> phases = new LinkedHashMap<>();

  private PulseStack(StackOptions options, Duration stallAfter) {
    this.options = options;
    this.stallAfter = stallAfter;
  }

  /**
   * Starts every part and returns once each one answers. If a part fails to start, the parts
   * already running are stopped before the failure is thrown.
   */
  public static PulseStack start(StackOptions options) {
    return start(options, StreamProgress.DEFAULT_STALL_AFTER);
  }

  /**
   * {@link #start(StackOptions)}, with {@code /health} saying DOWN once the streams application's
   * committed offsets stand still for {@code stallAfter} while records wait.
   */
  public static PulseStack start(StackOptions options, Duration stallAfter) {
    PulseStack stack = new PulseStack(options, stallAfter);
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
    // A broker a killed Pulse left on this data directory would hold its port: stop it first.
    boolean killedBefore = options.embedsKafka() && EmbeddedKafka.stopLeftOver(options.kafkaDir());
    // After a killed Pulse its ports can stay bound for a moment (a broker finishing its shutdown,
    // closed connections): a start right after it waits for them rather than failing.
    checkPortsAreFree(killedBefore ? PORTS_RELEASE_GRACE : Duration.ZERO);
    httpPort = options.httpPort() != 0 ? options.httpPort() : EmbeddedKafka.freePort();
    createDataDir();
    clientProperties = options.kafkaConfig() == null ? Map.of() : ClientProperties.load(options.kafkaConfig());
    if (!clientProperties.isEmpty()) {
      log.info("Kafka clients use {} from {}", ClientProperties.describe(clientProperties), options.kafkaConfig());
    }
    phase("Kafka", this::startKafka);
    phase("topics", this::createTopics);
    phase("Schema Registry", this::startRegistry);
    phase("schemas", this::registerSchemas);
    if (options.runs(Role.INGEST) || options.runs(Role.API)) phase("tokens and units", this::startAccess);
    if (options.runs(Role.STREAMS)) phase("streams", this::startStreams);
    if (options.runs(Role.API)) phase("views API", this::startViewsApi);
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
  private void checkPortsAreFree(Duration grace) {
    Map<String, Integer> wanted = new LinkedHashMap<>();
    wanted.put("--http-port", options.httpPort());
    if (options.embedsRegistry()) wanted.put("--registry-port", options.registryPort());
    if (options.embedsKafka()) {
      wanted.put("--kafka-port", options.kafkaPort());
      wanted.put("--controller-port", options.controllerPort());
    }
    long deadline = System.nanoTime() + grace.toNanos();
    wanted.forEach((option, port) -> {
      if (port == 0 || isFree(port)) return;
      if (!grace.isZero()) {
        log.info("Port {} ({}) is still held after the last Pulse on this data directory was killed ({});"
            + " waiting up to {} s for it", port, option, PortHolders.describe(port).orElse("holder unknown"),
            grace.toSeconds());
      }
      while (System.nanoTime() < deadline) {
        sleep(Duration.ofMillis(250));
        if (isFree(port)) return;
      }
      throw new IllegalStateException("port " + port + " is in use by another program (another Pulse, or a Kafka?)"
          + PortHolders.describe(port).map(h -> ": " + h).orElse("") + "; stop it or choose another port with " + option);
    });
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a port", e);
    }
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
    if (options.embedsKafka()) {
      EmbeddedKafka kafka = EmbeddedKafka.start(options.kafkaDir(), options.kafkaPort(), options.controllerPort(), Map.of());
      running.push(new Part("Kafka broker", kafka));
      bootstrapServers = kafka.bootstrapServers();
    } else {
      bootstrapServers = options.bootstrapServers();
      log.info("Using the Kafka cluster at {}", bootstrapServers);
    }
    kafkaProbe = new KafkaProbe(bootstrapServers, clientProperties);
    running.push(new Part("Kafka health probe", kafkaProbe));
    running.push(new Part("hanging transaction watch",
        new HangingTransactionWatch(bootstrapServers, clientProperties, options.applicationId()).start()));
  }

  private void createTopics() {
    Map<String, Object> adminProps = new LinkedHashMap<>(clientProperties);
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(adminProps)) {
      try {
        TopicSetup.Result result = TopicSetup.ensure(admin, Topics.ALL, options.replicationFactor());
        log.info("Contract topics: {} created, {} brought back to the contract, {} as they were",
            result.created().size(), result.reconfigured().size(), result.unchanged().size());
      } catch (RuntimeException e) {
        if (!refusedByAcls(e)) throw e;
        // On a secured cluster an instance's principal may read and write its topics but not create
        // them: the operator has (docs/security.md). Check the ones this instance uses are there.
        List<Topic<?>> used = topicsUsed();
        TopicSetup.requireExisting(admin, used);
        log.info("This instance's principal may not create topics; the {} it uses exist", used.size());
      }
    }
  }

  private static boolean refusedByAcls(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AuthorizationException) return true;
    }
    return false;
  }

  /** The contract topics this instance's roles read or write. */
  private List<Topic<?>> topicsUsed() {
    java.util.Set<Topic<?>> used = new java.util.LinkedHashSet<>();
    if (options.runs(Role.INGEST)) {
      used.addAll(Topics.INPUTS);
      used.add(TokenTopic.TOPIC);
    }
    if (options.runs(Role.STREAMS)) {
      used.addAll(Topics.INPUTS);
      used.addAll(Topics.VIEWS);
      used.add(Topics.DEAD_LETTERS);
    }
    if (options.runs(Role.API)) {
      used.addAll(Topics.ALL_VIEWS); // the query cache and the live stream follow campaigns already
      used.add(Topics.DEAD_LETTERS);
      used.add(Topics.UNITS);
      used.add(TokenTopic.TOPIC);
    }
    return List.copyOf(used);
  }

  private void startRegistry() {
    if (!options.embedsRegistry()) {
      schemaRegistryUrl = options.schemaRegistryUrl();
      log.info("Using the Schema Registry at {}", schemaRegistryUrl);
    } else {
      SchemaRegistryServer server = SchemaRegistryServer.start(options.listenAddress(), options.registryPort(),
          bootstrapServers, options.replicationFactor(), clientProperties,
          new RegistryWriteAccess(() -> access, () -> units));
      running.push(new Part("Schema Registry", server));
      schemaRegistryUrl = server.url();
      embeddedRegistry = server;
    }
    registry = new RestSchemaRegistryClient(schemaRegistryUrl);
  }

  private void registerSchemas() {
    // Pulse changes its own registry in-process, with no credential; anyone else's over HTTP.
    schemaIds = embeddedRegistry == null
        ? SchemaSetup.registerAll(registry, Topics.ALL)
        : SchemaSetup.registerAll(embeddedRegistry.ownerClient(), Topics.ALL,
            embeddedRegistry::registerIgnoringCompatibility);
  }

  /** The tokens and the unit tree, each a cache that follows its topic. */
  private void startAccess() {
    access = Access.follow(bootstrapServers, clientProperties, INITIAL_LOAD);
    running.push(new Part("token cache", access));
    units = UnitDirectory.follow(bootstrapServers, clientProperties, registry, INITIAL_LOAD);
    running.push(new Part("unit directory", units));
  }

  /** The owners of activity, attendance and household-event ids, for the gateway (SPEC.md §2). */
  private IdOwners startIdOwners() {
    IdOwners owners = IdOwners.follow(bootstrapServers, clientProperties, INITIAL_LOAD);
    running.push(new Part("id owners", owners));
    return owners;
  }

  private void startStreams() {
    Map<String, Object> extra = new LinkedHashMap<>(clientProperties);
    // Standby copies of the views answer queries within seconds when the instance holding them dies.
    extra.putIfAbsent(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, options.standbyReplicas());
    // A dead instance is noticed after 10 s rather than the client's 45, and its tasks move on.
    extra.putIfAbsent(StreamsConfig.consumerPrefix("session.timeout.ms"), 10_000);
    extra.putIfAbsent(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 2_000);
    StreamsSettings base = StreamsSettings.local(bootstrapServers, schemaRegistryUrl, options.streamsStateDir())
        .withApplicationId(options.applicationId())
        .withReplicationFactor(options.replicationFactor())
        .withExtra(extra);
    HostInfo self = advertised();
    StreamsSettings settings = new StreamsSettings(base.bootstrapServers(), base.schemaRegistryUrl(),
        base.applicationId(), base.stateDir(), ViewRouting.name(self), base.replicationFactor(),
        base.inMemoryStores(), base.publishInterval(), base.extra(), options.dateBounds(), options.engine(),
        options.streamThreads());
    streams = PulseStreams.start(settings, registry);
    running.push(new Part("streams application", streams));
    progress = new StreamProgress(bootstrapServers, clientProperties, settings.applicationId(),
        () -> streams.state() == KafkaStreams.State.RUNNING, stallAfter);
    running.push(new Part("streams progress watch", progress));
    // The single-partition engine's views live in one task's stores, which queries are routed to;
    // the partitioned engine's rows are spread over every task, so instances answer from the
    // published view topics (startViewsApi).
    if (options.engine() == Engine.SINGLE) routing = new ViewRouting(streams.kafkaStreams(), self);
  }

  /** How the other instances reach this one: {@code --advertised-url}, or localhost on one machine. */
  private HostInfo advertised() {
    return options.advertisedUrl() == null
        ? new HostInfo("localhost", httpPort)
        : new HostInfo(options.advertisedUrl().getHost(), options.advertisedUrl().getPort());
  }

  /** The views as this instance answers them, the live stream, and the dead letters. */
  private void startViewsApi() {
    if (routing == null) {
      viewTopics = ViewTopicsCache.follow(bootstrapServers, clientProperties, registry, INITIAL_LOAD);
      running.push(new Part("view topics cache", viewTopics));
    }
    liveStream = new LiveStream(bootstrapServers, clientProperties, registry, unitLookup()).start();
    running.push(new Part("live stream", liveStream));
    deadLetters = new DeadLetterLog(bootstrapServers, clientProperties, registry).start();
    running.push(new Part("dead-letter log", deadLetters));
  }

  /** The unit tree as the API needs it, from the unit directory that follows the units topic. */
  private UnitLookup unitLookup() {
    return new UnitLookup() {
      @Override
      public boolean exists(String unitId) {
        return units.unit(unitId).isPresent();
      }

      @Override
      public Optional<String> parentOf(String unitId) {
        return units.unit(unitId).map(u -> u.getParentId());
      }

      @Override
      public List<String> children(String unitId) {
        return units.children(unitId).stream().map(u -> u.getUnitId()).toList();
      }
    };
  }

  private void startHttpServer() {
    boolean open = options.readingIsOpen();
    admins = new AdminAccess(access, units);
    List<PulseServer.Routes> routes = new ArrayList<>();
    if (access != null) {
      routes.add(new PulseServer.Routes("read access", app -> ReadAccess.addTo(app, access, open)));
    }
    if (options.runs(Role.INGEST)) {
      IngestApi ingest = new IngestApi(bootstrapServers, clientProperties, registry, units, startIdOwners(), access,
          IngestSettings.defaults().withOpenReading(open).withDateBounds(options.dateBounds()));
      running.push(new Part("ingest gateway", ingest));
      routes.add(new PulseServer.Routes("ingest", ingest::addTo));
    } else if (options.runs(Role.API)) {
      routes.add(new PulseServer.Routes("units", IngestApi.unitsOnly(units, access, open)::addTo));
    }
    if (options.runs(Role.API)) {
      String self = ViewRouting.name(advertised());
      QueryApi queries = routing != null
          ? QueryApi.routed(unitLookup(), EngineViews.reader(new ViewQueries(streams.kafkaStreams())),
              EngineViews.reader(new ViewQueries(streams.kafkaStreams()).includingStandby()), EngineViews.placement(routing))
          : QueryApi.local(unitLookup(), viewTopics, self);
      routes.add(new PulseServer.Routes("queries", queries::addTo));
      routes.add(new PulseServer.Routes("live stream", liveStream::addTo));
      routes.add(new PulseServer.Routes("dead letters", app -> deadLetters.addTo(app, admins::scopeOf)));
    }
    PulseMetrics metrics = new PulseMetrics(streams == null ? null : streams.kafkaStreams(), liveStream);
    running.push(new Part("metrics", metrics));
    routes.add(new PulseServer.Routes("metrics", app -> metrics.addTo(app, admins::scopeOf)));
    routes.add(new PulseServer.Routes("openapi", OpenApiDocument.describe(IngestSettings.defaults())::addTo));
    server = PulseServer.start(options.listenAddress(), httpPort, options.runs(Role.API), this::health, routes);
    running.push(new Part("HTTP server", server));
  }

  private void startDemo() {
    demo = Demo.start(bootstrapServers, clientProperties, registry, access, options.dataDir());
    running.push(new Part("simulator", demo));
    // The token printed next is for adding units below the province (the README's tour): until the
    // ingest's unit directory holds the province the simulator has just sent, such a request would
    // be judged outside the token's subtree.
    if (units != null) awaitProvinceInDirectory(Duration.ofSeconds(30));
  }

  private void awaitProvinceInDirectory(Duration timeout) {
    if (!units.awaitUnit(Demo.PROVINCE, timeout)) {
      log.warn("The unit directory does not hold the demo province {} after {} s: requests for units below it"
          + " are refused until it does", Demo.PROVINCE, timeout.toSeconds());
    }
  }

  /**
   * What {@code GET /health} (and {@code /health/ready}) answers: UP while the Kafka cluster answers
   * and the streams application runs or rebalances; DOWN while the cluster is away, once the
   * streams application has stopped or failed (views then no longer follow the input), or while its
   * committed offsets stand still with records waiting (a stream thread stuck on a record).
   * Only an admin token sees the parts; anyone else learns UP or DOWN (SPEC.md §6), and an admin's
   * dead-letter count is that of its subtree.
   */
  Health health(String authorizationHeader) {
    Health full = health();
    Optional<AdminScope.Admin> admin = admins == null ? Optional.empty() : admins.admin(authorizationHeader);
    if (admin.isEmpty()) return new Health(full.isUp(), Map.of());
    if (deadLetters == null) return full;
    Map<String, Object> parts = new LinkedHashMap<>(full.parts());
    parts.put("deadLetters", deadLetters.total(admin.get()));
    return new Health(full.isUp(), parts);
  }

  /** The streams tasks this instance runs now (its share of the partitions), 0 while it has none. */
  private int activeTasks() {
    try {
      return streams.kafkaStreams().metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    } catch (RuntimeException e) {
      return 0; // not started or shutting down
    }
  }

  /** Every part of the health, as an operator needs it. */
  Health health() {
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("roles", options.roles().stream().map(Role::label).sorted().toList());
    parts.put("kafka", bootstrapServers);
    boolean kafkaAnswers = kafkaProbe.reachable();
    parts.put("kafkaReachable", kafkaAnswers);
    parts.put("schemaRegistry", schemaRegistryUrl);
    boolean up = kafkaAnswers;
    if (streams != null) {
      KafkaStreams.State state = streams.state();
      parts.put("streams", state.name());
      parts.put("lag", streams.lag());
      parts.put("engine", options.engine().label());
      parts.put("activeTasks", activeTasks());
      if (routing != null) routing.placement().ifPresent(p -> {
        parts.put("viewsActiveOn", ViewRouting.name(p.active()));
        parts.put("viewsStandbyOn", p.standbys().stream().map(ViewRouting::name).toList());
      });
      up &= state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED;
      Optional<Duration> stalled = progress.stalledFor();
      if (stalled.isPresent()) {
        parts.put("stalled", "the committed offsets have not moved for " + stalled.get().toSeconds()
            + " s while records wait");
        up = false;
      }
    }
    if (viewTopics != null) parts.put("viewRowsFollowed", viewTopics.size());
    if (liveStream != null) parts.put("liveClients", liveStream.clients());
    if (deadLetters != null) parts.put("deadLetters", deadLetters.total());
    else parts.put("deadLetters", DeadLetters.count());
    return up ? Health.up(parts) : Health.down(parts);
  }

  /** The streams application, where this instance runs one (tests pause it). */
  KafkaStreams kafkaStreams() {
    return streams == null ? null : streams.kafkaStreams();
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
    return "http://" + SchemaRegistryServer.connectHost(options.listenAddress()) + ":" + server.port();
  }

  /** The names of the route groups the HTTP server mounted. */
  public List<String> httpRoutes() {
    return server.mounted();
  }

  /** Every route of the HTTP server as {@code "GET /api/v1/units/{unitId}"}. */
  List<String> httpEndpoints() {
    return server.endpoints();
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
