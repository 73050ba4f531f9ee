package dev.pulse.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Plain HTTP calls to a registry, to check status codes, bodies and headers as any client sees them. */
final class RawHttp {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A response and its body parsed as JSON. */
  record Answer(int status, String contentType, JsonNode json, String body) {}

  private final String baseUrl;
  private final HttpClient http = HttpClient.newHttpClient();

  RawHttp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  Answer get(String path) {
    return send("GET", path, null, CONTENT_TYPE);
  }

  Answer delete(String path) {
    return send("DELETE", path, null, CONTENT_TYPE);
  }

  Answer post(String path, Object body) {
    return send("POST", path, json(body), CONTENT_TYPE);
  }

  Answer put(String path, Object body) {
    return send("PUT", path, json(body), CONTENT_TYPE);
  }

  /** A POST of {"schema": schemaJson}. */
  Answer postSchema(String path, String schemaJson) {
    return post(path, Map.of("schema", schemaJson));
  }

  Answer send(String method, String path, String body, String contentType) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Content-Type", contentType)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
      return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), json,
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String json(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
