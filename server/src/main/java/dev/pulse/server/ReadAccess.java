package dev.pulse.server;

import dev.pulse.server.access.Access;
import dev.pulse.contract.Problem;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;

/**
 * Reading needs a valid token (SPEC.md §6) unless the server was started with open reading: a
 * {@code before} handler on {@code /api/v1/*} that answers 401 to a read without a valid
 * {@code Authorization: Bearer} header, in the error shape of the ingest API.
 *
 * <p>Only reads are checked here. Writes are the ingest API's to judge: it needs the caller's
 * scope and role anyway, and answers 401 itself.
 */
public final class ReadAccess {

  private ReadAccess() {}

  public static void addTo(Javalin app, Access access, boolean openReading) {
    if (openReading) return;
    app.before("/api/v1/*", ctx -> {
      if (!isRead(ctx) || ctx.path().equals(OpenApiDocument.PATH)) return; // the API's description is no secret
      if (access.check(ctx.header("Authorization")) instanceof Access.Refused refused) {
        ctx.skipRemainingHandlers();
        ctx.header("WWW-Authenticate", "Bearer realm=\"pulse\"");
        ctx.status(HttpStatus.UNAUTHORIZED)
            .json(Map.of("errors", List.of(Problem.ofRequest("reading needs a token: " + refused.reason()))));
      }
    });
  }

  private static boolean isRead(Context ctx) {
    return ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
  }
}
