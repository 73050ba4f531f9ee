package dev.pulse.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void never_hands_out_the_same_port_twice_even_when_the_kernel_offers_it_again() {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < 200; i++) ports.add(FreePorts.next());
    assertThat(ports).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).isBetween(1, 65_535));
  }

  @Test
  void a_port_handed_out_can_be_bound() throws IOException {
    int port = FreePorts.next();
    try (ServerSocket socket = new ServerSocket(port)) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }
}
