package dev.pulse.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a start that finds its port taken says about the holder. */
class PortHoldersTest {

  @BeforeEach
  void onLinux() {
    assumeThat(Files.isReadable(Path.of("/proc/net/tcp"))).as("the kernel's socket tables are readable").isTrue();
  }

  @Test
  void aListeningPortNamesTheProcessThatListens() throws Exception {
    try (ServerSocket server = new ServerSocket(0)) {
      assertThat(PortHolders.describe(server.getLocalPort()))
          .contains("LISTEN by pid " + ProcessHandle.current().pid() + " (java)");
    }
  }

  @Test
  void aPortHeldOnlyByAClosedConnectionSaysSo() throws Exception {
    int clientPort;
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      try (Socket client = new Socket()) {
        client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
        clientPort = client.getLocalPort();
        try (Socket accepted = server.accept()) {
          // The client closes first: its end stays in TIME-WAIT, owned by no process.
          client.close();
          accepted.getInputStream().read();
        }
      }
    }
    assertThat(PortHolders.describe(clientPort)).contains("TIME-WAIT (a closed connection)");
  }

  @Test
  void aFreePortHasNoHolder() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    assertThat(PortHolders.describe(port)).isEmpty();
  }
}
