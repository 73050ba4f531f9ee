package dev.pulse.batch;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Which version of each entity stands (SPEC.md §2). */
final class StandingVersions {

  private StandingVersions() {}

  /**
   * A compacted topic (units, memberships): per record key, the last record in the log stands; if
   * it is a tombstone the entity does not exist. The key names the entity, because a tombstone has
   * nothing else to name it by.
   */
  static <V> Map<String, V> ofCompacted(List<LogRecord<V>> log) {
    Map<String, LogRecord<V>> last = new HashMap<>();
    for (LogRecord<V> r : log) {
      LogRecord<V> before = last.get(r.key());
      if (before == null || r.logPosition() >= before.logPosition()) {
        last.put(r.key(), r);
      }
    }
    Map<String, V> standing = new HashMap<>();
    last.forEach((key, r) -> {
      if (r.value() != null) {
        standing.put(key, r.value());
      }
    });
    return standing;
  }

  /**
   * An event topic (activities, attendance, household status): per entity id taken from the value,
   * the version with the latest recordedAt stands, and of equal recordedAt the later in the log.
   * Null values mean nothing on an event topic and are skipped.
   */
  static <V> Map<String, V> ofEvents(
      List<LogRecord<V>> log, Function<V, String> entityId, Function<V, Instant> recordedAt) {
    Comparator<LogRecord<V>> order =
        Comparator.comparing((LogRecord<V> r) -> recordedAt.apply(r.value()))
            .thenComparingLong(LogRecord::logPosition);
    Map<String, LogRecord<V>> latest = new HashMap<>();
    for (LogRecord<V> r : log) {
      if (r.value() == null) {
        continue;
      }
      // >= 0: of two records at the same position (the same record given twice) keep the later in the list.
      latest.merge(entityId.apply(r.value()), r, (before, now) -> order.compare(now, before) >= 0 ? now : before);
    }
    Map<String, V> standing = new HashMap<>();
    latest.forEach((id, r) -> standing.put(id, r.value()));
    return standing;
  }
}
