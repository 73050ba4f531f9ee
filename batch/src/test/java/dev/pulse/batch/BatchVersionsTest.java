package dev.pulse.batch;

import static dev.pulse.batch.Histories.anActivity;
import static dev.pulse.batch.Histories.anAttendance;
import static dev.pulse.batch.Histories.at;
import static dev.pulse.batch.Histories.smallProvince;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.avro.PovertyStatus;
import dev.pulse.avro.UnitLevel;
import dev.pulse.contract.Period;
import org.junit.jupiter.api.Test;

/** SPEC.md §2: versions, duplicates, corrections, the tree and periods. */
class BatchVersionsTest {

  private static final Period Y2023 = Period.parse("2023");
  private static final Period NOV = Period.parse("2023-11");

  /** alice, a member of B1 all along, and an activity of B1 on 5 November 2023. */
  private static Histories aliceAndAMeeting() {
    return smallProvince()
        .membership("ms-alice", "alice", "B1", "2020-01-01", null)
        .held("a1", "B1", "2023-11-05T09:00+07:00");
  }

  @Test
  void theVersionWithTheLatestRecordedAtStandsWhateverTheLogOrder() {
    // The retraction was recorded first but reaches the log last: the PRESENT version stands.
    BatchViews views = BatchViews.compute(aliceAndAMeeting()
        .attendance(anAttendance("t1", "a1", "alice", "2023-11-05T09:10+07:00")
            .setRecordedAt(at("2023-11-07T00:00Z")))
        .attendance(anAttendance("t1", "a1", "alice", "2023-11-05T09:10+07:00")
            .setStatus(AttendanceStatus.RETRACTED).setRecordedAt(at("2023-11-06T00:00Z")))
        .build());

    assertThat(views.participation("B1", NOV).getParticipants()).isEqualTo(1);
    assertThat(views.activities("B1", NOV).getAttendances()).isEqualTo(1);
  }

  @Test
  void aLaterRecordedCancellationStandsEvenIfItReachesTheLogFirst() {
    BatchViews views = BatchViews.compute(smallProvince()
        .activity(anActivity("a1", "B1", "2023-11-05T09:00+07:00")
            .setStatus(ActivityStatus.CANCELLED).setRecordedAt(at("2023-11-04T00:00Z")))
        .activity(anActivity("a1", "B1", "2023-11-05T09:00+07:00").setRecordedAt(at("2023-11-01T00:00Z")))
        .build());

    assertThat(views.activities("B1", NOV).getHeld()).isZero();
  }

  @Test
  void onEqualRecordedAtTheLaterInTheLogStands() {
    Histories retractedLast = aliceAndAMeeting()
        .attendance(anAttendance("t1", "a1", "alice", "2023-11-05T09:10+07:00")
            .setRecordedAt(at("2023-11-06T00:00Z")))
        .attendance(anAttendance("t1", "a1", "alice", "2023-11-05T09:10+07:00")
            .setStatus(AttendanceStatus.RETRACTED).setRecordedAt(at("2023-11-06T00:00Z")));
    Histories presentLast = aliceAndAMeeting()
        .attendance(anAttendance("t1", "a1", "alice", "2023-11-05T09:10+07:00")
            .setStatus(AttendanceStatus.RETRACTED).setRecordedAt(at("2023-11-06T00:00Z")))
        .attendance(anAttendance("t1", "a1", "alice", "2023-11-05T09:10+07:00")
            .setRecordedAt(at("2023-11-06T00:00Z")));

    assertThat(BatchViews.compute(retractedLast.build()).participation("B1", NOV).getParticipants()).isZero();
    assertThat(BatchViews.compute(presentLast.build()).participation("B1", NOV).getParticipants()).isEqualTo(1);
  }

  @Test
  void sendingTheSameVersionTwiceChangesNothing() {
    Histories once = aliceAndAMeeting()
        .present("t1", "a1", "alice", "2023-11-05T09:10+07:00")
        .assessed("e1", "h1", "B1", PovertyStatus.POOR, true, "2023-02-01");
    Histories twice = aliceAndAMeeting()
        .membership("ms-alice", "alice", "B1", "2020-01-01", null)
        .activity(anActivity("a1", "B1", "2023-11-05T09:00+07:00").setRecordedAt(Histories.FIRST_RECORDED_AT))
        .attendance(anAttendance("t1", "a1", "alice", "2023-11-05T09:10+07:00").setRecordedAt(at("2024-01-01T00:00Z")))
        .attendance(anAttendance("t1", "a1", "alice", "2023-11-05T09:10+07:00").setRecordedAt(at("2024-01-01T00:00Z")))
        .household(Histories.anAssessment("e1", "h1", "B1", PovertyStatus.POOR, true, "2023-02-01")
            .setRecordedAt(at("2024-01-01T00:00Z")))
        .household(Histories.anAssessment("e1", "h1", "B1", PovertyStatus.POOR, true, "2023-02-01")
            .setRecordedAt(at("2024-01-01T00:00Z")));

    BatchViews one = BatchViews.compute(once.build());
    BatchViews two = BatchViews.compute(twice.build());

    assertThat(two.participation()).isEqualTo(one.participation());
    assertThat(two.activities()).isEqualTo(one.activities());
    assertThat(two.poverty()).isEqualTo(one.poverty());
    assertThat(two.activities("DB", NOV).getAttendances()).isEqualTo(1);
    assertThat(two.poverty("DB", 2023).getPoorAtYearEnd()).isEqualTo(1);
  }

