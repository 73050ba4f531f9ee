package dev.pulse.serde;

import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityKind;
import dev.pulse.avro.ActivityMode;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.AttendanceMode;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.avro.CampaignsRow;
import dev.pulse.avro.Channel;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.Membership;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.avro.PovertyRow;
import dev.pulse.avro.PovertyStatus;
import dev.pulse.avro.SupportKind;
import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** One realistic value per Avro topic of the contract, from a branch in Điện Biên. */
public final class SampleRecords {

  private static final Instant RECORDED = Instant.parse("2023-11-20T03:15:42.123Z");

  private SampleRecords() {}

  public static Unit unit() {
    return Unit.newBuilder()
        .setUnitId("DB-03-07-02").setParentId("DB-03-07").setLevel(UnitLevel.BRANCH)
        .setName("Chi hội phụ nữ bản Na Sang 2").build();
  }

  public static Membership membership() {
    return Membership.newBuilder()
        .setMembershipId("ms-000183").setMemberId("m-7f3a9c").setBranchId("DB-03-07-02")
        .setJoinedOn(LocalDate.of(2019, 3, 8)).setLeftOn(null).build();
  }

  public static Activity activity() {
    return Activity.newBuilder()
        .setActivityId("act-2023-1107").setUnitId("DB-03-07").setTitle("Sinh hoạt chi hội: 5 không, 3 sạch")
        .setKind(ActivityKind.MEETING).setMode(ActivityMode.HYBRID)
        .setStartsAt(Instant.parse("2023-11-07T01:30:00Z"))
        .setChannels(List.of(Channel.ZALO, Channel.FANPAGE)).setCampaigns(List.of("5 không, 3 sạch"))
        .setStatus(ActivityStatus.HELD).setRecordedAt(RECORDED).build();
  }

  public static Attendance attendance() {
    return Attendance.newBuilder()
        .setAttendanceId("att-2023-1107-0042").setActivityId("act-2023-1107").setMemberId("m-7f3a9c")
        .setRecordedBy("DB-03-07-02").setAttendedAt(Instant.parse("2023-11-07T01:42:10Z"))
        .setMode(AttendanceMode.ONLINE).setStatus(AttendanceStatus.PRESENT).setRecordedAt(RECORDED).build();
  }

  public static HouseholdStatus householdStatus() {
    return HouseholdStatus.newBuilder()
        .setEventId("hh-ev-5521").setHouseholdId("hh-19c2").setBranchId("DB-03-07-02")
        .setStatus(PovertyStatus.NEAR_POOR).setSupportedByUnion(true)
        .setSupports(List.of(SupportKind.LOAN, SupportKind.VOCATIONAL_TRAINING))
        .setAssessedOn(LocalDate.of(2023, 12, 15)).setRecordedAt(RECORDED).build();
  }

  public static ParticipationRow participationRow() {
    return ParticipationRow.newBuilder()
        .setUnitId("DB-03").setPeriod("2023-Q4").setEligible(1240).setParticipants(913)
        .setRate(913.0 / 1240).setUpdatedAt(RECORDED).build();
  }

  public static PovertyRow povertyRow() {
    return PovertyRow.newBuilder()
        .setUnitId("DB").setYear(2023).setSupportedHouseholds(15930).setExitedHouseholds(2830)
        .setExitedPoverty(1710).setExitedNearPoverty(1120).setRelapsedHouseholds(96)
        .setPoorAtYearEnd(8120).setNearPoorAtYearEnd(4980).setUpdatedAt(RECORDED).build();
  }

  public static ActivitiesRow activitiesRow() {
    return ActivitiesRow.newBuilder()
        .setUnitId("DB-03-07").setPeriod("2023-11").setHeld(14).setInPerson(9).setOnline(2).setHybrid(3)
        .setPublicised(14).setByChannel(Map.of("ZALO", 14L, "FACEBOOK", 6L, "FANPAGE", 11L))
        .setAttendances(388).setUpdatedAt(RECORDED).build();
  }

  public static CampaignsRow campaignsRow() {
    return CampaignsRow.newBuilder()
        .setUnitId("DB-03").setPeriod("2023-Q4").setCampaign("5 không 3 sạch").setHeld(21).setAttendances(640)
        .setParticipants(412).setBranches(96).setBranchesHolding(17).setUpdatedAt(RECORDED).build();
  }

  /** A sample value for each Avro topic in {@link Topics#ALL}. */
  public static Object valueFor(Topic<?> topic) {
    Map<Topic<?>, Object> samples = Map.of(
        Topics.UNITS, unit(),
        Topics.MEMBERSHIPS, membership(),
        Topics.ACTIVITIES, activity(),
        Topics.ATTENDANCE, attendance(),
        Topics.HOUSEHOLD_STATUS, householdStatus(),
        Topics.PARTICIPATION_VIEW, participationRow(),
        Topics.POVERTY_VIEW, povertyRow(),
        Topics.ACTIVITIES_VIEW, activitiesRow(),
        Topics.CAMPAIGNS_VIEW, campaignsRow());
    Object sample = samples.get(topic);
    if (sample == null) {
      throw new IllegalArgumentException("no sample for topic " + topic.name());
    }
    return sample;
  }
}
