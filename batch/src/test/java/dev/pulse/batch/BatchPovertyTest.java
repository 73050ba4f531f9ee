package dev.pulse.batch;

import static dev.pulse.avro.PovertyStatus.NEAR_POOR;
import static dev.pulse.avro.PovertyStatus.NON_POOR;
import static dev.pulse.avro.PovertyStatus.POOR;
import static dev.pulse.batch.Histories.anAssessment;
import static dev.pulse.batch.Histories.at;
import static dev.pulse.batch.Histories.smallProvince;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.PovertyRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC.md §4: poverty exits. */
class BatchPovertyTest {

  /** supported, exited, exitedPoverty, exitedNearPoverty, relapsed, poorAtYearEnd, nearPoorAtYearEnd. */
  private static List<Long> figures(BatchViews views, String unitId, int year) {
    PovertyRow r = views.poverty(unitId, year);
    return List.of(r.getSupportedHouseholds(), r.getExitedHouseholds(), r.getExitedPoverty(),
        r.getExitedNearPoverty(), r.getRelapsedHouseholds(), r.getPoorAtYearEnd(), r.getNearPoorAtYearEnd());
  }

  @Test
  void aHouseholdThatLeavesPovertyOnFirstJanuaryCountsAsSupportedInTheYearItLeft() {
    BatchViews views = BatchViews.compute(smallProvince()
        .assessed("e1", "h1", "B1", POOR, true, "2022-03-01")
        .assessed("e2", "h1", "B1", NON_POOR, false, "2023-01-01")
        .assessed("e3", "h2", "B1", NON_POOR, false, "2024-06-01") // the data reaches 2024
        .build());

    assertThat(figures(views, "B1", 2022)).containsExactly(1L, 0L, 0L, 0L, 0L, 1L, 0L);
    assertThat(figures(views, "B1", 2023)).containsExactly(1L, 1L, 1L, 0L, 0L, 0L, 0L);
    assertThat(figures(views, "DB", 2023)).containsExactly(1L, 1L, 1L, 0L, 0L, 0L, 0L);
    assertThat(figures(views, "B1", 2024)).containsOnly(0L);
  }

  @Test
  void aHouseholdLeavingOnSecondJanuaryIsSupportedInThatYearToo() {
    BatchViews views = BatchViews.compute(smallProvince()
        .assessed("e1", "h1", "B1", NEAR_POOR, true, "2022-03-01")
        .assessed("e2", "h1", "B1", NON_POOR, true, "2023-01-02")
        .build());

    assertThat(figures(views, "B1", 2023)).containsExactly(1L, 1L, 0L, 1L, 0L, 0L, 0L);
  }

  @Test
  void aSameDaySupersededEventTakesNoPart() {
    // On 1 May two assessments: the earlier recorded (NON_POOR, supported) is superseded by the
    // later recorded (POOR, unsupported) whatever their log order. No change on 1 May then, and no support.
    BatchViews views = BatchViews.compute(smallProvince()
        .assessed("e1", "h1", "B1", POOR, false, "2023-01-10")
        .household(anAssessment("e3", "h1", "B1", POOR, false, "2023-05-01").setRecordedAt(at("2023-05-03T00:00Z")))
        .household(anAssessment("e2", "h1", "B1", NON_POOR, true, "2023-05-01").setRecordedAt(at("2023-05-02T00:00Z")))
        .build());

    assertThat(figures(views, "B1", 2023)).containsExactly(0L, 0L, 0L, 0L, 0L, 1L, 0L);
  }

  @Test
  void aSupersededEventIsNoStepBetweenItsNeighbours() {
    // POOR -> (NON_POOR superseded by NEAR_POOR on the same day): one exit from poverty, no near-poverty exit.
    BatchViews views = BatchViews.compute(smallProvince()
        .assessed("e1", "h1", "B1", POOR, true, "2023-01-10")
        .assessed("e2", "h1", "B1", NON_POOR, true, "2023-06-01")
        .assessed("e3", "h1", "B1", NEAR_POOR, true, "2023-06-01")
        .build());

    assertThat(figures(views, "B1", 2023)).containsExactly(1L, 1L, 1L, 0L, 0L, 0L, 1L);
  }

