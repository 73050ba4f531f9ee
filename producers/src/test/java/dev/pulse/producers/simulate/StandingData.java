package dev.pulse.producers.simulate;

import dev.pulse.avro.Activity;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.Membership;
import dev.pulse.avro.Unit;
import dev.pulse.contract.Topics;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What stands after a stream of deliveries, by SPEC.md §2: for units and memberships the last
 * version in the log (null deletes); for events the version with the latest recordedAt, the later
 * in the log on a tie. Written for the tests, independently of the generator.
 */
final class StandingData {

  final Map<String, Unit> units = new HashMap<>();
  final Map<String, Membership> memberships = new HashMap<>();
  final Map<String, Activity> activities = new HashMap<>();
  final Map<String, Attendance> attendance = new HashMap<>();
  final Map<String, HouseholdStatus> householdEvents = new HashMap<>();
  private final boolean keepAttendance;

  StandingData(boolean keepAttendance) {
    this.keepAttendance = keepAttendance;
  }

  void accept(Delivery<?> d) {
    if (d.topic() == Topics.UNITS) {
      compacted(units, d.key(), (Unit) d.value());
    } else if (d.topic() == Topics.MEMBERSHIPS) {
      compacted(memberships, d.key(), (Membership) d.value());
    } else if (d.topic() == Topics.ACTIVITIES) {
      Activity a = (Activity) d.value();
      latest(activities, a.getActivityId(), a, Activity::getRecordedAt);
    } else if (d.topic() == Topics.ATTENDANCE) {
      if (keepAttendance) {
        Attendance a = (Attendance) d.value();
        latest(attendance, a.getAttendanceId(), a, Attendance::getRecordedAt);
      }
    } else if (d.topic() == Topics.HOUSEHOLD_STATUS) {
      HouseholdStatus h = (HouseholdStatus) d.value();
      latest(householdEvents, h.getEventId(), h, HouseholdStatus::getRecordedAt);
    } else {
      throw new AssertionError("delivery " + d.sequence() + " on unexpected topic " + d.topic().name());
    }
  }

  private static <V> void compacted(Map<String, V> map, String key, V value) {
    if (value == null) {
      map.remove(key);
    } else {
      map.put(key, value);
    }
  }

  private static <V> void latest(Map<String, V> map, String id, V value, Function<V, Instant> recordedAt) {
    V old = map.get(id);
    if (old == null || !recordedAt.apply(value).isBefore(recordedAt.apply(old))) {
      map.put(id, value);
    }
  }

  /** Whether a unit lies in the subtree of {@code root} by the standing tree (loops and gaps end the walk). */
  boolean inSubtree(String unitId, String root) {
    String at = unitId;
    for (int steps = 0; at != null && steps <= units.size(); steps++) {
      if (at.equals(root)) return true;
      Unit u = units.get(at);
      if (u == null) return false;
      at = u.getParentId();
    }
    return false;
  }
}
