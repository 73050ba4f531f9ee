package dev.pulse.server.query;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The {@code errors} body of SPEC.md §6 for the read side, and the one way a request that failed
 * inside Pulse is answered: the exception goes to the log under a short random id, and the caller
 * gets that id and nothing of the exception (its text can carry ids of members, paths, versions).
 */
public final class ErrorBody {

  private static final SecureRandom RANDOM = new SecureRandom();

  private ErrorBody() {}

  /** {@code {"errors": [{"index": null, "field": null, "message": ...}], "errorCount": 1}}. */
  public static Map<String, Object> of(String message) {
    Map<String, Object> problem = new java.util.LinkedHashMap<>();
    problem.put("index", null);
    problem.put("field", null);
    problem.put("message", message);
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("errors", List.of(problem));
    body.put("errorCount", 1);
    return body;
  }

  /** Logs the failure of this request under a new id and answers 500 naming only the id. */
  public static void serverFailure(Context ctx, Logger log, Exception e) {
    String id = newId();
    log.error("{} {} failed (error id {})", ctx.method(), ctx.path(), id, e);
    ctx.status(500).json(of("the server failed on this request (error id " + id + "); the operators' log has the details"));
  }

  /** Eight hex digits: short enough to read out on the phone, unguessable enough to find one line in a log. */
  static String newId() {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
