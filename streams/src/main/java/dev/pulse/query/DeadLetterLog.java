package dev.pulse.query;

import dev.pulse.contract.Topics;
import dev.pulse.contract.Topics.DeadLetterHeaders;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What operators see of the dead-letter topic: how many records it holds in all and per source
 * topic, and the latest ones with the reason each was refused ({@code GET /api/v1/dead-letters}).
 * It follows the topic itself (committed records only), so every instance tells the same story,
 * across restarts, whichever instance refused the record.
 */
public final class DeadLetterLog implements AutoCloseable {

  /** One refused record, as its headers describe it. */
  public record DeadLetter(String topic, Integer partition, Long offset, String error, String failedAt,
      long deadLetterOffset, int bytes) {}

  /** How many of the latest dead letters are kept for the endpoint and the dashboard. */
  public static final int KEPT = 200;

  private final Deque<DeadLetter> latest = new ArrayDeque<>();
  private final Map<String, Long> bySource = new TreeMap<>();
  private long total;
  private final TopicFollower follower;

  public DeadLetterLog(String bootstrapServers, Map<String, Object> clientProperties) {
    follower = new TopicFollower("pulse-dead-letter-log", bootstrapServers, clientProperties,
        List.of(Topics.DEAD_LETTERS.name()), true, this::add);
  }

  public DeadLetterLog start() {
    follower.start();
    return this;
  }

  /** Dead letters in the topic (read so far). */
  public synchronized long total() {
    return total;
  }

  /** The total, the count per source topic, and the latest {@code limit} dead letters, newest first. */
  public synchronized Map<String, Object> summary(int limit) {
    List<DeadLetter> newest = new ArrayList<>();
    var it = latest.descendingIterator();
    while (it.hasNext() && newest.size() < limit) newest.add(it.next());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total", total);
    out.put("bySourceTopic", new LinkedHashMap<>(bySource));
    out.put("latest", newest);
    return out;
  }

  /** {@code GET /api/v1/dead-letters?limit=N} (1–200, default 20). */
  public void addTo(Javalin app) {
    app.get("/api/v1/dead-letters", ctx -> {
      String text = ctx.queryParam("limit");
      int limit;
      try {
        limit = text == null ? 20 : Integer.parseInt(text);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > KEPT) {
        ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "limit must be a whole number from 1 to " + KEPT + ", was '" + text + "'"));
        return;
      }
      ctx.json(summary(limit));
    });
  }

  private synchronized void add(ConsumerRecord<byte[], byte[]> r) {
    String source = header(r, DeadLetterHeaders.TOPIC);
    DeadLetter d = new DeadLetter(source, parseInt(header(r, DeadLetterHeaders.PARTITION)),
        parseLong(header(r, DeadLetterHeaders.OFFSET)), header(r, DeadLetterHeaders.ERROR),
        failedAt(header(r, DeadLetterHeaders.TIMESTAMP), r.timestamp()), r.offset(),
        r.value() == null ? 0 : r.value().length);
    total++;
    bySource.merge(source == null ? "(unknown)" : source, 1L, Long::sum);
    latest.addLast(d);
    if (latest.size() > KEPT) latest.removeFirst();
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
