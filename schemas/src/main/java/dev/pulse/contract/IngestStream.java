package dev.pulse.contract;

import dev.pulse.avro.Activity;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.Membership;
import dev.pulse.avro.Unit;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * An input stream of SPEC.md §6 ({@code POST /api/v1/ingest/{stream}}): its name in the URL, the
 * topic it feeds, which field identifies a version, which field is the Kafka key (SPEC.md §1) and
 * which field names the unit a scoped token must cover.
 *
 * @param name the name in the URL and on the command line ({@code household-status})
 * @param noun what one record is called in messages
 * @param idField the field naming the entity the record is a version of
 * @param key the Kafka key of a record
 * @param scopeField the field naming the unit a token must cover; null for units, which need an
 *     admin token instead
 * @param scopeUnit the value of {@code scopeField}
 */
public record IngestStream<V extends SpecificRecord>(
    String name,
    String noun,
    Topic<V> topic,
    String idField,
    Function<V, String> key,
    String scopeField,
    Function<V, String> scopeUnit) {

  public static final IngestStream<Unit> UNITS = new IngestStream<>(
      "units", "unit", Topics.UNITS, "unitId", Unit::getUnitId, null, u -> null);
  public static final IngestStream<Membership> MEMBERSHIPS = new IngestStream<>(
      "memberships", "membership", Topics.MEMBERSHIPS, "membershipId", Membership::getMembershipId,
      "branchId", Membership::getBranchId);
  public static final IngestStream<Activity> ACTIVITIES = new IngestStream<>(
      "activities", "activity", Topics.ACTIVITIES, "activityId", Activity::getActivityId,
      "unitId", Activity::getUnitId);
  // Attendance is keyed by member so that one member's records share a partition (SPEC.md §1).
  public static final IngestStream<Attendance> ATTENDANCE = new IngestStream<>(
      "attendance", "attendance record", Topics.ATTENDANCE, "attendanceId", Attendance::getMemberId,
      "recordedBy", Attendance::getRecordedBy);
  public static final IngestStream<HouseholdStatus> HOUSEHOLD_STATUS = new IngestStream<>(
      "household-status", "household status", Topics.HOUSEHOLD_STATUS, "eventId",
      HouseholdStatus::getHouseholdId, "branchId", HouseholdStatus::getBranchId);

  /** Every input stream, in the order of SPEC.md §1. */
  public static final List<IngestStream<?>> ALL =
      List.of(UNITS, MEMBERSHIPS, ACTIVITIES, ATTENDANCE, HOUSEHOLD_STATUS);

  /** The stream of this name, as written in a URL or on the command line. */
  public static Optional<IngestStream<?>> byName(String name) {
    return ALL.stream().filter(s -> s.name.equals(name)).findFirst();
  }

  /** The names of every stream, for messages. */
  public static String names() {
    return String.join(", ", ALL.stream().map(IngestStream::name).toList());
  }

  /** Whether a null value on this stream's topic deletes the entity (units and memberships). */
  public boolean allowsDeletion() {
    return topic.retention() == Topic.Retention.COMPACTED;
  }

  /** The key of a record, from a record known to be of this stream. */
  public String keyOf(SpecificRecord record) {
    return key.apply(topic.valueType().cast(record));
  }

  /** The unit a token must cover to send this record; null for units. */
  public String scopeUnitOf(SpecificRecord record) {
    return scopeUnit.apply(topic.valueType().cast(record));
  }

  @Override
  public String toString() {
    return name;
  }
}
