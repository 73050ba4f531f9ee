package dev.pulse.app;

import dev.pulse.server.Health;
import dev.pulse.server.PulseServer;
import dev.pulse.server.ReadAccess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.server.access.Access;
import dev.pulse.server.access.IssuedToken;
import dev.pulse.server.access.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP server's own part, without Kafka: /health, and the token check on reads. */
class PulseServerTest {

  private static final HttpClient http = HttpClient.newHttpClient();
  private static final IssuedToken READER = IssuedToken.generate("DB-01", Role.READER, "test", Instant.now());

  private PulseServer server;
  private final AtomicBoolean up = new AtomicBoolean(true);

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  @Test
  void aReadWithoutAValidTokenIsAnswered401InTheErrorShapeOfTheApi() throws Exception {
    start(false);
    HttpResponse<String> none = send("GET", "/api/v1/rows", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"pulse\"");
    assertThat(none.body()).startsWith("{\"errors\":[{").contains("\"index\":null", "\"field\":null",
        "Authorization: Bearer");
    assertThat(send("GET", "/api/v1/rows", "pulse_0123456789ab.wrong").statusCode()).isEqualTo(401);
  }

  @Test
  void aReadWithAValidTokenReachesTheRoute() throws Exception {
    start(false);
    HttpResponse<String> ok = send("GET", "/api/v1/rows", READER.bearer());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("rows");
  }

  @Test
  void withOpenReadingAnyoneReads() throws Exception {
    start(true);
    assertThat(send("GET", "/api/v1/rows", null).body()).isEqualTo("rows");
  }

  @Test
  void writesAreLeftToTheRoutesThatKnowTheirScope() throws Exception {
    start(false);
    // The ingest API judges writes itself (it needs the token's scope); the read check stays out of its way.
    assertThat(send("POST", "/api/v1/rows", null).body()).isEqualTo("judged by the route");
  }

  @Test
  void healthIs200WhileUpAnd503OnceAPartIsDown() throws Exception {
    start(false);
    HttpResponse<String> healthy = send("GET", "/health", null);
    assertThat(healthy.statusCode()).isEqualTo(200);
    assertThat(healthy.body()).isEqualTo("{\"status\":\"UP\",\"streams\":\"RUNNING\"}");
    up.set(false);
    HttpResponse<String> unwell = send("GET", "/health", null);
    assertThat(unwell.statusCode()).isEqualTo(503);
    assertThat(unwell.body()).isEqualTo("{\"status\":\"DOWN\",\"streams\":\"ERROR\"}");
  }

  @Test
  void aFailureInsidePulseIsAnswered500WithAnErrorIdAndNothingOfTheException() throws Exception {
    start(true);
    HttpResponse<String> failed = send("GET", "/api/v1/failing", null);
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.body()).matches("\\{\"errors\":\\[\\{\"index\":null,\"field\":null,\"message\":\".*\\(error id [0-9a-f]{8}\\).*\"}],"
        + "\"errorCount\":1}")
        .doesNotContain("m-4711", "StreamConstraints", "/srv", "IllegalState");
  }

  @Test
  void itSaysWhichRouteGroupsItMounted() {
    start(false);
    assertThat(server.mounted()).startsWith("read access", "rows");
  }

  private void start(boolean openReading) {
    Access access = Access.of(List.of(READER.token()));
    server = PulseServer.start(0, true,
        authorization -> up.get() ? Health.up(Map.of("streams", "RUNNING")) : Health.down(Map.of("streams", "ERROR")),
        List.of(
            new PulseServer.Routes("read access", app -> ReadAccess.addTo(app, access, openReading)),
            new PulseServer.Routes("rows", app -> {
              app.get("/api/v1/rows", ctx -> ctx.result("rows"));
              app.post("/api/v1/rows", ctx -> ctx.result("judged by the route"));
              app.get("/api/v1/failing", ctx -> {
                throw new IllegalStateException("StreamConstraintsException near member m-4711 in /srv/pulse");
              });
            })));
  }

  private HttpResponse<String> send(String method, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) request.header("Authorization", "Bearer " + token);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
