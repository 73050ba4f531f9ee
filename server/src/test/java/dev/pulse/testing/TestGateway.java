package dev.pulse.testing;

import dev.pulse.server.access.Access;
import dev.pulse.server.access.IssuedToken;
import dev.pulse.server.access.Role;
import dev.pulse.server.access.TokenStore;
import dev.pulse.server.ingest.IdOwners;
import dev.pulse.server.ingest.IngestApi;
import dev.pulse.server.ingest.IngestSettings;
import dev.pulse.kafka.UnitDirectory;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The ingest API on a Javalin of its own (port 0), over a {@link TestStack}, with a token store. */
public final class TestGateway implements AutoCloseable {

  public final UnitDirectory units;
  public final IdOwners owners;
  public final Access access;
  public final IngestApi api;
  public final TokenStore tokens;
  private final Javalin app;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public TestGateway(TestStack stack, IngestSettings settings) {
    this.units = UnitDirectory.follow(stack.bootstrapServers(), stack.registry, Duration.ofSeconds(30));
    this.access = Access.follow(stack.bootstrapServers(), Duration.ofSeconds(30));
    this.owners = IdOwners.follow(stack.bootstrapServers(), Map.of(), Duration.ofSeconds(30));
    this.api = new IngestApi(stack.bootstrapServers(), Map.of(), stack.registry, units, owners, access, settings);
    this.tokens = new TokenStore(stack.bootstrapServers());
    this.app = Javalin.create(config -> config.showJavalinBanner = false);
    api.addTo(app);
    app.start(0);
  }

  public String url() {
    return "http://localhost:" + app.port();
  }

  /** A token stored in _pulse-tokens, and seen by this gateway. */
  public IssuedToken token(String unitId, Role role) {
    IssuedToken t = tokens.create(unitId, role, "test");
    access.awaitCaughtUp(Duration.ofSeconds(10));
    return t;
  }

  public HttpResponse<String> post(String stream, IssuedToken token, String contentType, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + "/api/v1/ingest/" + stream))
        .timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) b.header("Content-Type", contentType);
    if (token != null) b.header("Authorization", token.authorizationHeader());
    return send(b.build());
  }

  public HttpResponse<String> post(String stream, IssuedToken token, String json) {
    return post(stream, token, "application/json", json);
  }

  public HttpResponse<String> delete(String path, IssuedToken token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60)).DELETE();
    if (token != null) b.header("Authorization", token.authorizationHeader());
    return send(b.build());
  }

  public HttpResponse<String> get(String path, IssuedToken token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60)).GET();
    if (token != null) b.header("Authorization", token.authorizationHeader());
    return send(b.build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("request to " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    app.stop();
    api.close();
    tokens.close();
    access.close();
    units.close();
    owners.close();
  }
}
