package dev.pulse.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a node that was killed starts again, its controller alone fences the registration the
 * dead broker left, so that the broker starts from metadata in which it leads nothing.
 *
 * <p>Why: a combined node started after a kill first serves the metadata as it stood, itself the
 * leader of every partition under its dead registration. Its transaction coordinator takes up the
 * commits and aborts it had logged and sends their markers, which fail while its listener is still
 * shut. The controller fences the dead registration once its session lapses, and every partition is
 * then briefly without a leader; a coordinator that meets a partition without a leader drops its
 * marker for good, taking the partition for deleted ({@code TransactionMarkerChannelManager}:
 * "Couldn't find leader endpoint … likely deleted already"). What is left is a hanging transaction:
 * committed everywhere else, open on that partition, holding every read_committed reader there —
 * the views among them — for good. Seen in one of four broker-kill test runs on this machine.
 *
 * <p>Fenced first, the broker's partitions have no leader in the metadata it starts from; its
 * coordinator takes up the logged transactions only once the restarted broker is unfenced and leads
 * them again, and its markers wait in the queue of a known leader until its listener opens.
 *
 * <p>A node that stopped cleanly leaves {@code .kafka_cleanshutdown} in its log directory, and its
 * controlled shutdown already moved its partitions' leadership: no fencing is needed then.
 */
final class CrashedBrokerFencing {

  private static final Logger log = LoggerFactory.getLogger(CrashedBrokerFencing.class);
  /** Kafka writes this in each log directory when it stops cleanly, and deletes it when it starts. */
  static final String CLEAN_SHUTDOWN_FILE = ".kafka_cleanshutdown";
  /** The controller's patience with the dead registration: its heartbeats stopped with the kill. */
  private static final Duration SESSION = Duration.ofSeconds(2);
  /** Beyond the session: the controller's check for lapsed sessions, and the write of the fencing. */
  private static final Duration FENCE_CHECK = Duration.ofMillis(2500);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private CrashedBrokerFencing() {}

  /** Whether the node on this log directory ran before and did not stop cleanly. */
  static boolean needed(Path logDir) {
    return Files.exists(logDir.resolve("meta.properties")) && !Files.exists(logDir.resolve(CLEAN_SHUTDOWN_FILE));
  }

  /**
   * Runs the node as a controller only, on the same metadata, until it has fenced {@code brokerId},
   * then stops it cleanly. If the controller does not come up, the node starts all the same, as it
   * did before this step, with a warning.
   *
   * @param nodeConfig the combined node's configuration
   * @param controllerClient what a client of the controller listener needs beside
   *     {@code bootstrap.controllers}: empty for an open node
   * @param javaCommand the command line that runs a main class with its arguments
   */
  static void fence(Path dataDir, int brokerId, Properties nodeConfig, Map<String, Object> controllerClient,
      Function<List<String>, List<String>> javaCommand) throws IOException {
    long begun = System.nanoTime();
    Path config = dataDir.resolve("controller-after-crash.properties");
    Properties controller = controllerOnly(nodeConfig);
    try (var out = Files.newBufferedWriter(config)) {
      controller.store(out, "Written by Pulse to fence the registration a killed broker left");
    }
    if (controller.containsKey("sasl.mechanism.controller.protocol")) {
      Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }
    log.info("The Kafka node on {} did not stop cleanly: fencing the registration its broker left before it starts",
        dataDir);
    Path logFile = dataDir.resolve("broker.log");
    Process process = new ProcessBuilder(javaCommand.apply(List.of(BrokerMain.class.getName(), config.toString())))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .start();
    boolean fenced;
    try {
      fenced = awaitFenced(process, brokerId, bootstrapControllers(controller), controllerClient);
    } finally {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Files.deleteIfExists(config);
    }
    if (fenced) {
      log.info("Fenced the registration the killed broker {} left, in {} ms", brokerId,
          (System.nanoTime() - begun) / 1_000_000);
    } else {
      log.warn("The controller started to fence the registration the killed broker {} left did not come up within {}"
          + " s (see {}); starting the node all the same", brokerId, TIMEOUT.toSeconds(), logFile);
    }
  }

  /** The node's configuration, as a controller alone: its controller listener, its metadata, a short broker session. */
  static Properties controllerOnly(Properties node) {
    Properties c = new Properties();
    for (String key : node.stringPropertyNames()) {
      boolean keep = key.equals("node.id") || key.equals("controller.quorum.voters") || key.equals("log.dirs")
          || key.equals("metadata.log.dir") || key.equals("controller.listener.names")
          || key.equals("sasl.mechanism.controller.protocol") || key.startsWith("listener.name.controller.")
          || key.equals("authorizer.class.name") || key.equals("super.users")
          || key.equals("allow.everyone.if.no.acl.found");
      if (keep) c.setProperty(key, node.getProperty(key));
    }
    c.setProperty("process.roles", "controller");
    String controllerListener = node.getProperty("controller.listener.names", "CONTROLLER");
    String listener = java.util.Arrays.stream(node.getProperty("listeners").split(","))
        .filter(l -> l.startsWith(controllerListener + "://"))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no " + controllerListener + " listener in listeners="
            + node.getProperty("listeners")));
    c.setProperty("listeners", listener);
    String protocol = java.util.Arrays.stream(node.getProperty("listener.security.protocol.map").split(","))
        .filter(m -> m.startsWith(controllerListener + ":"))
        .findFirst()
        .orElse(controllerListener + ":PLAINTEXT");
    c.setProperty("listener.security.protocol.map", protocol);
    c.setProperty("broker.session.timeout.ms", String.valueOf(SESSION.toMillis()));
    // Checked against the session even on a controller alone.
    c.setProperty("broker.heartbeat.interval.ms", String.valueOf(SESSION.toMillis() / 4));
    return c;
  }

  private static String bootstrapControllers(Properties controller) {
    String listener = controller.getProperty("listeners");
    return "localhost" + listener.substring(listener.lastIndexOf(':'));
  }

  /**
   * Waits until the controller leads its quorum, then until the dead registration's session has
   * lapsed and the controller's check for lapsed sessions has run. A client of the controller
   * listener cannot see brokers' registrations ({@code describeCluster} there lists controllers), so
   * the wait is the controller's own rule: fenced once {@link #SESSION} has passed without a
   * heartbeat, counted from its activation.
   *
   * @return whether the controller came to lead before it exited or the time ran out
   */
  private static boolean awaitFenced(Process process, int nodeId, String bootstrapControllers,
      Map<String, Object> controllerClient) {
    Map<String, Object> cfg = new HashMap<>(controllerClient);
    cfg.put(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, bootstrapControllers);
    cfg.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
    cfg.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try (Admin admin = Admin.create(cfg)) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) return false;
        try {
          if (admin.describeMetadataQuorum().quorumInfo().get(3, TimeUnit.SECONDS).leaderId() == nodeId) {
            Thread.sleep(SESSION.plus(FENCE_CHECK).toMillis());
            return process.isAlive();
          }
        } catch (ExecutionException | TimeoutException notYet) {
          // The controller is still starting, or has not elected itself yet.
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }
}
