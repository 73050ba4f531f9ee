package dev.pulse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.server.access.Role;
import dev.pulse.server.access.TokenStore;
import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import dev.pulse.contract.Topics;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.producers.simulate.Delivery;
import dev.pulse.producers.simulate.GatewaySink;
import dev.pulse.producers.simulate.Mess;
import dev.pulse.producers.simulate.ProvinceGenerator;
import dev.pulse.producers.simulate.Scale;
import dev.pulse.batch.PublishedViews;
import dev.pulse.batch.Verification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A province's office sends its year through the HTTP API as offices do (SPEC.md §6): the whole
 * unit tree first, in no order, children before parents; then memberships interleaved with
 * activities, attendance and household events in batches of 500, with the mess of real branch
 * systems (duplicates, corrections, retractions, cancellations, records before their unit, a unit
 * re-parented, a branch deleted and re-created); a few branches created late, after records that
 * name them. Everything goes in with the root's admin token, nothing is refused, and every view
 * row equals the batch recomputation of what the topics hold.
 */
class ProvinceOverHttpTest {

  /**
   * 4 districts × 8 communes × 8 branches: 293 units, 3,000 members; or, with
   * {@code -DargLine=-Dpulse.province=dien-bien-2023} (and a larger heap), the whole simulated
   * province of the demo, as a measurement rather than a build test.
   */
  static final Scale SCALE = "dien-bien-2023".equals(System.getProperty("pulse.province"))
      ? Scale.dienBien2023() : new Scale(4, 8, 8, 3_000, 6, 20_000, 600, 2023, 150, 40);
  static final int BATCH = 500;
  static final ObjectMapper JSON = new ObjectMapper();

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
  void a_messy_province_sent_in_an_offices_order_is_taken_whole_and_counted_exactly() throws Exception {
    String token;
    try (TokenStore tokens = new TokenStore(stack.bootstrapServers())) {
      token = tokens.create("DB", Role.ADMIN, "province office").bearer();
    }
    Office office = Office.of(new ProvinceGenerator(14, SCALE, Mess.standard()), new Random(14));
    System.out.printf("the office sends %,d units (in no order), then %,d records, then %,d late branches%n",
        office.opening.size(), office.rest.size(), office.late.size());
    assertThat(office.opening.size() + office.late.size()).isGreaterThan(250);
    assertThat(office.rest.stream().filter(d -> d.topic() == Topics.MEMBERSHIPS).count()).isGreaterThan(2_000);
    assertThat(office.rest.stream().filter(d -> d.topic() == Topics.UNITS).count())
        .as("tree changes mid-year: re-parenting, a branch deleted and re-created").isPositive();

    GatewaySink sink = new GatewaySink(URI.create(stack.httpUrl()), token, BATCH, Duration.ofHours(1));
    long begun = System.nanoTime();
    long tombstones = 0;
    for (List<Delivery<?>> part : List.of(office.opening, office.rest, office.late)) {
      for (Delivery<?> d : part) {
        d.sendTo(sink); // any refusal throws, naming the gateway's answer
        if (d.isTombstone()) tombstones++;
      }
      sink.flush();
    }
    long sent = office.opening.size() + office.rest.size() + office.late.size();
    assertThat(sink.accepted() + tombstones).as("records accepted (and deletions made)").isEqualTo(sent);
    System.out.printf("%,d records through the ingest API in %.1f s, none refused%n", sent,
        (System.nanoTime() - begun) / 1e9);

    RestSchemaRegistryClient registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
    // The whole province takes the views about 10 minutes on two cores (the bench's figure).
    Duration settle = SCALE.equals(Scale.dienBien2023()) ? Duration.ofMinutes(20) : Duration.ofMinutes(4);
    await().atMost(settle).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
      Verification.Result result = Verification.run(stack.bootstrapServers(), Map.of(), registry, PublishedViews.Campaigns.ALWAYS);
      assertThat(result.differences()).as("view rows that differ from the batch recomputation").isEmpty();
      assertThat(result.rowsCompared()).isGreaterThan(1_000);
      assertThat(result.notCompared()).as("every view compared, campaigns included").isEmpty();
    });
    Verification.Result result = Verification.run(stack.bootstrapServers(), Map.of(), registry, PublishedViews.Campaigns.ALWAYS);
    System.out.printf("views settled %.1f s after the first request: %,d rows equal the batch recomputation%n",
        (System.nanoTime() - begun) / 1e9, result.rowsCompared());

    // A late branch counts once it arrived: its members and their attendance, sent before it, count.
    String lateBranch = office.late.get(0).key();
    JsonNode row = JSON.readTree(get("/api/v1/participation/" + lateBranch + "/" + SCALE.year()));
    assertThat(row.path("eligible").asInt()).as("eligible members of late branch %s", lateBranch).isPositive();
  }

  private static String get(String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  /** The generated year in the order an office sends it. */
  record Office(List<Delivery<?>> opening, List<Delivery<?>> rest, List<Delivery<?>> late) {

    static Office of(ProvinceGenerator generator, Random random) {
      Map<String, Delivery<?>> firstVersions = new LinkedHashMap<>();
      List<Delivery<?>> rest = new ArrayList<>();
      Iterable<Delivery<?>> year = generator::iterator;
      for (Delivery<?> d : year) {
        if (d.topic() == Topics.UNITS && !d.isTombstone() && !firstVersions.containsKey(d.key())) {
          firstVersions.put(d.key(), d);
        } else {
          rest.add(d);
        }
      }
      // Branches with no later version may come last, after the records that name them.
      Set<String> changedLater = new HashSet<>();
      rest.stream().filter(d -> d.topic() == Topics.UNITS).forEach(d -> changedLater.add(d.key()));
      List<Delivery<?>> opening = new ArrayList<>();
      List<Delivery<?>> late = new ArrayList<>();
      for (Delivery<?> d : firstVersions.values()) {
        boolean branch = ((Unit) d.value()).getLevel() == UnitLevel.BRANCH;
        if (branch && !changedLater.contains(d.key()) && random.nextInt(12) == 0) late.add(d);
        else opening.add(d);
      }
      Collections.shuffle(opening, random);
      return new Office(opening, rest, late);
    }
  }
}
