package dev.pulse.server.ingest;

import dev.pulse.kafka.BatchWriter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.server.access.IssuedToken;
import dev.pulse.server.access.Role;
import dev.pulse.testing.Samples;
import dev.pulse.testing.TestGateway;
import dev.pulse.testing.TestStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures what a pool of transactional producers buys over one producer (a lock, in effect) for
 * concurrent requests. Run on demand: {@code -Dpulse.bench=true -Dtest=IngestThroughputTest}.
 */
@EnabledIfSystemProperty(named = "pulse.bench", matches = "true")
class IngestThroughputTest {

  private static final Logger log = LoggerFactory.getLogger(IngestThroughputTest.class);
  static final int CLIENTS = 8;
  static final int REQUESTS_PER_CLIENT = 60;
  static final int RECORDS_PER_REQUEST = 10;

  @TempDir Path dir;

  @Test
  void a_pool_of_producers_serves_concurrent_requests_faster_than_one() throws Exception {
    try (TestStack stack = TestStack.start(dir)) {
      for (int producers : new int[] {1, 4, 8}) {
        BatchWriter.Settings d = BatchWriter.Settings.defaults();
        try (TestGateway gateway = new TestGateway(stack, IngestSettings.defaults().withWriter(
            new BatchWriter.Settings(producers, d.kafkaTimeout(), d.transactionTimeout(), d.transactionalIdPrefix(),
                Map.of())))) {
          IssuedToken admin = gateway.token("DB", Role.ADMIN);
          assertThat(gateway.post("units", admin, Samples.TREE).statusCode()).isEqualTo(200);
          run(gateway, admin, producers, 1, "warm-" + producers);
          run(gateway, admin, producers, 1, "one-client-" + producers);
          run(gateway, admin, producers, CLIENTS, "clients-" + producers);
        }
      }
    }
  }

  private static void run(TestGateway gateway, IssuedToken token, int producers, int clients, String tag)
      throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger failures = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long begun = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      running.add(pool.submit(() -> {
        for (int r = 0; r < REQUESTS_PER_CLIENT; r++) {
          String prefix = tag + "-" + client + "-" + r + "-";
          String body = "[" + IntStream.range(0, RECORDS_PER_REQUEST)
              .mapToObj(i -> Samples.attendance(prefix + i, "m-" + prefix + i, "DB-01-03-B1"))
              .collect(Collectors.joining(",")) + "]";
          long t = System.nanoTime();
          int status = gateway.post("attendance", token, body).statusCode();
          latencies.add((System.nanoTime() - t) / 1_000);
          if (status != 200) failures.incrementAndGet();
        }
      }));
    }
    for (Future<?> f : running) f.get();
    pool.shutdown();
    double seconds = (System.nanoTime() - begun) / 1e9;
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    int requests = clients * REQUESTS_PER_CLIENT;
    log.info("{} producer(s), {} client(s): {} requests of {} records in {} s = {} requests/s, {} records/s;"
            + " latency p50 {} ms, p95 {} ms, max {} ms", producers, clients, requests, RECORDS_PER_REQUEST,
        String.format("%.2f", seconds), String.format("%.0f", requests / seconds),
        String.format("%.0f", requests * RECORDS_PER_REQUEST / seconds),
        sorted.get(sorted.size() / 2) / 1000.0, sorted.get(sorted.size() * 95 / 100) / 1000.0,
        sorted.get(sorted.size() - 1) / 1000.0);
    assertThat(failures).hasValue(0);
  }
}