  @Test
  void forUnitsAndMembershipsTheLastInTheLogStands() {
    BatchViews views = BatchViews.compute(smallProvince()
        .membership("ms-alice", "alice", "B1", "2020-01-01", null)
        .membership("ms-alice", "alice", "B3", "2020-01-01", null)
        .branch("B2", "C2") // B2 moved from C1 to C2
        .membership("ms-bob", "bob", "B2", "2020-01-01", null)
        .build());

    assertThat(views.participation("B1", Y2023).getEligible()).isZero();
    assertThat(views.participation("B3", Y2023).getEligible()).isEqualTo(1);
    assertThat(views.participation("C1", Y2023).getEligible()).isZero();
    assertThat(views.participation("C2", Y2023).getEligible()).isEqualTo(2);
  }

  @Test
  void aNullValueDeletesAMembershipAndALaterOneRestoresIt() {
    Histories deleted = smallProvince()
        .membership("ms-alice", "alice", "B1", "2020-01-01", null)
        .deleteMembership("ms-alice");

    assertThat(BatchViews.compute(deleted.build()).participation("B1", Y2023).getEligible()).isZero();
    assertThat(BatchViews.compute(deleted.membership("ms-alice", "alice", "B1", "2020-01-01", null).build())
        .participation("B1", Y2023).getEligible()).isEqualTo(1);
  }

  @Test
  void aDeletedUnitsChildrenRollUpNowhereUntilTheyAreReparented() {
    Histories history = aliceAndAMeeting()
        .present("t1", "a1", "alice", "2023-11-05T09:10+07:00")
        .deleteUnit("C1");

    BatchViews orphaned = BatchViews.compute(history.build());
    assertThat(orphaned.participation("B1", NOV).getParticipants()).isEqualTo(1);
    assertThat(orphaned.activities("B1", NOV).getHeld()).isEqualTo(1);
    assertThat(orphaned.participation("DB-03", NOV).getEligible()).isZero();
    assertThat(orphaned.participation("DB", NOV).getEligible()).isZero();
    assertThat(orphaned.activities("DB", NOV).getHeld()).isZero();
    assertThat(orphaned.participation()).doesNotContainKeys("C1|2023", "DB-03|2023", "DB|2023");

    BatchViews reparented = BatchViews.compute(history.branch("B1", "C2").build());
    assertThat(reparented.participation("C2", NOV).getParticipants()).isEqualTo(1);
    assertThat(reparented.participation("DB", NOV).getParticipants()).isEqualTo(1);
  }

  @Test
  void reparentingMovesEveryAncestorsNumbersForEveryPeriod() {
    Histories history = aliceAndAMeeting()
        .present("t1", "a1", "alice", "2023-11-05T09:10+07:00")
        .assessed("e1", "h1", "B1", PovertyStatus.POOR, true, "2022-06-01");
    BatchViews before = BatchViews.compute(history.build());
    BatchViews after = BatchViews.compute(history.commune("C1", "DB-04").build());

    for (Period p : new Period[] {Y2023, Period.parse("2023-Q4"), NOV, Period.parse("2021")}) {
      assertThat(before.participation("DB-03", p).getEligible()).as("DB-03 %s before", p).isEqualTo(1);
      assertThat(after.participation("DB-03", p).getEligible()).as("DB-03 %s after", p).isZero();
      assertThat(after.participation("DB-04", p).getEligible()).as("DB-04 %s after", p).isEqualTo(1);
      assertThat(after.participation("DB", p).getEligible()).as("DB %s after", p).isEqualTo(1);
    }
    assertThat(after.activities("DB-04", NOV).getHeld()).isEqualTo(1);
    assertThat(after.activities("DB-03", NOV).getHeld()).isZero();
    assertThat(after.poverty("DB-04", 2022).getPoorAtYearEnd()).isEqualTo(1);
    assertThat(after.poverty("DB-03", 2022).getPoorAtYearEnd()).isZero();
  }

  @Test
  void aUnitWhoseAncestryLoopsBelongsToNoTreeAboveItselfUntilTheLoopIsMended() {
    Histories history = smallProvince()
        .commune("LA", "LB").commune("LB", "LA").branch("LBR", "LA")
        .membership("ms-alice", "alice", "LBR", "2020-01-01", null)
        .held("a1", "LA", "2023-11-05T09:00+07:00");

    BatchViews looped = BatchViews.compute(history.build());
    assertThat(looped.participation("LBR", Y2023).getEligible()).isEqualTo(1);
    assertThat(looped.participation("LA", Y2023).getEligible()).isZero();
    assertThat(looped.participation("LB", Y2023).getEligible()).isZero();
    assertThat(looped.activities("LA", NOV).getHeld()).isEqualTo(1);
    assertThat(looped.activities("LB", NOV).getHeld()).isZero();

    BatchViews mended = BatchViews.compute(history.commune("LB", "DB-04").build());
    assertThat(mended.participation("LA", Y2023).getEligible()).isEqualTo(1);
    assertThat(mended.participation("DB", Y2023).getEligible()).isEqualTo(1);
    assertThat(mended.activities("DB-04", NOV).getHeld()).isEqualTo(1);
  }

