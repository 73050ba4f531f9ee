package dev.pulse.batch;

import static dev.pulse.batch.Histories.anActivity;
import static dev.pulse.batch.Histories.smallProvince;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.ActivityMode;
import dev.pulse.avro.Channel;
import dev.pulse.contract.Period;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC.md §5: activities. */
class BatchActivitiesTest {

  private static final Period MARCH = Period.parse("2023-03");

  @Test
  void heldActivitiesAreCountedByModeForTheOrganiserAndEveryUnitAboveIt() {
    BatchViews views = BatchViews.compute(smallProvince()
        .held("a1", "B1", "2023-03-01T09:00+07:00")
        .activity(anActivity("a2", "B2", "2023-03-02T09:00+07:00").setMode(ActivityMode.ONLINE))
        .activity(anActivity("a3", "B3", "2023-03-03T09:00+07:00").setMode(ActivityMode.HYBRID))
        .held("a4", "B4", "2023-04-01T09:00+07:00")
        .build());

    ActivitiesRow c1 = views.activities("C1", MARCH);
    assertThat(List.of(c1.getHeld(), c1.getInPerson(), c1.getOnline(), c1.getHybrid())).containsExactly(2L, 1L, 1L, 0L);
    ActivitiesRow district = views.activities("DB-03", Period.parse("2023-Q1"));
    assertThat(List.of(district.getHeld(), district.getInPerson(), district.getOnline(), district.getHybrid()))
        .containsExactly(3L, 1L, 1L, 1L);
    assertThat(views.activities("DB", Period.parse("2023")).getHeld()).isEqualTo(4);
    assertThat(views.activities("DB", MARCH).getHeld()).isEqualTo(3);
    assertThat(views.activities("B4", MARCH).getHeld()).isZero();
  }

  @Test
  void anActivityOrganisedAboveTheBranchesCountsForItsOrganiserAndAboveButNotBelow() {
    BatchViews views = BatchViews.compute(smallProvince()
        .held("women-day", "C1", "2023-03-08T09:00+07:00")
        .held("nowhere", "UNKNOWN", "2023-03-08T09:00+07:00")
        .build());

    assertThat(views.activities("C1", MARCH).getHeld()).isEqualTo(1);
    assertThat(views.activities("DB", MARCH).getHeld()).isEqualTo(1);
    assertThat(views.activities("B1", MARCH).getHeld()).isZero();
    assertThat(views.activities()).doesNotContainKey("UNKNOWN|2023-03");
  }

  @Test
  void publicisedCountsActivitiesWithAnyChannelAndByChannelCountsEachChannelOncePerActivity() {
    BatchViews views = BatchViews.compute(smallProvince()
        .activity(anActivity("a1", "B1", "2023-03-01T09:00+07:00")
            .setChannels(List.of(Channel.ZALO, Channel.FACEBOOK, Channel.ZALO)))
        .activity(anActivity("a2", "B1", "2023-03-02T09:00+07:00").setChannels(List.of(Channel.ZALO)))
        .held("a3", "B1", "2023-03-03T09:00+07:00")
        .build());

    ActivitiesRow row = views.activities("B1", MARCH);
    assertThat(row.getHeld()).isEqualTo(3);
    assertThat(row.getPublicised()).isEqualTo(2);
    assertThat(row.getByChannel()).isEqualTo(Map.of("ZALO", 2L, "FACEBOOK", 1L));
  }

  @Test
  void attendancesCountStandingPresentRecordsAtThoseActivitiesWhateverTheMembersBranch() {
    // bob belongs to B4 in another district, carol to nothing; attendance is placed by the activity,
    // even when recorded as attended the next month.
    BatchViews views = BatchViews.compute(smallProvince()
        .membership("ms-alice", "alice", "B1", "2020-01-01", null)
        .membership("ms-bob", "bob", "B4", "2020-01-01", null)
        .held("a1", "B1", "2023-03-31T09:00+07:00")
        .present("t1", "a1", "alice", "2023-03-31T09:00+07:00")
        .present("t2", "a1", "bob", "2023-03-31T09:00+07:00")
        .present("t3", "a1", "carol", "2023-04-01T09:00+07:00")
        .present("t4", "a1", "dan", "2023-03-31T09:00+07:00")
        .retracted("t4", "a1", "dan", "2023-03-31T09:00+07:00")
        .build());

    assertThat(views.activities("B1", MARCH).getAttendances()).isEqualTo(3);
    assertThat(views.activities("DB", MARCH).getAttendances()).isEqualTo(3);
    assertThat(views.activities("B1", Period.parse("2023-04")).getAttendances()).isZero();
    assertThat(views.activities("DB-04", MARCH).getAttendances()).isZero();
  }

  @Test
  void anAbsentRowIsAnsweredWithZeros() {
    BatchViews views = BatchViews.compute(smallProvince().held("a1", "B1", "2023-03-01T09:00+07:00").build());

    ActivitiesRow row = views.activities("B2", MARCH);
    assertThat(row.getUnitId()).isEqualTo("B2");
    assertThat(row.getPeriod()).isEqualTo("2023-03");
    assertThat(List.of(row.getHeld(), row.getAttendances(), row.getPublicised())).containsOnly(0L);
    assertThat(row.getByChannel()).isEmpty();
    assertThat(views.activities()).containsOnlyKeys(
        "B1|2023", "B1|2023-Q1", "B1|2023-03", "C1|2023", "C1|2023-Q1", "C1|2023-03",
        "DB-03|2023", "DB-03|2023-Q1", "DB-03|2023-03", "DB|2023", "DB|2023-Q1", "DB|2023-03");
  }
}
