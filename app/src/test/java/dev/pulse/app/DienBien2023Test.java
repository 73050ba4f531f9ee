package dev.pulse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.avro.PovertyRow;
import dev.pulse.contract.Topics;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.producers.simulate.Delivery;
import dev.pulse.producers.simulate.KafkaSink;
import dev.pulse.producers.simulate.ProvinceGenerator;
import dev.pulse.producers.simulate.Scale;
import dev.pulse.batch.LiveHistory;
import dev.pulse.batch.Verification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures of the Điện Biên provincial report for 2023 — 15,930 supported households, of
 * which 2,830 escaped poverty or near-poverty — reproduced by the running product from a
 * synthetic province sent with all its mess (duplicates, corrections, late and shuffled
 * records, a re-parented commune, a unit deleted and re-created): the HTTP API and the view
 * topic say exactly those numbers, and the batch recomputation agrees with every row.
 *
 * <p>Only the tree and the household assessments are sent here (about 75,000 records), which
 * is what the poverty view reads; the full year with its 1.5 million attendance records runs in
 * the benchmark.
 */
class DienBien2023Test {

  private static final Set<String> POVERTY_INPUTS = Set.of(Topics.UNITS.name(), Topics.HOUSEHOLD_STATUS.name());

  @TempDir static Path dataDir;
  static PulseStack stack;

  @BeforeAll
  static void up() {
    stack = StackUnderTest.start(new StackOptions(0, 0, 0, 0, dataDir, null, null, (short) 1, false, true));
  }

  @AfterAll
  static void down() {
    if (stack != null) stack.close();
  }

  @Test
  void theProvinceReportsExactly15930SupportedAnd2830ExitedHouseholdsFor2023() throws Exception {
    long sent = 0;
    long started = System.nanoTime();
    try (KafkaSink sink = KafkaSink.connect(stack.bootstrapServers(), stack.schemaRegistryUrl())) {
      Iterator<Delivery<?>> it = ProvinceGenerator.of(2023, Scale.dienBien2023()).iterator();
      while (it.hasNext()) {
        Delivery<?> d = it.next();
        if (POVERTY_INPUTS.contains(d.topic().name())) {
          d.sendTo(sink);
          sent++;
        }
      }
      sink.flush();
    }
    System.out.printf("sent %,d unit and household records in %.1f s%n", sent, (System.nanoTime() - started) / 1e9);

    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/api/v1/poverty/DB/2023"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode row = json.readTree(r.body());
      assertThat(row.get("supportedHouseholds").asLong()).isEqualTo(15_930);
      assertThat(row.get("exitedHouseholds").asLong()).isEqualTo(2_830);
    });
    System.out.printf("GET /api/v1/poverty/DB/2023 says 15,930 / 2,830 %.1f s after the first record%n",
        (System.nanoTime() - started) / 1e9);

    RestSchemaRegistryClient registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      PovertyRow row = LiveHistory.view(stack.bootstrapServers(), Map.of(), registry, Topics.POVERTY_VIEW).get("DB|2023");
      assertThat(row).isNotNull();
      assertThat(row.getSupportedHouseholds()).isEqualTo(15_930);
      assertThat(row.getExitedHouseholds()).isEqualTo(2_830);
    });

    Verification.Result result = Verification.run(stack.bootstrapServers(), Map.of(), registry);
    System.out.printf("pulse verify: %,d input records, %,d view rows, %d differences%n", result.inputRecords(),
        result.rowsCompared(), result.differences().size());
    assertThat(result.differences()).isEmpty();
    assertThat(result.rowsCompared()).isGreaterThan(1_000);
  }
}
