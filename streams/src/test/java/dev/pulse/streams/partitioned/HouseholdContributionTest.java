package dev.pulse.streams.partitioned;

import static dev.pulse.streams.partitioned.HouseholdContribution.EXITED;
import static dev.pulse.streams.partitioned.HouseholdContribution.EXITED_NEAR_POVERTY;
import static dev.pulse.streams.partitioned.HouseholdContribution.EXITED_POVERTY;
import static dev.pulse.streams.partitioned.HouseholdContribution.NEAR_POOR;
import static dev.pulse.streams.partitioned.HouseholdContribution.NEAR_POOR_AT_YEAR_END;
import static dev.pulse.streams.partitioned.HouseholdContribution.NON_POOR;
import static dev.pulse.streams.partitioned.HouseholdContribution.POOR;
import static dev.pulse.streams.partitioned.HouseholdContribution.POOR_AT_YEAR_END;
import static dev.pulse.streams.partitioned.HouseholdContribution.RELAPSED;
import static dev.pulse.streams.partitioned.HouseholdContribution.SUPPORTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.PovertyRow;
import dev.pulse.avro.PovertyStatus;
import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import dev.pulse.batch.BatchViews;
import dev.pulse.batch.History;
import dev.pulse.batch.LogRecord;
import dev.pulse.contract.UnitTree;
import dev.pulse.streams.partitioned.HouseholdContribution.Event;
import dev.pulse.streams.partitioned.HouseholdContribution.Range;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * One household's contribution to the poverty rows (SPEC.md §4), on hand-made timelines, and on
 * random ones against the batch recomputation.
 */
class HouseholdContributionTest {

  /** P ← D ← C1 ← B1, D ← C2 ← B2. */
  private final Map<String, UnitTree.Node> nodes = new HashMap<>(Map.of(
      "P", new UnitTree.Node("P", null, UnitLevel.PROVINCE),
      "D", new UnitTree.Node("D", "P", UnitLevel.DISTRICT),
      "C1", new UnitTree.Node("C1", "D", UnitLevel.COMMUNE),
      "C2", new UnitTree.Node("C2", "D", UnitLevel.COMMUNE),
      "B1", new UnitTree.Node("B1", "C1", UnitLevel.BRANCH),
      "B2", new UnitTree.Node("B2", "C2", UnitLevel.BRANCH)));
  private final UnitTree tree = UnitTree.over(nodes::get);

  @Test
  void aHouseholdThatLeavesPovertyOnTheFirstOfJanuaryCountsAsSupportedAndExitedInTheYearItLeft() {
    Map<String, Event> events = Map.of(
        "e1", event("B1", POOR, true, "2022-03-01", 1),
        "e2", event("B1", NON_POOR, false, "2023-01-01", 2));
    Set<Range> ranges = HouseholdContribution.of(events, tree).ranges();
    for (String u : List.of("B1", "C1", "D", "P")) {
      assertThat(ranges).contains(
          new Range(u, SUPPORTED, 2022, 2023),
          new Range(u, POOR_AT_YEAR_END, 2022, 2022),
          new Range(u, EXITED, 2023, 2023),
          new Range(u, EXITED_POVERTY, 2023, 2023));
    }
    assertThat(ranges).hasSize(16).noneMatch(r -> r.to() == Wire.OPEN).noneMatch(r -> r.metric() == RELAPSED);
  }

  @Test
  void aHouseholdThatMovesBranchCountsAtItsOldBranchUntilTheYearItMovedAndAtTheNewOneSince() {
    Map<String, Event> events = Map.of(
        "e1", event("B1", POOR, true, "2021-05-01", 1),
        "e2", event("B2", POOR, true, "2022-06-01", 2));
    Set<Range> ranges = HouseholdContribution.of(events, tree).ranges();
    assertThat(ranges).containsExactlyInAnyOrder(
        new Range("B1", SUPPORTED, 2021, 2021), new Range("B1", POOR_AT_YEAR_END, 2021, 2021),
        new Range("C1", SUPPORTED, 2021, 2021), new Range("C1", POOR_AT_YEAR_END, 2021, 2021),
        new Range("B2", SUPPORTED, 2022, Wire.OPEN), new Range("B2", POOR_AT_YEAR_END, 2022, Wire.OPEN),
        new Range("C2", SUPPORTED, 2022, Wire.OPEN), new Range("C2", POOR_AT_YEAR_END, 2022, Wire.OPEN),
        // the district and the province hold it all along: one open range each
        new Range("D", SUPPORTED, 2021, Wire.OPEN), new Range("D", POOR_AT_YEAR_END, 2021, Wire.OPEN),
        new Range("P", SUPPORTED, 2021, Wire.OPEN), new Range("P", POOR_AT_YEAR_END, 2021, Wire.OPEN));
  }

