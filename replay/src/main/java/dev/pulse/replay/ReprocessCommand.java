package dev.pulse.replay;

import dev.pulse.replay.export.ClusterConnection;
import dev.pulse.replay.reprocess.Applications;
import dev.pulse.replay.reprocess.CatchUp;
import dev.pulse.replay.reprocess.Reprocessing;
import dev.pulse.streams.Engine;
import dev.pulse.streams.StreamsSettings;
import dev.pulse.batch.Verification;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pulse reprocess}: the views rebuilt from the event topics from scratch by a new streams
 * application, which publishes into the view topics; the server goes on serving its own
 * application's views until it is switched to the new one. See docs/replay.md.
 */
@Command(name = "reprocess", mixinStandardHelpOptions = true,
    description = {
        "Rebuild the live views from the input topics from scratch: run the views topology under a new"
            + " application id, reading every input topic from the beginning and publishing into the view topics,"
            + " and report its progress (lag per input topic, records/s, ETA) until it has caught up with the"
            + " records there were when it started. Then stop it (or --keep-running) and print how to switch the"
            + " server to it.",
        "The server keeps answering queries meanwhile. The partitioned engine publishes the rebuilt rows only"
            + " once caught up, so readers of the view topics never see half-built figures; the single engine"
            + " publishes as it goes.",
        "--delete-application ID deletes the internal topics and group of an application that no longer runs"
            + " (the old one, once the server has switched)."})
public final class ReprocessCommand implements Callable<Integer> {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin ClusterOptions cluster;
  @Mixin EngineOptions engine;

  @Option(names = "--application-id", paramLabel = "ID",
      description = "The new application's id (default: pulse-views-<UTC date-time>).")
  String applicationId;

  @Option(names = "--state-dir", defaultValue = "pulse-data/streams", paramLabel = "DIR",
      description = "Where the new application keeps its state (default: ${DEFAULT-VALUE}, the server's): a server"
          + " switched to the new id on this machine then finds it instead of restoring it from the changelogs.")
  Path stateDir;

  @Option(names = "--replication-factor", defaultValue = "1", paramLabel = "N",
      description = "Of the new application's internal topics (default: ${DEFAULT-VALUE}; 3 on a cluster).")
  int replicationFactor;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up when not caught up after this long.")
  Long timeoutSeconds;

  @Option(names = "--keep-running", description = "Keep the new application running after it has caught up, until Ctrl-C.")
  boolean keepRunning;

  @Option(names = "--verify", description = "Once caught up, compare the view topics with the batch recomputation (pulse verify).")
  boolean verify;

  @Option(names = "--no-progress", description = "Report progress as a line every 10 s instead of a progress bar.")
  boolean noProgress;

