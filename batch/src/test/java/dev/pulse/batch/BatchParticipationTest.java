package dev.pulse.batch;

import static dev.pulse.batch.Histories.smallProvince;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.ParticipationRow;
import dev.pulse.contract.Period;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** SPEC.md §3: participation. */
class BatchParticipationTest {

  private static long eligible(BatchViews views, String unitId, String period) {
    return views.participation(unitId, Period.parse(period)).getEligible();
  }

  private static long participants(BatchViews views, String unitId, String period) {
    return views.participation(unitId, Period.parse(period)).getParticipants();
  }

  @Test
  void aMemberIsEligibleInEveryPeriodHerMembershipOverlaps() {
    // joinedOn the last day of March, leftOn the first day of July.
    BatchViews views = BatchViews.compute(smallProvince()
        .membership("ms-alice", "alice", "B1", "2023-03-31", "2023-07-01")
        .build());

    for (String p : new String[] {"2023", "2023-Q1", "2023-03", "2023-Q2", "2023-04", "2023-06", "2023-Q3", "2023-07"}) {
      assertThat(eligible(views, "B1", p)).as(p).isEqualTo(1);
    }
    for (String p : new String[] {"2022", "2023-02", "2023-08", "2023-Q4", "2024"}) {
      assertThat(eligible(views, "B1", p)).as(p).isZero();
    }
  }

  @Test
  void aMemberParticipatesInABranchOnlyWhileHerMembershipThereCoversTheDayOfAttendance() {
    // alice left B1 on 31 July and joined B4, in another district, on 1 August; she attended on 1 August.
    BatchViews views = BatchViews.compute(smallProvince()
        .membership("ms-alice-1", "alice", "B1", "2020-01-01", "2023-07-31")
        .membership("ms-alice-2", "alice", "B4", "2023-08-01", null)
        .held("a1", "B1", "2023-08-01T09:00+07:00")
        .present("t1", "a1", "alice", "2023-08-01T09:00+07:00")
        .build());

    assertThat(eligible(views, "B1", "2023")).isEqualTo(1);
    assertThat(participants(views, "B1", "2023")).isZero();
    assertThat(participants(views, "DB-03", "2023")).isZero();
    assertThat(participants(views, "B4", "2023-08")).isEqualTo(1);
    assertThat(participants(views, "DB-04", "2023")).isEqualTo(1);
    assertThat(participants(views, "DB", "2023-Q3")).isEqualTo(1);
  }

  @Test
  void aMemberWhoMovedBetweenTwoBranchesOfOneCommuneCountsOnceForTheCommune() {
    BatchViews views = BatchViews.compute(smallProvince()
        .membership("ms-alice-1", "alice", "B1", "2020-01-01", "2023-05-31")
        .membership("ms-alice-2", "alice", "B2", "2023-06-01", null)
        .held("a1", "B1", "2023-03-01T09:00+07:00")
        .held("a2", "B2", "2023-09-01T09:00+07:00")
        .present("t1", "a1", "alice", "2023-03-01T09:00+07:00")
        .present("t2", "a2", "alice", "2023-09-01T09:00+07:00")
        .build());

    assertThat(eligible(views, "B1", "2023")).isEqualTo(1);
    assertThat(eligible(views, "B2", "2023")).isEqualTo(1);
    assertThat(participants(views, "B1", "2023")).isEqualTo(1);
    assertThat(participants(views, "B2", "2023")).isEqualTo(1);
    assertThat(eligible(views, "C1", "2023")).isEqualTo(1);
    assertThat(participants(views, "C1", "2023")).isEqualTo(1);
    assertThat(eligible(views, "DB", "2023")).isEqualTo(1);
    assertThat(participants(views, "DB", "2023")).isEqualTo(1);
    // Quarter by quarter she is in one branch or the other, and in both in Q2 (left 31 May, joined 1 June).
    assertThat(eligible(views, "B1", "2023-Q2")).isEqualTo(1);
    assertThat(eligible(views, "B2", "2023-Q2")).isEqualTo(1);
    assertThat(eligible(views, "C1", "2023-Q2")).isEqualTo(1);
    assertThat(eligible(views, "B1", "2023-Q3")).isZero();
  }

  @Test
  void aMembershipWithJoinedOnAfterLeftOnCoversNoDayAndCountsNowhere() {
    BatchViews views = BatchViews.compute(smallProvince()
        .membership("ms-alice", "alice", "B1", "2023-05-10", "2023-05-01")
        .build());

    assertThat(eligible(views, "B1", "2023-05")).isZero();
    assertThat(views.participation()).isEmpty();
  }

  @Test
  void aMemberWhoAttendsTwiceInAPeriodIsOneParticipant() {
    BatchViews views = BatchViews.compute(smallProvince()
        .membership("ms-alice", "alice", "B1", "2020-01-01", null)
        .held("a1", "B1", "2023-03-01T09:00+07:00")
        .held("a2", "B1", "2023-03-08T09:00+07:00")
        .present("t1", "a1", "alice", "2023-03-01T09:00+07:00")
        .present("t2", "a2", "alice", "2023-03-08T09:00+07:00")
        .build());

    assertThat(participants(views, "B1", "2023-03")).isEqualTo(1);
    assertThat(views.activities("B1", Period.parse("2023-03")).getAttendances()).isEqualTo(2);
  }

