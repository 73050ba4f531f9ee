package dev.pulse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pulse.stack.EmbeddedKafka;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Out of the box {@code pulse up} listens on loopback only (SPEC.md §6): an attacker on the same
 * network reaches none of its ports. {@code --listen} opens them, never to an open broker, and the
 * start-up summary says what that exposes.
 */
class ListenAddressTest {

  @TempDir Path dataDir;

  @Test
  void byDefaultNoListenerIsReachableBeyondThisMachine() {
    assumeTrue(ListeningSockets.available(), "needs /proc/net/tcp (Linux)");
    try (PulseStack stack = StackUnderTest.start(StackOptions.onFreePorts(dataDir))) {
      Map<String, Integer> ports = new LinkedHashMap<>();
      ports.put("HTTP", stack.httpPort());
      ports.put("Schema Registry", URI.create(stack.schemaRegistryUrl()).getPort());
      ports.put("Kafka", Integer.parseInt(stack.bootstrapServers().substring(stack.bootstrapServers().lastIndexOf(':') + 1)));
      List<InetAddress> own = ListeningSockets.ownNonLoopbackAddresses();
      ports.forEach((what, port) -> {
        List<InetAddress> bound = ListeningSockets.boundAddresses(port);
        System.out.printf("%-16s port %5d bound to %s; this machine's other addresses %s%n", what, port, bound, own);
        assertThat(bound).as(what + " listens").isNotEmpty();
        assertThat(bound).as(what + " binds loopback only").allMatch(InetAddress::isLoopbackAddress);
        for (InetAddress address : own) {
          assertThat(ListeningSockets.accepts(address, port)).as(what + " reached on " + address).isFalse();
        }
      });
      assertThat(StackSummary.of(stack)).doesNotContain("WARNING");
    }
  }

  @Test
  void listeningBeyondLoopbackWithTheEmbeddedBrokerIsRefusedBeforeAnythingStarts() {
    for (String address : List.of("0.0.0.0", "::")) {
      assertThatThrownBy(() -> StackOptions.onFreePorts(dataDir).withListenAddress(address))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no authentication")
          .hasMessageContaining("SASL/SCRAM")
          .hasMessageContaining("--bootstrap-servers");
    }
    assertThat(StackOptions.onFreePorts(dataDir).withListenAddress("localhost").listensLocallyOnly()).isTrue();
  }

  @Test
  void listeningBeyondLoopbackOnAnotherClusterBindsEveryInterfaceAndTheSummaryWarns() {
    assumeTrue(ListeningSockets.available(), "needs /proc/net/tcp (Linux)");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("cluster"), 0);
        PulseStack stack = StackUnderTest.start(StackOptions.onFreePorts(dataDir.resolve("pulse"))
            .withKafka(kafka.bootstrapServers()).withRoles(Set.of(Role.INGEST)).withListenAddress("0.0.0.0"))) {
      assertThat(ListeningSockets.boundAddresses(stack.httpPort())).allMatch(InetAddress::isAnyLocalAddress);
      String summary = StackSummary.of(stack);
      System.out.println(summary);
      assertThat(summary).contains("WARNING  the HTTP API and the Schema Registry listen on 0.0.0.0")
          .contains("do not log in").contains("_pulse-tokens").contains("docs/security.md");
    }
  }
}
