package dev.pulse.streams.query;

import dev.pulse.contract.ViewKey;
import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.avro.PovertyRow;
import dev.pulse.contract.Period;
import dev.pulse.streams.domain.ActivityFigures;
import dev.pulse.streams.ledger.LedgerState.ParticipationCounts;
import dev.pulse.streams.ledger.LedgerState.PovertyCounts;
import dev.pulse.streams.ledger.LedgerStores;
import dev.pulse.streams.ledger.ViewRows;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the materialised views from this instance's state stores (interactive queries). Rows
 * whose figures are all zero are not stored; they are answered as zeros.
 *
 * <p>By default only an active task's stores answer. {@link #includingStandby()} also reads a
 * standby replica's copy: a few commits behind the active one, which is why the query API flags
 * such answers as stale.
 */
public final class ViewQueries {

  /** The views are not queryable here right now (starting, restoring, rebalancing, or hosted elsewhere). */
  public static final class NotReadyException extends RuntimeException {
    public NotReadyException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final KafkaStreams streams;
  private final boolean standbyAllowed;

  public ViewQueries(KafkaStreams streams) {
    this(streams, false);
  }

  private ViewQueries(KafkaStreams streams, boolean standbyAllowed) {
    this.streams = streams;
    this.standbyAllowed = standbyAllowed;
  }

  /** The same queries, answered by a standby replica's stores where this instance holds no active copy. */
  public ViewQueries includingStandby() {
    return new ViewQueries(streams, true);
  }

  public ParticipationRow participation(String unitId, Period period) {
    String key = ViewKey.of(unitId, period);
    ParticipationCounts c = store(LedgerStores.PARTICIPATION).get(key);
    return ViewRows.participation(key, c, System.currentTimeMillis());
  }

  public PovertyRow poverty(String unitId, int year) {
    String key = ViewKey.of(unitId, year);
    PovertyCounts c = store(LedgerStores.POVERTY).get(key);
    return ViewRows.poverty(key, c, System.currentTimeMillis());
  }

  public ActivitiesRow activities(String unitId, Period period) {
    String key = ViewKey.of(unitId, period);
    ActivityFigures.Counts c = store(LedgerStores.ACTIVITY_VIEW).get(key);
    return ViewRows.activities(key, c, System.currentTimeMillis());
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(LedgerStores.StoreDef<V> def) {
    StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> params =
        StoreQueryParameters.fromNameAndType(def.name(), QueryableStoreTypes.<String, V>keyValueStore());
    try {
      return streams.store(standbyAllowed ? params.enableStaleStores() : params);
    } catch (InvalidStateStoreException e) {
      throw new NotReadyException("the views are not queryable here yet (" + streams.state() + ")", e);
    }
  }
}
