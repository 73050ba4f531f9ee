package dev.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.batch.BatchViews;
import dev.pulse.batch.History;
import dev.pulse.contract.Topics;
import dev.pulse.streams.ledger.ViewRows;
import dev.pulse.batch.UsableRecords;
import dev.pulse.batch.ViewDiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The streams' views equal the independent batch recomputation for random messy histories, both
 * in the stores (what queries read) and on the view topics (what dashboards and analysts read).
 */
class ViewsMatchBatchProperties {

  @Property(tries = 60)
  void everyViewRowEqualsTheBatchRecomputation(@ForAll long seed, @ForAll @IntRange(min = 1, max = 25) int members,
      @ForAll @IntRange(min = 1, max = 400) int publishEvery) throws Exception {
    History history = MessyHistories.generate(seed, members, 12, members * 4, 8);
    BatchViews batch = BatchViews.compute(UsableRecords.of(history));
    Path stateDir = Files.createTempDirectory("ledger-property");
    try (LedgerDriver streams = new LedgerDriver(stateDir).pipe(history, publishEvery)) {
      List<ViewDiff.Difference> diffs = new ArrayList<>();
      diffs.addAll(ViewDiff.compare("participation", batch.participation(), streams.participationStore(),
          k -> ViewRows.participation(k, null, 0)));
      diffs.addAll(ViewDiff.compare("poverty", batch.poverty(), streams.povertyStore(),
          k -> ViewRows.poverty(k, null, 0)));
      diffs.addAll(ViewDiff.compare("activities", batch.activities(), streams.activitiesStore(),
          k -> ViewRows.activities(k, null, 0)));
      diffs.addAll(ViewDiff.compare("participation topic", batch.participation(),
          streams.published(Topics.PARTICIPATION_VIEW), k -> ViewRows.participation(k, null, 0)));
      diffs.addAll(ViewDiff.compare("poverty topic", batch.poverty(), streams.published(Topics.POVERTY_VIEW),
          k -> ViewRows.poverty(k, null, 0)));
      diffs.addAll(ViewDiff.compare("activities topic", batch.activities(),
          streams.published(Topics.ACTIVITIES_VIEW), k -> ViewRows.activities(k, null, 0)));
      assertThat(diffs).as("rows where the streams differ from the batch recomputation (seed %d)", seed).isEmpty();

      streams.participationStore().values().forEach(r ->
          assertThat(r.getParticipants()).as(r.getUnitId() + "|" + r.getPeriod()).isLessThanOrEqualTo(r.getEligible()));
      streams.povertyStore().values().forEach(r -> {
        assertThat(r.getExitedHouseholds()).isLessThanOrEqualTo(r.getSupportedHouseholds());
        assertThat(r.getExitedPoverty() + r.getExitedNearPoverty()).isGreaterThanOrEqualTo(r.getExitedHouseholds());
      });
    }
  }
}
