package dev.pulse.verify;

import dev.pulse.batch.History;
import dev.pulse.batch.LogRecord;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.streams.domain.InputRules;
import java.util.List;

/**
 * A history without the records the streams send to the dead letters: what the views are
 * computed from, and so what the batch recomputation must be given.
 */
public final class UsableRecords {

  private UsableRecords() {}

  public static History of(History h) {
    return new History(usable(Topics.UNITS, h.units()), usable(Topics.MEMBERSHIPS, h.memberships()),
        usable(Topics.ACTIVITIES, h.activities()), usable(Topics.ATTENDANCE, h.attendance()),
        usable(Topics.HOUSEHOLD_STATUS, h.households()));
  }

  private static <V> List<LogRecord<V>> usable(Topic<V> topic, List<LogRecord<V>> records) {
    return records.stream().filter(r -> InputRules.problem(topic, r.key(), r.value()) == null).toList();
  }
}
