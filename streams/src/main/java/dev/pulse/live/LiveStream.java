package dev.pulse.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.query.RowJson;
import dev.pulse.query.UnitLookup;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
  private static final Map<String, String> EVENT_NAMES = Map.of(
      Topics.PARTICIPATION_VIEW.name(), "participation",
      Topics.POVERTY_VIEW.name(), "poverty",
      Topics.ACTIVITIES_VIEW.name(), "activities");

  private final Map<String, Set<SseClient>> clientsByUnit = new ConcurrentHashMap<>();
  private final Map<String, Deserializer<?>> deserializers = new HashMap<>();
  private final KafkaConsumer<String, byte[]> consumer;
  private final UnitLookup units;
  private final Thread thread;
  private volatile boolean running = true;

  public LiveStream(String bootstrapServers, Map<String, Object> clientProperties, SchemaRegistryClient registry,
      UnitLookup units) {
    this.units = units;
    for (Topic<?> t : Topics.VIEWS) {
      deserializers.put(t.name(), AvroSerdes.forTopic(t, registry, false).deserializer());
    }
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "pulse-live-stream");
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "live-stream");
    this.thread.setDaemon(true);
  }

  public LiveStream start() {
    thread.start();
    return this;
  }

  /** Clients connected right now. */
  public int clients() {
    return clientsByUnit.values().stream().mapToInt(Set::size).sum();
  }

  public void addTo(Javalin app) {
    app.before("/api/v1/stream", ctx -> {
      String unit = ctx.queryParam("unit");
      if (unit == null || unit.isBlank()) throw new BadRequestResponse("query parameter 'unit' is required, e.g. /api/v1/stream?unit=DB");
      if (!units.exists(unit)) throw new NotFoundResponse("unknown unit '" + unit + "'");
    });
    app.sse("/api/v1/stream", client -> {
      String unit = client.ctx().queryParam("unit");
      Set<SseClient> set = clientsByUnit.computeIfAbsent(unit, k -> new CopyOnWriteArraySet<>());
      set.add(client);
      client.onClose(() -> set.remove(client));
      client.keepAlive();
      client.sendComment("subscribed to " + unit);
    });
  }

  private void run() {
    try {
      List<TopicPartition> partitions = Topics.VIEWS.stream()
          .flatMap(t -> consumer.partitionsFor(t.name(), Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition())))
          .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          deliver(r);
        }
      }
    } catch (WakeupException e) {
      if (running) throw e;
    } catch (RuntimeException e) {
      log.error("The live stream stopped: {}", e.getMessage(), e);
    } finally {
      consumer.close();
    }
  }

  private void deliver(ConsumerRecord<String, byte[]> r) {
    if (r.value() == null || clientsByUnit.isEmpty()) return;
    SpecificRecord row;
    try {
      row = (SpecificRecord) deserializers.get(r.topic()).deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      log.warn("Skipping an undecodable view row {}[{}]@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
      return;
    }
    String unitId = String.valueOf(row.get(row.getSchema().getField("unitId").pos()));
    String parentId = parentOf(unitId);
    String event = EVENT_NAMES.get(r.topic());
    String data;
    try {
      data = JSON.writeValueAsString(RowJson.of(row));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    send(unitId, event, data);
    if (parentId != null) send(parentId, event, data);
  }

  private String parentOf(String unitId) {
    return units.parentOf(unitId).orElse(null);
  }

  private void send(String unit, String event, String data) {
    Set<SseClient> clients = clientsByUnit.get(unit);
    if (clients == null) return;
    for (SseClient c : clients) {
      try {
        c.sendEvent(event, data);
      } catch (RuntimeException e) {
        clients.remove(c);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
