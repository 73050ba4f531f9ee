package dev.pulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue #16's goals, judged on made-up figures: met, missed, not judged below province scale, not run. */
class GoalsTest {

  @Test
  void aProvinceAt70kRecordsPerSecondMeetsTheRateBatchAndThreadGoals() {
    List<Goal> goals = Goals.judge(1.0, Figures.pipeline(40_000, 70_000, 30_000), null, null, null, null);

    assertThat(named(goals, Goals.RECORDS_PER_SECOND).verdict()).isEqualTo(Goal.Verdict.MET);
    assertThat(named(goals, Goals.RECORDS_PER_SECOND).figure()).contains("70,000 records/s", "2 threads");
    assertThat(named(goals, Goals.BATCH).verdict()).isEqualTo(Goal.Verdict.MET);
    assertThat(named(goals, Goals.BATCH).figure()).startsWith("2.33");
    assertThat(named(goals, Goals.TWO_THREADS).verdict()).isEqualTo(Goal.Verdict.MET);
    assertThat(named(goals, Goals.TWO_THREADS).figure()).startsWith("1.75");
    assertThat(named(goals, Goals.YEAR).verdict()).isEqualTo(Goal.Verdict.MET);
  }

  @Test
  void slowViewsMissTheRateTheBatchAndTheThreadGoals() {
    List<Goal> goals = Goals.judge(1.0, Figures.pipeline(10_000, 15_000, 30_000), null, null, null, null);

    assertThat(named(goals, Goals.RECORDS_PER_SECOND).verdict()).isEqualTo(Goal.Verdict.MISSED);
    assertThat(named(goals, Goals.BATCH).verdict()).isEqualTo(Goal.Verdict.MISSED);
    assertThat(named(goals, Goals.TWO_THREADS).verdict()).isEqualTo(Goal.Verdict.MISSED);
    assertThat(named(goals, Goals.TWO_THREADS).figure()).startsWith("1.50");
    assertThat(named(goals, Goals.YEAR).verdict()).isEqualTo(Goal.Verdict.MISSED);
  }

  @Test
  void belowProvinceScaleTheRateGoalIsNotJudgedButTheRatiosAre() {
    List<Goal> goals = Goals.judge(0.05, Figures.pipeline(40_000, 70_000, 30_000), null, null, null, null);

    assertThat(named(goals, Goals.RECORDS_PER_SECOND).verdict()).isEqualTo(Goal.Verdict.NOT_JUDGED);
    assertThat(named(goals, Goals.RECORDS_PER_SECOND).figure()).contains("province scale only");
    assertThat(named(goals, Goals.BATCH).verdict()).isEqualTo(Goal.Verdict.MET);
    assertThat(named(goals, Goals.TWO_THREADS).verdict()).isEqualTo(Goal.Verdict.MET);
  }

  @Test
  void withoutOneOfOneAndTwoThreadsTheThreadGoalIsNotRun() {
    PipelineResult full = Figures.pipeline(40_000, 70_000, 30_000);
    PipelineResult twoOnly = new PipelineResult(full.records(), full.engine(), full.pulse(), List.of(full.pulse()),
        full.plainCount(), full.batch(), full.check(), full.batchCheck());

    Goal threads = named(Goals.judge(1.0, twoOnly, null, null, null, null), Goals.TWO_THREADS);

    assertThat(threads.verdict()).isEqualTo(Goal.Verdict.NOT_JUDGED);
    assertThat(threads.figure()).startsWith("not run");
  }

  @Test
  void sectionsThatDidNotRunLeaveEveryGoalNotRun() {
    List<Goal> goals = Goals.judge(1.0, null, null, null, null, null);

    assertThat(goals).extracting(Goal::name).contains(Goals.R1, Goals.R2, Goals.P99, Goals.P99_REPORTED, Goals.YEAR,
        Goals.RECORDS_PER_SECOND, Goals.BATCH, Goals.TWO_THREADS, Goals.READY, Goals.HEAP, Goals.DEMO,
        Goals.NEW_YEAR, Goals.DISTRICT_MOVE);
    assertThat(goals).allSatisfy(g -> {
      assertThat(g.verdict()).isEqualTo(Goal.Verdict.NOT_JUDGED);
      assertThat(g.figure()).startsWith("not run (needs ");
    });
  }

  @Test
  void theP99At10000IsReportedBesideTheJudgedOneAt1000() {
    List<Goal> goals = Goals.judge(1.0, null, null, null, Figures.latency(250, 900), null);

    assertThat(named(goals, Goals.P99).verdict()).isEqualTo(Goal.Verdict.MET);
    assertThat(named(goals, Goals.P99).figure()).isEqualTo("250 ms");
    Goal reported = named(goals, Goals.P99_REPORTED);
    assertThat(reported.verdict()).isEqualTo(Goal.Verdict.REPORTED);
    assertThat(reported.figure()).isEqualTo("900 ms; rate not sustained");
  }

  @Test
  void aQuickDemoNewYearAndMoveMeetTheirGoalsAndSlowOnesMissThem() {
    List<Goal> quick = Goals.judge(1.0, null, null, null, null, Figures.start(12, 4.5, 9.9));
    assertThat(named(quick, Goals.DEMO).verdict()).isEqualTo(Goal.Verdict.MET);
    assertThat(named(quick, Goals.NEW_YEAR).verdict()).isEqualTo(Goal.Verdict.MET);
    assertThat(named(quick, Goals.DISTRICT_MOVE).verdict()).isEqualTo(Goal.Verdict.MET);
    assertThat(named(quick, Goals.DISTRICT_MOVE).figure()).isEqualTo("9.9 s (21% of the eligible members)");

    List<Goal> slow = Goals.judge(1.0, null, null, null, null, Figures.start(45, 12, 60));
    assertThat(named(slow, Goals.DEMO).verdict()).isEqualTo(Goal.Verdict.MISSED);
    assertThat(named(slow, Goals.NEW_YEAR).verdict()).isEqualTo(Goal.Verdict.MISSED);
    assertThat(named(slow, Goals.DISTRICT_MOVE).verdict()).isEqualTo(Goal.Verdict.MISSED);
  }

  @Test
  void belowProvinceScaleTheNewYearAndTheMoveAreNotJudged() {
    List<Goal> goals = Goals.judge(0.3, null, null, null, null, Figures.start(12, 4.5, 60));

    assertThat(named(goals, Goals.NEW_YEAR).verdict()).isEqualTo(Goal.Verdict.NOT_JUDGED);
    assertThat(named(goals, Goals.DISTRICT_MOVE).verdict()).isEqualTo(Goal.Verdict.NOT_JUDGED);
    assertThat(named(goals, Goals.DISTRICT_MOVE).figure()).startsWith("60.0 s").contains("province scale only");
    assertThat(named(goals, Goals.DEMO).verdict()).as("the demo is always the same province").isEqualTo(Goal.Verdict.MET);
  }

  @Test
  void theReferenceThreadCountIsTwoWhenRunElseTheMost() {
    assertThat(PipelineResult.referenceThreads(List.of(1, 2, 4))).isEqualTo(2);
    assertThat(PipelineResult.referenceThreads(List.of(1, 4))).isEqualTo(4);
    assertThat(PipelineResult.referenceThreads(List.of(1))).isEqualTo(1);
  }

  private static Goal named(List<Goal> goals, String name) {
    return goals.stream().filter(g -> g.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no goal " + name + " among " + goals));
  }
}
