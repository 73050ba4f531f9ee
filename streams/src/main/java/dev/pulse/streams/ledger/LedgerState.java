package dev.pulse.streams.ledger;

import dev.pulse.streams.domain.ActivityFigures;
import dev.pulse.streams.domain.Facts.HouseholdEventFact;
import dev.pulse.streams.domain.HouseholdTimeline.YearFigures;
import dev.pulse.streams.domain.MemberParticipation;
import java.util.List;
import java.util.Map;

/** The values the ledger keeps per member, household and activity, with what each last added to the views. */
public final class LedgerState {

  private LedgerState() {}

  /** The units a member counts for per period, as last counted. */
  public record MemberCount(Map<String, MemberParticipation.Contribution> counted) {}

  /** A household's standing events, and what it counts for per year. */
  public record HouseholdState(List<HouseholdEventFact> events, Map<Integer, HouseholdCount> counted) {}

  /** What one household adds for one year: the units above its branch and its figures. */
  public record HouseholdCount(List<String> units, YearFigures figures) {}

  /** How many standing PRESENT attendance records an activity has, and what it adds to the views. */
  public record ActivityState(long present, ActivityFigures.Contribution counted) {}

  /** The two figures of a participation row. */
  public record ParticipationCounts(long eligible, long participants, long updatedAt) {
    public static final ParticipationCounts ZERO = new ParticipationCounts(0, 0, 0);

    public ParticipationCounts plus(long eligibleDelta, long participantsDelta, long at) {
      return new ParticipationCounts(eligible + eligibleDelta, participants + participantsDelta, at);
    }

    public boolean isZero() {
      return eligible == 0 && participants == 0;
    }
  }

  /** The figures of a poverty row. */
  public record PovertyCounts(long supported, long exited, long exitedPoverty, long exitedNearPoverty,
      long relapsed, long poorAtYearEnd, long nearPoorAtYearEnd, long updatedAt) {
    public static final PovertyCounts ZERO = new PovertyCounts(0, 0, 0, 0, 0, 0, 0, 0);

    public PovertyCounts plus(YearFigures f, int sign, long at) {
      return new PovertyCounts(
          supported + (f.supported() ? sign : 0),
          exited + (f.exited() ? sign : 0),
          exitedPoverty + (f.exitedPoverty() ? sign : 0),
          exitedNearPoverty + (f.exitedNearPoverty() ? sign : 0),
          relapsed + (f.relapsed() ? sign : 0),
          poorAtYearEnd + ("POOR".equals(f.yearEndStatus()) ? sign : 0),
          nearPoorAtYearEnd + ("NEAR_POOR".equals(f.yearEndStatus()) ? sign : 0), at);
    }

    /** These counts plus another's, as changed at {@code at}. */
    public PovertyCounts plus(PovertyCounts d, long at) {
      return new PovertyCounts(supported + d.supported, exited + d.exited, exitedPoverty + d.exitedPoverty,
          exitedNearPoverty + d.exitedNearPoverty, relapsed + d.relapsed, poorAtYearEnd + d.poorAtYearEnd,
          nearPoorAtYearEnd + d.nearPoorAtYearEnd, at);
    }

    public boolean isZero() {
      return supported == 0 && exited == 0 && exitedPoverty == 0 && exitedNearPoverty == 0 && relapsed == 0
          && poorAtYearEnd == 0 && nearPoorAtYearEnd == 0;
    }
  }
}
