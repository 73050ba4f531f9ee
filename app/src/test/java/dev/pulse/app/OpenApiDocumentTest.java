package dev.pulse.app;

import dev.pulse.server.OpenApiDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.server.access.Role;
import dev.pulse.server.access.TokenStore;
import dev.pulse.server.ingest.IngestSettings;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document the real server serves is true to that server: valid OpenAPI 3, served
 * without a token, listing exactly the routes the server has (both ways), and each operation,
 * called with and without a token, answers a status the document lists, in the media type and
 * body shape it gives for that status.
 */
class OpenApiDocumentTest {

  @TempDir static Path dataDir;
  static PulseStack stack;
  static String token;
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final ObjectMapper JSON = new ObjectMapper();
  /** The unit the probes name: a root unit the test creates, so that every view query has a real unit. */
  static final String UNIT = "OAS";

  @BeforeAll
  static void up() throws Exception {
    stack = StackUnderTest.start(StackOptions.onFreePorts(dataDir));
    try (TokenStore tokens = new TokenStore(stack.bootstrapServers())) {
      token = tokens.create(UNIT, Role.ADMIN, "openapi test").bearer();
    }
    HttpResponse<String> created = send("POST", "/api/v1/ingest/units", token, "application/json",
        "{\"unitId\": \"" + UNIT + "\", \"parentId\": null, \"level\": \"PROVINCE\", \"name\": \"Tỉnh OAS\"}");
    assertThat(created.body()).isEqualTo("{\"accepted\":1}");
    // The views answer 503 while the streams application starts: wait, so that the probes see rows too.
    await().atMost(Duration.ofSeconds(90)).until(() ->
        send("GET", "/api/v1/participation/" + UNIT + "/2023", token, null, null).statusCode() == 200);
  }

  @AfterAll
  static void down() {
    if (stack != null) stack.close();
  }

  @Test
  void theDocumentIsServedToAnyoneAndIsValidOpenApi3() throws Exception {
    HttpResponse<String> served = send("GET", OpenApiDocument.PATH, null, null, null);
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(served.body()).isEqualTo(OpenApiDocument.describe(IngestSettings.defaults()).json());
    SwaggerParseResult parsed = parse(served.body());
    assertThat(parsed.getMessages()).as("what the parser found wrong").isEmpty();
    assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.");
  }

  @Test
  void theDocumentListsExactlyTheRoutesTheServerHas() throws Exception {
    List<String> routed = stack.httpEndpoints();
    List<String> described = describedOperations(api());
    List<String> undescribed = routed.stream().filter(r -> described.stream().noneMatch(d -> covers(r, d))).toList();
    List<String> unrouted = described.stream().filter(d -> routed.stream().noneMatch(r -> covers(r, d))).toList();
    assertThat(undescribed).as("routes of the server the document does not describe").isEmpty();
    assertThat(unrouted).as("operations of the document the server does not route").isEmpty();
    assertThat(routed).as("the server's routes").contains("GET " + OpenApiDocument.PATH, "POST /api/v1/ingest/{stream}");
  }

  @Test
  void everyOperationAnswersAStatusTheDocumentListsWithItsBody() throws Exception {
    OpenAPI api = api();
    List<String> wrong = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (var path : api.getPaths().entrySet()) {
      for (var op : path.getValue().readOperationsMap().entrySet()) {
        for (String caller : new String[] {null, token}) {
          String method = op.getKey().name();
          // A DELETE names an id nobody uses: the unit the other probes read must stay.
          String url = url(path.getKey(), op.getValue(), method.equals("DELETE"));
          String body = method.equals("POST") ? "[]" : null;
          Probe answer = probe(method, url, caller, body == null ? null : "application/json", body,
              String.join(", ", op.getValue().getResponses().get("200").getContent().keySet()));
          seen.add(method + " " + path.getKey() + " " + answer.status);
          check(api, method + " " + url + (caller == null ? " without a token" : " with a token"),
              op.getValue(), answer, wrong);
        }
      }
    }
    // Refusals the calls above do not reach: a body of the wrong type, and a malformed period.
    Operation ingest = api.getPaths().get("/api/v1/ingest/activities").getPost();
    check(api, "POST as text/plain", ingest, probe("POST", "/api/v1/ingest/activities", token, "text/plain", "x"), wrong);
    check(api, "POST a record with an unknown field", ingest,
        probe("POST", "/api/v1/ingest/activities", token, "application/json", "{\"nope\": 1}"), wrong);
    Operation view = api.getPaths().get("/api/v1/participation/{unitId}/{period}").getGet();
    check(api, "GET a malformed period", view, probe("GET", "/api/v1/participation/" + UNIT + "/2023-13", token, null, null), wrong);
    assertThat(wrong).as("answers the document does not describe (of " + seen + ")").isEmpty();
    assertThat(seen).as("the probes reached the routes, not only the token check").contains(
        "GET /api/v1/units/{unitId} 200", "GET /api/v1/stream 200", "GET /api/v1/dead-letters 200",
        "GET /api/v1/participation/{unitId}/{period}/children 200", "GET /api/v1/poverty/{unitId}/{year} 200");
  }

