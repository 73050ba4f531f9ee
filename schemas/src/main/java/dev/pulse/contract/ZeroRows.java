package dev.pulse.contract;

import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.avro.PovertyRow;
import java.time.Instant;
import java.util.Map;

/**
 * The row a view answers for a key it holds nothing for: every figure zero (SPEC.md §1 — a row
 * whose figures dropped to zero is not kept, and reads as zeros).
 */
public final class ZeroRows {

  private ZeroRows() {}

  public static ParticipationRow participation(String key, long updatedAt) {
    ViewKey k = ViewKey.parse(key);
    return ParticipationRow.newBuilder().setUnitId(k.unitId()).setPeriod(k.period())
        .setEligible(0).setParticipants(0).setRate(null).setUpdatedAt(Instant.ofEpochMilli(updatedAt)).build();
  }

  public static PovertyRow poverty(String key, long updatedAt) {
    ViewKey k = ViewKey.parse(key);
    return PovertyRow.newBuilder().setUnitId(k.unitId()).setYear(Integer.parseInt(k.period()))
        .setSupportedHouseholds(0).setExitedHouseholds(0).setExitedPoverty(0).setExitedNearPoverty(0)
        .setRelapsedHouseholds(0).setPoorAtYearEnd(0).setNearPoorAtYearEnd(0)
        .setUpdatedAt(Instant.ofEpochMilli(updatedAt)).build();
  }

  public static ActivitiesRow activities(String key, long updatedAt) {
    ViewKey k = ViewKey.parse(key);
    return ActivitiesRow.newBuilder().setUnitId(k.unitId()).setPeriod(k.period())
        .setHeld(0).setInPerson(0).setOnline(0).setHybrid(0).setPublicised(0).setByChannel(Map.of())
        .setAttendances(0).setUpdatedAt(Instant.ofEpochMilli(updatedAt)).build();
  }
}