  @Option(names = "--delete-application", paramLabel = "ID",
      description = "Instead of reprocessing: delete the internal topics and consumer group of application ID,"
          + " which must not be running.")
  String deleteApplication;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ClusterConnection connection = cluster.connection();
    if (deleteApplication != null) {
      return delete(connection, deleteApplication, out, err);
    }
    String id = applicationId != null ? applicationId
        : StreamsSettings.DEFAULT_APPLICATION_ID + "-" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC));
    StreamsSettings settings;
    try {
      settings = engine.applyTo(StreamsSettings.local(cluster.bootstrapServers(), cluster.schemaRegistryUrl(), stateDir)
          .withApplicationId(id)
          .withReplicationFactor(replicationFactor)
          .withExtra(connection.clientProperties()));
    } catch (IllegalArgumentException e) {
      err.println("pulse reprocess: " + e.getMessage());
      err.flush();
      return 2;
    }
    out.printf("Reprocessing every input topic from the beginning as application %s (%s engine, state in %s).%n",
        id, settings.engine().label(), stateDir.resolve(id));
    out.println("The server keeps serving its own application's views until it is switched to this one.");
    out.flush();

    long started = System.nanoTime();
    Reprocessing reprocessing;
    try {
      reprocessing = Reprocessing.start(settings, cluster.registry(), connection);
    } catch (IllegalStateException e) {
      err.println("Reprocessing did not start: " + e.getMessage());
      err.flush();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      reprocessing.close();
      stopped.countDown();
    }, "reprocess-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean leftRunning = false;
    try {
      CatchUp last;
      try (ProgressReport progress = new ProgressReport(!noProgress, out)) {
        last = reprocessing.awaitCaughtUp(Duration.ofSeconds(1),
            timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds), progress::report);
      } catch (IllegalStateException e) {
        err.println("Reprocessing stopped: " + e.getMessage());
        err.flush();
        return 1;
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      out.printf(Locale.ROOT, "Caught up in %.1f s: %,d input records (%,.0f records/s); %s.%n", seconds,
          last.total(), last.total() / Math.max(seconds, 1e-3), last.lagLine());
      if (settings.engine() == Engine.PARTITIONED) {
        long publishing = System.nanoTime();
        try (ProgressReport progress = new ProgressReport(!noProgress, out)) {
          reprocessing.publish(Duration.ofSeconds(1), Duration.ofMinutes(10), progress::report);
        } catch (IllegalStateException e) {
          err.println("Publishing the rebuilt views stopped: " + e.getMessage());
          err.flush();
          return 1;
        }
        out.printf(Locale.ROOT, "Published the rebuilt views in %.1f s (held until caught up, so that no reader saw"
            + " half-built figures).%n", (System.nanoTime() - publishing) / 1e9);
      }
      if (verify) {
        Verification.Result r = Verification.run(cluster.bootstrapServers(), connection.clientProperties(),
            cluster.registry());
        out.printf(Locale.ROOT, "Verified: %,d view rows against the batch recomputation of %,d input records: %s.%n",
            r.rowsCompared(), r.inputRecords(), r.matches() ? "every row agrees" : r.differences().size() + " rows differ");
        r.notCompared().ifPresent(why -> out.println("  " + why));
        r.differences().stream().limit(20).forEach(d -> out.println("  " + d));
      }
      if (keepRunning) {
        out.printf("%s keeps running and publishing; Ctrl-C stops it.%n", id);
        printSwitch(out, id);
        out.flush();
        leftRunning = true;
        stopped.await();
        return 0;
      }
    } finally {
      // Left running, the application stops with the JVM, through the hook.
      if (!leftRunning) {
        Runtime.getRuntime().removeShutdownHook(hook);
        reprocessing.close();
      }
    }
    out.printf("Stopped %s; it resumes from its committed offsets when started again.%n", id);
    printSwitch(out, id);
    out.flush();
    return 0;
  }

  private void printSwitch(PrintWriter out, String id) {
    out.println("To serve the rebuilt views:");
    out.printf("  1. Restart the server with its streams application id set to %s (pulse up --application-id %s"
        + " --engine %s).%n", id, id, engine.engine().label());
    out.printf("     With --state-dir %s it finds the state on this machine; elsewhere it restores it from %s's"
        + " changelog topics.%n", stateDir, id);
    out.println("  2. Once it serves, delete the old application's internal topics and group:");
    out.printf("     pulse reprocess --delete-application %s%n", StreamsSettings.DEFAULT_APPLICATION_ID);
  }

  private static int delete(ClusterConnection connection, String applicationId, PrintWriter out, PrintWriter err) {
    Map<String, Object> props = new HashMap<>(connection.clientProperties());
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      Applications.Deleted deleted = new Applications(admin).delete(applicationId);
      out.printf("Deleted %d internal topics of %s%s%n", deleted.topics().size(), applicationId,
          deleted.group() ? " and its consumer group:" : " (it had no consumer group):");
      deleted.topics().forEach(t -> out.println("  " + t));
      out.flush();
      return 0;
    } catch (IllegalStateException e) {
      err.println("Nothing deleted: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  /** Progress as a bar (records/s and ETA from the bar, lag per topic as its message) or as periodic lines. */
  private static final class ProgressReport implements AutoCloseable {
    private final boolean draw;
    private final PrintWriter out;
    private ProgressBar bar;
    private long lastLine;
    private final long started = System.nanoTime();
    private long firstDone = -1;

    ProgressReport(boolean draw, PrintWriter out) {
      this.draw = draw;
      this.out = out;
    }

    void report(CatchUp c) {
      if (draw) {
        if (bar == null) {
          bar = new ProgressBarBuilder()
              .setTaskName("Reprocessing")
              .setInitialMax(c.total())
              .setUnit(" rec", 1)
              .showSpeed(new java.text.DecimalFormat("#,##0"))
              .setStyle(ProgressBarStyle.ASCII)
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .setUpdateIntervalMillis(1000)
              .build();
        }
        bar.stepTo(c.done());
        bar.setExtraMessage(c.lagLine());
        return;
      }
      if (firstDone < 0) firstDone = c.done();
      if (System.nanoTime() - lastLine > 10_000_000_000L || c.caughtUp()) {
        lastLine = System.nanoTime();
        double seconds = (lastLine - started) / 1e9;
        double rate = seconds > 0 ? (c.done() - firstDone) / seconds : 0;
        String eta = rate > 0 ? String.format(Locale.ROOT, "ETA %.0f s", (c.total() - c.done()) / rate) : "ETA unknown";
        out.printf(Locale.ROOT, "%,d of %,d input records processed, %,.0f records/s, %s; %s%s%n", c.done(), c.total(),
            rate, eta, c.lagLine(), c.running() ? "" : " (starting)");
        out.flush();
      }
    }

    @Override
    public void close() {
      if (bar != null) bar.close();
    }
  }
}
