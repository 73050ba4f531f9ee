package dev.pulse.registry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.registry.CompatibilityLevel;
import dev.pulse.registry.RegisteredSchema;
import dev.pulse.registry.RegistryState;
import dev.pulse.registry.SchemaRegistryException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Schema Registry REST API, as far as Kafka serdes and tools use it: registration
 * and look-up, schemas by id, subjects and versions, compatibility checks and configuration.
 * Errors answer {@code {"error_code", "message"}} with Confluent's codes.
 *
 * <p>Reads are open. A change (a new version, a delete, a compatibility level) must pass the
 * {@link WriteGuard}; registering a schema the subject already holds is not a change and answers
 * its id to anyone, so that clients which register automatically keep working. Internal errors and
 * unparseable schemas are answered with a short error id that the log holds with the detail, never
 * with exception text.
 */
final class RegistryApi {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger log = LoggerFactory.getLogger(RegistryApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Confluent's codes for a request without credentials, and one whose credentials may not do it. */
  static final int UNAUTHORIZED = 40101;
  static final int FORBIDDEN = 40301;
  static final String CHALLENGE = "Basic realm=\"Pulse Schema Registry\", charset=\"UTF-8\", Bearer realm=\"Pulse Schema Registry\"";
  /** The longest parser message echoed back: a schema can be large, its answer need not be. */
  private static final int MAX_MESSAGE = 300;

  /** A subject version as the API answers it. */
  private record VersionJson(String subject, int version, int id, String schema) {
    VersionJson(RegisteredSchema registered) {
      this(registered.subject(), registered.version(), registered.id(), registered.schema().toString());
    }
  }

  /** A subject version that uses a schema id. */
  private record UsageJson(String subject, int version) {}

  private final RegistryState state;
  private final SchemaLog schemaLog;
  private final WriteGuard guard;
  /** Changes are decided from the state and then logged: one at a time, so ids and versions stay unique. */
  private final Object writeLock = new Object();

  RegistryApi(RegistryState state, SchemaLog schemaLog, WriteGuard guard) {
    this.state = state;
    this.schemaLog = schemaLog;
    this.guard = guard;
  }

  void addRoutes(Javalin app) {
    app.get("/", ctx -> reply(ctx, Map.of()));
    app.get("/subjects", ctx -> reply(ctx, state.subjects()));
    app.post("/subjects/{subject}", this::lookup);
    app.delete("/subjects/{subject}", this::deleteSubject);
    app.delete("/subjects/{subject}/versions/{version}", this::deleteVersion);
    app.get("/subjects/{subject}/versions", ctx -> reply(ctx, state.versions(subject(ctx))));
    app.post("/subjects/{subject}/versions", this::register);
    app.get("/subjects/{subject}/versions/{version}", ctx -> reply(ctx, new VersionJson(version(ctx))));
    app.get("/subjects/{subject}/versions/{version}/schema", ctx -> reply(ctx, version(ctx).schema()));
    app.get("/schemas/ids/{id}", ctx -> reply(ctx, Map.of("schema", state.schema(id(ctx)).toString())));
    app.get("/schemas/ids/{id}/versions", ctx -> reply(ctx, state.usages(id(ctx)).stream()
        .map(v -> new UsageJson(v.subject(), v.version())).toList()));
    app.post("/compatibility/subjects/{subject}/versions/{version}", this::checkCompatibility);
    app.get("/config", ctx -> reply(ctx, Map.of("compatibilityLevel", state.compatibility(null).name())));
    app.put("/config", ctx -> setCompatibility(ctx, null));
    app.get("/config/{subject}", this::subjectCompatibility);
    app.put("/config/{subject}", ctx -> setCompatibility(ctx, subject(ctx)));

    app.exception(SchemaRegistryException.class, (e, ctx) -> {
      if (e.httpStatus() >= 500) {
        String id = errorId();
        log.error("{} {} failed (error {})", ctx.method(), ctx.path(), id, e);
        error(ctx, e.httpStatus(), e.errorCode(), "Internal error " + id + ": see the registry's log");
      } else {
        log.debug("{} {} refused: {}", ctx.method(), ctx.path(), e.getMessage());
        error(ctx, e.httpStatus(), e.errorCode(), e.getMessage());
      }
    });
    app.exception(Exception.class, (e, ctx) -> {
      String id = errorId();
      log.error("{} {} failed (error {})", ctx.method(), ctx.path(), id, e);
      error(ctx, 500, SchemaRegistryException.STORE_ERROR, "Internal error " + id + ": see the registry's log");
    });
  }

  /** Answers 401 or 403 and returns false when the request may not change the registry. */
  private boolean mayChange(Context ctx) {
    WriteGuard.Decision decision = guard.check(ctx.header("Authorization"));
    if (decision.isAllowed()) return true;
    log.info("{} {} refused with {}: {}", ctx.method(), ctx.path(), decision.status(), decision.reason());
    if (decision.status() == 401) {
      ctx.header("WWW-Authenticate", CHALLENGE);
      error(ctx, 401, UNAUTHORIZED, "Unauthorized: " + decision.reason());
    } else {
      error(ctx, 403, FORBIDDEN, "Forbidden: " + decision.reason());
    }
    return false;
  }

  private void register(Context ctx) {
    String subject = subject(ctx);
    Schema schema = schema(ctx);
    Optional<RegisteredSchema> held = state.find(subject, schema);
    if (held.isPresent()) {
      reply(ctx, Map.of("id", held.get().id()));
    } else if (mayChange(ctx)) {
      reply(ctx, Map.of("id", registerVersion(subject, schema, false).id()));
    }
  }

  /**
   * Registers the schema under the subject, or finds it there: the one place versions are added.
   *
   * @param ignoringCompatibility add it even where the subject's compatibility level forbids it
   */
  RegisteredSchema registerVersion(String subject, Schema schema, boolean ignoringCompatibility) {
    synchronized (writeLock) {
      Optional<RegisteredSchema> held = state.find(subject, schema);
      if (held.isPresent()) return held.get();
      RegisteredSchema registered = ignoringCompatibility
          ? state.prepareIgnoringCompatibility(subject, schema)
          : state.prepare(subject, schema);
      schemaLog.appendVersion(registered);
      log.info("Registered {} as version {} of subject {} with schema id {}{}", schema.getFullName(),
          registered.version(), subject, registered.id(), ignoringCompatibility ? ", ignoring its compatibility level" : "");
      return registered;
    }
  }

  /** Sets the compatibility level of a subject, or the global one for null. */
  void putCompatibility(String subjectOrNull, CompatibilityLevel level) {
    synchronized (writeLock) {
      schemaLog.appendCompatibility(subjectOrNull, level);
    }
    log.info("Compatibility of {} set to {}", subjectOrNull == null ? "the registry" : "subject " + subjectOrNull, level);
  }

  private void lookup(Context ctx) {
    reply(ctx, new VersionJson(state.lookup(subject(ctx), schema(ctx))));
  }

  private void deleteSubject(Context ctx) {
    if (!mayChange(ctx)) return;
    String subject = subject(ctx);
    List<Integer> deleted;
    synchronized (writeLock) {
      deleted = state.versions(subject);
      deleted.forEach(v -> schemaLog.appendDeleted(state.version(subject, v)));
    }
    log.info("Deleted versions {} of subject {}", deleted, subject);
    reply(ctx, deleted);
  }

  private void deleteVersion(Context ctx) {
    if (!mayChange(ctx)) return;
    RegisteredSchema deleted;
    synchronized (writeLock) {
      deleted = version(ctx);
      schemaLog.appendDeleted(deleted);
    }
    log.info("Deleted version {} of subject {}", deleted.version(), deleted.subject());
    reply(ctx, deleted.version());
  }

  private void checkCompatibility(Context ctx) {
    String version = ctx.pathParam("version");
    List<String> problems = state.incompatibilities(subject(ctx), schema(ctx),
        isLatest(version) ? null : versionNumber(version));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("is_compatible", problems.isEmpty());
    if ("true".equalsIgnoreCase(ctx.queryParam("verbose"))) {
      answer.put("messages", problems);
    }
    reply(ctx, answer);
  }

  private void subjectCompatibility(Context ctx) {
    String subject = subject(ctx);
    boolean defaultToGlobal = "true".equalsIgnoreCase(ctx.queryParam("defaultToGlobal"));
    CompatibilityLevel level = state.ownCompatibility(subject)
        .or(() -> defaultToGlobal ? Optional.of(state.compatibility(null)) : Optional.empty())
        .orElseThrow(() -> new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
            "Subject '" + subject + "' does not have subject-level compatibility configured"));
    reply(ctx, Map.of("compatibilityLevel", level.name()));
  }

