package dev.pulse.query;

import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.avro.PovertyRow;
import dev.pulse.contract.Period;
import dev.pulse.streams.domain.ActivityFigures;
import dev.pulse.streams.domain.Facts.UnitFact;
import dev.pulse.streams.ledger.LedgerState.ParticipationCounts;
import dev.pulse.streams.ledger.LedgerState.PovertyCounts;
import dev.pulse.streams.ledger.LedgerStores;
import dev.pulse.streams.ledger.ViewRows;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the materialised views and the tree from the streams application's state stores
 * (interactive queries). Rows whose figures are all zero are not stored; they are answered as
 * zeros.
 */
public final class ViewQueries {

  /** The views are not queryable right now (starting, restoring, rebalancing). */
  public static final class NotReadyException extends RuntimeException {
    public NotReadyException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final KafkaStreams streams;

  public ViewQueries(KafkaStreams streams) {
    this.streams = streams;
  }

  public Optional<UnitFact> unit(String unitId) {
    return Optional.ofNullable(store(LedgerStores.UNITS).get(unitId));
  }

  /** The units whose parent is this unit, in id order. */
  public List<String> children(String unitId) {
    TreeSet<String> ids = store(LedgerStores.CHILDREN).get(unitId);
    if (ids == null) return List.of();
    ReadOnlyKeyValueStore<String, UnitFact> units = store(LedgerStores.UNITS);
    return ids.stream().filter(id -> {
      UnitFact u = units.get(id);
      return u != null && unitId.equals(u.parentId());
    }).toList();
  }

  public ParticipationRow participation(String unitId, Period period) {
    String key = ViewRows.key(unitId, period);
    ParticipationCounts c = store(LedgerStores.PARTICIPATION).get(key);
    return ViewRows.participation(key, c, System.currentTimeMillis());
  }

  public PovertyRow poverty(String unitId, int year) {
    String key = ViewRows.key(unitId, year);
    PovertyCounts c = store(LedgerStores.POVERTY).get(key);
    return ViewRows.poverty(key, c, System.currentTimeMillis());
  }

  public ActivitiesRow activities(String unitId, Period period) {
    String key = ViewRows.key(unitId, period);
    ActivityFigures.Counts c = store(LedgerStores.ACTIVITY_VIEW).get(key);
    return ViewRows.activities(key, c, System.currentTimeMillis());
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(LedgerStores.StoreDef<V> def) {
    try {
      return streams.store(StoreQueryParameters.fromNameAndType(def.name(), QueryableStoreTypes.<String, V>keyValueStore()));
    } catch (InvalidStateStoreException e) {
      throw new NotReadyException("the views are not queryable yet (" + streams.state() + "); try again shortly", e);
    }
  }
}