  @Test
  void ofTheEventsOfOneDayOnlyTheLastIsInForceAndTheOthersTakePartInNoRule() {
    Map<String, Event> events = Map.of(
        "e0", event("B1", NEAR_POOR, true, "2021-01-10", 1),
        "e1", event("B1", POOR, true, "2022-04-01", 10), // superseded: no relapse to POOR, no exit from it
        "a2", event("B1", NON_POOR, false, "2022-04-01", 20),
        "b2", event("B1", NEAR_POOR, false, "2022-09-09", 30),
        "a3", event("B1", POOR, true, "2022-09-09", 30)); // same day and recordedAt: eventId "b2" > "a3" stands
    Set<Range> ranges = HouseholdContribution.of(events, tree).ranges();
    assertThat(ranges).filteredOn(r -> r.unitId().equals("B1")).containsExactlyInAnyOrder(
        new Range("B1", SUPPORTED, 2021, 2022),
        new Range("B1", NEAR_POOR_AT_YEAR_END, 2021, Wire.OPEN),
        new Range("B1", EXITED, 2022, 2022),
        new Range("B1", EXITED_NEAR_POVERTY, 2022, 2022),
        new Range("B1", RELAPSED, 2022, 2022)); // NON_POOR → NEAR_POOR in September
  }

  @Test
  void aRelapseCountsWhetherOrNotTheHouseholdIsSupported() {
    Map<String, Event> events = Map.of(
        "e1", event("B2", NON_POOR, false, "2021-02-01", 1),
        "e2", event("B2", POOR, false, "2022-07-01", 2));
    Set<Range> ranges = HouseholdContribution.of(events, tree).ranges();
    assertThat(ranges).filteredOn(r -> r.unitId().equals("P")).containsExactlyInAnyOrder(
        new Range("P", RELAPSED, 2022, 2022), new Range("P", POOR_AT_YEAR_END, 2022, Wire.OPEN));
  }

  @Test
  void anEventWhoseBranchIsNotAKnownBranchIsNoPartOfTheTimelineUntilItIs() {
    Map<String, Event> events = Map.of(
        "e1", event("B1", POOR, true, "2021-05-01", 1),
        "e2", event("BX", NON_POOR, false, "2022-05-01", 2),
        "e3", event("C1", NON_POOR, false, "2022-06-01", 3)); // a commune: never counts
    Set<Range> ranges = HouseholdContribution.of(events, tree).ranges();
    assertThat(ranges).filteredOn(r -> r.unitId().equals("B1")).containsExactlyInAnyOrder(
        new Range("B1", SUPPORTED, 2021, Wire.OPEN), new Range("B1", POOR_AT_YEAR_END, 2021, Wire.OPEN));
    assertThat(ranges).noneMatch(r -> r.unitId().equals("BX"));

    nodes.put("BX", new UnitTree.Node("BX", "C2", UnitLevel.BRANCH));
    ranges = HouseholdContribution.of(events, tree).ranges();
    assertThat(ranges).filteredOn(r -> r.unitId().equals("BX")).containsExactlyInAnyOrder( // it left poverty there
        new Range("BX", SUPPORTED, 2022, 2022), new Range("BX", EXITED, 2022, 2022),
        new Range("BX", EXITED_POVERTY, 2022, 2022));
    assertThat(ranges).filteredOn(r -> r.unitId().equals("B1")).containsExactlyInAnyOrder(
        new Range("B1", SUPPORTED, 2021, 2021), new Range("B1", POOR_AT_YEAR_END, 2021, 2021));
    assertThat(ranges).contains(new Range("C2", EXITED_POVERTY, 2022, 2022), new Range("D", SUPPORTED, 2021, 2022));
  }

  @Test
  void theDifferenceSendsOnlyWhatChanged() {
    HouseholdContribution before =
        HouseholdContribution.of(Map.of("e1", event("B1", POOR, true, "2021-05-01", 1)), tree);
    HouseholdContribution after = HouseholdContribution.of(Map.of("e1", event("B1", POOR, true, "2021-05-01", 1),
        "e2", event("B1", NEAR_POOR, true, "2023-05-01", 2)), tree);
    Map<String, List<PovertyWire.Delta>> deltas = after.minus(before);
    assertThat(deltas).containsOnlyKeys("B1", "C1", "D", "P");
    assertThat(deltas.get("B1")).containsExactlyInAnyOrder( // SUPPORTED [2021, OPEN] stays
        new PovertyWire.Delta(POOR_AT_YEAR_END, 2021, Wire.OPEN, -1),
        new PovertyWire.Delta(POOR_AT_YEAR_END, 2021, 2022, 1),
        new PovertyWire.Delta(NEAR_POOR_AT_YEAR_END, 2023, Wire.OPEN, 1),
        new PovertyWire.Delta(EXITED, 2023, 2023, 1),
        new PovertyWire.Delta(EXITED_POVERTY, 2023, 2023, 1));
    assertThat(before.minus(before)).isEmpty();
  }

