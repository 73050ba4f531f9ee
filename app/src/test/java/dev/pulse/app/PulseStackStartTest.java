package dev.pulse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How `pulse up` refuses to start, before it starts anything. */
class PulseStackStartTest {

  @TempDir Path dataDir;

  @Test
  void aTakenPortFailsTheStartAtOnceNamingTheOptionThatMovesIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      int port = taken.getLocalPort();
      StackOptions options = StackOptions.onFreePorts(dataDir).withPorts(0, 0, port, 0);

      assertThatThrownBy(() -> PulseStack.start(options))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("port " + port + " is in use by another program (another Pulse, or a Kafka?)")
          .hasMessageEndingWith("; stop it or choose another port with --kafka-port")
          // Where the system says who holds it (Linux), the message names that process: this one.
          .satisfies(e -> {
            if (Files.isReadable(Path.of("/proc/net/tcp"))) {
              assertThat(e.getMessage()).contains("LISTEN by pid " + ProcessHandle.current().pid() + " (java)");
            }
          });
      // Refused before the broker was started: nothing was written to the data directory.
      assertThat(dataDir.resolve("kafka")).doesNotExist();
    }
  }
}
