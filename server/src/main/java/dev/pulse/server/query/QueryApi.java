package dev.pulse.server.query;

import dev.pulse.contract.RowJson;
import dev.pulse.contract.Period;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The view queries of SPEC.md §6: one row of a view for a unit and period, or the row of each
 * child unit with {@code /children}. Authentication is the server's concern, not this class's.
 *
 * <p>On an instance of a streams application with several instances, the views are held by the
 * one whose task is active: a query arriving elsewhere is forwarded to it over HTTP. When that
 * instance does not answer (it died, and the group has not yet noticed), a standby replica answers
 * instead — this instance's own, or another's — and the answer carries {@code Pulse-Stale: true}.
 * Every answer names the instance that produced it in {@code Pulse-Served-By}.
 */
public final class QueryApi {

  /** On a forwarded query: answer from your own stores, do not forward again. */
  public static final String FORWARDED = "Pulse-Forwarded";
  /** On a forwarded query: a standby replica's copy will do. */
  public static final String ACCEPT_STALE = "Pulse-Accept-Stale";
  /** On an answer: true when it came from a standby replica, which may be a few commits behind. */
  public static final String STALE = "Pulse-Stale";
  /** On an answer: the instance ({@code host:port}) whose stores produced it. */
  public static final String SERVED_BY = "Pulse-Served-By";

  private static final Logger log = LoggerFactory.getLogger(QueryApi.class);
  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(3);

  private final UnitLookup units;
  private final ViewReader local;
  private final ViewReader standby;
  private final ViewPlacement routing;
  private final String servedBy;
  private final HttpClient http;

  private QueryApi(UnitLookup units, ViewReader local, ViewReader standby, ViewPlacement routing, String servedBy) {
    this.units = units;
    this.local = local;
    this.standby = standby;
    this.routing = routing;
    this.servedBy = servedBy;
    this.http = routing == null ? null
        : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** Answers every query from this reader, here. */
  public static QueryApi local(UnitLookup units, ViewReader reader, String servedBy) {
    return new QueryApi(units, reader, null, null, servedBy);
  }

  /** Answers from this instance's stores where its task is active, and asks the instance that holds them otherwise. */
  public static QueryApi routed(UnitLookup units, ViewReader views, ViewReader standbyViews, ViewPlacement routing) {
    return new QueryApi(units, views, standbyViews, routing, routing.self());
  }

  public void addTo(Javalin app) {
    route(app, "participation", "period", (reader, unit, p) -> reader.participation(unit, period(p)));
    route(app, "poverty", "year", (reader, unit, y) -> reader.poverty(unit, year(y)));
    route(app, "activities", "period", (reader, unit, p) -> reader.activities(unit, period(p)));
  }

  @FunctionalInterface
  private interface RowQuery {
    SpecificRecord row(ViewReader reader, String unitId, String periodText);
  }

  private void route(Javalin app, String view, String param, RowQuery query) {
    String path = "/api/v1/" + view + "/{unitId}/{" + param + "}";
    app.get(path, ctx -> answer(ctx, param, reader -> RowJson.of(query.row(reader, ctx.pathParam("unitId"), ctx.pathParam(param)))));
    app.get(path + "/children", ctx -> answer(ctx, param, reader -> {
      String p = ctx.pathParam(param);
      return units.children(ctx.pathParam("unitId")).stream().map(c -> RowJson.of(query.row(reader, c, p))).toList();
    }));
  }

  private void answer(Context ctx, String param, Function<ViewReader, Object> body) {
    String unit = ctx.pathParam("unitId");
    if (!units.exists(unit)) {
      ctx.status(HttpStatus.NOT_FOUND).json(ErrorBody.of("unknown unit '" + unit + "'"));
      return;
    }
    try {
      // A malformed period is the caller's mistake wherever the views live: say so here.
      if (param.equals("year")) year(ctx.pathParam(param)); else period(ctx.pathParam(param));
    } catch (IllegalArgumentException e) {
      ctx.status(HttpStatus.BAD_REQUEST).json(ErrorBody.of(e.getMessage()));
      return;
    }
    if (routing == null) {
      here(ctx, local, false, body);
    } else if (ctx.header(FORWARDED) != null) {
      boolean acceptStale = "true".equals(ctx.header(ACCEPT_STALE));
      here(ctx, acceptStale ? standby : local, acceptStale, body);
    } else {
      routed(ctx, body);
    }
  }

  private void routed(Context ctx, Function<ViewReader, Object> body) {
    Optional<ViewPlacement.Placement> placement = routing.placement();
    if (placement.isEmpty()) {
      notReady(ctx, "the streams instances are rebalancing");
      return;
    }
    String self = routing.self();
    ViewPlacement.Placement p = placement.get();
    if (p.active().equals(self)) {
      here(ctx, local, false, body);
      return;
    }
    if (forward(ctx, p.active(), false)) return;
    // The instance holding the views does not answer: a standby replica will, flagged as stale.
    for (String s : p.standbys()) {
      if (s.equals(self)) {
        here(ctx, standby, true, body);
        return;
      }
      if (forward(ctx, s, true)) return;
    }
    notReady(ctx, "the instance holding the views (" + p.active()
        + ") does not answer and no standby replica is reachable");
  }

  private void here(Context ctx, ViewReader reader, boolean stale, Function<ViewReader, Object> body) {
    try {
      Object answer = body.apply(reader);
      ctx.header(SERVED_BY, servedBy);
      ctx.header(STALE, Boolean.toString(stale));
      ctx.json(answer);
    } catch (ViewsNotReadyException e) {
      notReady(ctx, e.getMessage());
    } catch (RuntimeException e) {
      ErrorBody.serverFailure(ctx, log, e);
    }
  }

  /** Relays the query to another instance; false when it could not be reached. */
  private boolean forward(Context ctx, String to, boolean acceptStale) {
    String query = ctx.queryString();
    URI uri = URI.create("http://" + to + ctx.path() + (query == null ? "" : "?" + query));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(FORWARD_TIMEOUT).GET()
        .header(FORWARDED, servedBy)
        .header(ACCEPT_STALE, Boolean.toString(acceptStale));
    String auth = ctx.header("Authorization");
    if (auth != null) request.header("Authorization", auth);
    try {
      HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 503 && !acceptStale) return false; // the active copy is not ready: try a standby
      ctx.status(response.statusCode());
      response.headers().firstValue("Content-Type").ifPresent(ctx::contentType);
      for (String h : List.of(SERVED_BY, STALE, "Retry-After")) response.headers().firstValue(h).ifPresent(v -> ctx.header(h, v));
      ctx.result(response.body());
      return true;
    } catch (IOException e) {
      log.warn("Instance {} did not answer a view query ({}); trying the next copy of the views", to, e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void notReady(Context ctx, String why) {
    // Starting, restoring, rebalancing or failing over: the views come back by themselves.
    ctx.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "2")
        .json(ErrorBody.of("the views are not queryable right now (" + why + "); try again shortly"));
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
}
