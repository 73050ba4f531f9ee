package dev.pulse.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.streams.domain.Facts.HouseholdEventFact;
import dev.pulse.streams.domain.HouseholdTimeline.YearFigures;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC.md §4, one household at a time. */
class HouseholdTimelineTest {

  private static long recorded = 0;

  private static HouseholdEventFact event(String id, String day, String status, boolean supported) {
    return new HouseholdEventFact(id, "h1", "B1", status, supported, LocalDate.parse(day), ++recorded);
  }

  @Test
  void aHouseholdThatLeavesPovertyOnFirstJanuaryIsSupportedAndExitedInThatYear() {
    YearFigures y2023 = HouseholdTimeline.of(List.of(
        event("e1", "2022-03-01", "POOR", true),
        event("e2", "2023-01-01", "NON_POOR", false))).year(2023);

    assertThat(y2023.supported()).isTrue();
    assertThat(y2023.exitedPoverty()).isTrue();
    assertThat(y2023.exitedNearPoverty()).isFalse();
    assertThat(y2023.yearEndStatus()).isEqualTo("NON_POOR");
  }

  @Test
  void ofSeveralEventsOnOneDayOnlyTheLastInOrderIsEverInForce() {
    // e2 (NEAR_POOR) is superseded on its day by e3 (POOR): no exit happened, and no relapse either.
    HouseholdTimeline t = HouseholdTimeline.of(List.of(
        event("e1", "2023-01-10", "POOR", true),
        event("e2", "2023-05-01", "NEAR_POOR", true),
        event("e3", "2023-05-01", "POOR", true)));

    assertThat(t.inForce()).extracting(HouseholdEventFact::eventId).containsExactly("e1", "e3");
    YearFigures y = t.year(2023);
    assertThat(y.exited()).isFalse();
    assertThat(y.relapsed()).isFalse();
  }

  @Test
  void aRelapseCountsWhetherOrNotTheHouseholdIsSupported() {
    YearFigures y = HouseholdTimeline.of(List.of(
        event("e1", "2022-06-01", "NON_POOR", false),
        event("e2", "2023-06-01", "NEAR_POOR", false))).year(2023);

    assertThat(y.supported()).isFalse();
    assertThat(y.relapsed()).isTrue();
    assertThat(y.yearEndStatus()).isEqualTo("NEAR_POOR");
  }

  @Test
  void anImprovementOfAnUnsupportedHouseholdIsNoExit() {
    YearFigures y = HouseholdTimeline.of(List.of(
        event("e1", "2022-06-01", "POOR", false),
        event("e2", "2023-06-01", "NON_POOR", false))).year(2023);

    assertThat(y.exitedPoverty()).isFalse();
    assertThat(y.exited()).isFalse();
  }

  @Test
  void aHouseholdWithNoEventByYearEndIsNotCountedAndTheLastEventLastsIndefinitely() {
    HouseholdTimeline t = HouseholdTimeline.of(List.of(event("e1", "2023-06-01", "POOR", true)));

    assertThat(t.year(2022)).isNull();
    assertThat(t.year(2026).yearEndStatus()).isEqualTo("POOR");
    assertThat(t.year(2026).supported()).isTrue();
    assertThat(t.years(new YearRange(2021, 2024)).keySet()).containsExactly(2023, 2024);
  }

  @Test
  void supportEndedTheDayBeforeTheYearDoesNotMakeTheHouseholdSupported() {
    // POOR and supported until 30 Dec 2022; NON_POOR from 31 Dec 2022: nothing poor holds in [31 Dec 2022, 31 Dec 2023].
    YearFigures y = HouseholdTimeline.of(List.of(
        event("e1", "2022-01-01", "POOR", true),
        event("e2", "2022-12-31", "NON_POOR", false))).year(2023);

    assertThat(y.supported()).isFalse();
  }
}