  @Test
  void onTheSameDayAndRecordedAtTheGreatestEventIdIsInForce() {
    BatchViews views = BatchViews.compute(smallProvince()
        .household(anAssessment("e-b", "h1", "B1", POOR, true, "2023-05-01").setRecordedAt(at("2023-05-02T00:00Z")))
        .household(anAssessment("e-a", "h1", "B1", NEAR_POOR, true, "2023-05-01").setRecordedAt(at("2023-05-02T00:00Z")))
        .build());

    assertThat(figures(views, "B1", 2023)).containsExactly(1L, 0L, 0L, 0L, 0L, 1L, 0L);
  }

  @Test
  void theHouseholdBelongsForAYearToTheBranchOfItsLastEventByThirtyFirstDecember() {
    BatchViews views = BatchViews.compute(smallProvince()
        .assessed("e1", "h1", "B1", POOR, true, "2022-03-01")
        .assessed("e2", "h1", "B3", POOR, true, "2023-12-31")
        .assessed("e3", "h1", "B4", NEAR_POOR, true, "2024-01-01")
        .build());

    assertThat(figures(views, "C1", 2022)).containsExactly(1L, 0L, 0L, 0L, 0L, 1L, 0L);
    assertThat(figures(views, "C1", 2023)).containsOnly(0L);
    assertThat(figures(views, "C2", 2023)).containsExactly(1L, 0L, 0L, 0L, 0L, 1L, 0L);
    assertThat(figures(views, "DB-03", 2024)).containsOnly(0L);
    assertThat(figures(views, "DB-04", 2024)).containsExactly(1L, 1L, 1L, 0L, 0L, 0L, 1L);
    assertThat(figures(views, "DB", 2024)).containsExactly(1L, 1L, 1L, 0L, 0L, 0L, 1L);
  }

  @Test
  void aHouseholdWithNoEventByThirtyFirstDecemberIsNotCountedThatYear() {
    BatchViews views = BatchViews.compute(smallProvince()
        .assessed("e0", "h0", "B2", POOR, false, "2022-05-01")
        .assessed("e1", "h1", "B1", POOR, true, "2023-01-01")
        .build());

    assertThat(figures(views, "B1", 2022)).containsOnly(0L);
    assertThat(views.poverty()).doesNotContainKey("B1|2022");
    assertThat(figures(views, "B1", 2023)).containsExactly(1L, 0L, 0L, 0L, 0L, 1L, 0L);
  }

  @Test
  void supportedMeansPoorOrNearPoorUnderAnEventSupportedByTheUnion() {
    BatchViews views = BatchViews.compute(smallProvince()
        .assessed("e1", "h1", "B1", POOR, false, "2023-02-01")      // poor, not supported
        .assessed("e2", "h2", "B1", NON_POOR, true, "2023-02-01")   // supported, but not poor
        .assessed("e3", "h3", "B1", NEAR_POOR, true, "2023-02-01")  // supported while near-poor
        .build());

    assertThat(figures(views, "B1", 2023)).containsExactly(1L, 0L, 0L, 0L, 0L, 1L, 1L);
  }

  @Test
  void supportThatEndedBeforeThirtyFirstDecemberOfThePreviousYearDoesNotCount() {
    // Supported while poor in 2022 until 30 December; from 30 December 2022 poor without support.
    BatchViews views = BatchViews.compute(smallProvince()
        .assessed("e1", "h1", "B1", POOR, true, "2022-03-01")
        .assessed("e2", "h1", "B1", POOR, false, "2022-12-30")
        .assessed("e3", "h1", "B1", NON_POOR, false, "2023-06-01")
        .build());

    assertThat(figures(views, "B1", 2022)).containsExactly(1L, 0L, 0L, 0L, 0L, 1L, 0L);
    assertThat(figures(views, "B1", 2023)).containsExactly(0L, 0L, 0L, 0L, 0L, 0L, 0L);
  }

  @Test
  void improvementsCountOnlyForSupportedHouseholdsAndEachKindOnce() {
    BatchViews views = BatchViews.compute(smallProvince()
        // Supported: POOR -> NEAR_POOR -> NON_POOR in 2023, both kinds, one household.
        .assessed("e1", "h1", "B1", POOR, true, "2022-03-01")
        .assessed("e2", "h1", "B1", NEAR_POOR, true, "2023-03-01")
        .assessed("e3", "h1", "B1", NON_POOR, false, "2023-09-01")
        // Supported: POOR -> NON_POOR, an exit from poverty only.
        .assessed("e4", "h2", "B1", POOR, true, "2022-03-01")
        .assessed("e5", "h2", "B1", NON_POOR, false, "2023-03-01")
        // Not supported: its exit counts nowhere.
        .assessed("e6", "h3", "B1", POOR, false, "2022-03-01")
        .assessed("e7", "h3", "B1", NON_POOR, false, "2023-03-01")
        .build());

    assertThat(figures(views, "B1", 2023)).containsExactly(2L, 2L, 2L, 1L, 0L, 0L, 0L);
  }

