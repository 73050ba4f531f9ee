package dev.pulse.streams.ledger;

import dev.pulse.streams.domain.Facts.ActivityFact;
import dev.pulse.streams.domain.Facts.AttendanceFact;
import dev.pulse.streams.domain.Facts.HouseholdEventFact;
import dev.pulse.streams.domain.Facts.MembershipFact;
import dev.pulse.streams.domain.Facts.UnitFact;

/**
 * One input record on its way to the ledger: which input it came from, its key, and its fact
 * (all facts null for a tombstone of a unit or a membership).
 */
public record LedgerInput(Source source, String key, UnitFact unit, MembershipFact membership,
    ActivityFact activity, AttendanceFact attendance, HouseholdEventFact household) {

  /** The input topic a record came from. */
  public enum Source { UNIT, MEMBERSHIP, ACTIVITY, ATTENDANCE, HOUSEHOLD }

  public static LedgerInput unit(String key, UnitFact f) {
    return new LedgerInput(Source.UNIT, key, f, null, null, null, null);
  }

  public static LedgerInput membership(String key, MembershipFact f) {
    return new LedgerInput(Source.MEMBERSHIP, key, null, f, null, null, null);
  }

  public static LedgerInput activity(String key, ActivityFact f) {
    return new LedgerInput(Source.ACTIVITY, key, null, null, f, null, null);
  }

  public static LedgerInput attendance(String key, AttendanceFact f) {
    return new LedgerInput(Source.ATTENDANCE, key, null, null, null, f, null);
  }

  public static LedgerInput household(String key, HouseholdEventFact f) {
    return new LedgerInput(Source.HOUSEHOLD, key, null, null, null, null, f);
  }
}