  // --- routes -------------------------------------------------------------------------------

  private static List<String> describedOperations(OpenAPI api) {
    List<String> out = new ArrayList<>();
    api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
        .forEach(method -> out.add(method.name() + " " + path)));
    return out;
  }

  /**
   * Whether the server's route (Javalin syntax) serves the documented operation: same method,
   * same segments, where a {@code {param}} of the route takes any segment of the document's path
   * ({@code POST /api/v1/ingest/{stream}} serves {@code POST /api/v1/ingest/units}).
   */
  static boolean covers(String route, String described) {
    String[] r = route.split(" ", 2);
    String[] d = described.split(" ", 2);
    if (!r[0].equals(d[0])) return false;
    String[] rs = r[1].split("/");
    String[] ds = d[1].split("/");
    if (rs.length != ds.length) return false;
    for (int i = 0; i < rs.length; i++) {
      boolean param = rs[i].startsWith("{") && rs[i].endsWith("}");
      if (!param && !rs[i].equals(ds[i])) return false;
    }
    return true;
  }

  // --- probes -------------------------------------------------------------------------------

  private record Probe(int status, String contentType, String body) {}

  private static String url(String path, Operation op, boolean nobody) {
    String url = path;
    String query = "";
    for (Parameter p : op.getParameters() == null ? List.<Parameter>of() : op.getParameters()) {
      String value = nobody ? "oas-not-there" : switch (p.getName()) {
        case "unitId", "unit" -> UNIT;
        case "period", "year" -> "2023";
        default -> "oas-not-there";
      };
      if (p.getIn().equals("path")) url = url.replace("{" + p.getName() + "}", value);
      else if (Boolean.TRUE.equals(p.getRequired())) {
        query += (query.isEmpty() ? "?" : "&") + p.getName() + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
      }
    }
    return url + query;
  }

  private static void check(OpenAPI api, String call, Operation op, Probe answer, List<String> wrong) throws Exception {
    ApiResponse described = op.getResponses().get(Integer.toString(answer.status));
    if (described == null) {
      wrong.add(call + " answered " + answer.status + ", which the document does not list: " + answer.body);
      return;
    }
    if (described.getContent() == null) return;
    String type = answer.contentType == null ? "" : answer.contentType.split(";")[0].trim();
    MediaType media = described.getContent().get(type);
    if (media == null) {
      wrong.add(call + " answered " + answer.status + " as '" + type + "', the document says "
          + described.getContent().keySet() + ": " + answer.body);
      return;
    }
    if (!type.equals("application/json")) return;
    Schema<?> schema = resolve(api, media.getSchema());
    JsonNode body = JSON.readTree(answer.body);
    if ("array".equals(schema.getType()) && !body.isArray()) {
      wrong.add(call + " answered " + answer.status + " with " + answer.body + ", not an array");
    } else if (schema.getRequired() != null) {
      for (String field : schema.getRequired()) {
        if (!body.has(field)) wrong.add(call + " answered " + answer.status + " without '" + field + "': " + answer.body);
      }
      if (schema.getProperties() != null && Boolean.FALSE.equals(schema.getAdditionalProperties())) {
        body.fieldNames().forEachRemaining(f -> {
          if (!schema.getProperties().containsKey(f)) wrong.add(call + " answered an undescribed field '" + f + "'");
        });
      }
    }
  }

  private static Schema<?> resolve(OpenAPI api, Schema<?> schema) {
    if (schema.get$ref() == null) return schema;
    return api.getComponents().getSchemas().get(schema.get$ref().substring("#/components/schemas/".length()));
  }

  /** One call; an event stream is read only up to its headers, since it stays open. */
  private static Probe probe(String method, String path, String bearer, String contentType, String body) throws Exception {
    return probe(method, path, bearer, contentType, body, "application/json");
  }

  /** @param accept what the caller takes, as a client of the operation would say (an EventSource says text/event-stream) */
  private static Probe probe(String method, String path, String bearer, String contentType, String body, String accept)
      throws Exception {
    HttpRequest request = HttpRequest.newBuilder(request(method, path, bearer, contentType, body), (k, v) -> true)
        .header("Accept", accept).build();
    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    String type = response.headers().firstValue("Content-Type").orElse(null);
    try (InputStream in = response.body()) {
      String text = type != null && type.startsWith("text/event-stream") ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new Probe(response.statusCode(), type, text);
    }
  }

  private static HttpResponse<String> send(String method, String path, String bearer, String contentType, String body)
      throws Exception {
    return http.send(request(method, path, bearer, contentType, body), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(String method, String path, String bearer, String contentType, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.httpUrl() + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) b.header("Authorization", "Bearer " + bearer);
    if (contentType != null) b.header("Content-Type", contentType);
    return b.build();
  }

  private static OpenAPI api() throws Exception {
    return parse(send("GET", OpenApiDocument.PATH, null, null, null).body()).getOpenAPI();
  }

  private static SwaggerParseResult parse(String json) {
    ParseOptions options = new ParseOptions();
    options.setResolve(false);
    return new OpenAPIV3Parser().readContents(json, null, options);
  }
}
