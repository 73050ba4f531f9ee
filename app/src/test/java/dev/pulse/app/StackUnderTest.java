package dev.pulse.app;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the stack the product runs and measures how long until every port answers. */
final class StackUnderTest {

  private static final Logger log = LoggerFactory.getLogger(StackUnderTest.class);

  private StackUnderTest() {}

  static PulseStack start(StackOptions options) {
    long begun = System.nanoTime();
    PulseStack stack = PulseStack.start(options);
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("kafka", Integer.parseInt(stack.bootstrapServers().substring(stack.bootstrapServers().lastIndexOf(':') + 1)));
    ports.put("registry", URI.create(stack.schemaRegistryUrl()).getPort());
    ports.put("http", stack.httpPort());
    await().atMost(Duration.ofSeconds(30)).until(() -> ports.values().stream().allMatch(StackUnderTest::answers));
    long millis = (System.nanoTime() - begun) / 1_000_000;
    String line = String.format("pulse up: every port %s answered %.1f s after the start (the stack said %.1f s)",
        ports, millis / 1000.0, stack.startupTime().toMillis() / 1000.0);
    log.info(line);
    System.out.println(line);
    return stack;
  }

  private static boolean answers(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("localhost", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