  @Test
  void aChangeIsComparedWithThePreviousInForceEventEvenFromAnEarlierYear() {
    BatchViews views = BatchViews.compute(smallProvince()
        .assessed("e1", "h1", "B1", NEAR_POOR, true, "2021-06-01")
        .assessed("e2", "h1", "B1", NEAR_POOR, true, "2022-06-01")  // no change
        .assessed("e3", "h1", "B1", NON_POOR, true, "2023-02-01")
        .build());

    assertThat(figures(views, "B1", 2022)).containsExactly(1L, 0L, 0L, 0L, 0L, 0L, 1L);
    assertThat(figures(views, "B1", 2023)).containsExactly(1L, 1L, 0L, 1L, 0L, 0L, 0L);
  }

  @Test
  void aHouseholdsFirstEventIsNoChange() {
    BatchViews views = BatchViews.compute(smallProvince()
        .assessed("e1", "h1", "B1", NEAR_POOR, true, "2023-02-01")
        .assessed("e2", "h2", "B1", NON_POOR, false, "2023-02-01")
        .build());

    assertThat(figures(views, "B1", 2023)).containsExactly(1L, 0L, 0L, 0L, 0L, 0L, 1L);
  }

  @Test
  void aRelapseCountsWhetherTheHouseholdIsSupportedOrNot() {
    BatchViews views = BatchViews.compute(smallProvince()
        .assessed("e1", "h1", "B1", NON_POOR, false, "2022-03-01")
        .assessed("e2", "h1", "B1", NEAR_POOR, false, "2023-03-01")
        .assessed("e3", "h2", "B1", NEAR_POOR, true, "2022-03-01")
        .assessed("e4", "h2", "B1", POOR, true, "2023-03-01")
        .assessed("e5", "h3", "B1", POOR, true, "2022-03-01")
        .assessed("e6", "h3", "B1", NON_POOR, true, "2023-03-01")
        .assessed("e7", "h3", "B1", POOR, true, "2023-10-01")
        .build());

    // h3 both exited and relapsed in 2023.
    assertThat(figures(views, "B1", 2023)).containsExactly(2L, 1L, 1L, 0L, 3L, 2L, 1L);
  }

  @Test
  void yearEndCountsContinueInYearsWithoutNewEvents() {
    BatchViews views = BatchViews.compute(smallProvince()
        .assessed("e1", "h1", "B1", POOR, true, "2021-03-01")
        .assessed("e2", "h2", "B3", NON_POOR, false, "2023-03-01")
        .build());

    assertThat(views.poverty()).containsKeys("B1|2021", "B1|2022", "B1|2023", "DB|2023");
    assertThat(figures(views, "B1", 2022)).containsExactly(1L, 0L, 0L, 0L, 0L, 1L, 0L);
    assertThat(figures(views, "DB", 2023)).containsExactly(1L, 0L, 0L, 0L, 0L, 1L, 0L);
    // After the last year of the data the figures stay as they were at its end.
    assertThat(views.poverty()).doesNotContainKey("B1|2024");
    assertThat(figures(views, "B1", 2030)).containsExactly(1L, 0L, 0L, 0L, 0L, 1L, 0L);
    assertThat(views.poverty("B1", 2030).getYear()).isEqualTo(2030);
  }

  @Test
  void aHouseholdEventInAnUnknownBranchIsNotPartOfTheTimeline() {
    // The event in NOWHERE waits for its unit: meanwhile the household is POOR in B1 all along.
    BatchViews views = BatchViews.compute(smallProvince()
        .assessed("e1", "h1", "B1", POOR, true, "2022-03-01")
        .assessed("e2", "h1", "NOWHERE", NON_POOR, false, "2023-03-01")
        .build());

    assertThat(figures(views, "B1", 2023)).containsExactly(1L, 0L, 0L, 0L, 0L, 1L, 0L);
  }
}
