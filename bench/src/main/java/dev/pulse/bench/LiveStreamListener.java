package dev.pulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A client of {@code GET /api/v1/stream?unit=U} that hands each {@code activities} event to a
 * callback with the moment its data line arrived ({@link System#nanoTime()}).
 */
final class LiveStreamListener implements AutoCloseable {

  /** One activities row as the live stream sent it. */
  interface RowCallback {
    void row(long arrivedNanos, String unitId, String period, long attendances);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Thread thread;
  private final CountDownLatch subscribed = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile Stream<String> lines;
  private volatile Exception failure;

  private LiveStreamListener(HttpClient client, HttpRequest request, RowCallback callback) {
    this.thread = new Thread(() -> listen(client, request, callback), "live-stream-listener");
    this.thread.setDaemon(true);
  }

  /** Connects and returns once the server has confirmed the subscription. */
  static LiveStreamListener connect(HttpClient client, String baseUrl, String unit, String bearer,
      RowCallback callback) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/stream?unit=" + unit))
        .header("Accept", "text/event-stream")
        .header("Authorization", "Bearer " + bearer)
        .GET().build();
    LiveStreamListener listener = new LiveStreamListener(client, request, callback);
    listener.thread.start();
    if (!listener.subscribed.await(30, TimeUnit.SECONDS)) {
      listener.close();
      throw new IllegalStateException("the live stream of " + unit + " did not confirm the subscription within 30 s"
          + (listener.failure == null ? "" : ": " + listener.failure.getMessage()));
    }
    return listener;
  }

  private void listen(HttpClient client, HttpRequest request, RowCallback callback) {
    try {
      HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("the live stream answered " + response.statusCode());
      }
      lines = response.body();
      String event = null;
      for (Iterator<String> it = lines.iterator(); running && it.hasNext(); ) {
        String line = it.next();
        long arrived = System.nanoTime();
        if (line.startsWith(":")) {
          subscribed.countDown();
        } else if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("data:") && "activities".equals(event)) {
          JsonNode row = JSON.readTree(line.substring(5).trim());
          callback.row(arrived, row.path("unitId").asText(), row.path("period").asText(), row.path("attendances").asLong());
        } else if (line.isEmpty()) {
          event = null;
        }
      }
    } catch (IOException | RuntimeException e) {
      if (running) failure = e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Why the stream stopped early, or null while it runs. */
  Exception failure() {
    return failure;
  }

  @Override
  public void close() {
    running = false;
    Stream<String> l = lines;
    if (l != null) l.close();
    thread.interrupt();
  }
}