  @Test
  void attendanceAtAHeldActivityOrganisedByAnyUnitCounts() {
    // Organised by the province, or by a unit not in the tree at all.
    BatchViews views = BatchViews.compute(smallProvince()
        .membership("ms-alice", "alice", "B1", "2020-01-01", null)
        .membership("ms-bob", "bob", "B3", "2020-01-01", null)
        .held("congress", "DB", "2023-03-08T09:00+07:00")
        .held("elsewhere", "OTHER-PROVINCE", "2023-03-09T09:00+07:00")
        .present("t1", "congress", "alice", "2023-03-08T09:00+07:00")
        .present("t2", "elsewhere", "bob", "2023-03-09T09:00+07:00")
        .build());

    assertThat(participants(views, "B1", "2023-03")).isEqualTo(1);
    assertThat(participants(views, "B3", "2023-03")).isEqualTo(1);
    assertThat(participants(views, "DB-03", "2023-03")).isEqualTo(2);
  }

  @Test
  void attendanceIsPlacedByItsOwnLocalDateNotTheActivitys() {
    BatchViews views = BatchViews.compute(smallProvince()
        .membership("ms-alice", "alice", "B1", "2020-01-01", null)
        .held("a1", "B1", "2023-03-31T20:00+07:00")
        .present("t1", "a1", "alice", "2023-03-31T17:30Z") // 1 April 00:30 local
        .build());

    assertThat(participants(views, "B1", "2023-04")).isEqualTo(1);
    assertThat(participants(views, "B1", "2023-Q2")).isEqualTo(1);
    assertThat(participants(views, "B1", "2023-03")).isZero();
  }

  @Test
  void attendanceWithoutAMembershipMakesNoParticipantAnywhere() {
    BatchViews views = BatchViews.compute(smallProvince()
        .held("a1", "B1", "2023-03-01T09:00+07:00")
        .present("t1", "a1", "stranger", "2023-03-01T09:00+07:00")
        .build());

    assertThat(views.participation()).isEmpty();
    assertThat(views.activities("B1", Period.parse("2023-03")).getAttendances()).isEqualTo(1);
  }

  @Test
  void rateIsParticipantsOverEligibleAndNullWhenNobodyIsEligible() {
    BatchViews views = BatchViews.compute(smallProvince()
        .membership("ms-alice", "alice", "B1", "2020-01-01", null)
        .membership("ms-bob", "bob", "B1", "2020-01-01", null)
        .membership("ms-carol", "carol", "B2", "2020-01-01", null)
        .membership("ms-dan", "dan", "B2", "2020-01-01", null)
        .held("a1", "B1", "2023-03-01T09:00+07:00")
        .present("t1", "a1", "alice", "2023-03-01T09:00+07:00")
        .build());

    assertThat(views.participation("B1", Period.parse("2023-03")).getRate()).isEqualTo(0.5);
    assertThat(views.participation("C1", Period.parse("2023-03")).getRate()).isEqualTo(0.25);
    assertThat(views.participation("B2", Period.parse("2023-03")).getRate()).isEqualTo(0.0);
    assertThat(views.participation("B3", Period.parse("2023-03")).getRate()).isNull();
  }

  @Test
  void rowsExistForEveryPeriodOfTheCoveredYearsWithEligibleMembersAndTheAccessorAnswersEveryPeriod() {
    // Events fall in 2022 and 2023 only: memberships reaching back to 1995 do not widen the rows.
    BatchViews views = BatchViews.compute(smallProvince()
        .membership("ms-alice", "alice", "B1", "1995-11-15", null)
        .membership("ms-bob", "bob", "B1", "2021-01-01", "2022-12-31")
        .membership("ms-carol", "carol", "B2", "2025-03-01", null)
        .held("a1", "B1", "2022-03-01T09:00+07:00")
        .held("a2", "B1", "2023-03-01T09:00+07:00")
        .build());

    assertThat(views.firstYear()).hasValue(2022);
    assertThat(views.lastYear()).hasValue(2023);
    assertThat(views.participation()).containsKeys("B1|2022", "B1|2022-Q4", "B1|2022-11", "B1|2023-12", "DB|2023");
    assertThat(views.participation()).doesNotContainKeys("B1|2021", "B1|1995", "B1|2024", "B2|2023");
    assertThat(views.participation().keySet()).allMatch(k -> k.contains("|2022") || k.contains("|2023"));
    assertThat(eligible(views, "C1", "2022")).isEqualTo(2);
    assertThat(eligible(views, "C1", "2023-10")).isEqualTo(1);
    // Outside the covered years the accessor still follows SPEC.md §3.
    assertThat(eligible(views, "C1", "1995-10")).isZero();
    assertThat(eligible(views, "C1", "1995-11")).isEqualTo(1);
    assertThat(eligible(views, "C1", "2021-Q2")).isEqualTo(2);
    assertThat(eligible(views, "C1", "2025-02")).isEqualTo(1);
    assertThat(eligible(views, "C1", "2025-03")).isEqualTo(2);
    assertThat(eligible(views, "C1", "2031-Q2")).isEqualTo(2);
    assertThat(views.participation("C1", Period.parse("2031-Q2")).getRate()).isEqualTo(0.0);

    ParticipationRow row = views.participation().get("DB|2022-11");
    assertThat(row.getUnitId()).isEqualTo("DB");
    assertThat(row.getPeriod()).isEqualTo("2022-11");
    assertThat(row.getUpdatedAt()).isEqualTo(Instant.EPOCH);
    assertThat(views.participation("DB", Period.parse("2022-11"))).isEqualTo(row);
  }

  @Test
  void withoutAnyEventThereAreNoRowsButMembersAreStillEligible() {
    BatchViews views = BatchViews.compute(smallProvince()
        .membership("ms-alice", "alice", "B1", "2020-01-01", null)
        .build());

    assertThat(views.lastYear()).isEmpty();
    assertThat(views.participation()).isEmpty();
    assertThat(eligible(views, "DB", "2023-05")).isEqualTo(1);
  }
}
