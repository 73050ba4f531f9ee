package dev.pulse.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.avro.Membership;
import dev.pulse.contract.Period;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * SPEC.md §3 word for word, unit by unit and period by period, the slow way, against the counts of
 * {@link BatchViews}: a check on the bookkeeping that makes those fast.
 */
class BatchDefinitionTest {

  @Test
  void eligibleAndParticipantsAreWhatTheDefinitionSaysForEveryUnitAndPeriod() {
    History history = SyntheticProvince.generate(SyntheticProvince.Shape.small(), 5);
    BatchViews views = BatchViews.compute(history);

    CurrentUnits tree = new CurrentUnits(StandingVersions.ofCompacted(history.units()));
    List<Membership> memberships = StandingVersions.ofCompacted(history.memberships()).values().stream()
        .filter(m -> tree.isBranch(m.getBranchId()))
        .filter(m -> m.getLeftOn() == null || !m.getJoinedOn().isAfter(m.getLeftOn()))
        .toList();
    Map<String, List<Membership>> membershipsOf =
        memberships.stream().collect(Collectors.groupingBy(Membership::getMemberId));
    Map<String, Activity> activities = StandingVersions.ofEvents(
        history.activities(), Activity::getActivityId, Activity::getRecordedAt);
    List<Attendance> present = StandingVersions.ofEvents(
            history.attendance(), Attendance::getAttendanceId, Attendance::getRecordedAt).values().stream()
        .filter(a -> a.getStatus() == AttendanceStatus.PRESENT)
        .filter(a -> activities.containsKey(a.getActivityId())
            && activities.get(a.getActivityId()).getStatus() == ActivityStatus.HELD)
        .toList();

    int firstYear = views.firstYear().orElseThrow();
    int lastYear = views.lastYear().orElseThrow();
    List<Period> periods = Period.overlapping(LocalDate.of(2018, 1, 1), LocalDate.of(lastYear + 2, 12, 31));
    long nonZero = 0;
    for (String unit : tree.unitIds()) {
      for (Period p : periods) {
        long eligible = memberships.stream()
            .filter(m -> tree.selfAndAncestors(m.getBranchId()).contains(unit))
            .filter(m -> !m.getJoinedOn().isAfter(p.lastDay())
                && (m.getLeftOn() == null || !m.getLeftOn().isBefore(p.firstDay())))
            .map(Membership::getMemberId)
            .distinct()
            .count();
        long participants = present.stream()
            .filter(a -> p.contains(Period.localDate(a.getAttendedAt())))
            .filter(a -> membershipsOf.getOrDefault(a.getMemberId(), List.of()).stream().anyMatch(m ->
                tree.selfAndAncestors(m.getBranchId()).contains(unit)
                && covers(m, Period.localDate(a.getAttendedAt()))))
            .map(Attendance::getMemberId)
            .distinct()
            .count();

        assertThat(views.participation(unit, p).getEligible()).as("eligible %s %s", unit, p).isEqualTo(eligible);
        assertThat(views.participation(unit, p).getParticipants()).as("participants %s %s", unit, p).isEqualTo(participants);
        assertThat(views.participation().containsKey(unit + "|" + p))
            .as("row %s|%s", unit, p).isEqualTo(eligible > 0 && p.year() >= firstYear && p.year() <= lastYear);
        nonZero += participants > 0 ? 1 : 0;
      }
    }
    assertThat(nonZero).isPositive();
  }

  private static boolean covers(Membership m, LocalDate d) {
    return !d.isBefore(m.getJoinedOn()) && (m.getLeftOn() == null || !d.isAfter(m.getLeftOn()));
  }
}
