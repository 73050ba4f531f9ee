package dev.pulse.producers;

import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityKind;
import dev.pulse.avro.ActivityMode;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.AttendanceMode;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.avro.Channel;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.Membership;
import dev.pulse.avro.PovertyStatus;
import dev.pulse.avro.SupportKind;
import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import dev.pulse.contract.IngestStream;
import dev.pulse.contract.InvalidRecordException;
import dev.pulse.contract.Problem;
import dev.pulse.contract.RecordRules;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Typed builders for the input records of SPEC.md §1. {@code build()} holds a record to the rules
 * the ingest gateway applies (every required field set, no empty id, a membership that does not
 * end before it begins …) and throws {@link InvalidRecordException} naming each broken one.
 *
 * <pre>{@code
 * Attendance a = Events.attendance()
 *     .attendanceId("att-2023-11-05-m17").activityId("act-77").memberId("m-17")
 *     .recordedBy("DB-01-03-B1").attendedAt(Instant.parse("2023-11-05T02:00:00Z"))
 *     .mode(AttendanceMode.IN_PERSON).status(AttendanceStatus.PRESENT)
 *     .recordedAt(Instant.now())
 *     .build();
 * }</pre>
 */
public final class Events {

  private Events() {}

  public static UnitBuilder unit() {
    return new UnitBuilder();
  }

  public static MembershipBuilder membership() {
    return new MembershipBuilder();
  }

  public static ActivityBuilder activity() {
    return new ActivityBuilder();
  }

  public static AttendanceBuilder attendance() {
    return new AttendanceBuilder();
  }

  public static HouseholdStatusBuilder householdStatus() {
    return new HouseholdStatusBuilder();
  }

  /** What every builder does on {@code build()}: defaults for lists left unset, then the rules. */
  abstract static class Builder<V extends SpecificRecord> {
    final IngestStream<V> stream;
    final V record;

    Builder(IngestStream<V> stream, V empty) {
      this.stream = stream;
      this.record = empty;
    }

    /** The record, checked; each call returns a record of its own. */
    public V build() {
      SpecificData data = SpecificData.getForClass(stream.topic().valueType());
      V out = data.deepCopy(record.getSchema(), record);
      for (Schema.Field f : out.getSchema().getFields()) {
        if (out.get(f.pos()) == null && f.schema().getType() == Schema.Type.ARRAY) {
          out.put(f.pos(), new ArrayList<>());
        }
      }
      List<Problem> problems = RecordRules.check(stream, out, 0);
      if (!problems.isEmpty()) {
        throw new InvalidRecordException("this " + stream.noun(), problems.stream().map(p -> p.at(null)).toList());
      }
      return out;
    }
  }

  public static final class UnitBuilder extends Builder<Unit> {
    UnitBuilder() {
      super(IngestStream.UNITS, new Unit());
    }

    public UnitBuilder unitId(String v) { record.setUnitId(v); return this; }
    /** Null (the default) for the root, the province. */
    public UnitBuilder parentId(String v) { record.setParentId(v); return this; }
    public UnitBuilder level(UnitLevel v) { record.setLevel(v); return this; }
    public UnitBuilder name(String v) { record.setName(v); return this; }
  }

  public static final class MembershipBuilder extends Builder<Membership> {
    MembershipBuilder() {
      super(IngestStream.MEMBERSHIPS, new Membership());
    }

    public MembershipBuilder membershipId(String v) { record.setMembershipId(v); return this; }
    /** Pseudonymous: never a name, phone number or national id. */
    public MembershipBuilder memberId(String v) { record.setMemberId(v); return this; }
    public MembershipBuilder branchId(String v) { record.setBranchId(v); return this; }
    public MembershipBuilder joinedOn(LocalDate v) { record.setJoinedOn(v); return this; }
    /** Null (the default) while a member. */
    public MembershipBuilder leftOn(LocalDate v) { record.setLeftOn(v); return this; }
  }

  public static final class ActivityBuilder extends Builder<Activity> {
    ActivityBuilder() {
      super(IngestStream.ACTIVITIES, new Activity());
    }