  private void setCompatibility(Context ctx, String subjectOrNull) {
    if (!mayChange(ctx)) return;
    CompatibilityLevel level = CompatibilityLevel.parse(body(ctx).path("compatibility").asText(null));
    putCompatibility(subjectOrNull, level);
    reply(ctx, Map.of("compatibility", level.name()));
  }

  private static String subject(Context ctx) {
    return ctx.pathParam("subject");
  }

  private RegisteredSchema version(Context ctx) {
    String version = ctx.pathParam("version");
    return isLatest(version) ? state.latest(subject(ctx)) : state.version(subject(ctx), versionNumber(version));
  }

  /** Confluent accepts -1 as another spelling of latest. */
  private static boolean isLatest(String version) {
    return version.equals("latest") || version.equals("-1");
  }

  private static int versionNumber(String version) {
    try {
      int number = Integer.parseInt(version);
      if (number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_VERSION,
        "The specified version '" + version + "' is not a valid version id: expected 1 or more, or 'latest'");
  }

  private static int id(Context ctx) {
    String id = ctx.pathParam("id");
    try {
      return Integer.parseInt(id);
    } catch (NumberFormatException e) {
      throw SchemaRegistryException.schemaNotFound("'" + id + "' is not a schema id");
    }
  }

  /** The Avro schema of a {@code {"schema": "...", "schemaType"?: "AVRO"}} body. */
  private static Schema schema(Context ctx) {
    JsonNode body = body(ctx);
    String type = body.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      throw SchemaRegistryException.invalidSchema("schemaType " + type + " is not supported, only AVRO", null);
    }
    if (!body.path("references").isEmpty()) {
      throw SchemaRegistryException.invalidSchema("schema references are not supported", null);
    }
    JsonNode text = body.get("schema");
    if (text == null || !text.isTextual()) {
      throw SchemaRegistryException.invalidSchema("the body has no \"schema\" string", null);
    }
    try {
      return new Schema.Parser().parse(text.asText());
    } catch (AvroRuntimeException e) {
      if (e.getCause() == null && e.getMessage() != null) {
        // Avro's own account of what is wrong with the schema ("Undefined name: ..."): the client needs it.
        throw SchemaRegistryException.invalidSchema(shortened(e.getMessage()), null);
      }
      throw unparseable(e);
    } catch (RuntimeException e) {
      throw unparseable(e);
    }
  }

