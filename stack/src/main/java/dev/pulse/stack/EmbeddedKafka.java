package dev.pulse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller), run as a child JVM
 * from the jars already on this process's class path ({@code kafka.Kafka}). The storage is
 * formatted on first start ({@code kafka.tools.StorageTool format}) and kept in the data
 * directory, so records survive a restart.
 *
 * <p>Started with a {@link BrokerSecurity}, the broker is secured the way a production cluster is:
 * clients log in with SASL/SCRAM-SHA-512, and the standard authorizer checks every request against
 * ACLs ({@link KafkaAccessPlan}). Without one it is open, as a development broker.
 *
 * <p>A child process rather than an in-JVM server: it can be killed and restarted the way a real
 * broker is (tests of broker outages do exactly that), and its threads, memory and logs stay out
 * of the Pulse process. It does not outlive this process: it stops when the pipe this process holds
 * as its standard input closes ({@link BrokerMain}), and its pid is kept in {@code broker.pid} in
 * the data directory so that the next start stops a broker left over all the same
 * ({@link #stopLeftOver}).
 *
 * <p>Its listeners bind the loopback address only: an open broker must not be reachable from other
 * machines (docs/security.md).
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Path SETSID = Path.of("/usr/bin/setsid");
  /** Where every listener binds: this machine only. */
  static final String LISTEN_HOST = "127.0.0.1";
  private static final String PID_FILE = "broker.pid";
  /** The one node: broker and controller. */
  private static final int NODE_ID = 1;
  private static final Duration LEFT_OVER_STOP_TIMEOUT = Duration.ofSeconds(90);

  private final Path dataDir;
  private final int port;
  private final int controllerPort;
  private final Map<String, String> extraConfig;
  /** Null for an open broker. */
  private final BrokerSecurity security;
  private Process process;

  private EmbeddedKafka(Path dataDir, int port, int controllerPort, Map<String, String> extraConfig,
      BrokerSecurity security) {
    this.dataDir = dataDir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.extraConfig = extraConfig;
    this.security = security;
    // A broker outliving the process that started it would hold the ports and the data directory.
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "kafka-broker-stop"));
  }

  /** Starts a broker listening on {@code localhost:port} (0 = a free port), data in {@code dataDir}. */
  public static EmbeddedKafka start(Path dataDir, int port) {
    return start(dataDir, port, 0, Map.of());
  }

  /**
   * Starts a broker.
   *
   * @param port the client port, 0 for a free one
   * @param controllerPort the KRaft controller port, 0 for a free one
   * @param extraConfig broker properties that override the defaults (security, say)
   */
  public static EmbeddedKafka start(Path dataDir, int port, int controllerPort, Map<String, String> extraConfig) {
    return start(dataDir, port, controllerPort, extraConfig, null);
  }

  /**
   * Starts a secured broker on {@code localhost:port} (0 = a free port): a SASL_PLAINTEXT listener
   * with SCRAM-SHA-512, the standard authorizer, {@code security.admin()} as the super user. The
   * users' SCRAM credentials are written when the storage is formatted, at the first start; change
   * them later with {@code Admin#alterUserScramCredentials}. No ACL exists at first: apply
   * {@link KafkaAccessPlan} with an admin from {@link #adminClientProperties()}.
   */
  public static EmbeddedKafka startSecured(Path dataDir, int port, BrokerSecurity security) {
    return start(dataDir, port, 0, Map.of(), security);
  }

  /**
   * Starts a broker, secured when {@code security} is not null.
   *
   * @param extraConfig broker properties laid over Pulse's, security ones included
   */
  public static EmbeddedKafka start(Path dataDir, int port, int controllerPort, Map<String, String> extraConfig,
      BrokerSecurity security) {
    EmbeddedKafka kafka = new EmbeddedKafka(dataDir.toAbsolutePath(),
        port == 0 ? freePort() : port, controllerPort == 0 ? freePort() : controllerPort, Map.copyOf(extraConfig),
        security);
    kafka.startProcess();
    return kafka;
  }

  /** {@code localhost:port}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "localhost:" + port;
  }

  public int port() {
    return port;
  }

  /**
   * What a client needs, beside {@code bootstrap.servers}, to log in as this user: empty for an
   * open broker.
   *
   * @throws IllegalArgumentException when the broker was not started with that user
   */
  public Map<String, Object> clientProperties(String user) {
    if (security == null) return Map.of();
    BrokerSecurity.User u = security.user(user).orElseThrow(() -> new IllegalArgumentException(
        "the broker on " + bootstrapServers() + " has no user '" + user + "'; it has "
            + security.allUsers().stream().map(BrokerSecurity.User::name).toList()));
    return BrokerSecurity.clientProperties(u.name(), u.password());
  }

  /** What a client of the controller listener needs beside {@code bootstrap.controllers}: the super user over PLAIN. */
  private Map<String, Object> controllerClientProperties() {
    if (security == null) return Map.of();
    return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", BrokerSecurity.CONTROLLER_MECHANISM,
        "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + security.admin().name() + "\" password=\"" + security.admin().password() + "\";");
  }

  /** {@link #clientProperties} of the super user: empty for an open broker. */
  public Map<String, Object> adminClientProperties() {
    return security == null ? Map.of() : clientProperties(security.admin().name());
  }

  public Path dataDir() {
    return dataDir;
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Stops a broker that a Pulse process which died without stopping it left running on this data
   * directory, as named by its {@code broker.pid}, and waits until it has exited (SIGTERM, then
   * SIGKILL after 90 s). A pid that no longer runs, or runs another program, is ignored. The parent
   * pipe ({@link BrokerMain}) makes such a broker stop by itself within seconds; this waits for it,
   * so that the next start does not find the port and the data directory still held.
   *
   * @return whether the Pulse that last ran on this directory ended without stopping its broker
   *     (its {@code broker.pid} was still there), whether or not that broker still ran: the ports
   *     it held may take a moment to be released
   */
  public static boolean stopLeftOver(Path dataDir) {
    Path pidFile = dataDir.toAbsolutePath().resolve(PID_FILE);
    if (!Files.exists(pidFile)) return false;
    Optional<ProcessHandle> leftOver = readPid(pidFile).flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(p -> isBrokerOf(p, dataDir.toAbsolutePath()));
    if (leftOver.isEmpty()) {
      log.info("The Pulse that last ran on {} did not stop its broker; that broker no longer runs", dataDir);
      deleteQuietly(pidFile);
      return true;
    }
    ProcessHandle broker = leftOver.get();
    log.warn("A Kafka broker left running by an earlier Pulse (pid {}) holds {}: stopping it", broker.pid(), dataDir);
    broker.destroy();
    try {
      broker.onExit().get(LEFT_OVER_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      log.warn("The left-over broker (pid {}) did not stop within {} s; killing it", broker.pid(),
          LEFT_OVER_STOP_TIMEOUT.toSeconds());
      broker.destroyForcibly();
      broker.onExit().join();
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not wait for the left-over broker (pid " + broker.pid() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the left-over broker (pid " + broker.pid() + ")", e);
    }
    deleteQuietly(pidFile);
    log.info("The left-over broker (pid {}) has stopped", broker.pid());
    return true;
  }

  private static Optional<Long> readPid(Path pidFile) {
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether the process runs a broker on this data directory: its command line names the directory's configuration. */
  private static boolean isBrokerOf(ProcessHandle process, Path dataDir) {
    String config = dataDir.resolve("server.properties").toString();
    return process.info().arguments()
        .map(args -> java.util.Arrays.asList(args).contains(config))
        .or(() -> process.info().commandLine().map(line -> line.contains(config)))
        .orElse(false);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.debug("could not delete {}: {}", file, e.toString());
    }
  }

  /** Stops the broker as an operator would (SIGTERM, controlled shutdown), waiting for it to exit. */
  public synchronized void stop() {
    if (process == null) return;
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        log.warn("Kafka broker did not stop within 60 s; killing it");
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
    deleteQuietly(dataDir.resolve(PID_FILE));
  }

  /** Kills the broker at once (SIGKILL), as a crash would. */
  public synchronized void kill() {
    if (process == null) return;
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
    deleteQuietly(dataDir.resolve(PID_FILE));
  }

  /** Starts the broker again on the same ports and data, after {@link #stop()} or {@link #kill()}. */
  public synchronized void restart() {
    if (isRunning()) stop();
    startProcess();
  }

  @Override
  public void close() {
    stop();
  }

  private synchronized void startProcess() {
    Instant begun = Instant.now();
    stopLeftOver(dataDir);
    try {
      Files.createDirectories(dataDir);
      Path config = writeConfig();
      Path logDir = dataDir.resolve("kafka-logs");
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        format(config);
      } else if (CrashedBrokerFencing.needed(logDir)) {
        CrashedBrokerFencing.fence(dataDir, NODE_ID, brokerConfig(), controllerClientProperties(),
            cmd -> javaCommand(cmd.get(0), cmd.subList(1, cmd.size()).toArray(String[]::new)));
      }
      Path logFile = dataDir.resolve("broker.log");
      // Standard input stays the default pipe: this process holds its end open for the broker's life.
      ProcessBuilder pb = new ProcessBuilder(javaCommand(BrokerMain.class.getName(), config.toString()))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      process = pb.start();
      Files.writeString(dataDir.resolve(PID_FILE), process.pid() + "\n");
      awaitReady(logFile);
      log.info("Kafka broker ready on {}{} in {} ms (data in {}, log in {})", bootstrapServers(),
          security == null ? "" : " (SASL_PLAINTEXT, SCRAM-SHA-512, ACLs)",
          Duration.between(begun, Instant.now()).toMillis(), dataDir, logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the Kafka broker in " + dataDir, e);
    }
  }

  private Path writeConfig() throws IOException {
    Properties p = brokerConfig();
    Path file = dataDir.resolve("server.properties");
    try (var out = Files.newBufferedWriter(file)) {
      p.store(out, "Written by Pulse at each start; edit the command's options instead");
    }
    if (security != null) restrictToOwner(file);
    writeLogConfig();
    return file;
  }

  private Properties brokerConfig() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + LISTEN_HOST + ":" + controllerPort);
    p.put("listeners", "PLAINTEXT://" + LISTEN_HOST + ":" + port + ",CONTROLLER://" + LISTEN_HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT");
    p.put("log.dirs", dataDir.resolve("kafka-logs").toString());
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "false");
    // One broker: every internal topic has a single replica, and few partitions so start-up is quick.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // The cleaner's default 128 MiB dedupe buffer is wasted on a laptop-sized broker.
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
    p.put("log.cleaner.backoff.ms", "5000");
    p.put("log.segment.bytes", String.valueOf(256 * 1024 * 1024));
    if (security != null) secure(p);
    extraConfig.forEach(p::put);
    return p;
  }

  /**
   * The client listener speaks SASL_PLAINTEXT with SCRAM-SHA-512; the controller listener, which
   * only this broker uses, speaks SASL_PLAINTEXT with PLAIN (KRaft cannot check SCRAM there: the
   * credentials live in the metadata the controller serves). Both log in as the super user, so no
   * anonymous principal is ever needed.
   */
  private void secure(Properties p) {
    String client = "SASL_PLAINTEXT";
    p.put("listeners", client + "://" + LISTEN_HOST + ":" + port + ",CONTROLLER://" + LISTEN_HOST + ":" + controllerPort);
    p.put("advertised.listeners", client + "://localhost:" + port);
    p.put("inter.broker.listener.name", client);
    p.put("listener.security.protocol.map", client + ":SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
    p.put("sasl.enabled.mechanisms", BrokerSecurity.MECHANISM);
    p.put("sasl.mechanism.inter.broker.protocol", BrokerSecurity.MECHANISM);
    p.put("listener.name.sasl_plaintext.sasl.enabled.mechanisms", BrokerSecurity.MECHANISM);
    p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
        BrokerSecurity.scramJaas(security.admin().name(), security.admin().password()));
    p.put("sasl.mechanism.controller.protocol", BrokerSecurity.CONTROLLER_MECHANISM);
    p.put("listener.name.controller.sasl.enabled.mechanisms", BrokerSecurity.CONTROLLER_MECHANISM);
    p.put("listener.name.controller.plain.sasl.jaas.config", security.controllerJaas());
    p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.put("super.users", security.admin().principal());
    // Deny what no ACL allows (the default, written out because everything rests on it).
    p.put("allow.everyone.if.no.acl.found", "false");
  }

  /** The broker configuration holds the super user's password: only the owner may read it. */
  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the file keeps the directory's permissions.
    }
  }

  private void writeLogConfig() throws IOException {
    Path log4j = dataDir.resolve("broker-log4j2.properties");
    Files.writeString(log4j, String.join("\n",
        "rootLogger.level=INFO",
        "rootLogger.appenderRef.out.ref=out",
        "appender.out.type=Console",
        "appender.out.name=out",
        "appender.out.layout.type=PatternLayout",
        "appender.out.layout.pattern=[%d] %p %m (%c)%n",
        "logger.kafka.name=kafka",
        "logger.kafka.level=INFO",
        "logger.request.name=kafka.request.logger",
        "logger.request.level=WARN",
        "logger.cleaner.name=kafka.log.LogCleaner",
        "logger.cleaner.level=WARN",
        ""));
  }

  private void format(Path config) throws IOException {
    String clusterId = Uuid.randomUuid().toString();
    List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted",
        // Transactions version 1: producers add partitions to their transactions themselves. With
        // version 2 (the default since Kafka 4.0) a broker killed during transactional writes left
        // partitions holding the start of a transaction their coordinator did not know, which
        // held every read_committed reader there for good (HangingTransactionWatch reports them).
        "--feature", "transaction.version=1"));
    if (security != null) {
      // The users exist from the first record of the metadata log: the broker logs in to itself as
      // the super user before anyone could have created it.
      for (BrokerSecurity.User user : security.allUsers()) {
        args.add("--add-scram");
        args.add(BrokerSecurity.addScramArgument(user));
      }
    }
    Process fmt = new ProcessBuilder(javaCommand("kafka.tools.StorageTool", args.toArray(String[]::new)))
        .redirectErrorStream(true)
        .start();
    String output = new String(fmt.getInputStream().readAllBytes());
    try {
      if (fmt.waitFor() != 0) {
        throw new IllegalStateException("formatting Kafka storage in " + dataDir + " failed:\n"
            + redacted(output));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while formatting Kafka storage", e);
    }
    log.info("Formatted Kafka storage in {} (cluster id {}{})", dataDir, clusterId, security == null ? ""
        : ", SCRAM users " + security.allUsers().stream().map(BrokerSecurity.User::name).toList());
  }

  /** Tool output without the users' passwords, for an exception message. */
  private String redacted(String text) {
    if (security == null) return text;
    String out = text;
    for (BrokerSecurity.User u : security.allUsers()) out = out.replace(u.password(), "***");
    return out;
  }

  private List<String> javaCommand(String mainClass, String... args) {
    List<String> cmd = new ArrayList<>();
    // In its own session the broker does not receive the terminal's Ctrl-C itself: Pulse stops it,
    // in order, after the parts that use it.
    if (Files.isExecutable(SETSID)) cmd.add(SETSID.toString());
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xms128m");
    cmd.add(System.getProperty("pulse.broker.heap", "-Xmx768m"));
    cmd.add("-XX:+UseG1GC");
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-Dlog4j2.configurationFile=" + dataDir.resolve("broker-log4j2.properties"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    return cmd;
  }

  private void awaitReady(Path logFile) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Kafka broker exited with code " + process.exitValue()
            + " during start-up; see " + logFile + ":\n" + tail(logFile));
      }
      if (portOpen() && clusterAnswers()) return;
      sleepQuietly(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException("the Kafka broker did not become ready within " + READY_TIMEOUT.toSeconds()
        + " s; see " + logFile + ":\n" + tail(logFile));
  }

  private boolean portOpen() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("localhost", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private boolean clusterAnswers() {
    Map<String, Object> cfg = new HashMap<>(adminClientProperties());
    cfg.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    cfg.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
    cfg.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    try (Admin admin = Admin.create(cfg)) {
      admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
      // Ready means able to create topics: the controller must have a quorum and the broker be unfenced.
      return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()
          && admin.listTopics().names().get(3, TimeUnit.SECONDS) != null;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A TCP port free at the moment of asking, never the same twice in a process ({@link FreePorts}). */
  public static int freePort() {
    return FreePorts.next();
  }
}
