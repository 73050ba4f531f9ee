package dev.pulse.query;

import dev.pulse.contract.Period;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.avro.specific.SpecificRecord;

/**
 * The view queries of SPEC.md §6: one row of a view for a unit and period, or the row of each
 * child unit with {@code /children}. Authentication is the server's concern, not this class's.
 */
public final class QueryApi {

  private final ViewQueries views;

  public QueryApi(ViewQueries views) {
    this.views = views;
  }

  public void addTo(Javalin app) {
    route(app, "participation", "period", (unit, p) -> views.participation(unit, period(p)));
    route(app, "poverty", "year", (unit, y) -> views.poverty(unit, year(y)));
    route(app, "activities", "period", (unit, p) -> views.activities(unit, period(p)));
  }

  private void route(Javalin app, String view, String param, BiFunction<String, String, SpecificRecord> row) {
    String path = "/api/v1/" + view + "/{unitId}/{" + param + "}";
    app.get(path, ctx -> answer(ctx, () -> {
      String unit = knownUnit(ctx);
      return RowJson.of(row.apply(unit, ctx.pathParam(param)));
    }));
    app.get(path + "/children", ctx -> answer(ctx, () -> {
      String unit = knownUnit(ctx);
      String p = ctx.pathParam(param);
      row.apply(unit, p); // validates the period before listing
      List<Map<String, Object>> rows = views.children(unit).stream().map(c -> RowJson.of(row.apply(c, p))).toList();
      return rows;
    }));
  }

  private String knownUnit(Context ctx) {
    String unit = ctx.pathParam("unitId");
    if (views.unit(unit).isEmpty()) throw new UnknownUnit(unit);
    return unit;
  }

  private static Period period(String text) {
    return Period.parse(text);
  }

  private static int year(String text) {
    Period p = Period.parse(text);
    if (p.kind() != Period.Kind.YEAR) {
      throw new IllegalArgumentException("malformed year '" + text + "': the poverty view is by year, e.g. 2023");
    }
    return p.year();
  }

  private static void answer(Context ctx, java.util.concurrent.Callable<Object> body) {
    try {
      ctx.json(body.call());
    } catch (UnknownUnit e) {
      ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", e.getMessage()));
    } catch (IllegalArgumentException e) {
      ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", e.getMessage()));
    } catch (ViewQueries.NotReadyException | InvalidStateStoreException e) {
      // Starting, restoring or rebalancing: the stores come back by themselves.
      ctx.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "2")
          .json(Map.of("error", "the views are not queryable right now (" + e.getMessage() + "); try again shortly"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class UnknownUnit extends RuntimeException {
    UnknownUnit(String unitId) {
      super("unknown unit '" + unitId + "'");
    }
  }
}