  /** A schema the parser failed on inside (the JSON reader, a limit): the detail goes to the log only. */
  private static SchemaRegistryException unparseable(RuntimeException e) {
    String id = errorId();
    log.info("A schema could not be parsed (error {})", id, e);
    return SchemaRegistryException.invalidSchema("the schema could not be parsed as Avro (error " + id
        + "; the registry's log has the detail)", null);
  }

  private static String shortened(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "…";
  }

  /** A short id that ties an answer to the log line holding the detail. */
  private static String errorId() {
    return String.format("%08x", java.util.concurrent.ThreadLocalRandom.current().nextInt());
  }

  private static JsonNode body(Context ctx) {
    try {
      return JSON.readTree(ctx.bodyAsBytes());
    } catch (JsonProcessingException e) {
      throw new SchemaRegistryException(400, 400, "The request body is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new SchemaRegistryException(400, 400, "The request body could not be read: " + e.getMessage(), e);
    }
  }

  private static void reply(Context ctx, Object body) {
    try {
      // A schema is itself JSON: written as is, not as a JSON string.
      byte[] json = body instanceof Schema schema
          ? schema.toString().getBytes(StandardCharsets.UTF_8)
          : JSON.writeValueAsBytes(body);
      ctx.contentType(CONTENT_TYPE).result(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write answer " + body, e);
    }
  }

  private static void error(Context ctx, int status, int errorCode, String message) {
    ctx.status(status);
    reply(ctx, Map.of("error_code", errorCode, "message", message));
  }
}
