package dev.pulse.batch;

import static dev.pulse.batch.Histories.anActivity;
import static dev.pulse.batch.Histories.smallProvince;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.CampaignsRow;
import dev.pulse.contract.Period;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC.md §5b: campaigns. The small province of {@link Histories#smallProvince()}:
 *
 * <pre>
 * DB ── DB-03 ── C1: B1, B2
 *    │        └─ C2: B3
 *    └─ DB-04 ── C3: B4
 * </pre>
 */
class BatchCampaignsTest {

  private static final String FIVE_NO = "5 không 3 sạch";
  private static final String SHELTER = "Mái ấm tình thương";
  private static final Period MARCH = Period.parse("2023-03");

  /** A HELD in-person activity listing these campaigns. */
  private static Histories campaign(Histories h, String activityId, String organiser, String startsAt,
      String... campaigns) {
    return h.activity(anActivity(activityId, organiser, startsAt).setCampaigns(List.of(campaigns)));
  }

  /** held, attendances, participants, branches, branchesHolding. */
  private static List<Long> figures(BatchViews views, String unitId, String period, String campaign) {
    CampaignsRow r = views.campaigns(unitId, Period.parse(period), campaign);
    return List.of(r.getHeld(), r.getAttendances(), r.getParticipants(), r.getBranches(), r.getBranchesHolding());
  }

  /** alice and bob in B1, carol in B3 (same district), dan in B4 (the other district). */
  private static Histories members() {
    return smallProvince()
        .membership("ms-alice", "alice", "B1", "2020-01-01", null)
        .membership("ms-bob", "bob", "B1", "2020-01-01", null)
        .membership("ms-carol", "carol", "B3", "2020-01-01", null)
        .membership("ms-dan", "dan", "B4", "2020-01-01", null);
  }

  @Test
  void aDistrictDriveCountsHeldAboveAndParticipantsInTheBranchesWhoseMembersAttend() {
    BatchViews views = BatchViews.compute(campaign(members(), "drive", "DB-03", "2023-03-08T09:00+07:00", FIVE_NO)
        .present("t1", "drive", "alice", "2023-03-08T09:00+07:00")
        .present("t2", "drive", "carol", "2023-03-08T09:00+07:00")
        .present("t3", "drive", "dan", "2023-03-08T09:00+07:00")
        .present("t4", "drive", "stranger", "2023-03-08T09:00+07:00")
        .build());

    // held, attendances, participants, branches, branchesHolding
    assertThat(figures(views, "DB-03", "2023-03", FIVE_NO)).containsExactly(1L, 4L, 2L, 3L, 0L);
    assertThat(figures(views, "DB", "2023", FIVE_NO)).containsExactly(1L, 4L, 3L, 4L, 0L);
    // Below the organiser: no activity of theirs, but members who took part.
    assertThat(figures(views, "C1", "2023-Q1", FIVE_NO)).containsExactly(0L, 0L, 1L, 2L, 0L);
    assertThat(figures(views, "B1", "2023-03", FIVE_NO)).containsExactly(0L, 0L, 1L, 1L, 0L);
    assertThat(figures(views, "B3", "2023-03", FIVE_NO)).containsExactly(0L, 0L, 1L, 1L, 0L);
    // The other district did not hold it, yet dan took part from there.
    assertThat(figures(views, "DB-04", "2023-03", FIVE_NO)).containsExactly(0L, 0L, 1L, 1L, 0L);
    assertThat(figures(views, "B2", "2023-03", FIVE_NO)).containsExactly(0L, 0L, 0L, 1L, 0L);

    assertThat(views.campaigns()).containsOnlyKeys(
        keys(List.of("DB", "DB-03", "C1", "C2", "B1", "B3", "DB-04", "C3", "B4"), FIVE_NO));
  }

  @Test
  void branchesHoldingCountsTheBranchesThatOrganisedOneOfTheActivities() {
    Histories h = members();
    campaign(h, "a1", "B1", "2023-03-01T09:00+07:00", SHELTER);
    campaign(h, "a2", "B1", "2023-03-15T09:00+07:00", SHELTER);
    campaign(h, "a3", "B3", "2023-03-02T09:00+07:00", SHELTER);
    campaign(h, "a4", "C1", "2023-03-03T09:00+07:00", SHELTER);
    campaign(h, "a5", "B4", "2023-04-03T09:00+07:00", SHELTER);
    BatchViews views = BatchViews.compute(h.build());

    assertThat(figures(views, "DB-03", "2023-03", SHELTER)).containsExactly(4L, 0L, 0L, 3L, 2L);
    assertThat(figures(views, "DB", "2023-Q1", SHELTER)).containsExactly(4L, 0L, 0L, 4L, 2L);
    assertThat(figures(views, "DB", "2023", SHELTER)).containsExactly(5L, 0L, 0L, 4L, 3L);
    assertThat(figures(views, "C1", "2023-03", SHELTER)).containsExactly(3L, 0L, 0L, 2L, 1L);
    assertThat(figures(views, "B1", "2023-03", SHELTER)).containsExactly(2L, 0L, 0L, 1L, 1L);
  }

  @Test
  void aCancelledActivityAndAttendanceAtItCountNowhere() {
    BatchViews views = BatchViews.compute(members()
        .activity(anActivity("a1", "B1", "2023-03-01T09:00+07:00").setCampaigns(List.of(FIVE_NO))
            .setStatus(ActivityStatus.CANCELLED))
        .present("t1", "a1", "alice", "2023-03-01T09:00+07:00")
        .activity(anActivity("a2", "B1", "2023-03-02T09:00+07:00").setCampaigns(List.of(FIVE_NO)))
        .present("t2", "a2", "bob", "2023-03-02T09:00+07:00")
        // A later version cancels a2 after the fact.
        .activity(anActivity("a2", "B1", "2023-03-02T09:00+07:00").setCampaigns(List.of(FIVE_NO))
            .setStatus(ActivityStatus.CANCELLED))
        .build());

    assertThat(views.campaigns()).isEmpty();
    assertThat(figures(views, "B1", "2023-03", FIVE_NO)).containsExactly(0L, 0L, 0L, 1L, 0L);
  }

  @Test
  void aRetractedAttendanceCountsNowhere() {
    BatchViews views = BatchViews.compute(campaign(members(), "a1", "B1", "2023-03-01T09:00+07:00", FIVE_NO)
        .present("t1", "a1", "alice", "2023-03-01T09:00+07:00")
        .present("t2", "a1", "bob", "2023-03-01T09:00+07:00")
        .retracted("t2", "a1", "bob", "2023-03-01T09:00+07:00")
        .build());

    assertThat(figures(views, "B1", "2023-03", FIVE_NO)).containsExactly(1L, 1L, 1L, 1L, 1L);
  }

  @Test
  void aMemberAttendingTwiceIsOneParticipantAndTwoAttendances() {
    BatchViews views = BatchViews.compute(members()
        .activity(anActivity("a1", "B1", "2023-03-01T09:00+07:00").setCampaigns(List.of(FIVE_NO)))
        .activity(anActivity("a2", "C1", "2023-03-20T09:00+07:00").setCampaigns(List.of(FIVE_NO)))
        .present("t1", "a1", "alice", "2023-03-01T09:00+07:00")
        .present("t2", "a2", "alice", "2023-03-20T09:00+07:00")
        .build());

    assertThat(figures(views, "C1", "2023-03", FIVE_NO)).containsExactly(2L, 2L, 1L, 2L, 1L);
    assertThat(figures(views, "B1", "2023-03", FIVE_NO)).containsExactly(1L, 1L, 1L, 1L, 1L);
  }

  @Test
  void anActivityOfTwoCampaignsCountsInBothAndANameListedTwiceOnce() {
    BatchViews views = BatchViews.compute(members()
        .activity(anActivity("a1", "B1", "2023-03-01T09:00+07:00").setCampaigns(List.of(FIVE_NO, SHELTER, FIVE_NO)))
        .present("t1", "a1", "alice", "2023-03-01T09:00+07:00")
        .build());

    assertThat(figures(views, "DB", "2023-03", FIVE_NO)).containsExactly(1L, 1L, 1L, 4L, 1L);
    assertThat(figures(views, "DB", "2023-03", SHELTER)).containsExactly(1L, 1L, 1L, 4L, 1L);
    assertThat(views.campaigns("DB", MARCH)).extracting(CampaignsRow::getCampaign)
        .as("tied on held and participants: by name").containsExactly(FIVE_NO, SHELTER);
  }

  @Test
  void namesAreReadTrimmed() {
    BatchViews views = BatchViews.compute(members()
        .activity(anActivity("a1", "B1", "2023-03-01T09:00+07:00").setCampaigns(List.of("  " + FIVE_NO + " ")))
        .activity(anActivity("a2", "B3", "2023-03-02T09:00+07:00").setCampaigns(List.of(FIVE_NO, FIVE_NO + "\t")))
        .build());

    assertThat(figures(views, "DB", "2023-03", FIVE_NO)).containsExactly(2L, 0L, 0L, 4L, 2L);
    assertThat(views.campaigns().keySet()).allMatch(k -> k.endsWith("|" + FIVE_NO));
  }

  @Test
  void participantsCountOnlyAttendanceAtActivitiesListingTheCampaignOrganisedByAnyUnit() {
    BatchViews views = BatchViews.compute(members()
        .held("plain", "B1", "2023-03-01T09:00+07:00")
        .present("t1", "plain", "alice", "2023-03-01T09:00+07:00")
        .activity(anActivity("elsewhere", "OTHER-PROVINCE", "2023-03-05T09:00+07:00").setCampaigns(List.of(SHELTER)))
        .present("t2", "elsewhere", "bob", "2023-03-05T09:00+07:00")
        .build());

    assertThat(figures(views, "B1", "2023-03", SHELTER)).containsExactly(0L, 0L, 1L, 1L, 0L);
    assertThat(figures(views, "DB", "2023-03", SHELTER)).containsExactly(0L, 0L, 1L, 4L, 0L);
    // An activity without campaigns makes no campaign row; one organised outside the tree holds nothing here.
    assertThat(views.campaigns().values()).allMatch(r -> r.getCampaign().equals(SHELTER) && r.getHeld() == 0);
  }

  @Test
  void aMemberParticipatesInTheBranchWhoseMembershipCoversTheDayOfAttendance() {
    // alice left B1 on 31 July and joined B4 on 1 August; she attended a province campaign event on 1 August.
    BatchViews views = BatchViews.compute(smallProvince()
        .membership("ms-alice-1", "alice", "B1", "2020-01-01", "2023-07-31")
        .membership("ms-alice-2", "alice", "B4", "2023-08-01", null)
        .activity(anActivity("congress", "DB", "2023-08-01T09:00+07:00").setCampaigns(List.of(FIVE_NO)))
        .present("t1", "congress", "alice", "2023-08-01T09:00+07:00")
        .build());

    assertThat(figures(views, "B4", "2023-08", FIVE_NO)).containsExactly(0L, 0L, 1L, 1L, 0L);
    assertThat(figures(views, "DB-04", "2023", FIVE_NO)).containsExactly(0L, 0L, 1L, 1L, 0L);
    assertThat(figures(views, "B1", "2023", FIVE_NO)).containsExactly(0L, 0L, 0L, 1L, 0L);
    assertThat(figures(views, "DB", "2023-Q3", FIVE_NO)).containsExactly(1L, 1L, 1L, 4L, 0L);
  }

  @Test
  void heldIsPlacedByStartsAtAndParticipantsByAttendedAt() {
    BatchViews views = BatchViews.compute(campaign(members(), "a1", "B1", "2023-03-31T20:00+07:00", FIVE_NO)
        .present("t1", "a1", "alice", "2023-03-31T17:30Z") // 1 April 00:30 local
        .build());

    assertThat(figures(views, "B1", "2023-03", FIVE_NO)).containsExactly(1L, 1L, 0L, 1L, 1L);
    assertThat(figures(views, "B1", "2023-04", FIVE_NO)).containsExactly(0L, 0L, 1L, 1L, 0L);
    assertThat(figures(views, "B1", "2023", FIVE_NO)).containsExactly(1L, 1L, 1L, 1L, 1L);
  }

  @Test
  void aMovedBranchTakesItsActivitiesAndMembersToItsNewParentForEveryPeriod() {
    Histories h = campaign(members(), "a1", "B1", "2023-03-01T09:00+07:00", FIVE_NO)
        .present("t1", "a1", "alice", "2023-03-01T09:00+07:00");
    BatchViews views = BatchViews.compute(h.branch("B1", "C3").build());

    assertThat(figures(views, "C3", "2023-03", FIVE_NO)).containsExactly(1L, 1L, 1L, 2L, 1L);
    assertThat(figures(views, "DB-04", "2023-03", FIVE_NO)).containsExactly(1L, 1L, 1L, 2L, 1L);
    assertThat(figures(views, "C1", "2023-03", FIVE_NO)).containsExactly(0L, 0L, 0L, 1L, 0L);
    assertThat(figures(views, "DB-03", "2023", FIVE_NO)).containsExactly(0L, 0L, 0L, 2L, 0L);
    assertThat(figures(views, "DB", "2023", FIVE_NO)).containsExactly(1L, 1L, 1L, 4L, 1L);
  }

  @Test
  void aDeletedUnitCutsItsChildrenOffUntilTheyAreReParented() {
    Histories h = members();
    campaign(h, "a1", "B1", "2023-03-01T09:00+07:00", FIVE_NO).present("t1", "a1", "alice", "2023-03-01T09:00+07:00");
    campaign(h, "a3", "B3", "2023-03-02T09:00+07:00", FIVE_NO).present("t3", "a3", "carol", "2023-03-02T09:00+07:00");
    campaign(h, "c1", "C1", "2023-03-03T09:00+07:00", FIVE_NO);
    h.deleteUnit("C1").deleteUnit("B3");

    BatchViews cut = BatchViews.compute(h.build());
    // B1 stands alone: its numbers reach no unit above it. B3 is gone with what it organised and its members.
    assertThat(figures(cut, "B1", "2023-03", FIVE_NO)).containsExactly(1L, 1L, 1L, 1L, 1L);
    assertThat(figures(cut, "DB-03", "2023-03", FIVE_NO)).containsExactly(0L, 0L, 0L, 0L, 0L);
    assertThat(figures(cut, "DB", "2023-03", FIVE_NO)).containsExactly(0L, 0L, 0L, 1L, 0L);
    assertThat(cut.campaigns()).containsOnlyKeys(keys(List.of("B1"), FIVE_NO));

    // Re-parented under C2, B1 and B2 count for DB-03 and DB again; C1's own activity stays lost.
    BatchViews mended = BatchViews.compute(h.branch("B1", "C2").branch("B2", "C2").build());
    assertThat(figures(mended, "C2", "2023-03", FIVE_NO)).containsExactly(1L, 1L, 1L, 2L, 1L);
    assertThat(figures(mended, "DB-03", "2023-03", FIVE_NO)).containsExactly(1L, 1L, 1L, 2L, 1L);
    assertThat(figures(mended, "DB", "2023", FIVE_NO)).containsExactly(1L, 1L, 1L, 3L, 1L);
  }

  @Test
  void unitsAreOrderedByHeldThenParticipantsAndAnAbsentRowHasZerosButItsBranches() {
    Histories h = members();
    campaign(h, "a1", "B1", "2023-03-01T09:00+07:00", "A").present("t1", "a1", "alice", "2023-03-01T09:00+07:00");
    campaign(h, "a2", "B1", "2023-03-02T09:00+07:00", "B");
    campaign(h, "a3", "B1", "2023-03-03T09:00+07:00", "B");
    campaign(h, "a4", "B1", "2023-03-04T09:00+07:00", "C");
    BatchViews views = BatchViews.compute(h.build());

    assertThat(views.campaigns("C1", MARCH)).extracting(CampaignsRow::getCampaign).containsExactly("B", "A", "C");
    assertThat(views.campaigns("C2", MARCH)).isEmpty();
    CampaignsRow none = views.campaigns("DB", Period.parse("2024-01"), "A");
    assertThat(none.getUnitId()).isEqualTo("DB");
    assertThat(none.getPeriod()).isEqualTo("2024-01");
    assertThat(none.getCampaign()).isEqualTo("A");
    assertThat(none.getBranches()).isEqualTo(4);
    assertThat(List.of(none.getHeld(), none.getAttendances(), none.getParticipants(), none.getBranchesHolding()))
        .containsOnly(0L);
    assertThat(views.campaigns("NOWHERE", MARCH, "A").getBranches()).isZero();
    CampaignsRow row = views.campaigns().get("C1|2023-03|A");
    assertThat(row.getUpdatedAt()).isEqualTo(Instant.EPOCH);
    assertThat(views.campaigns("C1", MARCH, "A")).isEqualTo(row);
  }

  /** The keys of year, quarter and month of March 2023 for these units and this campaign. */
  private static String[] keys(List<String> units, String campaign) {
    return units.stream()
        .flatMap(u -> List.of("2023", "2023-Q1", "2023-03").stream().map(p -> u + "|" + p + "|" + campaign))
        .toArray(String[]::new);
  }
}