    public ActivityBuilder activityId(String v) { record.setActivityId(v); return this; }
    /** The organising unit, at any level. */
    public ActivityBuilder unitId(String v) { record.setUnitId(v); return this; }
    public ActivityBuilder title(String v) { record.setTitle(v); return this; }
    public ActivityBuilder kind(ActivityKind v) { record.setKind(v); return this; }
    public ActivityBuilder mode(ActivityMode v) { record.setMode(v); return this; }
    public ActivityBuilder startsAt(Instant v) { record.setStartsAt(v); return this; }
    /** Where it was publicised; none (the default) when it was not. */
    public ActivityBuilder channels(Channel... v) { return channels(Arrays.asList(v)); }
    public ActivityBuilder channels(Collection<Channel> v) { record.setChannels(new ArrayList<>(v)); return this; }
    public ActivityBuilder campaigns(String... v) { return campaigns(Arrays.asList(v)); }
    public ActivityBuilder campaigns(Collection<String> v) { record.setCampaigns(new ArrayList<>(v)); return this; }
    public ActivityBuilder status(ActivityStatus v) { record.setStatus(v); return this; }
    public ActivityBuilder recordedAt(Instant v) { record.setRecordedAt(v); return this; }
  }

  public static final class AttendanceBuilder extends Builder<Attendance> {
    AttendanceBuilder() {
      super(IngestStream.ATTENDANCE, new Attendance());
    }

    public AttendanceBuilder attendanceId(String v) { record.setAttendanceId(v); return this; }
    public AttendanceBuilder activityId(String v) { record.setActivityId(v); return this; }
    /** Pseudonymous: never a name, phone number or national id. */
    public AttendanceBuilder memberId(String v) { record.setMemberId(v); return this; }
    /** The unit whose system recorded the attendance. */
    public AttendanceBuilder recordedBy(String v) { record.setRecordedBy(v); return this; }
    public AttendanceBuilder attendedAt(Instant v) { record.setAttendedAt(v); return this; }
    public AttendanceBuilder mode(AttendanceMode v) { record.setMode(v); return this; }
    public AttendanceBuilder status(AttendanceStatus v) { record.setStatus(v); return this; }
    public AttendanceBuilder recordedAt(Instant v) { record.setRecordedAt(v); return this; }
  }

  public static final class HouseholdStatusBuilder extends Builder<HouseholdStatus> {
    /** A boolean field cannot be null, so whether it was set is kept here: false is not a default. */
    private boolean supportedByUnionSet;

    HouseholdStatusBuilder() {
      super(IngestStream.HOUSEHOLD_STATUS, new HouseholdStatus());
    }

    @Override
    public HouseholdStatus build() {
      if (!supportedByUnionSet) {
        throw new InvalidRecordException("this " + stream.noun(), List.of(new Problem(null, "supportedByUnion",
            "missing; every household status needs one")));
      }
      return super.build();
    }

    public HouseholdStatusBuilder eventId(String v) { record.setEventId(v); return this; }
    /** Pseudonymous: never an address or the name of the head of household. */
    public HouseholdStatusBuilder householdId(String v) { record.setHouseholdId(v); return this; }
    public HouseholdStatusBuilder branchId(String v) { record.setBranchId(v); return this; }
    public HouseholdStatusBuilder status(PovertyStatus v) { record.setStatus(v); return this; }
    public HouseholdStatusBuilder supportedByUnion(boolean v) {
      record.setSupportedByUnion(v);
      supportedByUnionSet = true;
      return this;
    }
    public HouseholdStatusBuilder supports(SupportKind... v) { return supports(Arrays.asList(v)); }
    public HouseholdStatusBuilder supports(Collection<SupportKind> v) { record.setSupports(new ArrayList<>(v)); return this; }
    public HouseholdStatusBuilder assessedOn(LocalDate v) { record.setAssessedOn(v); return this; }
    public HouseholdStatusBuilder recordedAt(Instant v) { record.setRecordedAt(v); return this; }
  }
}
