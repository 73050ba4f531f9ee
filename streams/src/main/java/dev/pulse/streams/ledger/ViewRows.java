package dev.pulse.streams.ledger;

import dev.pulse.contract.ViewKey;
import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.avro.PovertyRow;
import dev.pulse.streams.domain.ActivityFigures;
import dev.pulse.streams.ledger.LedgerState.ParticipationCounts;
import dev.pulse.streams.ledger.LedgerState.PovertyCounts;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the view rows of SPEC.md §1 from the ledger's figures. Absent figures are zeros, last
 * changed at {@code whenAbsent} (the moment they dropped to zero, or the moment of asking).
 */
public final class ViewRows {

  private ViewRows() {}

  /** "unitId|period" → its two parts. */
  public static String[] split(String rowKey) {
    int bar = rowKey.lastIndexOf('|');
    return new String[] {rowKey.substring(0, bar), rowKey.substring(bar + 1)};
  }

  public static String key(String unitId, Object period) {
    return ViewKey.of(unitId, period);
  }

  public static ParticipationRow participation(String rowKey, ParticipationCounts c, long whenAbsent) {
    String[] k = split(rowKey);
    ParticipationCounts counts = c == null ? ParticipationCounts.ZERO : c;
    return ParticipationRow.newBuilder()
        .setUnitId(k[0])
        .setPeriod(k[1])
        .setEligible(counts.eligible())
        .setParticipants(counts.participants())
        .setRate(counts.eligible() == 0 ? null : (double) counts.participants() / counts.eligible())
        .setUpdatedAt(Instant.ofEpochMilli(c == null ? whenAbsent : counts.updatedAt()))
        .build();
  }

  public static PovertyRow poverty(String rowKey, PovertyCounts c, long whenAbsent) {
    String[] k = split(rowKey);
    PovertyCounts counts = c == null ? PovertyCounts.ZERO : c;
    return PovertyRow.newBuilder()
        .setUnitId(k[0])
        .setYear(Integer.parseInt(k[1]))
        .setSupportedHouseholds(counts.supported())
        .setExitedHouseholds(counts.exited())
        .setExitedPoverty(counts.exitedPoverty())
        .setExitedNearPoverty(counts.exitedNearPoverty())
        .setRelapsedHouseholds(counts.relapsed())
        .setPoorAtYearEnd(counts.poorAtYearEnd())
        .setNearPoorAtYearEnd(counts.nearPoorAtYearEnd())
        .setUpdatedAt(Instant.ofEpochMilli(c == null ? whenAbsent : counts.updatedAt()))
        .build();
  }

  public static ActivitiesRow activities(String rowKey, ActivityFigures.Counts c, long whenAbsent) {
    String[] k = split(rowKey);
    ActivityFigures.Counts counts = c == null ? ActivityFigures.Counts.ZERO : c;
    Map<String, Long> byChannel = new LinkedHashMap<>(counts.byChannel());
    return ActivitiesRow.newBuilder()
        .setUnitId(k[0])
        .setPeriod(k[1])
        .setHeld(counts.held())
        .setInPerson(counts.inPerson())
        .setOnline(counts.online())
        .setHybrid(counts.hybrid())
        .setPublicised(counts.publicised())
        .setByChannel(byChannel)
        .setAttendances(counts.attendances())
        .setUpdatedAt(Instant.ofEpochMilli(c == null ? whenAbsent : counts.updatedAt()))
        .build();
  }
}
