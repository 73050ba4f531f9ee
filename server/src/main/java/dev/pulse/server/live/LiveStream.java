package dev.pulse.server.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.contract.RowJson;
import dev.pulse.server.query.CampaignRows;
import dev.pulse.server.query.TopicFollower;
import dev.pulse.server.query.UnitLookup;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import io.javalin.Javalin;
import dev.pulse.server.query.ErrorBody;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/stream?unit=U}: Server-Sent Events carrying every change to a view row of U
 * or of its children, as the views publish it. One consumer of the committed view topics feeds
 * every connected client, so it works on any instance whatever instance computed the row.
 */
public final class LiveStream implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LiveStream.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The one Accept header the server streams on (Javalin compares it whole). */
  private static final String EVENT_STREAM = "text/event-stream";
  private static final Map<String, String> EVENT_NAMES = Map.of(
      Topics.PARTICIPATION_VIEW.name(), "participation",
      Topics.POVERTY_VIEW.name(), "poverty",
      Topics.ACTIVITIES_VIEW.name(), "activities",
      Topics.CAMPAIGNS_VIEW.name(), "campaigns");

  /**
   * Rows a client may have waiting. A client that lags is sent the latest value of each row it
   * waits for, not every value in between, so what waits is bounded by the rows of its unit and
   * the unit's children, not by the rate of changes; a client with more rows waiting than this is
   * taken for one that does not read, and dropped.
   */
  static final int ROWS_WAITING_PER_CLIENT = 20_000;
  /** How long a client may leave rows waiting without taking one before it is dropped. */
  static final Duration STALL_LIMIT = Duration.ofSeconds(15);

  private final Map<String, Set<Subscriber>> clientsByUnit = new ConcurrentHashMap<>();
  private final Map<String, Deserializer<?>> deserializers = new HashMap<>();
  private final UnitLookup units;
  private final TopicFollower follower;

  public LiveStream(String bootstrapServers, Map<String, Object> clientProperties, SchemaRegistryClient registry,
      UnitLookup units) {
    this.units = units;
    // Every view of the contract, campaigns included before the engine publishes them (nothing comes yet).
    for (Topic<?> t : Topics.ALL_VIEWS) {
      deserializers.put(t.name(), AvroSerdes.forTopic(t, registry, false).deserializer());
    }
    this.follower = new TopicFollower("pulse-live-stream", bootstrapServers, clientProperties,
        Topics.ALL_VIEWS.stream().map(Topic::name).toList(), false, this::deliver);
  }

  public LiveStream start() {
    follower.start();
    return this;
  }

  /** Clients connected right now. */
  public int clients() {
    return clientsByUnit.values().stream().mapToInt(Set::size).sum();
  }

  public void addTo(Javalin app) {
    app.before("/api/v1/stream", ctx -> {
      String unit = ctx.queryParam("unit");
      if (!EVENT_STREAM.equals(ctx.header("Accept"))) {
        // The server streams only to a client that asks for events; anything else would get an empty 200.
        refuse(ctx, HttpStatus.NOT_ACCEPTABLE, "the live stream is Server-Sent Events: send 'Accept: "
            + EVENT_STREAM + "' (an EventSource does)");
      } else if (unit == null || unit.isBlank()) {
        refuse(ctx, HttpStatus.BAD_REQUEST, "query parameter 'unit' is required, e.g. /api/v1/stream?unit=DB");
      } else if (!units.exists(unit)) {
        refuse(ctx, HttpStatus.NOT_FOUND, "unknown unit '" + unit + "'");
      }
    });
    app.sse("/api/v1/stream", client -> {
      String unit = client.ctx().queryParam("unit");
      Set<Subscriber> set = clientsByUnit.computeIfAbsent(unit, k -> new CopyOnWriteArraySet<>());
      Subscriber subscriber = new Subscriber(client, unit);
      set.add(subscriber);
      client.onClose(() -> {
        set.remove(subscriber);
        subscriber.close();
      });
      client.keepAlive();
      client.sendComment("subscribed to " + unit);
      subscriber.start();
    });
  }

  private static void refuse(Context ctx, HttpStatus status, String message) {
    ctx.skipRemainingHandlers();
    ctx.status(status).json(ErrorBody.of(message));
  }

  private void deliver(ConsumerRecord<byte[], byte[]> r) {
    if (clientsByUnit.isEmpty()) return;
    SpecificRecord row;
    try {
      row = r.value() != null ? (SpecificRecord) deserializers.get(r.topic()).deserialize(r.topic(), r.value())
          : deletedRow(r);
    } catch (RuntimeException e) {
      log.warn("Skipping an undecodable view row {}[{}]@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
      return;
    }
    if (row == null) return;
    String unitId = String.valueOf(row.get(row.getSchema().getField("unitId").pos()));
    String parentId = parentOf(unitId);
    String event = EVENT_NAMES.get(r.topic());
    String data;
    try {
      data = JSON.writeValueAsString(RowJson.of(row));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    // The view topic's key names the row (unitId|period…): a newer value of it replaces one still waiting.
    String rowKey = r.topic() + '\n' + new String(r.key() == null ? new byte[0] : r.key(), StandardCharsets.UTF_8);
    send(unitId, rowKey, event, data);
    if (parentId != null) send(parentId, rowKey, event, data);
  }

  /**
   * What a tombstone says to a page: for a campaign, its row with zeros, so that a page listing the
   * unit's campaigns drops it (a campaign row is deleted when nothing is held and nobody took part,
   * SPEC.md §5b); null for the other views, whose deleted rows are not sent.
   */
  private static SpecificRecord deletedRow(ConsumerRecord<byte[], byte[]> r) {
    if (r.key() == null || !r.topic().equals(Topics.CAMPAIGNS_VIEW.name())) return null;
    return CampaignRows.zero(new String(r.key(), StandardCharsets.UTF_8), r.timestamp());
  }

  private String parentOf(String unitId) {
    return units.parentOf(unitId).orElse(null);
  }

  private void send(String unit, String row, String event, String data) {
    Set<Subscriber> clients = clientsByUnit.get(unit);
    if (clients == null) return;
    for (Subscriber c : clients) {
      if (!c.offer(row, event, data)) {
        log.info("Dropping a live-stream client of {}: it took no event for {} s, or has {} rows waiting", unit,
            STALL_LIMIT.toSeconds(), ROWS_WAITING_PER_CLIENT);
        clients.remove(c);
        c.close();
      }
    }
  }

  /**
   * One connected client, with its own writer: a write blocks while the client does not read, and
   * it must hold up only that client, never the one thread that reads the view topics for everyone.
   * What waits for the writer is the latest value of each row, in the order the rows first changed.
   */
  private static final class Subscriber {

    private final SseClient client;
    private final WaitingRows waiting = new WaitingRows(ROWS_WAITING_PER_CLIENT, STALL_LIMIT, System::nanoTime);
    private final Thread writer;
    private volatile boolean closed;

    Subscriber(SseClient client, String unit) {
      this.client = client;
      // A small stack: the writer only copies strings to a socket.
      this.writer = new Thread(null, this::write, "pulse-live-" + unit, 256 * 1024);
      writer.setDaemon(true);
    }

    void start() {
      writer.start();
    }

    /** Queues a row's new value; false when the client is to be dropped (it does not read). */
    boolean offer(String row, String event, String data) {
      return waiting.offer(row, event, data);
    }

    private void write() {
      try {
        String[] next;
        while (!client.terminated() && (next = waiting.take()) != null) {
          client.sendEvent(next[0], next[1]);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.debug("A live-stream client went away: {}", e.toString());
      } finally {
        close();
      }
    }

    void close() {
      if (closed) return;
      closed = true;
      waiting.close();
      writer.interrupt();
      try {
        client.close();
      } catch (RuntimeException e) {
        // already gone
      }
    }
  }

  @Override
  public void close() {
    follower.close();
    clientsByUnit.values().forEach(set -> set.forEach(Subscriber::close));
  }
}
