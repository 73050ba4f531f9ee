package dev.pulse.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.avro.CampaignsRow;
import dev.pulse.avro.Membership;
import dev.pulse.contract.CampaignNames;
import dev.pulse.contract.Period;
import dev.pulse.contract.ViewKey;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * SPEC.md §5b word for word, the slow way, against the counts of {@link BatchViews}: a check on the
 * bookkeeping that makes those fast, as {@link BatchDefinitionTest} is for §3.
 */
class BatchCampaignsDefinitionTest {

  @Test
  void everyFigureIsWhatTheDefinitionSays() {
    History history = BatchCampaignsProperties.withRandomCampaigns(5);
    BatchViews views = BatchViews.compute(history);

    CurrentUnits tree = new CurrentUnits(StandingVersions.ofCompacted(history.units()));
    List<Membership> memberships = StandingVersions.ofCompacted(history.memberships()).values().stream()
        .filter(m -> tree.isBranch(m.getBranchId()))
        .toList();
    Map<String, List<Membership>> membershipsOf =
        memberships.stream().collect(Collectors.groupingBy(Membership::getMemberId));
    Map<String, Activity> activities = StandingVersions.ofEvents(
        history.activities(), Activity::getActivityId, Activity::getRecordedAt);
    List<Activity> held = activities.values().stream().filter(a -> a.getStatus() == ActivityStatus.HELD).toList();
    List<Attendance> present = StandingVersions.ofEvents(
            history.attendance(), Attendance::getAttendanceId, Attendance::getRecordedAt).values().stream()
        .filter(a -> a.getStatus() == AttendanceStatus.PRESENT)
        .filter(a -> activities.containsKey(a.getActivityId())
            && activities.get(a.getActivityId()).getStatus() == ActivityStatus.HELD)
        .toList();
    Set<String> campaigns = BatchCampaignsProperties.NAMES.stream().map(CampaignNames::trimmed).collect(Collectors.toSet());

    Map<String, Integer> nonZero = new HashMap<>();
    for (String unit : tree.unitIds()) {
      long branches = tree.unitIds().stream()
          .filter(b -> tree.isBranch(b) && tree.selfAndAncestors(b).contains(unit)).count();
      for (Period p : Period.overlapping(LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31))) {
        for (String c : campaigns) {
          List<Activity> ofRow = held.stream()
              .filter(a -> tree.selfAndAncestors(a.getUnitId()).contains(unit))
              .filter(a -> p.contains(Period.localDate(a.getStartsAt())))
              .filter(a -> lists(a, c))
              .toList();
          Set<String> ids = ofRow.stream().map(Activity::getActivityId).collect(Collectors.toSet());
          long attendances = present.stream().filter(a -> ids.contains(a.getActivityId())).count();
          long holding = ofRow.stream().map(Activity::getUnitId).filter(tree::isBranch).distinct().count();
          long participants = present.stream()
              .filter(a -> lists(activities.get(a.getActivityId()), c))
              .filter(a -> p.contains(Period.localDate(a.getAttendedAt())))
              .filter(a -> membershipsOf.getOrDefault(a.getMemberId(), List.of()).stream().anyMatch(m ->
                  tree.selfAndAncestors(m.getBranchId()).contains(unit)
                  && covers(m, Period.localDate(a.getAttendedAt()))))
              .map(Attendance::getMemberId)
              .distinct()
              .count();

          CampaignsRow row = views.campaigns(unit, p, c);
          assertThat(List.of(row.getHeld(), row.getAttendances(), row.getParticipants(), row.getBranches(),
              row.getBranchesHolding())).as("%s|%s|%s", unit, p, c)
              .containsExactly((long) ofRow.size(), attendances, participants, branches, holding);
          assertThat(views.campaigns().containsKey(ViewKey.of(unit, p, c))).as("row %s|%s|%s", unit, p, c)
              .isEqualTo(!ofRow.isEmpty() || participants > 0);
          if (participants > 0) nonZero.merge("participants", 1, Integer::sum);
          if (holding > 0) nonZero.merge("holding", 1, Integer::sum);
        }
      }
    }
    assertThat(nonZero).as("the check saw figures that are not zero").containsKeys("participants", "holding");
  }

  private static boolean lists(Activity a, String campaign) {
    return a.getCampaigns().stream().anyMatch(n -> CampaignNames.trimmed(n).equals(campaign));
  }

  private static boolean covers(Membership m, LocalDate d) {
    return !d.isBefore(m.getJoinedOn()) && (m.getLeftOn() == null || !d.isAfter(m.getLeftOn()));
  }
}
