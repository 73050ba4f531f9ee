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
 */
public record LogRecord<V>(String key, V value, long logPosition) {}
