package dev.pulse.server.ingest;

import dev.pulse.contract.IngestStream;
import dev.pulse.contract.Topic;
import dev.pulse.kafka.InternalTopics;
import dev.pulse.kafka.KafkaConfigs;
import dev.pulse.kafka.TopicMirror;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which unit owns each id of an activity, attendance record or household event (SPEC.md §2: ids
 * are unique across the whole union): the unit that scopes its standing version (the one with the
 * latest {@code recordedAt}; on a tie the later one). Through HTTP a token may send a new version
 * of an id only when its subtree holds that unit too, so that two branch systems that both number
 * their records "A-0001" cannot overwrite each other.
 *
 * <p>The index lives in Kafka, in the compacted topic {@code _pulse-id-owners} (key
 * {@code stream|id}, value {@code recordedAtMillis|unitId}), written by the gateway in the same
 * transaction as the records it describes, so that it never claims an id whose records were not
 * committed and every gateway instance, following the topic, knows what the others accepted.
 * Records produced straight to the topics (by principals the Kafka ACLs trust) are not in it.
 *
 * <p>In memory each id costs one entry of a primitive hash map — a 64-bit hash of the key and
 * one long packing recordedAt and the unit — about 32 bytes with the map's spare room, whatever
 * the id's length.
 */
public final class IdOwners implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IdOwners.class);

  /** The topic; compacted, one record per id. */
  public static final Topic<byte[]> TOPIC = new Topic<>("_pulse-id-owners", byte[].class, Topic.Retention.COMPACTED, 6);

  /** recordedAt is packed as milliseconds since 1900 in the high 44 bits (until 2457), the unit in the low 20. */
  private static final long EPOCH_1900_MS = Instant.parse("1900-01-01T00:00:00Z").toEpochMilli();
  private static final int UNIT_BITS = 20;
  private static final long UNIT_MASK = (1L << UNIT_BITS) - 1;
  private static final long NONE = Long.MIN_VALUE;

  /** The owner of an id: the unit scoping its standing version, and that version's recordedAt. */
  public record Owner(String unitId, Instant recordedAt) {}

  private final Long2LongOpenHashMap owners = new Long2LongOpenHashMap();
  private final List<String> units = new ArrayList<>();
  private final Map<String, Integer> unitIndex = new HashMap<>();
  private TopicMirror<byte[]> mirror;

  private IdOwners() {
    owners.defaultReturnValue(NONE);
  }

  /** An index that follows no topic (tests, and gateways that share a process with no Kafka). */
  public static IdOwners inMemory() {
    return new IdOwners();
  }

  /**
   * An index that follows {@code _pulse-id-owners} (created if missing), after waiting up to
   * {@code initialLoad} for what the topic holds.
   */
  public static IdOwners follow(String bootstrapServers, Map<String, Object> clientProperties, Duration initialLoad) {
    InternalTopics.ensure(bootstrapServers, clientProperties, TOPIC, "the owners of record ids");
    IdOwners o = new IdOwners();
    o.mirror = TopicMirror.start(TOPIC.name(), KafkaConfigs.mirrorConsumer(bootstrapServers, clientProperties),
        bytes -> bytes, o::applyFromTopic);
    if (o.mirror.awaitCaughtUp(initialLoad)) {
      log.info("Id owners loaded: {} ids from {}", o.size(), TOPIC.name());
    } else {
      log.warn("Id owners: {} not read within {} s; going on with {} ids and reading on", TOPIC.name(),
          initialLoad.toSeconds(), o.size());
    }
    return o;
  }

  /** Whether a stream's ids have owners: activities, attendance and household events. */
  public static boolean tracks(IngestStream<?> stream) {
    return !stream.allowsDeletion();
  }

  /** The owner of this id of the stream, or null when no version of it went through a gateway. */
  public synchronized Owner owner(IngestStream<?> stream, String id) {
    long packed = owners.get(hash(stream, id));
    return packed == NONE ? null : new Owner(units.get((int) (packed & UNIT_MASK)), recordedAt(packed));
  }

  /** The id of a record of a tracked stream. */
  public static String idOf(IngestStream<?> stream, SpecificRecord record) {
    return String.valueOf(record.get(field(record, stream.idField()).pos()));
  }

  /** The recordedAt of a record of a tracked stream. */
  public static Instant recordedAtOf(SpecificRecord record) {
    return (Instant) record.get(field(record, "recordedAt").pos());
  }

  /**
   * The records to write to {@code _pulse-id-owners} beside these accepted records — one for each
   * record that will be its id's standing version — and the index updated as if they were written.
   * Call it only once the records are committed, or write both in one transaction.
   */
  public synchronized List<ProducerRecord<String, byte[]>> claims(IngestStream<?> stream,
      List<? extends SpecificRecord> records) {
    List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
    for (SpecificRecord r : records) {
      String id = idOf(stream, r);
      String unit = stream.scopeUnitOf(r);
      Instant recordedAt = recordedAtOf(r);
      if (standsOver(owners.get(hash(stream, id)), recordedAt)) {
        out.add(new ProducerRecord<>(TOPIC.name(), stream.name() + "|" + id,
            (recordedAt.toEpochMilli() + "|" + unit).getBytes(StandardCharsets.UTF_8)));
      }
    }
    return out;
  }

  /** Lays the claims just committed over the index, so the next request of this instance sees them at once. */
  public synchronized void applyClaims(List<ProducerRecord<String, byte[]>> claims) {
    claims.forEach(c -> applyFromTopic(c.key(), c.value()));
  }

  private synchronized void applyFromTopic(String key, byte[] value) {
    int bar = key.indexOf('|');
    if (bar < 0 || value == null) return; // not a claim; ids are never deleted
    String text = new String(value, StandardCharsets.UTF_8);
    int sep = text.indexOf('|');
    if (sep < 0) {
      log.warn("Skipping a malformed record of {} under {}", TOPIC.name(), key);
      return;
    }
    Instant recordedAt;
    try {
      recordedAt = Instant.ofEpochMilli(Long.parseLong(text.substring(0, sep)));
    } catch (NumberFormatException e) {
      log.warn("Skipping a malformed record of {} under {}", TOPIC.name(), key);
      return;
    }
    long h = hash(key);
    if (!standsOver(owners.get(h), recordedAt)) return;
    owners.put(h, pack(recordedAt, unit(text.substring(sep + 1))));
  }

  /** Whether a version recorded at {@code recordedAt}, later in the log, stands over the current one. */
  private static boolean standsOver(long current, Instant recordedAt) {
    return current == NONE || !recordedAt.isBefore(recordedAt(current));
  }

  private int unit(String unitId) {
    Integer i = unitIndex.get(unitId);
    if (i != null) return i;
    if (units.size() > UNIT_MASK) throw new IllegalStateException("more than " + UNIT_MASK + " units own ids");
    units.add(unitId);
    unitIndex.put(unitId, units.size() - 1);
    return units.size() - 1;
  }

  private static long pack(Instant recordedAt, int unit) {
    long since1900 = Math.max(0, recordedAt.toEpochMilli() - EPOCH_1900_MS);
    return (since1900 << UNIT_BITS) | unit;
  }

  private static Instant recordedAt(long packed) {
    return Instant.ofEpochMilli((packed >>> UNIT_BITS) + EPOCH_1900_MS);
  }

  private static long hash(IngestStream<?> stream, String id) {
    return hash(stream.name() + "|" + id);
  }

  /**
   * Two independent 32-bit hashes of the key. That any two of a million ids share one is about 3 in
   * 10^8, and then the index only refuses a version it should have taken (409), never the reverse.
   */
  private static long hash(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    return ((long) Utils.murmur2(bytes) << 32) | (key.hashCode() & 0xffffffffL);
  }

  private static Schema.Field field(SpecificRecord record, String name) {
    Schema.Field f = record.getSchema().getField(name);
    if (f == null) throw new IllegalArgumentException(record.getSchema().getName() + " has no field " + name);
    return f;
  }

  public synchronized int size() {
    return owners.size();
  }

  @Override
  public void close() {
    if (mirror != null) mirror.close();
  }
}
