package dev.pulse.app;

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
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** One record of each input topic of SPEC.md §1, with every kind of field filled (nulls, arrays, dates, instants). */
final class ContractSamples {

  /** A record and the key it is sent with. */
  record Sample<V extends SpecificRecord>(Topic<V> topic, String key, V value) {}

  private ContractSamples() {}

  static final Instant RECORDED = Instant.parse("2023-11-05T02:30:00Z");

  static List<Sample<?>> oneOfEachInput() {
    Unit branch = Unit.newBuilder()
        .setUnitId("e2e-branch-1").setParentId("e2e-commune-1").setLevel(UnitLevel.BRANCH)
        .setName("Chi hội Bản Phủ 1").build();
    Membership membership = Membership.newBuilder()
        .setMembershipId("e2e-ms-1").setMemberId("m-7f3a").setBranchId("e2e-branch-1")
        .setJoinedOn(LocalDate.of(2021, 3, 8)).setLeftOn(null).build();
    Activity activity = Activity.newBuilder()
        .setActivityId("e2e-act-1").setUnitId("e2e-branch-1").setTitle("Sinh hoạt chi hội tháng 11")
        .setKind(ActivityKind.MEETING).setMode(ActivityMode.HYBRID)
        .setStartsAt(Instant.parse("2023-11-05T01:00:00Z"))
        .setChannels(List.of(Channel.ZALO, Channel.FANPAGE)).setCampaigns(List.of("5 không 3 sạch"))
        .setStatus(ActivityStatus.HELD).setRecordedAt(RECORDED).build();
    Attendance attendance = Attendance.newBuilder()
        .setAttendanceId("e2e-att-1").setActivityId("e2e-act-1").setMemberId("m-7f3a")
        .setRecordedBy("e2e-branch-1").setAttendedAt(Instant.parse("2023-11-05T01:05:00Z"))
        .setMode(AttendanceMode.ONLINE).setStatus(AttendanceStatus.PRESENT).setRecordedAt(RECORDED).build();
    HouseholdStatus household = HouseholdStatus.newBuilder()
        .setEventId("e2e-hh-ev-1").setHouseholdId("h-19c2").setBranchId("e2e-branch-1")
        .setStatus(PovertyStatus.NEAR_POOR).setSupportedByUnion(true)
        .setSupports(List.of(SupportKind.LOAN, SupportKind.VOCATIONAL_TRAINING))
        .setAssessedOn(LocalDate.of(2023, 12, 20)).setRecordedAt(RECORDED).build();
    return List.of(
        new Sample<>(Topics.UNITS, branch.getUnitId(), branch),
        new Sample<>(Topics.MEMBERSHIPS, membership.getMembershipId(), membership),
        new Sample<>(Topics.ACTIVITIES, activity.getActivityId(), activity),
        new Sample<>(Topics.ATTENDANCE, attendance.getMemberId(), attendance),
        new Sample<>(Topics.HOUSEHOLD_STATUS, household.getHouseholdId(), household));
  }
}
