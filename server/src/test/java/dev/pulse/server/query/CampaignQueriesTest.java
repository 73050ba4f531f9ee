package dev.pulse.server.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.avro.CampaignsRow;
import dev.pulse.contract.RowJson;
import dev.pulse.contract.Topics;
import dev.pulse.contract.ViewKey;
import dev.pulse.kafka.UnitDirectory;
import dev.pulse.serde.AvroSerdes;
import dev.pulse.server.Health;
import dev.pulse.server.PulseServer;
import dev.pulse.server.ReadAccess;
import dev.pulse.server.access.IssuedToken;
import dev.pulse.server.access.Role;
import dev.pulse.server.ingest.IngestSettings;
import dev.pulse.server.live.LiveStream;
import dev.pulse.testing.Samples;
import dev.pulse.testing.TestGateway;
import dev.pulse.testing.TestStack;
import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The campaign queries and the campaign events of SPEC.md §6 over a real broker, a real registry
 * and real HTTP: rows of {@code view.campaigns.v1} written straight to the topic, as the engine
 * publishes them, read back through the view-topics cache, the query API and the live stream.
 *
 * <p>The tree is {@link Samples#TREE}: DB → DB-01 → DB-01-03 → DB-01-03-B1, and DB → DB-02 → ….
 */
class CampaignQueriesTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String SPACES_AND_DIACRITICS = "5 không 3 sạch";
  static final String DOUBLE_QUOTES = "Phụ nữ \"tự tin\" khởi nghiệp";
  static final String APOSTROPHES = "Xây dựng gia đình 'hạnh phúc'";
  static final String PLUS_AND_PERCENT = "Sạch 100% + xanh";
  static final String SLASHES = "Xanh/Sạch/Đẹp";
  static final String MOST_HELD = "Ngày Chủ nhật xanh";

  @TempDir static Path dir;
  static TestStack stack;
  static TestGateway gateway;
  static KafkaProducer<String, CampaignsRow> producer;
  static ViewTopicsCache cache;
  static LiveStream live;
  static PulseServer server;
  static IssuedToken reader;
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Campaign rows of DB in 2023-Q4, published before the cache starts: it reads what the topic holds. */
  static final List<CampaignsRow> DB_Q4 = List.of(
      row("DB", "2023-Q4", APOSTROPHES, 5, 12, 10, 2, 2),
      row("DB", "2023-Q4", DOUBLE_QUOTES, 5, 30, 20, 2, 1),
      row("DB", "2023-Q4", PLUS_AND_PERCENT, 0, 0, 3, 2, 0),
      row("DB", "2023-Q4", MOST_HELD, 7, 9, 1, 2, 2),
      row("DB", "2023-Q4", SPACES_AND_DIACRITICS, 5, 25, 20, 2, 1),
      row("DB", "2023-Q4", SLASHES, 1, 2, 2, 2, 1));
  /** The one row of DB's districts in 2023-Q4: DB-01's; DB-02 has none. */
  static final CampaignsRow DB_01_Q4 = row("DB-01", "2023-Q4", SPACES_AND_DIACRITICS, 5, 25, 20, 1, 1);

  @BeforeAll
  static void start() throws Exception {
    stack = TestStack.start(dir);
    gateway = new TestGateway(stack, IngestSettings.defaults());
    IssuedToken admin = gateway.token("DB", Role.ADMIN);
    reader = gateway.token("DB-02", Role.READER);
    HttpResponse<String> tree = gateway.post("units", admin, Samples.TREE);
    assertThat(tree.statusCode()).as(tree.body()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> gateway.units.unit("DB-02-01-B1").isPresent());

    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
        AvroSerdes.forTopic(Topics.CAMPAIGNS_VIEW, stack.registry).serializer());
    for (CampaignsRow r : DB_Q4) publish(r);
    // Rows whose keys share a beginning with DB's in 2023-Q4: none of them is one of DB's campaigns of that quarter.
    publish(row("DB", "2023", SPACES_AND_DIACRITICS, 40, 90, 60, 2, 2));
    publish(row("DB", "2023-Q3", SPACES_AND_DIACRITICS, 9, 9, 9, 2, 2));
    publish(DB_01_Q4);
    publish(row("DB-01-03", "2023-Q4", SPACES_AND_DIACRITICS, 5, 25, 20, 1, 1));

    cache = ViewTopicsCache.follow(stack.bootstrapServers(), Map.of(), stack.registry, Duration.ofSeconds(30));
    UnitLookup units = units(gateway.units);
    live = new LiveStream(stack.bootstrapServers(), Map.of(), stack.registry, units).start();
    QueryApi queries = QueryApi.local(units, cache, "campaigns-test");
    server = PulseServer.start(0, false, auth -> Health.up(Map.of()), List.of(
        new PulseServer.Routes("read access", app -> ReadAccess.addTo(app, gateway.access, false)),
        new PulseServer.Routes("queries", queries::addTo),
        new PulseServer.Routes("live stream", live::addTo)));
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (live != null) live.close();
    if (cache != null) cache.close();
    if (producer != null) producer.close();
    if (gateway != null) gateway.close();
    if (stack != null) stack.close();
  }

  // ---- the list ------------------------------------------------------------------------------

  @Test
  void a_units_campaigns_come_most_held_first_then_most_participants_then_by_name() {
    JsonNode list = ok("/api/v1/campaigns/DB/2023-Q4");

    assertThat(campaignNames(list)).containsExactly(
        MOST_HELD,                 // held 7
        SPACES_AND_DIACRITICS,     // held 5, participants 20, and '5' comes before 'P'
        DOUBLE_QUOTES,             // held 5, participants 20
        APOSTROPHES,               // held 5, participants 10
        SLASHES,                   // held 1
        PLUS_AND_PERCENT);         // held 0, participants 3: members who took part in a campaign held elsewhere
    for (JsonNode shown : list) {
      assertSameRow(shown, DB_Q4.stream().filter(r -> r.getCampaign().equals(shown.get("campaign").asText()))
          .findFirst().orElseThrow());
    }
  }

  @Test
  void a_unit_without_campaigns_in_the_period_has_an_empty_list() {
    assertThat(ok("/api/v1/campaigns/DB-02/2023-Q4")).isEmpty();
    assertThat(ok("/api/v1/campaigns/DB/2022")).isEmpty();
  }

  @Test
  void rows_published_while_the_server_runs_join_the_list_in_their_place() {
    publish(row("DB-02-01", "2024-Q1", "Tết sum vầy", 1, 1, 1, 1, 1));
    publish(row("DB-02-01", "2024-Q1", "Áo dài", 2, 1, 1, 1, 1));
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(campaignNames(ok("/api/v1/campaigns/DB-02-01/2024-Q1"))).containsExactly("Áo dài", "Tết sum vầy"));

    publish(row("DB-02-01", "2024-Q1", "Tết sum vầy", 3, 1, 1, 1, 1));
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(campaignNames(ok("/api/v1/campaigns/DB-02-01/2024-Q1"))).containsExactly("Tết sum vầy", "Áo dài"));
  }

  // ---- one campaign --------------------------------------------------------------------------

  @Test
  void one_campaign_is_named_url_encoded_with_spaces_diacritics_quotes_plus_percent_and_slashes() {
    for (CampaignsRow expected : DB_Q4) {
      assertSameRow(ok("/api/v1/campaigns/DB/2023-Q4/" + segment(expected.getCampaign().toString())), expected);
    }
    // As a browser's encodeURIComponent writes it: the apostrophes left as they are.
    assertSameRow(ok("/api/v1/campaigns/DB/2023-Q4/" + segment(APOSTROPHES).replace("%27", "'")), DB_Q4.get(0));
  }

  @Test
  void a_campaign_is_read_trimmed_as_the_views_read_the_names_activities_list() {
    JsonNode row = ok("/api/v1/campaigns/DB/2023-Q4/" + segment("  " + SPACES_AND_DIACRITICS + " "));
    assertThat(row.get("campaign").asText()).isEqualTo(SPACES_AND_DIACRITICS);
    assertThat(row.get("held").asLong()).isEqualTo(5);
  }

  @Test
  void a_campaign_the_unit_has_no_row_for_is_answered_with_zeros() {
    JsonNode row = ok("/api/v1/campaigns/DB-02/2023-Q4/" + segment(DOUBLE_QUOTES));

    assertThat(row.get("unitId").asText()).isEqualTo("DB-02");
    assertThat(row.get("period").asText()).isEqualTo("2023-Q4");
    assertThat(row.get("campaign").asText()).isEqualTo(DOUBLE_QUOTES);
    for (String figure : List.of("held", "attendances", "participants", "branches", "branchesHolding")) {
      assertThat(row.get(figure).asLong()).as(figure).isZero();
    }
    assertThat(Instant.parse(row.get("updatedAt").asText())).isNotNull();
    assertThat(fieldNames(row)).as("the fields of CampaignsRow, in order")
        .containsExactly("unitId", "period", "campaign", "held", "attendances", "participants", "branches",
            "branchesHolding", "updatedAt");
  }

  @Test
  void children_gives_the_campaigns_row_of_each_child_unit_zeros_where_it_has_none() {
    JsonNode children = ok("/api/v1/campaigns/DB/2023-Q4/" + segment(SPACES_AND_DIACRITICS) + "/children");

    assertThat(children).hasSize(2);
    assertSameRow(children.get(0), DB_01_Q4);
    assertThat(children.get(1).get("unitId").asText()).isEqualTo("DB-02");
    assertThat(children.get(1).get("campaign").asText()).isEqualTo(SPACES_AND_DIACRITICS);
    assertThat(children.get(1).get("held").asLong()).isZero();
    assertThat(ok("/api/v1/campaigns/DB-01-03-B1/2023-Q4/" + segment(SPACES_AND_DIACRITICS) + "/children"))
        .as("a branch has no children").isEmpty();
  }

  // ---- deleted rows --------------------------------------------------------------------------

  @Test
  void a_tombstone_deletes_the_row_from_the_list_and_the_campaign_reads_as_zeros_again() {
    CampaignsRow held = row("DB-02", "2024-01", "Tết sum vầy", 2, 4, 3, 1, 1);
    publish(held);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(campaignNames(ok("/api/v1/campaigns/DB-02/2024-01"))).containsExactly("Tết sum vầy"));

    delete("DB-02", "2024-01", "Tết sum vầy");

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(ok("/api/v1/campaigns/DB-02/2024-01")).isEmpty());
    assertThat(ok("/api/v1/campaigns/DB-02/2024-01/" + segment("Tết sum vầy")).get("held").asLong()).isZero();
  }

  // ---- refusals ------------------------------------------------------------------------------

  @Test
  void an_unknown_unit_is_404_on_every_campaign_route() {
    for (String path : List.of("/api/v1/campaigns/NOPE/2023-Q4", "/api/v1/campaigns/NOPE/2023-Q4/" + segment(MOST_HELD),
        "/api/v1/campaigns/NOPE/2023-Q4/" + segment(MOST_HELD) + "/children")) {
      assertRefused(get(path, reader), 404, "unknown unit 'NOPE'");
    }
  }

  @Test
  void a_malformed_period_is_400_on_every_campaign_route() {
    for (String path : List.of("/api/v1/campaigns/DB/2023-13", "/api/v1/campaigns/DB/2023-13/" + segment(MOST_HELD),
        "/api/v1/campaigns/DB/2023-13/" + segment(MOST_HELD) + "/children")) {
      assertRefused(get(path, reader), 400, "malformed period '2023-13'");
    }
  }

  @Test
  void a_malformed_campaign_is_400_saying_what_a_campaign_name_may_not_be() {
    String tooLong = "x".repeat(81);
    Map<String, String> refusals = Map.of(
        "a|b", "holds '|'",
        "   ", "must not be empty",
        tooLong, "81 characters long; at most 80",
        "tab\there", "control character (U+0009");
    refusals.forEach((name, why) -> {
      assertRefused(get("/api/v1/campaigns/DB/2023-Q4/" + segment(name), reader), 400, why);
      assertRefused(get("/api/v1/campaigns/DB/2023-Q4/" + segment(name) + "/children", reader), 400, why);
    });
    assertThat(message(get("/api/v1/campaigns/DB/2023-Q4/" + segment("a|b"), reader)))
        .as("the message names the part of the request at fault").startsWith("malformed campaign in the path: ");
  }

  @Test
  void reading_campaigns_needs_a_valid_token_and_any_valid_token_reads_any_unit() {
    for (String path : List.of("/api/v1/campaigns/DB/2023-Q4", "/api/v1/campaigns/DB/2023-Q4/" + segment(MOST_HELD),
        "/api/v1/campaigns/DB/2023-Q4/" + segment(MOST_HELD) + "/children")) {
      HttpResponse<String> refused = get(path, null);
      assertThat(refused.statusCode()).as(path).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"pulse\"");
      assertThat(message(refused)).startsWith("reading needs a token");
      // The reader's token is DB-02's; the rows are of DB, its parent.
      assertThat(get(path, reader).statusCode()).as(path).isEqualTo(200);
    }
  }

  @Test
  void the_single_engine_answers_the_campaign_queries_501_and_the_other_views_as_before() {
    ViewPlacement onlyMe = new ViewPlacement() {
      @Override
      public String self() {
        return "localhost:1";
      }

      @Override
      public Optional<Placement> placement() {
        return Optional.of(new Placement(self(), List.of()));
      }
    };
    Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
    QueryApi.routed(units(gateway.units), cache, cache, onlyMe).addTo(app);
    app.start(0);
    try {
      String base = "http://localhost:" + app.port();
      for (String path : List.of("/api/v1/campaigns/DB/2023-Q4", "/api/v1/campaigns/DB/2023-Q4/" + segment(MOST_HELD),
          "/api/v1/campaigns/DB/2023-Q4/" + segment(MOST_HELD) + "/children")) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
        assertRefused(answer, 501, "the single engine does not compute campaigns");
        assertThat(message(answer)).contains("run the partitioned engine");
      }
      HttpResponse<String> participation = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/participation/DB/2023-Q4"))
          .GET().build());
      assertThat(participation.statusCode()).as(participation.body()).isEqualTo(200);
    } finally {
      app.stop();
    }
  }

  // ---- the live stream -----------------------------------------------------------------------

  @Test
  void changes_to_campaign_rows_of_the_unit_and_its_children_stream_as_campaigns_events() throws Exception {
    try (EventStream events = EventStream.open("DB-01")) {
      // The stream reads from the end of the topics once it has found them: wait until it is there, then
      // until the last warm-up row has come (the earlier ones, of the same key, come before it or not at all).
      long[] warmUp = {0};
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        publish(row("DB-01", "2030", "warm-up", ++warmUp[0], 0, 0, 1, 1));
        return events.poll(Duration.ofMillis(500)) != null;
      });
      publish(row("DB-01", "2030", "warm-up", 0, 0, 0, 1, 1));
      while (events.next().data().get("held").asLong() != 0) {
        // an earlier warm-up row
      }

      CampaignsRow child = row("DB-01-03", "2023-11", SPACES_AND_DIACRITICS, 2, 7, 5, 1, 1);
      CampaignsRow own = row("DB-01", "2023-11", SPACES_AND_DIACRITICS, 2, 7, 5, 1, 1);
      // Rows of units DB-01's subscribers do not follow: another district, a grandchild. They go first, to the
      // partition of the row awaited after them, so that by the time it arrives they have been passed over.
      publish(0, row("DB-02", "2023-11", SPACES_AND_DIACRITICS, 1, 1, 1, 1, 1));
      publish(0, row("DB-01-03-B1", "2023-11", SPACES_AND_DIACRITICS, 2, 7, 5, 1, 1));
      publish(0, child);
      assertEvent(events.next(), child);
      publish(own);
      assertEvent(events.next(), own);

      delete("DB-01-03", "2023-11", SPACES_AND_DIACRITICS);
      Event deleted = events.next();
      assertThat(deleted.name()).isEqualTo("campaigns");
      assertThat(deleted.data().get("unitId").asText()).isEqualTo("DB-01-03");
      assertThat(deleted.data().get("campaign").asText()).isEqualTo(SPACES_AND_DIACRITICS);
      assertThat(deleted.data().get("held").asLong()).as("a deleted row comes with zeros").isZero();
      assertThat(deleted.data().get("participants").asLong()).isZero();
      assertThat(events.drain()).as("events after the awaited ones").isEmpty();
    }
  }

  // ---- rows ----------------------------------------------------------------------------------

  static CampaignsRow row(String unit, String period, String campaign, long held, long attendances, long participants,
      long branches, long holding) {
    return CampaignsRow.newBuilder().setUnitId(unit).setPeriod(period).setCampaign(campaign).setHeld(held)
        .setAttendances(attendances).setParticipants(participants).setBranches(branches).setBranchesHolding(holding)
        .setUpdatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
  }

  static void publish(CampaignsRow row) {
    send(new ProducerRecord<>(Topics.CAMPAIGNS_VIEW.name(), key(row), row));
  }

  static void publish(int partition, CampaignsRow row) {
    send(new ProducerRecord<>(Topics.CAMPAIGNS_VIEW.name(), partition, key(row), row));
  }

  static void delete(String unit, String period, String campaign) {
    send(new ProducerRecord<>(Topics.CAMPAIGNS_VIEW.name(), ViewKey.of(unit, period, campaign), null));
  }

  static String key(CampaignsRow row) {
    return ViewKey.of(row.getUnitId().toString(), row.getPeriod(), row.getCampaign().toString());
  }

  static void send(ProducerRecord<String, CampaignsRow> record) {
    try {
      producer.send(record).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("could not write " + record.key() + " to " + record.topic(), e);
    }
  }

  static void assertSameRow(JsonNode shown, CampaignsRow expected) {
    Map<String, Object> fields = RowJson.of(expected);
    assertThat(fieldNames(shown)).as("fields of " + shown).containsExactlyElementsOf(fields.keySet());
    fields.forEach((name, value) -> assertThat(shown.get(name).asText()).as(key(expected) + " " + name)
        .isEqualTo(String.valueOf(value)));
  }

  static List<String> fieldNames(JsonNode row) {
    List<String> names = new ArrayList<>();
    row.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static List<String> campaignNames(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.forEach(r -> names.add(r.get("campaign").asText()));
    return names;
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  /** A campaign name as one URL path segment: percent-encoded UTF-8, %20 for a space. */
  static String segment(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static JsonNode ok(String path) {
    HttpResponse<String> r = get(path, reader);
    assertThat(r.statusCode()).as("GET " + path + ": " + r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue(QueryApi.SERVED_BY)).hasValue("campaigns-test");
    return json(r);
  }

  static HttpResponse<String> get(String path, IssuedToken token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
        .timeout(Duration.ofSeconds(30)).GET();
    if (token != null) b.header("Authorization", token.authorizationHeader());
    return send(b.build());
  }

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("GET " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  static String message(HttpResponse<String> r) {
    return json(r).path("errors").path(0).path("message").asText();
  }

  /** The errors body of SPEC.md §6, as the other view routes answer it: one problem, no index, no field. */
  static void assertRefused(HttpResponse<String> r, int status, String messagePart) {
    assertThat(r.statusCode()).as(r.uri() + ": " + r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode body = json(r);
    assertThat(fieldNames(body)).containsExactly("errors", "errorCount");
    assertThat(body.get("errorCount").asInt()).isEqualTo(1);
    JsonNode problem = body.get("errors").get(0);
    assertThat(problem.get("index").isNull()).isTrue();
    assertThat(problem.get("field").isNull()).isTrue();
    assertThat(problem.get("message").asText()).as(r.uri().toString()).contains(messagePart);
  }

  static UnitLookup units(UnitDirectory directory) {
    return new UnitLookup() {
      @Override
      public boolean exists(String unitId) {
        return directory.unit(unitId).isPresent();
      }

      @Override
      public Optional<String> parentOf(String unitId) {
        return directory.unit(unitId).map(u -> u.getParentId());
      }

      @Override
      public List<String> children(String unitId) {
        return directory.children(unitId).stream().map(u -> u.getUnitId()).toList();
      }
    };
  }

  // ---- Server-Sent Events --------------------------------------------------------------------

  record Event(String name, JsonNode data) {}

  static void assertEvent(Event event, CampaignsRow expected) {
    assertThat(event.name()).isEqualTo("campaigns");
    assertSameRow(event.data(), expected);
  }

  /** {@code GET /api/v1/stream?unit=…} read on a thread of its own into a queue of events. */
  static final class EventStream implements AutoCloseable {

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final InputStream body;
    private final Thread reader;

    private EventStream(InputStream body) {
      this.body = body;
      this.reader = new Thread(this::read, "campaigns-test-sse");
      reader.setDaemon(true);
    }

    static EventStream open(String unit) throws Exception {
      HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
              URI.create("http://localhost:" + server.port() + "/api/v1/stream?unit=" + unit))
          .header("Accept", "text/event-stream")
          .header("Authorization", CampaignQueriesTest.reader.authorizationHeader()).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(response.statusCode()).isEqualTo(200);
      EventStream stream = new EventStream(response.body());
      stream.reader.start();
      return stream;
    }

    private void read() {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        String name = null;
        StringBuilder data = new StringBuilder();
        for (String line; (line = lines.readLine()) != null; ) {
          if (line.startsWith("event:")) name = line.substring(6).strip();
          else if (line.startsWith("data:")) data.append(line.substring(5).strip());
          else if (line.isEmpty() && name != null) {
            events.add(new Event(name, JSON.readTree(data.toString())));
            name = null;
            data.setLength(0);
          }
        }
      } catch (IOException e) {
        // closed by the test
      }
    }

    Event poll(Duration wait) throws InterruptedException {
      return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next event; fails after 15 s without one. */
    Event next() throws InterruptedException {
      Event e = poll(Duration.ofSeconds(15));
      assertThat(e).as("an event within 15 s").isNotNull();
      return e;
    }

    /** The events already received, taken. */
    List<Event> drain() {
      List<Event> out = new ArrayList<>();
      events.drainTo(out);
      return out;
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }
}
