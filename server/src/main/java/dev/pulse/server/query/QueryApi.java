package dev.pulse.server.query;

import dev.pulse.contract.CampaignNames;
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
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The view queries of SPEC.md §6: one row of a view for a unit and period, or the row of each
 * child unit with {@code /children}; and the campaign queries: a unit's campaigns in a period, one
 * campaign's row, and its {@code /children}. Authentication is the server's concern, not this class's.
 *
 * <p>On an instance of a streams application with several instances, the views are held by the
 * one whose task is active: a query arriving elsewhere is forwarded to it over HTTP. When that
 * instance does not answer (it died, and the group has not yet noticed), a standby replica answers
 * instead — this instance's own, or another's — and the answer carries {@code Pulse-Stale: true}.
 * Every answer names the instance that produced it in {@code Pulse-Served-By}. Routed queries are
 * those of the single engine, which computes no campaigns: the campaign queries answer 501 there.
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

  /** What the campaign queries answer (501) where the views are the single engine's. */
  public static final String SINGLE_ENGINE_HAS_NO_CAMPAIGNS = "the single engine does not compute campaigns"
      + " (SPEC.md §5b); run the partitioned engine (--engine partitioned, the default) to query them";

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

  /**
   * Answers from this instance's stores where its task is active, and asks the instance that holds
   * them otherwise: the single engine's interactive queries. Its campaign queries answer 501.
   */
  public static QueryApi routed(UnitLookup units, ViewReader views, ViewReader standbyViews, ViewPlacement routing) {
    return new QueryApi(units, views, standbyViews, routing, routing.self());
  }

  public void addTo(Javalin app) {
    route(app, "participation", "period", (reader, unit, p) -> reader.participation(unit, period(p)));
    route(app, "poverty", "year", (reader, unit, y) -> reader.poverty(unit, year(y)));
    route(app, "activities", "period", (reader, unit, p) -> reader.activities(unit, period(p)));
    campaignRoutes(app);
  }

  @FunctionalInterface
  private interface RowQuery {
    SpecificRecord row(ViewReader reader, String unitId, String periodText);
  }

  private void route(Javalin app, String view, String param, RowQuery query) {
    String path = "/api/v1/" + view + "/{unitId}/{" + param + "}";
    Consumer<Context> check = ctx -> {
      if (param.equals("year")) year(ctx.pathParam(param)); else period(ctx.pathParam(param));
    };
    app.get(path, ctx -> answer(ctx, check, reader -> RowJson.of(query.row(reader, ctx.pathParam("unitId"), ctx.pathParam(param)))));
    app.get(path + "/children", ctx -> answer(ctx, check, reader -> {
      String p = ctx.pathParam(param);
      return units.children(ctx.pathParam("unitId")).stream().map(c -> RowJson.of(query.row(reader, c, p))).toList();
    }));
  }

  /**
   * The campaign queries (SPEC.md §5b, §6): a unit's campaigns in a period, one campaign's row, and
   * that campaign's row of each child unit. The campaign is one path segment, URL-encoded; Javalin
   * hands it over decoded, and it is read trimmed, as the views read the names activities list.
   */
  private void campaignRoutes(Javalin app) {
    String path = "/api/v1/campaigns/{unitId}/{period}";
    app.get(path, ctx -> answerCampaigns(ctx, false, reader ->
        reader.campaigns(ctx.pathParam("unitId"), period(ctx.pathParam("period"))).stream().map(RowJson::of).toList()));
    app.get(path + "/{campaign}", ctx -> answerCampaigns(ctx, true, reader ->
        RowJson.of(reader.campaign(ctx.pathParam("unitId"), period(ctx.pathParam("period")), campaign(ctx)))));
    app.get(path + "/{campaign}/children", ctx -> answerCampaigns(ctx, true, reader -> {
      Period p = period(ctx.pathParam("period"));
      String c = campaign(ctx);
      return units.children(ctx.pathParam("unitId")).stream().map(u -> RowJson.of(reader.campaign(u, p, c))).toList();
    }));
  }

  private void answerCampaigns(Context ctx, boolean named, Function<ViewReader, Object> body) {
    if (routing != null) {
      // Routed queries are the single engine's interactive queries, and that engine has no campaigns.
      ctx.status(HttpStatus.NOT_IMPLEMENTED).json(ErrorBody.of(SINGLE_ENGINE_HAS_NO_CAMPAIGNS));
      return;
    }
    answer(ctx, c -> {
      period(c.pathParam("period"));
      if (named) campaign(c);
    }, body);
  }

  private void answer(Context ctx, Consumer<Context> check, Function<ViewReader, Object> body) {
    String unit = ctx.pathParam("unitId");
    if (!units.exists(unit)) {
      ctx.status(HttpStatus.NOT_FOUND).json(ErrorBody.of("unknown unit '" + unit + "'"));
      return;
    }
    try {
      // A malformed period or campaign is the caller's mistake wherever the views live: say so here.
      check.accept(ctx);
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

  /**
   * The campaign named in the path, trimmed.
   *
   * @throws IllegalArgumentException saying why it is no campaign name ({@link CampaignNames#problem})
   */
  private static String campaign(Context ctx) {
    String name = ctx.pathParam("campaign");
    String problem = CampaignNames.problem(name);
    if (problem != null) throw new IllegalArgumentException("malformed campaign in the path: " + problem);
    return CampaignNames.trimmed(name);
  }

  private static int year(String text) {
    Period p = Period.parse(text);
    if (p.kind() != Period.Kind.YEAR) {
      throw new IllegalArgumentException("malformed year '" + text + "': the poverty view is by year, e.g. 2023");
    }
    return p.year();
  }
}
