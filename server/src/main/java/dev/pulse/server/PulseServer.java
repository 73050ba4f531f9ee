package dev.pulse.server;

import dev.pulse.server.query.ErrorBody;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.router.ParsedEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP server of SPEC.md §6: ingest, queries, the live stream and the dashboard on one
 * port. It holds no routes of its own but {@code /health}: each module hands it a group of routes
 * and it mounts them on the same Javalin instance.
 */
public final class PulseServer implements AutoCloseable {

  /** Where the HTTP face listens unless told otherwise: this machine only (SPEC.md §6). */
  public static final String LOCALHOST = "127.0.0.1";

  private static final Logger log = LoggerFactory.getLogger(PulseServer.class);

  /** Where the dashboard's static files sit on the class path; they are served at {@code /}. */
  public static final String DASHBOARD_DIR = "/dashboard";

  /** Routes one module contributes, e.g. {@code new Routes("ingest", ingestApi::addTo)}. */
  public record Routes(String name, Consumer<Javalin> mount) {}

  private final Javalin app;
  private final List<String> mounted;

  private PulseServer(Javalin app, List<String> mounted) {
    this.app = app;
    this.mounted = List.copyOf(mounted);
  }

  /**
   * Starts the server.
   *
   * @param port 0 for a free port
   * @param dashboard serve the dashboard at {@code /} (instances that run the API)
   * @param health what {@code GET /health} answers to a request with this {@code Authorization}
   *     header (null when none); status 200 while it says UP, 503 otherwise
   * @param routes the route groups to mount, in order
   */
  public static PulseServer start(int port, boolean dashboard, Function<String, Health> health, List<Routes> routes) {
    return start(LOCALHOST, port, dashboard, health, routes);
  }

  /**
   * Starts the server on this address ({@code --listen}): a loopback one for this machine only.
   *
   * @see #start(int, boolean, Function, List)
   */
  public static PulseServer start(String host, int port, boolean dashboard, Function<String, Health> health,
      List<Routes> routes) {
    boolean hasDashboard = dashboard && PulseServer.class.getResource(DASHBOARD_DIR + "/index.html") != null;
    Javalin app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      if (hasDashboard) {
        config.staticFiles.add(files -> {
          files.hostedPath = "/";
          files.directory = DASHBOARD_DIR;
          files.location = Location.CLASSPATH;
        });
      }
    });
    // /health and /health/ready: ready to serve (the cluster answers, the views follow the input);
    // /health/live: the process answers at all — restart it only when this fails.
    for (String path : List.of("/health", "/health/ready")) {
      app.get(path, ctx -> {
        Health h = health.apply(ctx.header("Authorization"));
        ctx.status(h.isUp() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(h.asJson());
      });
    }
    app.get("/health/live", ctx -> ctx.json(java.util.Map.of("status", "UP")));
    // Whatever fails unforeseen is logged under an id; the answer names the id, never the exception.
    app.exception(Exception.class, (e, ctx) -> ErrorBody.serverFailure(ctx, log, e));
    List<String> mounted = new ArrayList<>();
    for (Routes r : routes) {
      r.mount().accept(app);
      mounted.add(r.name());
    }
    if (hasDashboard) mounted.add("dashboard");
    try {
      app.start(host, port);
    } catch (RuntimeException e) {
      throw new IllegalStateException("could not start the HTTP server on " + host + " port " + port
          + " (is another program using it? choose another with --http-port)", e);
    }
    log.info("HTTP server on {} port {} serves {}", host, app.port(), mounted);
    return new PulseServer(app, mounted);
  }

  public int port() {
    return app.port();
  }

  /** Every route, as {@code "GET /api/v1/units/{unitId}"} in Javalin's syntax; no before/after handlers. */
  public List<String> endpoints() {
    return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream().map(ParsedEndpoint::getEndpoint)
        .filter(e -> e.getMethod().isHttpMethod()).map(e -> e.getMethod() + " " + e.getPath()).toList();
  }

  /** The names of the route groups mounted, and "dashboard" when its files are on the class path. */
  public List<String> mounted() {
    return mounted;
  }

  @Override
  public void close() {
    app.stop();
  }
}
