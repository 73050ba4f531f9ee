package dev.pulse.contract;

import dev.pulse.avro.Activity;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.Membership;
import dev.pulse.avro.Unit;
import dev.pulse.contract.DateBounds;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import java.time.Instant;

/**
 * What makes a decoded input record unusable (SPEC.md §1–2): a key that is not the id the topic
 * is keyed by, an empty id, a null value on an event topic, a membership that ends before it
 * starts, an activity with a campaign name that {@link CampaignNames} refuses, dates outside the
 * bounds of SPEC.md §2 ({@link DateBounds}, judged against the record's Kafka timestamp). Such a
 * record is no version of anything: it goes to the dead letters with the reason, and the views
 * and the batch recomputation both leave it out.
 */
public final class InputRules {

  private InputRules() {}

  /**
   * Why the record cannot be used, or null when it can.
   *
   * @param sentAt the record's Kafka timestamp (epoch ms); negative when unknown, and then only the
   *     first covered year bounds its dates
   */
  public static String problem(Topic<?> topic, String key, Object value, long sentAt, DateBounds bounds) {
    String problem = problem(topic, key, value);
    if (problem != null || value == null) return problem;
    DateBounds.Violation v = bounds.check(value, sentAt < 0 ? null : Instant.ofEpochMilli(sentAt));
    return v == null ? null : v.field() + " " + v.message();
  }

  /** Why the record cannot be used, dates aside, or null when it can. */
  public static String problem(Topic<?> topic, String key, Object value) {
    if (key == null || key.isBlank()) return "the record has no key; " + topic.name() + " is keyed by " + keyField(topic);
    if (value == null) {
      return topic.equals(Topics.UNITS) || topic.equals(Topics.MEMBERSHIPS) ? null
          : "a null value on the event topic " + topic.name() + ": events cannot be deleted, send a correcting version";
    }
    String id = key;
    if (value instanceof Unit u) id = u.getUnitId();
    else if (value instanceof Membership m) id = m.getMembershipId();
    else if (value instanceof Activity a) id = a.getActivityId();
    else if (value instanceof Attendance a) id = a.getMemberId();
    else if (value instanceof HouseholdStatus h) id = h.getHouseholdId();
    if (key.contains("|")) return "'" + key + "' contains '|', which no id may contain (view keys are unitId|period)";
    if (!key.equals(id)) {
      return "key '" + key + "' differs from the value's " + keyField(topic) + " '" + id + "'";
    }
    if (value instanceof Membership m && m.getLeftOn() != null && m.getLeftOn().isBefore(m.getJoinedOn())) {
      return "membership " + m.getMembershipId() + ": leftOn " + m.getLeftOn() + " is before joinedOn " + m.getJoinedOn();
    }
    if (value instanceof Attendance a && (a.getAttendanceId().isBlank() || a.getActivityId().isBlank())) {
      return "attendance: attendanceId and activityId must not be empty";
    }
    if (value instanceof Activity a && a.getCampaigns() != null) {
      for (int i = 0; i < a.getCampaigns().size(); i++) {
        String bad = CampaignNames.problem(a.getCampaigns().get(i));
        if (bad != null) return "activity " + a.getActivityId() + ": campaigns[" + i + "]: " + bad;
      }
    }
    if (value instanceof HouseholdStatus h && h.getEventId().isBlank()) return "household status: eventId must not be empty";
    if (value instanceof Unit u && u.getUnitId().equals(u.getParentId())) return "unit " + u.getUnitId() + " is its own parent";
    return null;
  }

  private static String keyField(Topic<?> topic) {
    if (topic.equals(Topics.UNITS)) return "unitId";
    if (topic.equals(Topics.MEMBERSHIPS)) return "membershipId";
    if (topic.equals(Topics.ACTIVITIES)) return "activityId";
    if (topic.equals(Topics.ATTENDANCE)) return "memberId";
    return "householdId";
  }
}
