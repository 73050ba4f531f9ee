package dev.pulse.streams.partitioned;

import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.Membership;
import dev.pulse.avro.Unit;
import dev.pulse.contract.DateBounds;
import dev.pulse.contract.InputRules;
import dev.pulse.contract.Period;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The first step on each input topic: a record that breaks the rules of SPEC.md §2 is left out
 * (the old engine sends it to the dead letters; this prototype only skips it, as the batch
 * recomputation does), the others become {@link Wire} records for the next stage.
 */
final class InputRecords {

  private InputRecords() {}

  /** The key under which year marks travel; they go to every row partition whatever it is. */
  static final String YEAR_KEY = "~year";

  /** Units: broadcast as they come, the later in the log standing (a null value deletes). */
  static final class Units implements Processor<String, Unit, String, byte[]> {
    private final DateBounds bounds;
    private ProcessorContext<String, byte[]> context;

    Units(DateBounds bounds) {
      this.bounds = bounds;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, Unit> r) {
      if (InputRules.problem(Topics.UNITS, r.key(), r.value(), r.timestamp(), bounds) != null) return;
      Unit u = r.value();
      Wire.UnitMsg msg = u == null ? new Wire.UnitMsg(r.key(), null, -1)
          : new Wire.UnitMsg(u.getUnitId(), u.getParentId(), u.getLevel().ordinal());
      context.forward(r.withValue(Wire.unit(msg)));
    }
  }

  /** Attendance, read in place (keyed by memberId): a year mark for the rows, the version for the member task. */
  static final class AttendanceVersions implements Processor<String, Attendance, String, byte[]> {
    private final DateBounds bounds;
    private final YearMarks years = new YearMarks();
    private ProcessorContext<String, byte[]> context;

    AttendanceVersions(DateBounds bounds) {
      this.bounds = bounds;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, Attendance> r) {
      if (InputRules.problem(Topics.ATTENDANCE, r.key(), r.value(), r.timestamp(), bounds) != null) return;
      Attendance a = r.value();
      int day = (int) Period.localDate(a.getAttendedAt()).toEpochDay();
      years.mark(context, r, Period.localDate(a.getAttendedAt()).getYear());
      context.forward(r.withValue(Wire.attendance(new Wire.AttendanceMsg(a.getAttendanceId(), a.getActivityId(),
          a.getRecordedAt().toEpochMilli(), a.getStatus() == AttendanceStatus.PRESENT, day))));
    }
  }

  /** Household events: only their years matter to participation (they widen the covered years). */
  static final class HouseholdYears implements Processor<String, HouseholdStatus, String, byte[]> {
    private final DateBounds bounds;
    private final YearMarks years = new YearMarks();
    private ProcessorContext<String, byte[]> context;

    HouseholdYears(DateBounds bounds) {
      this.bounds = bounds;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, HouseholdStatus> r) {
      if (InputRules.problem(Topics.HOUSEHOLD_STATUS, r.key(), r.value(), r.timestamp(), bounds) != null) return;
      years.mark(context, r, r.value().getAssessedOn().getYear());
    }
  }

  /**
   * Memberships, keyed by membershipId: the router keeps which member each membership belongs to
   * now, sends the standing version to her and, when a version names another member or deletes
   * the membership, a removal to the member it belonged to.
   */
  static final class MembershipRouter implements Processor<String, Membership, String, byte[]> {
    private final DateBounds bounds;
    private final String storeName;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, String> owners;

    MembershipRouter(DateBounds bounds, String storeName) {
      this.bounds = bounds;
      this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
      this.owners = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, Membership> r) {
      if (InputRules.problem(Topics.MEMBERSHIPS, r.key(), r.value(), r.timestamp(), bounds) != null) return;
      String id = r.key();
      String owner = owners.get(id);
      Membership m = r.value();
      if (owner != null && (m == null || !owner.equals(m.getMemberId()))) {
        context.forward(r.withKey(owner).withValue(Wire.membership(new Wire.MembershipMsg(id, true, null, 0, 0))));
      }
      if (m == null) {
        if (owner != null) owners.delete(id);
        return;
      }
      if (!m.getMemberId().equals(owner)) owners.put(id, m.getMemberId());
      int left = m.getLeftOn() == null ? Wire.OPEN : (int) m.getLeftOn().toEpochDay();
      context.forward(r.withKey(m.getMemberId()).withValue(Wire.membership(
          new Wire.MembershipMsg(id, false, m.getBranchId(), (int) m.getJoinedOn().toEpochDay(), left))));
    }
  }

  /**
   * Activities, keyed by activityId: the router keeps each activity's standing version (latest
   * recordedAt, then the later in the log) and broadcasts only a change of whether it is held —
   * the one thing participation asks of an activity.
   */
  static final class ActivityRouter implements Processor<String, Activity, String, byte[]> {
    private final DateBounds bounds;
    private final String storeName;
    private final YearMarks years = new YearMarks();
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> standing;

    ActivityRouter(DateBounds bounds, String storeName) {
      this.bounds = bounds;
      this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
      this.standing = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, Activity> r) {
      if (InputRules.problem(Topics.ACTIVITIES, r.key(), r.value(), r.timestamp(), bounds) != null) return;
      Activity a = r.value();
      years.mark(context, r, Period.localDate(a.getStartsAt()).getYear());
      long recordedAt = a.getRecordedAt().toEpochMilli();
      boolean held = a.getStatus() == ActivityStatus.HELD;
      byte[] before = standing.get(a.getActivityId());
      long beforeAt = before == null ? Long.MIN_VALUE : java.nio.ByteBuffer.wrap(before).getLong();
      if (recordedAt < beforeAt) return; // a stale version arriving late
      boolean wasHeld = before != null && before[8] == 1;
      if (before == null || beforeAt != recordedAt || wasHeld != held) {
        standing.put(a.getActivityId(), java.nio.ByteBuffer.allocate(9).putLong(recordedAt).put((byte) (held ? 1 : 0)).array());
      }
      if (wasHeld != held) {
        context.forward(r.withKey(a.getActivityId()).withValue(Wire.activity(new Wire.ActivityMsg(a.getActivityId(), held))));
      }
    }
  }

  /**
   * Sends each year an event falls in to the rows, once per task instance (the rows take the
   * smallest and largest as the covered years; a repeat after a restart does no harm).
   */
  static final class YearMarks {
    private final Set<Integer> sent = new HashSet<>();

    <K, V> void mark(ProcessorContext<String, byte[]> context, Record<K, V> r, int year) {
      if (sent.add(year)) {
        context.forward(new Record<>(YEAR_KEY, Wire.year(year), r.timestamp()));
      }
    }
  }

  static boolean isYear(byte[] v) {
    return v != null && v[0] == Wire.YEAR;
  }

}
