package dev.pulse.batch;

import dev.pulse.contract.DateBounds;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.contract.InputRules;
import java.util.List;

/**
 * A history without the records the streams send to the dead letters: what the views are
 * computed from, and so what the batch recomputation must be given.
 */
public final class UsableRecords {

  private UsableRecords() {}

  /** The usable records under the default date bounds. */
  public static History of(History h) {
    return of(h, DateBounds.DEFAULT);
  }

  /** The usable records; dates are judged against each record's Kafka timestamp, as the streams judge them. */
  public static History of(History h, DateBounds bounds) {
    return new History(usable(Topics.UNITS, h.units(), bounds), usable(Topics.MEMBERSHIPS, h.memberships(), bounds),
        usable(Topics.ACTIVITIES, h.activities(), bounds), usable(Topics.ATTENDANCE, h.attendance(), bounds),
        usable(Topics.HOUSEHOLD_STATUS, h.households(), bounds));
  }

  private static <V> List<LogRecord<V>> usable(Topic<V> topic, List<LogRecord<V>> records, DateBounds bounds) {
    return records.stream()
        .filter(r -> InputRules.problem(topic, r.key(), r.value(), r.sentAt(), bounds) == null).toList();
  }
}
