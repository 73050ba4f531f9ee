package dev.pulse.app;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a request to stop, which the caller carries out in its own order.
 *
 * <p>Why not only a shutdown hook: the JVM runs all shutdown hooks at once, and the embedded
 * broker has a hook of its own, so the broker would go down while the streams application is
 * still committing, and that close would wait out its timeout. Handling the signal first lets
 * {@link PulseStack#close()} stop every part, broker last; the hooks then find nothing left to do.
 * {@code sun.misc.Signal} is the JDK's supported way to do that (module jdk.unsupported).
 */
final class StopSignals {

  private static final Logger log = LoggerFactory.getLogger(StopSignals.class);

  private StopSignals() {}

  /** Runs {@code action} on SIGINT or SIGTERM instead of exiting at once. */
  static void onStop(Runnable action) {
    for (String name : List.of("INT", "TERM")) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
          log.info("SIG{} received: stopping Pulse", signal.getName());
          action.run();
        });
      } catch (IllegalArgumentException e) {
        // This platform has no such signal: the shutdown hook still stops the stack.
        log.debug("cannot handle SIG{}: {}", name, e.getMessage());
      }
    }
  }
}
