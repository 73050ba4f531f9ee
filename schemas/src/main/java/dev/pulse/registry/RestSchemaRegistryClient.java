package dev.pulse.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A {@link SchemaRegistryClient} over the Confluent REST API, so it works against Confluent,
 * Apicurio (ccompat), Karapace, Redpanda or Pulse's own registry: it sends only the standard
 * requests and reads only the standard response fields.
 *
 * <p>Schemas by id and ids by (subject, schema) are cached for the life of the client, since both
 * are immutable in a registry: a serde handling thousands of records a second makes one HTTP call
 * per schema.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String ACCEPT =
      CONTENT_TYPE + ", application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final List<String> baseUrls;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();

  /**
   * @param baseUrls one base URL, or several separated by commas that are tried in turn when one
   *     cannot be reached; a base URL may carry a path (e.g. Apicurio's {@code /apis/ccompat/v7})
   */
  public RestSchemaRegistryClient(String baseUrls) {
    this.baseUrls = Arrays.stream(baseUrls.split(","))
        .map(String::trim)
        .filter(url -> !url.isEmpty())
        .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url)
        .toList();
    if (this.baseUrls.isEmpty()) {
      throw new IllegalArgumentException("no schema registry URL in '" + baseUrls + "'");
    }
  }

  @Override
  public int register(String subject, Schema schema) {
    Integer cached = idsOf(subject).get(schema);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = send("POST", subjectPath(subject) + "/versions", Map.of("schema", schema.toString()));
    return remember(subject, schema, requiredInt(answer, "id"));
  }

  @Override
  public int lookup(String subject, Schema schema) {
    Integer cached = idsOf(subject).get(schema);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = send("POST", subjectPath(subject), Map.of("schema", schema.toString()));
    return remember(subject, schema, requiredInt(answer, "id"));
  }

  @Override
  public Schema byId(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    return schemaFrom(id, send("GET", "/schemas/ids/" + id, null));
  }

  @Override
  public List<String> subjects() {
    List<String> subjects = new ArrayList<>();
    send("GET", "/subjects", null).forEach(s -> subjects.add(s.asText()));
    return subjects;
  }

  @Override
  public List<Integer> versions(String subject) {
    List<Integer> versions = new ArrayList<>();
    send("GET", subjectPath(subject) + "/versions", null).forEach(v -> versions.add(v.asInt()));
    return versions;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    return registered(send("GET", subjectPath(subject) + "/versions/latest", null));
  }

  @Override
  public RegisteredSchema version(String subject, int version) {
    return registered(send("GET", subjectPath(subject) + "/versions/" + version, null));
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    try {
      JsonNode answer = send("POST", "/compatibility" + subjectPath(subject) + "/versions/latest",
          Map.of("schema", schema.toString()));
      return answer.path("is_compatible").asBoolean(false);
    } catch (SchemaRegistryException e) {
      // Some registries answer 404 rather than true when there is nothing to be incompatible with.
      if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
          || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
        return true;
      }
      throw e;
    }
  }

  @Override
  public String compatibility(String subjectOrNull) {
    // Without defaultToGlobal, Confluent answers 40408 for a subject that has no level of its own.
    String path = subjectOrNull == null ? "/config" : "/config/" + encode(subjectOrNull) + "?defaultToGlobal=true";
    return requiredText(send("GET", path, null), "compatibilityLevel");
  }

  @Override
  public void setCompatibility(String subjectOrNull, String level) {
    String path = subjectOrNull == null ? "/config" : "/config/" + encode(subjectOrNull);
    send("PUT", path, Map.of("compatibility", level));
  }

  private Map<Schema, Integer> idsOf(String subject) {
    return idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
  }

  private int remember(String subject, Schema schema, int id) {
    idsOf(subject).put(schema, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  private RegisteredSchema registered(JsonNode answer) {
    int id = requiredInt(answer, "id");
    Schema schema = schemasById.containsKey(id) ? schemasById.get(id) : schemaFrom(id, answer);
    return new RegisteredSchema(requiredText(answer, "subject"), requiredInt(answer, "version"), id, schema);
  }

  private Schema schemaFrom(int id, JsonNode answer) {
    String type = answer.path("schemaType").asText("AVRO");
    if (!"AVRO".equals(type)) {
      throw new SchemaRegistryException(200, 0, "schema id " + id + " is a " + type + " schema, not Avro");
    }
    try {
      Schema schema = new Schema.Parser().parse(requiredText(answer, "schema"));
      schemasById.putIfAbsent(id, schema);
      return schema;
    } catch (RuntimeException e) {
      throw new SchemaRegistryException(200, 0, "schema id " + id + " from the registry is not valid Avro: "
          + e.getMessage(), e);
    }
  }

  /** Sends a request to each base URL in turn until one answers; an HTTP error is not retried. */
  private JsonNode send(String method, String path, Object body) {
    HttpRequest.BodyPublisher publisher = body == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(toJson(body));
    List<String> failures = new ArrayList<>();
    for (String baseUrl : baseUrls) {
      URI uri = URI.create(baseUrl + path);
      HttpRequest request = HttpRequest.newBuilder(uri)
          .timeout(TIMEOUT)
          .header("Accept", ACCEPT)
          .header("Content-Type", CONTENT_TYPE)
          .method(method, publisher)
          .build();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return answer(method, uri, response);
      } catch (IOException e) {
        failures.add(uri + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException(0, 0, "interrupted during " + method + " " + uri, e);
      }
    }
    throw new SchemaRegistryException(0, 0, "no schema registry answered " + method + " " + path + ": " + failures);
  }

  private static JsonNode answer(String method, URI uri, HttpResponse<String> response) {
    int status = response.statusCode();
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (IOException e) {
      json = null;
    }
    if (status >= 200 && status < 300 && json != null) {
      return json;
    }
    int errorCode = json == null ? status : json.path("error_code").asInt(status);
    String message = json == null ? response.body() : json.path("message").asText(response.body());
    throw new SchemaRegistryException(status, errorCode,
        method + " " + uri + " answered " + status + " (error code " + errorCode + "): " + message);
  }

  private static String subjectPath(String subject) {
    return "/subjects/" + encode(subject);
  }

  private static String encode(String pathSegment) {
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String toJson(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write request body " + body, e);
    }
  }

  private static int requiredInt(JsonNode answer, String field) {
    JsonNode value = answer.get(field);
    if (value == null || !value.canConvertToInt()) {
      throw new SchemaRegistryException(200, 0, "registry answer has no integer '" + field + "': " + answer);
    }
    return value.asInt();
  }

  private static String requiredText(JsonNode answer, String field) {
    JsonNode value = answer.get(field);
    if (value == null || !value.isTextual()) {
      throw new SchemaRegistryException(200, 0, "registry answer has no text '" + field + "': " + answer);
    }
    return value.asText();
  }
}