  @Test
  void aMembershipOrHouseholdEventCountsOnlyWhileItsBranchIdNamesABranch() {
    Histories history = Histories.history()
        // Arriving before their unit: they wait for it.
        .membership("ms-alice", "alice", "B1", "2020-01-01", null)
        .assessed("e1", "h1", "B1", PovertyStatus.POOR, true, "2023-02-01")
        // In a commune, and in a unit that never exists: they count nowhere.
        .membership("ms-bob", "bob", "C1", "2020-01-01", null)
        .assessed("e2", "h2", "C1", PovertyStatus.POOR, true, "2023-02-01")
        .membership("ms-carol", "carol", "NOWHERE", "2020-01-01", null)
        .province("DB").unit("C1", "DB", UnitLevel.COMMUNE).branch("B1", "C1");

    BatchViews views = BatchViews.compute(history.build());
    assertThat(views.participation("DB", Y2023).getEligible()).isEqualTo(1);
    assertThat(views.poverty("DB", 2023).getPoorAtYearEnd()).isEqualTo(1);

    BatchViews branchDeleted = BatchViews.compute(history.deleteUnit("B1").build());
    assertThat(branchDeleted.participation("DB", Y2023).getEligible()).isZero();
    assertThat(branchDeleted.poverty("DB", 2023).getPoorAtYearEnd()).isZero();
  }

  @Test
  void aRetractedAttendanceCountsNowhere() {
    BatchViews views = BatchViews.compute(aliceAndAMeeting()
        .present("t1", "a1", "alice", "2023-11-05T09:10+07:00")
        .retracted("t1", "a1", "alice", "2023-11-05T09:10+07:00")
        .build());

    assertThat(views.participation("B1", NOV).getParticipants()).isZero();
    assertThat(views.participation("DB", Y2023).getParticipants()).isZero();
    assertThat(views.activities("B1", NOV).getAttendances()).isZero();
    assertThat(views.activities("B1", NOV).getHeld()).isEqualTo(1);
  }

  @Test
  void aCancelledActivityCountsNowhereAndNeitherDoesAttendanceAtIt() {
    BatchViews views = BatchViews.compute(aliceAndAMeeting()
        .present("t1", "a1", "alice", "2023-11-05T09:10+07:00")
        .activity(anActivity("a1", "B1", "2023-11-05T09:00+07:00").setStatus(ActivityStatus.CANCELLED))
        .build());

    assertThat(views.activities("B1", NOV).getHeld()).isZero();
    assertThat(views.activities("DB", Y2023).getAttendances()).isZero();
    assertThat(views.participation("B1", NOV).getParticipants()).isZero();
    assertThat(views.participation("B1", NOV).getEligible()).isEqualTo(1);
    assertThat(views.activities()).isEmpty();
  }

  @Test
  void attendanceAtAnActivityThatNeverArrivedCountsNowhere() {
    BatchViews views = BatchViews.compute(aliceAndAMeeting()
        .present("t1", "a-unknown", "alice", "2023-11-05T09:10+07:00")
        .build());

    assertThat(views.participation("B1", NOV).getParticipants()).isZero();
  }

  @Test
  void periodsCutAtHoChiMinhMidnight() {
    // 2023-12-31T17:30Z is 2024-01-01 00:30 in Asia/Ho_Chi_Minh; 16:59Z is still 2023-12-31 23:59.
    BatchViews views = BatchViews.compute(smallProvince()
        .membership("ms-alice", "alice", "B1", "2020-01-01", null)
        .held("new-year", "B1", "2023-12-31T17:30Z")
        .held("new-year-eve", "B1", "2023-12-31T16:59Z")
        .present("t1", "new-year", "alice", "2023-12-31T17:30Z")
        .build());

    assertThat(views.activities("B1", Period.parse("2024-01")).getHeld()).isEqualTo(1);
    assertThat(views.activities("B1", Period.parse("2024-Q1")).getHeld()).isEqualTo(1);
    assertThat(views.activities("B1", Period.parse("2024")).getHeld()).isEqualTo(1);
    assertThat(views.activities("B1", Period.parse("2023-12")).getHeld()).isEqualTo(1);
    assertThat(views.activities("B1", Period.parse("2023")).getHeld()).isEqualTo(1);
    assertThat(views.participation("B1", Period.parse("2024-01")).getParticipants()).isEqualTo(1);
    assertThat(views.participation("B1", Period.parse("2023-12")).getParticipants()).isZero();
  }
}
