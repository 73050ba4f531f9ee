package dev.pulse.streams.partitioned;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.UnitLevel;
import dev.pulse.contract.UnitTree;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * SPEC.md §5 for one activity: where its standing version counts, and what the rows get when it
 * changes (a cancellation, a new organiser, a retracted attendance record).
 */
class ActivityContributionTest {

  private static final int MAY_10 = (int) LocalDate.of(2023, 5, 10).toEpochDay();
  private static final int IN_PERSON = 0;
  private static final int ONLINE = 1;
  private static final int ZALO = 1;
  private static final int FANPAGE = 1 << 2;

  private final Map<String, UnitTree.Node> units = new HashMap<>();
  private final UnitTree tree = UnitTree.over(units::get);

  ActivityContributionTest() {
    unit("DB", null, UnitLevel.PROVINCE);
    unit("D1", "DB", UnitLevel.DISTRICT);
    unit("D2", "DB", UnitLevel.DISTRICT);
    unit("C1", "D1", UnitLevel.COMMUNE);
    unit("C3", "D2", UnitLevel.COMMUNE);
    unit("B1", "C1", UnitLevel.BRANCH);
  }

  @Test
  void aHeldActivityCountsOnceInEachUnitAboveItsOrganiserAndEachPeriodOfItsDay() {
    var c = ActivityContribution.of(version("B1", 1, true, ONLINE, ZALO | FANPAGE), 3, tree);

    Map<String, Map<String, long[]>> rows = rows(c.minus(ActivityContribution.NONE));
    assertThat(rows.keySet()).containsExactlyInAnyOrder("B1", "C1", "D1", "DB");
    assertThat(rows.get("DB").keySet()).containsExactlyInAnyOrder("2023", "2023-Q2", "2023-05");
    //                                        held in-person online hybrid publicised ZALO FACEBOOK FANPAGE WEBSITE OTHER attendances
    assertThat(rows.get("C1").get("2023-05")).containsExactly(1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 3);
  }

  @Test
  void anActivityOrganisedByADistrictCountsAtTheDistrictAndAboveOnly() {
    var c = ActivityContribution.of(version("D1", 1, true, IN_PERSON, 0), 0, tree);

    Map<String, Map<String, long[]>> rows = rows(c.minus(ActivityContribution.NONE));
    assertThat(rows.keySet()).containsExactlyInAnyOrder("D1", "DB");
    assertThat(rows.get("D1").get("2023")).containsExactly(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void aCancelledActivityCountsNowhereAndTakesBackWhatItSent() {
    var held = ActivityContribution.of(version("B1", 1, true, IN_PERSON, ZALO), 2, tree);
    var cancelled = ActivityContribution.of(version("B1", 2, false, IN_PERSON, ZALO), 2, tree);

    assertThat(cancelled.isNone()).isTrue();
    Map<String, Map<String, long[]>> rows = rows(cancelled.minus(held));
    assertThat(rows.keySet()).containsExactlyInAnyOrder("B1", "C1", "D1", "DB");
    assertThat(rows.get("DB").get("2023-Q2")).containsExactly(-1, -1, 0, 0, -1, -1, 0, 0, 0, 0, -2);
  }

  @Test
  void aCancelledActivityHeldAgainStandsByItsLatestVersionNotItsLastArrival() {
    ActivityState st = ActivityState.decode(null);
    assertThat(st.offer(version("B1", 10, true, IN_PERSON, 0))).isTrue();
    assertThat(st.offer(version("B1", 20, false, IN_PERSON, 0))).isTrue();
    assertThat(st.offer(version("B1", 30, true, ONLINE, 0))).isTrue();
    assertThat(st.offer(version("B1", 15, false, IN_PERSON, 0))).as("a stale cancellation arriving late").isFalse();
    assertThat(st.offer(version("B1", 30, true, ONLINE, 0))).as("the same version again").isFalse();

    var c = ActivityContribution.of(st.version, 0, tree);
    assertThat(rows(c.minus(ActivityContribution.NONE)).get("B1").get("2023-05"))
        .containsExactly(1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0);
    ActivityState back = ActivityState.decode(st.encode());
    assertThat(back.version).isEqualTo(st.version);
  }

  @Test
  void aNewOrganiserMovesTheActivityOnlyWhereTheRollUpsDiffer() {
    var before = ActivityContribution.of(version("C1", 1, true, IN_PERSON, 0), 4, tree);
    var after = ActivityContribution.of(version("C3", 2, true, IN_PERSON, 0), 4, tree);

    Map<String, Map<String, long[]>> rows = rows(after.minus(before));
    assertThat(rows.keySet()).as("the province holds it either way").containsExactlyInAnyOrder("C1", "D1", "C3", "D2");
    assertThat(rows.get("D1").get("2023")).containsExactly(-1, -1, 0, 0, 0, 0, 0, 0, 0, 0, -4);
    assertThat(rows.get("C3").get("2023")).containsExactly(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 4);
  }

  @Test
  void aRetractedAttendanceRecordTakesOneAttendanceFromEveryRowAndNothingElse() {
    var before = ActivityContribution.of(version("B1", 1, true, IN_PERSON, ZALO), 3, tree);
    var after = ActivityContribution.of(version("B1", 1, true, IN_PERSON, ZALO), 2, tree);

    Map<String, Map<String, long[]>> rows = rows(after.minus(before));
    assertThat(rows.keySet()).containsExactlyInAnyOrder("B1", "C1", "D1", "DB");
    for (Map<String, long[]> byPeriod : rows.values()) {
      assertThat(byPeriod.keySet()).containsExactlyInAnyOrder("2023", "2023-Q2", "2023-05");
      byPeriod.values().forEach(f -> assertThat(f).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1));
    }
  }

  @Test
  void anOrganiserOutsideTheTreeCountsNowhereUntilItArrives() {
    var v = version("X9", 1, true, IN_PERSON, 0);
    assertThat(ActivityContribution.of(v, 5, tree).isNone()).isTrue();

    unit("X9", "D2", UnitLevel.COMMUNE);
    assertThat(rows(ActivityContribution.of(v, 5, tree).minus(ActivityContribution.NONE)).keySet())
        .containsExactlyInAnyOrder("X9", "D2", "DB");
  }

  @Test
  void nothingChangesNoRow() {
    var c = ActivityContribution.of(version("B1", 1, true, IN_PERSON, ZALO), 3, tree);
    var again = ActivityContribution.of(version("B1", 2, true, IN_PERSON, ZALO), 3, tree);
    assertThat(again.minus(c)).isEmpty();
  }

  private void unit(String id, String parent, UnitLevel level) {
    units.put(id, new UnitTree.Node(id, parent, level));
  }

  private static ActivityWire.Version version(String organiser, long recordedAt, boolean held, int mode, int channels) {
    return new ActivityWire.Version(organiser, recordedAt, held, mode, MAY_10, channels);
  }

  /** Deltas as unit → period → figures, through the wire as the rows receive them. */
  private static Map<String, Map<String, long[]>> rows(Map<String, List<ActivityWire.RowDelta>> deltas) {
    Map<String, Map<String, long[]>> out = new TreeMap<>();
    deltas.forEach((unit, list) -> {
      for (ActivityWire.RowDelta d : ActivityWire.readRowDeltas(ActivityWire.rowDeltas(list))) {
        out.computeIfAbsent(unit, k -> new TreeMap<>())
            .put(MemberContribution.period(d.kind(), d.ordinal()).toString(), d.figures());
      }
    });
    return out;
  }
}