  @Test
  void theStateKeepsEventsAndWhatWasSent() {
    HouseholdState st = HouseholdState.empty();
    st.events.put("e1", event("B1", POOR, true, "2021-05-01", 1));
    st.events.put("e2", event("B2", NEAR_POOR, false, "2022-05-01", 2));
    st.sent = HouseholdContribution.of(st.events, tree);
    HouseholdState back = HouseholdState.decode(st.encode());
    assertThat(back.events).isEqualTo(st.events);
    assertThat(back.sent).isEqualTo(st.sent);
  }

  /**
   * Random households on a fixed tree: the sum of their contributions over the covered years is
   * the batch recomputation's poverty rows, row for row.
   */
  @Test
  void summedContributionsEqualTheBatchRowsOnRandomTimelines() {
    int compared = 0;
    for (long seed = 1; seed <= 200; seed++) {
      Random random = new Random(seed);
      List<LogRecord<HouseholdStatus>> log = new ArrayList<>();
      Map<String, Map<String, Event>> byHousehold = new HashMap<>();
      String[] branches = {"B1", "B2", "BX", "C1"};
      PovertyStatus[] statuses = PovertyStatus.values();
      int households = 1 + random.nextInt(6);
      long position = 0;
      for (int h = 0; h < households; h++) {
        LocalDate d = LocalDate.of(2020, 1, 1).plusDays(random.nextInt(900));
        for (int e = 0; e < 1 + random.nextInt(6); e++) {
          PovertyStatus s = statuses[random.nextInt(3)];
          String branch = branches[random.nextInt(random.nextInt(4) == 0 ? 4 : 2)];
          boolean supported = random.nextBoolean();
          long recordedAt = 1000 + random.nextInt(4); // ties happen
          String id = "e" + h + "-" + e;
          log.add(new LogRecord<>("h" + h, HouseholdStatus.newBuilder().setEventId(id).setHouseholdId("h" + h)
              .setBranchId(branch).setStatus(s).setSupportedByUnion(supported).setSupports(List.of())
              .setAssessedOn(d).setRecordedAt(Instant.ofEpochMilli(recordedAt)).build(), position++));
          byHousehold.computeIfAbsent("h" + h, k -> new HashMap<>())
              .put(id, event(branch, PovertyStage.rank(s), supported, d.toString(), recordedAt));
          if (random.nextInt(3) == 0) continue; // another event on the same day
          d = random.nextInt(3) == 0 ? LocalDate.of(d.getYear() + 1, 1, 1) : d.plusDays(random.nextInt(400));
        }
      }
      List<LogRecord<Unit>> units = new ArrayList<>();
      nodes.values().forEach(n -> units.add(new LogRecord<>(n.unitId(), Unit.newBuilder().setUnitId(n.unitId())
          .setParentId(n.parentId()).setLevel(n.level()).setName(n.unitId()).build(), 0)));
      BatchViews batch = BatchViews.compute(new History(units, List.of(), List.of(), List.of(), log));
      int first = batch.firstYear().getAsInt();
      int last = batch.lastYear().getAsInt();

      Map<String, long[]> sums = new TreeMap<>();
      for (Map<String, Event> events : byHousehold.values()) {
        for (Range r : HouseholdContribution.of(events, tree).ranges()) {
          for (int y = Math.max(first, r.from()); y <= Math.min(last, r.to()); y++) {
            sums.computeIfAbsent(r.unitId() + "|" + y, k -> new long[HouseholdContribution.METRICS])[r.metric()]++;
          }
        }
      }
      Map<String, PovertyRow> expected = new TreeMap<>(batch.poverty());
      Map<String, List<Long>> actual = new TreeMap<>();
      sums.forEach((k, v) -> actual.put(k, figures(v)));
      Map<String, List<Long>> wanted = new TreeMap<>();
      expected.forEach((k, row) -> wanted.put(k, List.of(row.getSupportedHouseholds(), row.getExitedHouseholds(),
          row.getExitedPoverty(), row.getExitedNearPoverty(), row.getRelapsedHouseholds(), row.getPoorAtYearEnd(),
          row.getNearPoorAtYearEnd())));
      actual.values().removeIf(v -> v.stream().allMatch(x -> x == 0));
      assertThat(actual).as("seed %d", seed).isEqualTo(wanted);
      compared += wanted.size();
    }
    assertThat(compared).as("non-zero batch rows compared").isGreaterThan(1_000);
  }

  private static List<Long> figures(long[] v) {
    List<Long> out = new ArrayList<>();
    for (long x : v) out.add(x);
    return out;
  }

  private static Event event(String branch, int status, boolean supported, String day, long recordedAt) {
    return new Event(branch, status, supported, (int) LocalDate.parse(day).toEpochDay(), recordedAt);
  }
}
