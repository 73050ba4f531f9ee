package dev.pulse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * TCP ports free at the moment of asking, for the parts a start binds a moment later (the broker's
 * listeners, the registry, the HTTP server). The kernel may hand out a port it just released again
 * at the next ask, so that two asks in a row get the same one (a broker then refuses "two listeners
 * on the same port"): a port is handed out at most once per process here.
 */
public final class FreePorts {

  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private FreePorts() {}

  /** A port nobody listens on now and that this process has not handed out before. */
  public static synchronized int next() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("no free TCP port", e);
      }
      if (HANDED_OUT.add(port)) return port;
    }
    throw new IllegalStateException("no free TCP port that was not handed out before, after 100 asks");
  }
}
