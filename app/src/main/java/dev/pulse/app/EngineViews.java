package dev.pulse.app;

import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.CampaignsRow;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.avro.PovertyRow;
import dev.pulse.contract.Period;
import dev.pulse.server.query.QueryApi;
import dev.pulse.server.query.ViewPlacement;
import dev.pulse.server.query.ViewReader;
import dev.pulse.server.query.ViewsNotReadyException;
import dev.pulse.streams.query.ViewQueries;
import dev.pulse.streams.query.ViewRouting;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The views engine's interactive queries as the HTTP face reads them: {@link ViewReader} over the
 * engine's stores and {@link ViewPlacement} over its routing. The server never sees a Kafka Streams
 * type; this is the one place where the two meet.
 */
final class EngineViews {

  private EngineViews() {}

  /**
   * The rows from this instance's stores (active copies only, or standby copies too): the single
   * engine's, which computes no campaigns ({@link QueryApi#routed} answers their queries 501 without
   * asking).
   */
  static ViewReader reader(ViewQueries queries) {
    return new ViewReader() {
      @Override
      public ParticipationRow participation(String unitId, Period period) {
        return read(() -> queries.participation(unitId, period));
      }

      @Override
      public PovertyRow poverty(String unitId, int year) {
        return read(() -> queries.poverty(unitId, year));
      }

      @Override
      public ActivitiesRow activities(String unitId, Period period) {
        return read(() -> queries.activities(unitId, period));
      }

      @Override
      public List<CampaignsRow> campaigns(String unitId, Period period) {
        throw new UnsupportedOperationException(QueryApi.SINGLE_ENGINE_HAS_NO_CAMPAIGNS);
      }

      @Override
      public CampaignsRow campaign(String unitId, Period period, String campaign) {
        throw new UnsupportedOperationException(QueryApi.SINGLE_ENGINE_HAS_NO_CAMPAIGNS);
      }
    };
  }

  static ViewPlacement placement(ViewRouting routing) {
    return new ViewPlacement() {
      @Override
      public String self() {
        return ViewRouting.name(routing.self());
      }

      @Override
      public Optional<Placement> placement() {
        return routing.placement().map(p -> new Placement(ViewRouting.name(p.active()),
            p.standbys().stream().map(ViewRouting::name).toList()));
      }
    };
  }

  private static <T> T read(Supplier<T> query) {
    try {
      return query.get();
    } catch (ViewQueries.NotReadyException | InvalidStateStoreException e) {
      throw new ViewsNotReadyException(e.getMessage(), e);
    }
  }
}
