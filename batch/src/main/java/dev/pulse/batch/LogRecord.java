package dev.pulse.batch;

/**
 * One input record as it sits in the log.
 *
 * @param key the record key (unitId, membershipId, activityId, memberId or householdId, as SPEC.md §1
 *     says for the topic)
 * @param value the record value; {@code null} is a tombstone, meaningful on the compacted topics only
 *     (units, memberships) and ignored on the event topics
 * @param logPosition orders records as the log does: a later record has a larger position. Log
 *     positions of different partitions are not comparable in Kafka; the caller gives one global
 *     order, and ties on recordedAt, even between partitions, are broken by it.
 * @param sentAt the record's Kafka timestamp in epoch milliseconds, which the date bounds of SPEC.md
 *     §2 are judged against; {@link #UNKNOWN_SENT_AT} for a record that never was on a topic (then
 *     only the first covered year bounds its dates)
 */
public record LogRecord<V>(String key, V value, long logPosition, long sentAt) {

  /** No Kafka timestamp: the record was made in code, not read from a topic. */
  public static final long UNKNOWN_SENT_AT = -1L;

  /** A record with no Kafka timestamp. */
  public LogRecord(String key, V value, long logPosition) {
    this(key, value, logPosition, UNKNOWN_SENT_AT);
  }
}
