package dev.pulse.app;

import dev.pulse.contract.DateBounds;
import dev.pulse.replay.EngineOptions;
import dev.pulse.streams.StreamsSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pulse up}: runs the whole stack until Ctrl-C. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
        "Runs Pulse: a Kafka broker, the Schema Registry, the contract's topics and schemas, the streams"
            + " application and the HTTP server (ingest, queries, live stream, dashboard).",
        "Ctrl-C stops everything; the next start keeps every record (they live in the data directory)."})
final class UpCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT",
      description = "HTTP server: ingest, queries, live stream, dashboard (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--registry-port", defaultValue = "8081", paramLabel = "PORT",
      description = "Embedded Schema Registry (default: ${DEFAULT-VALUE}).")
  int registryPort;

  @Option(names = "--kafka-port", defaultValue = "9092", paramLabel = "PORT",
      description = "Embedded Kafka broker's client port (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(names = "--controller-port", defaultValue = "0", paramLabel = "PORT",
      description = "Embedded broker's KRaft controller port; 0 = any free port (default: ${DEFAULT-VALUE}).")
  int controllerPort;

  @Option(names = "--data-dir", defaultValue = "pulse-data", paramLabel = "DIR",
      description = "Where the broker's data and the streams state are kept across starts (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
      description = "Use this Kafka cluster; no broker is started.")
  String bootstrapServers;

  @Option(names = "--schema-registry", paramLabel = "URL",
      description = "Use this Confluent-compatible Schema Registry; none is started.")
  String schemaRegistry;

  @Option(names = "--replication-factor", defaultValue = "1", paramLabel = "N",
      description = "Replicas of each topic Pulse creates (default: ${DEFAULT-VALUE}).")
  short replicationFactor;

  @Option(names = "--demo",
      description = "Also run the simulator in-process (a province sending activities and attendance) and open reading.")
  boolean demo;

  @Option(names = "--open-reading",
      description = "Let anyone read views without a token (writing still needs one).")
  boolean openReading;

  @Option(names = "--application-id", defaultValue = StreamsSettings.DEFAULT_APPLICATION_ID, paramLabel = "ID",
      description = "The streams application's id (default: ${DEFAULT-VALUE}); the id 'pulse reprocess' rebuilt"
          + " the views under switches the server to them.")
  String applicationId;

  @Option(names = "--role", defaultValue = "ingest,streams,api", paramLabel = "ROLE[,ROLE]",
      description = "What this instance runs: ingest (the gateway), streams (its share of the views' tasks),"
          + " api (queries, live stream, dashboard); any combination (default: ${DEFAULT-VALUE}).")
  String roles;

  @Option(names = "--advertised-url", paramLabel = "URL",
      description = "How the other instances reach this one's HTTP server, e.g. http://pulse-1:8080"
          + " (default: http://localhost:<http port>).")
  URI advertisedUrl;

  @Option(names = "--kafka-config", paramLabel = "FILE",
      description = "Kafka client properties (security.protocol, sasl.*, ssl.*, tuning) for every client of this instance.")
  Path kafkaConfig;

  @Option(names = "--standby-replicas", defaultValue = "1", paramLabel = "N",
      description = "Standby copies of the views other streams instances keep, to answer queries when one dies"
          + " (default: ${DEFAULT-VALUE}).")
  int standbyReplicas;

  @Option(names = "--first-year", defaultValue = "" + DateBounds.DEFAULT_FIRST_YEAR, paramLabel = "YEAR",
      description = "The first year the views cover; events dated before it, or after the end of the year after"
          + " they were sent, are refused (default: ${DEFAULT-VALUE}).")
  int firstYear;

  @Option(names = "--listen", defaultValue = StackOptions.DEFAULT_LISTEN_ADDRESS, paramLabel = "ADDRESS",
      description = "The address the HTTP server, the embedded registry and the embedded broker listen on"
          + " (default: ${DEFAULT-VALUE}, this machine only). Another one, e.g. 0.0.0.0, opens them to the network"
          + " and needs a Kafka cluster where clients log in (--bootstrap-servers, --kafka-config): the embedded"
          + " broker has no authentication.")
  String listen;

  @Mixin EngineOptions engine;

  @Option(names = "--stall-after", defaultValue = "60", paramLabel = "SECONDS",
      description = "/health says DOWN once the streams application's committed offsets stand still this long"
          + " while records wait (default: ${DEFAULT-VALUE}).")
  int stallAfterSeconds;

  StackOptions options() {
    return new StackOptions(httpPort, registryPort, kafkaPort, controllerPort, dataDir, bootstrapServers,
        schemaRegistry, replicationFactor, demo, openReading, applicationId, Role.parse(roles), advertisedUrl,
        kafkaConfig, standbyReplicas, firstYear, listen, engine.engine(), engine.threads());
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StackOptions options;
    try {
      options = options();
      if (stallAfterSeconds < 1) throw new IllegalArgumentException("--stall-after must be 1 second or more");
    } catch (IllegalArgumentException e) {
      err.println("pulse up: " + e.getMessage());
      return 2;
    }
    PulseStack stack;
    try {
      stack = PulseStack.start(options, java.time.Duration.ofSeconds(stallAfterSeconds));
    } catch (RuntimeException e) {
      err.println("Pulse could not start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopRequested = new CountDownLatch(1);
    StopSignals.onStop(stopRequested::countDown);
    // Any other way out (SIGHUP, an exit elsewhere) still stops every part.
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "pulse-stop"));
    out.print(StackSummary.of(stack));
    out.flush();
    try {
      stopRequested.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stack.close();
    return 0;
  }
}
