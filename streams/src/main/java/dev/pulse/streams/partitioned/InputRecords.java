package dev.pulse.streams.partitioned;

import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.Membership;
import dev.pulse.avro.Unit;
import dev.pulse.contract.CampaignNames;
import dev.pulse.contract.DateBounds;
import dev.pulse.contract.InputRules;
import dev.pulse.contract.Period;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.streams.RuleViolation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The first step on each input topic: a record that breaks the rules of SPEC.md §2 goes to the
 * dead letters with the reason (once per record: where two stages read one topic, one of them
 * sends it, the other skips it), the others become {@link Wire} records for the next stage.
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
      deadLetterIfBroken(Topics.UNITS, r, bounds);
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
      years.reset();
    }

    @Override
    public void process(Record<String, Attendance> r) {
      deadLetterIfBroken(Topics.ATTENDANCE, r, bounds);
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
      years.reset();
    }

    @Override
    public void process(Record<String, HouseholdStatus> r) {
      // Left out here; the household stage sends it to the dead letters.
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
      deadLetterIfBroken(Topics.MEMBERSHIPS, r, bounds);
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
      years.reset();
    }

    @Override
    public void process(Record<String, Activity> r) {
      // Left out here; the activities stage sends it to the dead letters.
      if (InputRules.problem(Topics.ACTIVITIES, r.key(), r.value(), r.timestamp(), bounds) != null) return;
      Activity a = r.value();
      years.mark(context, r, Period.localDate(a.getStartsAt()).getYear());
      long recordedAt = a.getRecordedAt().toEpochMilli();
      boolean held = a.getStatus() == ActivityStatus.HELD;
      List<String> campaigns = held ? CampaignNames.trimmed(a.getCampaigns()) : List.of();
      byte[] before = standing.get(a.getActivityId());
      Standing was = Standing.decode(before);
      if (recordedAt < was.recordedAt()) return; // a stale version arriving late
      Standing now = new Standing(recordedAt, held, campaigns);
      if (!now.equals(was)) standing.put(a.getActivityId(), now.encode());
      // What the member tasks keep of an activity: held or not, and the campaigns of a held one.
      if (before == null ? held : was.held() != held || !was.campaigns().equals(campaigns)) {
        context.forward(r.withKey(a.getActivityId())
            .withValue(Wire.activity(new Wire.ActivityMsg(a.getActivityId(), held, campaigns))));
      }
    }
  }

  /**
   * The standing version of an activity as the router keeps it: its recordedAt, whether it is
   * held and its campaigns (empty unless held). A value written before the router kept campaigns
   * holds only the first two; its campaigns read as unknown, so the next version sends them.
   */
  record Standing(long recordedAt, boolean held, List<String> campaigns) {
    static final Standing NONE = new Standing(Long.MIN_VALUE, false, List.of());

    static Standing decode(byte[] b) {
      if (b == null) return NONE;
      if (b.length == 9) return new Standing(java.nio.ByteBuffer.wrap(b).getLong(), b[8] == 1, b[8] == 1 ? UNKNOWN : List.of());
      return Wire.readFrom(b, 0, in -> new Standing(in.readLong(), in.readBoolean(), Wire.readStrings(in)));
    }

    byte[] encode() {
      return Wire.write((byte) 0, out -> {
        out.writeLong(recordedAt);
        out.writeBoolean(held);
        Wire.writeStrings(out, campaigns);
      });
    }

    /** Equal to no list of campaigns a version can hold. */
    private static final List<String> UNKNOWN = List.of("|unknown|");
  }

  /**
   * Sends each year an event falls in to the rows, once per task instance (the rows take the
   * smallest and largest as the covered years; a repeat after a restart does no harm).
   */
  static final class YearMarks {
    private final Set<Integer> sent = new HashSet<>();

    /** Forgets what was sent: a task re-initialised after a failed transaction may have lost it. */
    void reset() {
      sent.clear();
    }

    <K, V> void mark(ProcessorContext<String, byte[]> context, Record<K, V> r, int year) {
      if (sent.add(year)) {
        context.forward(new Record<>(YEAR_KEY, Wire.year(year), r.timestamp()));
      }
    }
  }

  /**
   * Throws the record's rule violation, which the configured processing exception handler
   * ({@link dev.pulse.streams.DeadLetters}) writes to the dead letters as received.
   */
  static <V> void deadLetterIfBroken(Topic<V> topic, Record<String, V> r, DateBounds bounds) {
    String problem = InputRules.problem(topic, r.key(), r.value(), r.timestamp(), bounds);
    if (problem != null) throw new RuleViolation(topic.name(), problem);
  }

  static boolean isYear(byte[] v) {
    return v != null && v[0] == Wire.YEAR;
  }

}
