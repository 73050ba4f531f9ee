package dev.pulse.streams.domain;

import dev.pulse.contract.UnitTree;
import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.Membership;
import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import dev.pulse.contract.Period;
import java.time.LocalDate;
import java.util.List;

/**
 * The facts the views are computed from: the parts of each input record that SPEC.md's rules
 * read, with instants already placed on their local date in Asia/Ho_Chi_Minh.
 */
public final class Facts {

  private Facts() {}

  /** A unit of the tree. */
  public record UnitFact(String unitId, String parentId, UnitLevel level) {
    public static UnitFact of(Unit u) {
      return new UnitFact(u.getUnitId(), u.getParentId(), u.getLevel());
    }

    public boolean isBranch() {
      return level == UnitLevel.BRANCH;
    }

    /** As the contract's tree reads it. */
    public UnitTree.Node node() {
      return new UnitTree.Node(unitId, parentId, level);
    }
  }

  /** A membership of one member in one branch, from joinedOn to leftOn (both inclusive; null: still a member). */
  public record MembershipFact(String membershipId, String memberId, String branchId, LocalDate joinedOn, LocalDate leftOn) {
    public static MembershipFact of(Membership m) {
      return new MembershipFact(m.getMembershipId(), m.getMemberId(), m.getBranchId(), m.getJoinedOn(), m.getLeftOn());
    }

    /** A membership that ends before it starts breaks SPEC.md §2 and counts nowhere. */
    public boolean isCoherent() {
      return leftOn == null || !leftOn.isBefore(joinedOn);
    }

    /** Whether the membership covers a day (joinedOn ≤ d and (leftOn null or d ≤ leftOn)). */
    public boolean covers(LocalDate d) {
      return isCoherent() && !d.isBefore(joinedOn) && (leftOn == null || !d.isAfter(leftOn));
    }

  }

  /** A version of an activity. */
  public record ActivityFact(String activityId, String unitId, String mode, LocalDate startsOn,
      List<String> channels, boolean held, long recordedAt) {
    public static ActivityFact of(Activity a) {
      return new ActivityFact(a.getActivityId(), a.getUnitId(), a.getMode().name(),
          Period.localDate(a.getStartsAt()),
          a.getChannels().stream().map(Enum::name).distinct().sorted().toList(),
          a.getStatus() == ActivityStatus.HELD, a.getRecordedAt().toEpochMilli());
    }
  }

  /** A version of one attendance record. */
  public record AttendanceFact(String attendanceId, String activityId, String memberId, LocalDate attendedOn,
      boolean present, long recordedAt) {
    public static AttendanceFact of(Attendance a) {
      return new AttendanceFact(a.getAttendanceId(), a.getActivityId(), a.getMemberId(),
          Period.localDate(a.getAttendedAt()), a.getStatus() == AttendanceStatus.PRESENT,
          a.getRecordedAt().toEpochMilli());
    }
  }

  /** A version of one household assessment. */
  public record HouseholdEventFact(String eventId, String householdId, String branchId, String status,
      boolean supportedByUnion, LocalDate assessedOn, long recordedAt) {
    public static HouseholdEventFact of(HouseholdStatus h) {
      return new HouseholdEventFact(h.getEventId(), h.getHouseholdId(), h.getBranchId(), h.getStatus().name(),
          h.getSupportedByUnion(), h.getAssessedOn(), h.getRecordedAt().toEpochMilli());
    }

    public boolean poorOrNearPoor() {
      return !"NON_POOR".equals(status);
    }
  }

  /**
   * Whether a new version replaces the standing one (SPEC.md §2): the later recordedAt stands; on
   * equal recordedAt the later in the log, which is the one processed now.
   */
  public static boolean supersedes(long newRecordedAt, long standingRecordedAt) {
    return newRecordedAt >= standingRecordedAt;
  }
}
