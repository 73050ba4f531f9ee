package dev.pulse.app.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The HTTP API of SPEC.md §6 as the tests call it: ingest with a token, read without (open reading). */
final class PulseHttp {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String adminToken;

  PulseHttp(String baseUrl, String adminToken) {
    this.baseUrl = baseUrl;
    this.adminToken = adminToken;
  }

  /** A view row, a list of rows or a unit, as JSON; fails on any status but 200, with the body. */
  JsonNode get(String path) {
    return json(path, send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build()));
  }

  /** What only an admin reads (dead letters), with the admin token; fails on any status but 200. */
  JsonNode getAsAdmin(String path) {
    return json(path, send(HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Authorization", "Bearer " + adminToken).GET().build()));
  }

  /** The status of a GET without a token, whatever it is. */
  int status(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build()).statusCode();
  }

  private static JsonNode json(String path, HttpResponse<String> r) {
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " answered something that is not JSON: " + r.body(), e);
    }
  }

  /** Posts records to an ingest stream; returns the status and the body, e.g. 200 {"accepted":3}. */
  HttpResponse<String> ingest(String stream, String json) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/ingest/" + stream))
        .header("Authorization", "Bearer " + adminToken)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted during " + request.method() + " " + request.uri(), e);
    }
  }
}
