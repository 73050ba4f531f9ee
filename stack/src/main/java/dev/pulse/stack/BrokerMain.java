package dev.pulse.stack;

import java.io.IOException;
import java.io.InputStream;

/**
 * The entry point of {@link EmbeddedKafka}'s child process: Kafka's own {@code kafka.Kafka}, plus a
 * watch on the pipe the parent holds open as the child's standard input. The parent never writes
 * to it; the operating system closes it when the parent dies, however it dies ({@code kill -9}, the
 * OOM killer), and the broker then shuts down as on SIGTERM. A broker outliving Pulse would hold
 * the ports and the data directory, and the next {@code pulse up} could not start.
 */
public final class BrokerMain {

  /** How long a controlled shutdown may take before the process halts anyway. */
  private static final long SHUTDOWN_GRACE_MS = 60_000;

  private BrokerMain() {}

  public static void main(String[] args) {
    Thread watch = new Thread(BrokerMain::exitWhenParentIsGone, "pulse-parent-watch");
    watch.setDaemon(true);
    watch.start();
    kafka.Kafka.main(args);
  }

  private static void exitWhenParentIsGone() {
    try (InputStream parent = System.in) {
      while (parent.read() != -1) {
        // Nothing is ever sent; only the end of the stream matters.
      }
    } catch (IOException e) {
      // A broken pipe means the same: the parent is gone.
    }
    System.err.println("[pulse] the process that started this broker is gone: stopping the broker");
    Thread halt = new Thread(() -> {
      try {
        Thread.sleep(SHUTDOWN_GRACE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      System.err.println("[pulse] the broker did not stop within " + SHUTDOWN_GRACE_MS / 1000 + " s: halting");
      Runtime.getRuntime().halt(1);
    }, "pulse-halt");
    halt.setDaemon(true);
    halt.start();
    // Runs Kafka's shutdown hook: a controlled shutdown that leaves the logs clean.
    System.exit(0);
  }
}
