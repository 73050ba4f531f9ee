package dev.pulse.server.query;

import dev.pulse.contract.Topics;
import dev.pulse.contract.Topics.DeadLetterHeaders;
import dev.pulse.registry.SchemaRegistryClient;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What operators see of the dead-letter topic: how many records it holds, per source topic, and
 * the latest ones with the reason each was refused ({@code GET /api/v1/dead-letters}). It follows
 * the topic itself (committed records only), so every instance tells the same story, across
 * restarts, whichever instance refused the record.
 *
 * <p>A dead letter is a single record, whose reason may name a member or a household: only an
 * admin sees it, and only when it belongs to the admin's subtree (SPEC.md §6). It belongs to the
 * unit its record names — {@code unitId} of an activity, {@code recordedBy} of an attendance,
 * {@code branchId} of a membership or a household status, a unit itself or its parent — as far as
 * the record can be decoded; one whose unit cannot be told is shown only to an admin of a root unit.
 * The counts follow the same scope.
 */
public final class DeadLetterLog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterLog.class);

  /** One refused record, as its headers describe it. */
  public record DeadLetter(String topic, Integer partition, Long offset, String error, String failedAt,
      long deadLetterOffset, int bytes) {}

  /** A dead letter and the units it belongs to (none when they cannot be told). */
  private record Kept(DeadLetter letter, List<String> units) {}

  /** The most an answer lists. */
  public static final int KEPT = 200;
  /**
   * How many of the latest dead letters are kept to choose from: an admin of one commune sees the
   * latest of its own among these, so they are more than one answer's worth.
   */
  static final int KEPT_TO_CHOOSE_FROM = 5_000;

  /** The fields that name a record's unit, by source topic. */
  private static final Map<String, List<String>> UNIT_FIELDS = Map.of(
      Topics.ACTIVITIES.name(), List.of("unitId"),
      Topics.ATTENDANCE.name(), List.of("recordedBy"),
      Topics.MEMBERSHIPS.name(), List.of("branchId"),
      Topics.HOUSEHOLD_STATUS.name(), List.of("branchId"),
      Topics.UNITS.name(), List.of("unitId", "parentId"));

  private final Deque<Kept> latest = new ArrayDeque<>();
  /** Counts by the units a dead letter belongs to, then by source topic: what a scoped total sums. */
  private final Map<List<String>, Map<String, Long>> counts = new HashMap<>();
  private long total;
  private final SchemaRegistryClient registry;
  private final TopicFollower follower;

  public DeadLetterLog(String bootstrapServers, Map<String, Object> clientProperties, SchemaRegistryClient registry) {
    this.registry = registry;
    follower = new TopicFollower("pulse-dead-letter-log", bootstrapServers, clientProperties,
        List.of(Topics.DEAD_LETTERS.name()), true, this::add);
  }

  public DeadLetterLog start() {
    follower.start();
    return this;
  }

  /** Dead letters in the topic (read so far), whoever they belong to. */
  public synchronized long total() {
    return total;
  }

  /** Dead letters read so far that this admin may see. */
  public synchronized long total(AdminScope.Admin admin) {
    return counts.entrySet().stream().filter(e -> admin.sees(e.getKey()))
        .flatMap(e -> e.getValue().values().stream()).mapToLong(Long::longValue).sum();
  }

  /** What this admin may see: the total, the count per source topic and the latest {@code limit}, newest first. */
  public synchronized Map<String, Object> summary(AdminScope.Admin admin, int limit) {
    List<DeadLetter> newest = new ArrayList<>();
    var it = latest.descendingIterator();
    while (it.hasNext() && newest.size() < limit) {
      Kept k = it.next();
      if (admin.sees(k.units())) newest.add(k.letter());
    }
    Map<String, Long> bySource = new TreeMap<>();
    counts.forEach((units, bySourceOfUnits) -> {
      if (admin.sees(units)) bySourceOfUnits.forEach((source, n) -> bySource.merge(source, n, Long::sum));
    });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total", bySource.values().stream().mapToLong(Long::longValue).sum());
    out.put("bySourceTopic", bySource);
    out.put("latest", newest);
    return out;
  }

  /**
   * {@code GET /api/v1/dead-letters?limit=N} (1–200, default 20), for admins only.
   *
   * @param admins who the caller of a request is, from its {@code Authorization} header
   */
  public void addTo(Javalin app, Function<String, AdminScope> admins) {
    app.get("/api/v1/dead-letters", ctx -> {
      try {
        answer(ctx, admins.apply(ctx.header("Authorization")));
      } catch (RuntimeException e) {
        ErrorBody.serverFailure(ctx, log, e);
      }
    });
  }

  private void answer(Context ctx, AdminScope scope) {
    if (scope instanceof AdminScope.Refused refused) {
      if (refused.status() == 401) ctx.header("WWW-Authenticate", "Bearer realm=\"pulse\"");
      ctx.status(refused.status()).json(ErrorBody.of(refused.message()));
      return;
    }
    String text = ctx.queryParam("limit");
    int limit;
    try {
      limit = text == null ? 20 : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > KEPT) {
      ctx.status(HttpStatus.BAD_REQUEST)
          .json(ErrorBody.of("limit must be a whole number from 1 to " + KEPT + ", was '" + text + "'"));
      return;
    }
    ctx.json(summary((AdminScope.Admin) scope, limit));
  }

  private void add(ConsumerRecord<byte[], byte[]> r) {
    String source = header(r, DeadLetterHeaders.TOPIC);
    DeadLetter d = new DeadLetter(source, parseInt(header(r, DeadLetterHeaders.PARTITION)),
        parseLong(header(r, DeadLetterHeaders.OFFSET)), header(r, DeadLetterHeaders.ERROR),
        failedAt(header(r, DeadLetterHeaders.TIMESTAMP), r.timestamp()), r.offset(),
        r.value() == null ? 0 : r.value().length);
    List<String> units = unitsOf(source, r.value()); // decoded outside the lock: it may ask the registry
    synchronized (this) {
      total++;
      counts.computeIfAbsent(units, u -> new TreeMap<>()).merge(source == null ? "(unknown)" : source, 1L, Long::sum);
      latest.addLast(new Kept(d, units));
      if (latest.size() > KEPT_TO_CHOOSE_FROM) latest.removeFirst();
    }
  }

  /**
   * The units the refused record names, decoded with the writer schema its id names; empty when
   * the source is not an input topic, or the value is not Confluent-framed Avro the registry knows,
   * or it names no unit.
   */
  List<String> unitsOf(String source, byte[] value) {
    List<String> fields = source == null ? null : UNIT_FIELDS.get(source);
    if (fields == null || value == null || value.length < 5 || value[0] != 0) return List.of();
    try {
      Schema writer = registry.byId(ByteBuffer.wrap(value, 1, 4).getInt());
      GenericRecord record = new GenericDatumReader<GenericRecord>(writer)
          .read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
      return fields.stream()
          .map(f -> record.getSchema().getField(f) == null ? null : record.get(f))
          .filter(Objects::nonNull).map(Object::toString).distinct().toList();
    } catch (Exception e) {
      // Not decodable (that may be why it is a dead letter): it belongs to no unit that can be told.
      return List.of();
    }
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** The header's time as ISO-8601 (it may be epoch millis or already ISO); the record's time when absent. */
  private static String failedAt(String header, long recordTime) {
    if (header == null) return Instant.ofEpochMilli(recordTime).toString();
    Long millis = parseLong(header);
    return millis != null ? Instant.ofEpochMilli(millis).toString() : header;
  }

  private static Integer parseInt(String s) {
    try {
      return s == null ? null : Integer.valueOf(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Long parseLong(String s) {
    try {
      return s == null ? null : Long.valueOf(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public void close() {
    follower.close();
  }
}
