package dev.pulse.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.CampaignsRow;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.contract.CampaignNames;
import dev.pulse.contract.Period;
import dev.pulse.contract.ViewKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * SPEC.md §5b against the other views and against itself, on the messy synthetic province of
 * {@link SyntheticProvince} with campaigns given to its activity versions at random (a version may
 * list other campaigns than the one before it: only the standing one counts).
 */
class BatchCampaignsProperties {

  /** Names as branch systems send them: some padded, which reads as the same campaign. */
  static final List<String> NAMES = List.of(
      "5 không 3 sạch", " 5 không 3 sạch ", "Mái ấm tình thương", "Xây dựng người phụ nữ Việt Nam thời đại mới",
      "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh\t");

  /** The province of this seed, its activity versions given none (about half), one or two campaigns. */
  static History withRandomCampaigns(long seed) {
    History province = SyntheticProvince.generate(SyntheticProvince.Shape.small(), seed);
    Random random = new Random(seed);
    return Histories.withCampaigns(province, a -> {
      int count = random.nextInt(4) - 1;
      List<String> names = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        names.add(NAMES.get(random.nextInt(NAMES.size())));
      }
      return names;
    });
  }

  @Property(tries = 30)
  void aCampaignRowIsBoundedByTheUnitsActivitiesAndParticipation(@ForAll long seed) {
    BatchViews views = BatchViews.compute(withRandomCampaigns(seed));

    for (CampaignsRow c : views.campaigns().values()) {
      String key = ViewKey.of(c.getUnitId(), c.getPeriod(), c.getCampaign());
      Period p = Period.parse(c.getPeriod());
      ActivitiesRow activities = views.activities(c.getUnitId(), p);
      ParticipationRow participation = views.participation(c.getUnitId(), p);
      assertThat(c.getHeld() > 0 || c.getParticipants() > 0).as("%s exists", key).isTrue();
      assertThat(c.getHeld()).as("held %s", key).isLessThanOrEqualTo(activities.getHeld());
      assertThat(c.getAttendances()).as("attendances %s", key).isLessThanOrEqualTo(activities.getAttendances());
      assertThat(c.getParticipants()).as("participants %s", key).isLessThanOrEqualTo(participation.getParticipants());
      assertThat(c.getBranchesHolding()).as("branchesHolding %s", key)
          .isLessThanOrEqualTo(c.getBranches()).isLessThanOrEqualTo(c.getHeld());
      assertThat(c.getBranches()).as("branches %s", key).isEqualTo(views.branches(c.getUnitId()));
      assertThat(CampaignNames.trimmed(c.getCampaign())).isEqualTo(c.getCampaign());
    }
  }

  @Property(tries = 20)
  void oneCampaignOnEveryActivityIsTheActivitiesAndParticipationViews(@ForAll long seed) {
    History everything = Histories.withCampaigns(
        SyntheticProvince.generate(SyntheticProvince.Shape.small(), seed), a -> List.of("Mái ấm tình thương"));
    BatchViews views = BatchViews.compute(everything);

    Set<String> expectedKeys = new HashSet<>();
    views.activities().forEach((k, a) -> expectedKeys.add(k + "|Mái ấm tình thương"));
    views.participation().forEach((k, p) -> {
      if (p.getParticipants() > 0) {
        expectedKeys.add(k + "|Mái ấm tình thương");
      }
    });
    assertThat(views.campaigns().keySet()).isEqualTo(expectedKeys);
    views.campaigns().forEach((key, c) -> {
      Period p = Period.parse(c.getPeriod());
      assertThat(c.getHeld()).as(key).isEqualTo(views.activities(c.getUnitId(), p).getHeld());
      assertThat(c.getAttendances()).as(key).isEqualTo(views.activities(c.getUnitId(), p).getAttendances());
      assertThat(c.getParticipants()).as(key).isEqualTo(views.participation(c.getUnitId(), p).getParticipants());
    });
  }

  @Property(tries = 20)
  void theSameRecordsInAnotherLogOrderGiveTheSameCampaigns(@ForAll long seed) {
    History history = withRandomCampaigns(seed);
    Map<String, CampaignsRow> rows = BatchViews.compute(history).campaigns();
    assertThat(rows).isNotEmpty();
    assertThat(BatchViews.compute(Histories.shuffled(history, new Random(seed))).campaigns()).isEqualTo(rows);
  }
}
