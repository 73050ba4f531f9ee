package dev.pulse.batch;

import static dev.pulse.batch.Histories.anActivity;
import static dev.pulse.batch.Histories.smallProvince;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.CampaignsRow;
import dev.pulse.contract.Topics;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How {@code pulse verify} compares view.campaigns.v1 with the recomputation, without an engine:
 * row by row by key, an absent row read as zeros with the unit's branches, and the view left out
 * until an engine publishes it. The small province of {@link Histories#smallProvince()}:
 *
 * <pre>
 * DB ── DB-03 ── C1: B1, B2
 *    │        └─ C2: B3
 *    └─ DB-04 ── C3: B4
 * </pre>
 */
class PublishedViewsTest {

  private static final String FIVE_NO = "5 không 3 sạch";
  private static final String SHELTER = "Mái ấm tình thương";
  private static final String VIEW = Topics.CAMPAIGNS_VIEW.name();

  /** B1 holds a FIVE_NO meeting alice attends; the district DB-03 a drive of both campaigns carol attends. */
  private static final BatchViews BATCH = BatchViews.compute(smallProvince()
      .membership("ms-alice", "alice", "B1", "2020-01-01", null)
      .membership("ms-carol", "carol", "B3", "2020-01-01", null)
      .activity(anActivity("a1", "B1", "2023-03-08T09:00+07:00").setCampaigns(List.of(FIVE_NO)))
      .present("t1", "a1", "alice", "2023-03-08T09:00+07:00")
      .activity(anActivity("a2", "DB-03", "2023-03-20T09:00+07:00").setCampaigns(List.of(SHELTER, FIVE_NO)))
      .present("t2", "a2", "carol", "2023-03-20T09:00+07:00")
      .build());

  /** The recomputation's rows as an engine would publish them, each with its own updatedAt. */
  private static Map<String, CampaignsRow> published() {
    Map<String, CampaignsRow> rows = new HashMap<>();
    BATCH.campaigns().forEach((key, row) ->
        rows.put(key, CampaignsRow.newBuilder(row).setUpdatedAt(Instant.parse("2024-01-05T10:00:00Z")).build()));
    return rows;
  }

  @Test
  void rowsEqualToTheRecomputationAgreeWhateverTheirUpdatedAt() {
    assertThat(BATCH.campaigns()).containsKeys("DB|2023|" + FIVE_NO, "B1|2023-03|" + FIVE_NO, "B3|2023-Q1|" + SHELTER);

    assertThat(ViewDiff.campaigns(BATCH, published())).isEmpty();
  }

  @Test
  void aRowThatDiffersIsReportedWithItsKeyAndBothSides() {
    Map<String, CampaignsRow> published = published();
    String key = "DB|2023|" + FIVE_NO;
    published.put(key, CampaignsRow.newBuilder(published.get(key)).setParticipants(3).build());

    List<ViewDiff.Difference> diffs = ViewDiff.campaigns(BATCH, published);

    assertThat(diffs).singleElement().satisfies(d -> {
      assertThat(d.view()).isEqualTo(VIEW);
      assertThat(d.key()).isEqualTo(key);
      assertThat(d.expected()).containsEntry("held", 2L).containsEntry("participants", 2L);
      assertThat(d.actual()).containsEntry("held", 2L).containsEntry("participants", 3L);
      assertThat(d.toString()).startsWith(VIEW + " " + key + ": expected ");
    });
  }

  @Test
  void aMissingRowIsReportedAgainstZerosAndTheUnitsBranches() {
    Map<String, CampaignsRow> published = published();
    String key = "C1|2023-03|" + FIVE_NO;
    published.remove(key);

    assertThat(ViewDiff.campaigns(BATCH, published)).singleElement().satisfies(d -> {
      assertThat(d.key()).isEqualTo(key);
      // held, attendances, participants, branches, branchesHolding
      assertThat(List.of(d.expected().get("held"), d.expected().get("attendances"), d.expected().get("participants"),
          d.expected().get("branches"), d.expected().get("branchesHolding"))).containsExactly(1L, 1L, 1L, 2L, 1L);
      assertThat(List.of(d.actual().get("held"), d.actual().get("attendances"), d.actual().get("participants"),
          d.actual().get("branches"), d.actual().get("branchesHolding"))).containsExactly(0L, 0L, 0L, 2L, 0L);
      assertThat(d.actual()).containsEntry("unitId", "C1").containsEntry("period", "2023-03")
          .containsEntry("campaign", FIVE_NO);
    });
  }

  @Test
  void anExtraRowIsReportedWithItsKeyEvenWhenTheKeyIsMalformed() {
    Map<String, CampaignsRow> published = published();
    CampaignsRow b2 = CampaignsRow.newBuilder(BATCH.campaigns("B2", dev.pulse.contract.Period.parse("2023-03"), FIVE_NO))
        .setHeld(1).setBranchesHolding(1).build();
    published.put("B2|2023-03|" + FIVE_NO, b2);
    published.put("B2|2023-03", b2);

    assertThat(ViewDiff.campaigns(BATCH, published)).extracting(ViewDiff.Difference::key)
        .containsExactly("B2|2023-03", "B2|2023-03|" + FIVE_NO);
    assertThat(ViewDiff.campaigns(BATCH, published)).allSatisfy(d -> {
      assertThat(d.expected()).containsEntry("held", 0L).containsEntry("branchesHolding", 0L);
      assertThat(d.actual()).containsEntry("held", 1L).containsEntry("branchesHolding", 1L);
    });
  }

  @Test
  void aPublishedRowOfZerosStandsForNoRowWhateverItsBranches() {
    Map<String, CampaignsRow> published = published();
    // Left by an engine when the activity was cancelled, with the branches of the tree of that day.
    published.put("DB-04|2023-03|" + SHELTER, CampaignsRow.newBuilder()
        .setUnitId("DB-04").setPeriod("2023-03").setCampaign(SHELTER)
        .setHeld(0).setAttendances(0).setParticipants(0).setBranches(7).setBranchesHolding(0)
        .setUpdatedAt(Instant.parse("2024-01-05T10:00:00Z")).build());

    assertThat(ViewDiff.campaigns(BATCH, published)).isEmpty();
  }

  @Test
  void campaignsAreComparedOnceTheirTopicHoldsARowOrWhenAsked() {
    Map<String, CampaignsRow> none = Map.of();
    PublishedViews.Campaigns whenPublished = PublishedViews.Campaigns.WHEN_PUBLISHED;

    assertThat(PublishedViews.comparesCampaigns(whenPublished, none)).isFalse();
    assertThat(PublishedViews.comparesCampaigns(whenPublished, published())).isTrue();
    assertThat(PublishedViews.comparesCampaigns(PublishedViews.Campaigns.ALWAYS, none))
        .as("asked, an empty topic is every row missing, not a view left out").isTrue();
  }

  @Test
  void untilThenTheComparisonLeavesThemOutAndSaysSo() {
    PublishedViews notYet = new PublishedViews(BATCH.participation(), BATCH.poverty(), BATCH.activities(), Map.of(),
        false);

    assertThat(notYet.compare(BATCH)).isEmpty();
    assertThat(notYet.rows()).isEqualTo(BATCH.participation().size() + BATCH.poverty().size()
        + BATCH.activities().size());
    assertThat(notYet.notCompared(BATCH)).hasValue(VIEW + " was not compared: its topic holds no row and no engine"
        + " publishes it yet (the recomputation has " + BATCH.campaigns().size() + " rows for it).");

    PublishedViews asked = new PublishedViews(BATCH.participation(), BATCH.poverty(), BATCH.activities(), Map.of(),
        true);
    assertThat(asked.notCompared(BATCH)).isEmpty();
    assertThat(asked.compare(BATCH)).hasSize(BATCH.campaigns().size())
        .allSatisfy(d -> assertThat(d.view()).isEqualTo(VIEW))
        .extracting(ViewDiff.Difference::key).containsExactlyInAnyOrderElementsOf(BATCH.campaigns().keySet());
  }
}
