package dev.pulse.server.ingest;

import dev.pulse.kafka.BatchWriter;
import dev.pulse.contract.IngestStream;
import dev.pulse.contract.Problem;
import dev.pulse.contract.RecordRules;
import dev.pulse.contract.RecordValidator;
import dev.pulse.kafka.UnavailableException;
import dev.pulse.kafka.UnitDirectory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pulse.server.access.Access;
import dev.pulse.server.access.Principal;
import dev.pulse.avro.Unit;
import dev.pulse.registry.SchemaRegistryClient;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest gateway of SPEC.md §6 and the unit lookup:
 * <ul>
 *   <li>{@code POST /api/v1/ingest/{stream}}: records as one JSON object, an array or NDJSON,
 *       checked in full before anything is written, then written in one Kafka transaction;
 *       {@code 200 {"accepted": n}} only after the commit;</li>
 *   <li>{@code DELETE /api/v1/ingest/units/{unitId}} and {@code /memberships/{membershipId}}: a
 *       null value, for an admin token, answered like a POST of one record;</li>
 *   <li>{@code GET /api/v1/units/{unitId}}: {@code {"unit", "parent", "children"}}.</li>
 * </ul>
 * Every refusal is {@code {"errors": [{"index", "field", "message"}], "errorCount": n}}, the list
 * holding at most the first {@link Problems#MAX_LISTED}.
 */
public final class IngestApi implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IngestApi.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  static final String JSON_TYPE = "application/json";
  static final String NDJSON_TYPE = "application/x-ndjson";
  /** How long a POST of units waits for this server's unit directory to show them. */
  private static final Duration READ_YOUR_WRITES = Duration.ofSeconds(5);

  private final UnitDirectory units;
  private final Access access;
  private final IngestSettings settings;
  private final BatchWriter writer;
  private final RecordValidator validator;
  private final IdOwners owners;

  /** A gateway with the default settings. */
  public IngestApi(String bootstrapServers, SchemaRegistryClient registry, UnitDirectory units, Access access) {
    this(bootstrapServers, registry, units, access, IngestSettings.defaults());
  }

  /** A gateway with these settings whose id owners live in memory only (one instance, tests). */
  public IngestApi(String bootstrapServers, SchemaRegistryClient registry, UnitDirectory units, Access access,
      IngestSettings settings) {
    this(bootstrapServers, Map.of(), registry, units, IdOwners.inMemory(), access, settings);
  }

  /**
   * @param bootstrapServers the Kafka cluster to write to
   * @param registry where value schemas are registered (SPEC.md §1)
   * @param units the current unit tree, for scopes, loops and {@code GET /api/v1/units}
   * @param access checks bearer tokens
   */

  /**
   * A gateway whose writer logs in with these client properties (the ingest principal's: Write on
   * the input topics and on the transactional ids {@code pulse-ingest-*}).
   */
  public IngestApi(String bootstrapServers, Map<String, Object> clientProperties, SchemaRegistryClient registry,
      UnitDirectory units, IdOwners owners, Access access, IngestSettings settings) {
    this.units = units;
    this.access = access;
    this.settings = settings;
    this.owners = owners;
    this.writer = new BatchWriter(bootstrapServers, clientProperties, registry, settings.writer());
    this.validator = new RecordValidator(units, settings.dateBounds());
  }

  /**
   * Only {@code GET /api/v1/units/{unitId}}, for an instance that serves the API but runs no
   * gateway: it writes nothing, so it holds no producer.
   */
  public static IngestApi unitsOnly(UnitDirectory units, Access access, boolean openReading) {
    return new IngestApi(units, access, IngestSettings.defaults().withOpenReading(openReading));
  }

  private IngestApi(UnitDirectory units, Access access, IngestSettings settings) {
    this.units = units;
    this.access = access;
    this.settings = settings;
    this.writer = null;
    this.owners = null;
    this.validator = new RecordValidator(units, settings.dateBounds());
  }

  /** Registers the routes on the server: the ingest routes (unless units only) and the unit lookup. */
  public void addTo(Javalin app) {
    if (writer == null) {
      app.get("/api/v1/units/{unitId}", ctx -> guarded(ctx, () -> getUnit(ctx)));
      return;
    }
    app.post("/api/v1/ingest/{stream}", ctx -> guarded(ctx, () -> post(ctx)));
    app.delete("/api/v1/ingest/{stream}/{id}", ctx -> guarded(ctx, () -> delete(ctx)));
    app.get("/api/v1/units/{unitId}", ctx -> guarded(ctx, () -> getUnit(ctx)));
  }

  // --- POST ---------------------------------------------------------------------------------

  private void post(Context ctx) {
    String name = ctx.pathParam("stream");
    Optional<IngestStream<?>> stream = IngestStream.byName(name);
    if (stream.isEmpty()) {
      refuse(ctx, 404, Problem.ofRequest("there is no stream '" + name + "'; the streams are " + IngestStream.names()));
      return;
    }
    Principal caller = authenticate(ctx);
    if (caller == null) return;
    if (!mayWrite(ctx, caller, stream.get())) return;
    String format = mediaType(ctx);
    if (format == null) return;
    Instant sentAt = Instant.now();
    if (ctx.req().getContentLengthLong() > settings.maxBodyBytes()) {
      tooLarge(ctx);
      return;
    }
    ingest(ctx, caller, stream.get(), format, sentAt);
  }

  private <V extends SpecificRecord> void ingest(Context ctx, Principal caller, IngestStream<V> stream, String format,
      Instant sentAt) {
    // Each record is converted as it is read and its JSON dropped: what stays is the Avro records,
    // the first problems and their count, never the body.
    RecordValidator.Batch<V> batch = validator.batch(stream, sentAt, Problems.MAX_LISTED);
    JsonBodies.Read read = null;
    RuntimeException failed = null;
    CappedBody body;
    try (InputStream in = ctx.req().getInputStream()) {
      body = new CappedBody(in, settings.maxBodyBytes());
      try {
        read = format.equals(NDJSON_TYPE)
            ? JsonBodies.ndjson(body, settings.maxRecords(), batch::add)
            : JsonBodies.json(body, settings.maxRecords(), batch::add);
      } catch (IOException e) {
        // The body's own failure, kept by the body and answered below.
      } catch (RuntimeException e) {
        failed = e;
      }
      // Whatever reading found, the body's size and its failures come first, as if it had been read whole.
      body.drain();
    } catch (IOException e) {
      refuse(ctx, 400, Problem.ofRequest("the body could not be read: " + e.getMessage()));
      return;
    }
    if (body.failure() != null) {
      refuse(ctx, 400, Problem.ofRequest("the body could not be read: " + body.failure().getMessage()));
      return;
    }
    if (body.tooLarge()) {
      tooLarge(ctx);
      return;
    }
    if (failed != null) throw failed;
    if (read.tooMany()) {
      refuse(ctx, 413, Problem.ofRequest("the body holds more than " + settings.maxRecords() + " records, too many for"
          + " one request; send at most " + settings.maxRecords() + " at a time"));
      return;
    }
    if (!read.ok()) {
      refuse(ctx, 400, read.problems().listed(), read.problems().count());
      return;
    }
    RecordValidator.Validated<V> checked = batch.finish();
    if (!checked.ok()) {
      refuse(ctx, 400, checked.problems(), checked.problemCount());
      return;
    }
    ScopeRules.Refusal refusal = ScopeRules.check(caller, stream, checked.records(), units, owners);
    if (refusal != null) {
      refuse(ctx, refusal.status(), refusal.problems());
      return;
    }
    long begun = System.nanoTime();
    try {
      int accepted;
      if (IdOwners.tracks(stream)) {
        // Claims and records commit together, so the index never claims an id whose records were not written.
        List<ProducerRecord<String, byte[]>> claims = owners.claims(stream, checked.records());
        accepted = writer.write(stream, checked.records(), claims, sentAt);
        owners.applyClaims(claims);
      } else {
        accepted = writer.write(stream, checked.records(), List.of(), sentAt);
      }
      if (stream == IngestStream.UNITS) awaitUnitsShown(checked.records());
      log.info("Accepted {} records for {} from {} in {} ms", accepted, stream.topic().name(), caller,
          (System.nanoTime() - begun) / 1_000_000);
      answer(ctx, 200, Map.of("accepted", accepted));
    } catch (UnavailableException e) {
      unavailable(ctx, e);
    }
  }

  /** Read your writes: the next request sees the units just written, or the wait is logged. */
  private void awaitUnitsShown(List<?> written) {
    Map<String, Unit> versions = new LinkedHashMap<>();
    for (Object o : written) versions.put(((Unit) o).getUnitId(), (Unit) o);
    awaitUnitsShown(versions);
  }

  private void awaitUnitsShown(Map<String, Unit> versions) {
    if (!units.awaitShowing(versions, READ_YOUR_WRITES)) {
      log.warn("The unit directory did not show {} written unit(s) within {} s; a request that follows at once may not"
          + " see them yet", versions.size(), READ_YOUR_WRITES.toSeconds());
    }
  }

  // --- DELETE -------------------------------------------------------------------------------

  private void delete(Context ctx) {
    String name = ctx.pathParam("stream");
    String id = ctx.pathParam("id");
    Optional<IngestStream<?>> stream = IngestStream.byName(name);
    if (stream.isEmpty()) {
      refuse(ctx, 404, Problem.ofRequest("there is no stream '" + name + "'; the streams are " + IngestStream.names()));
      return;
    }
    if (!stream.get().allowsDeletion()) {
      ctx.header("Allow", "POST");
      refuse(ctx, 405, Problem.ofRequest(stream.get().name() + " are events and are never deleted; send a new version"
          + " (with a later recordedAt) that corrects or withdraws it"));
      return;
    }
    Principal caller = authenticate(ctx);
    if (caller == null) return;
    String badId = RecordRules.identifierProblem(id);
    if (badId != null) {
      refuse(ctx, 400, new Problem(0, stream.get().idField(), badId));
      return;
    }
    if (!caller.mayAdminister()) {
      refuse(ctx, 403, Problem.ofRequest("deleting " + stream.get().name() + " needs an admin token; this is an "
          + caller.role().label() + " token"));
      return;
    }
    if (stream.get() == IngestStream.UNITS) {
      Problem outside = ScopeRules.checkUnitDeletion(caller, id, units);
      if (outside != null) {
        refuse(ctx, 403, outside);
        return;
      }
    }
    // A membership's branch is not known here: deleting one is left to admins, whose tokens are few.
    try {
      int accepted = writer.delete(stream.get(), id);
      if (stream.get() == IngestStream.UNITS) awaitUnitsShown(Collections.singletonMap(id, null));
      log.info("Deleted {} {} for {}", stream.get().noun(), id, caller);
      answer(ctx, 200, Map.of("accepted", accepted));
    } catch (UnavailableException e) {
      unavailable(ctx, e);
    }
  }

  // --- GET units ----------------------------------------------------------------------------

  private void getUnit(Context ctx) {
    if (!settings.openReading() && authenticate(ctx) == null) return;
    String id = ctx.pathParam("unitId");
    Optional<Unit> unit = units.unit(id);
    if (unit.isEmpty()) {
      refuse(ctx, 404, new Problem(null, "unitId", "there is no unit " + id));
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("unit", asJson(unit.get()));
    out.put("parent", Optional.ofNullable(unit.get().getParentId()).flatMap(units::unit).map(IngestApi::asJson)
        .orElse(null));
    out.put("children", units.children(id).stream().map(IngestApi::asJson).toList());
    answer(ctx, 200, out);
  }

  /** A unit as the JSON of org.units.v1. */
  static Map<String, Object> asJson(Unit u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("unitId", u.getUnitId());
    m.put("parentId", u.getParentId());
    m.put("level", u.getLevel().name());
    m.put("name", u.getName());
    return m;
  }

  // --- checks shared by the routes ----------------------------------------------------------

  /** The caller, or null once a 401 has been answered. */
  private Principal authenticate(Context ctx) {
    Access.Verdict verdict = access.check(ctx.header("Authorization"));
    if (verdict instanceof Access.Granted granted) return granted.principal();
    ctx.header("WWW-Authenticate", "Bearer realm=\"pulse\"");
    refuse(ctx, 401, Problem.ofRequest(((Access.Refused) verdict).reason()));
    return null;
  }

  private boolean mayWrite(Context ctx, Principal caller, IngestStream<?> stream) {
    if (stream == IngestStream.UNITS && !caller.mayAdminister()) {
      refuse(ctx, 403, Problem.ofRequest("units are changed with an admin token; this is an " + caller.role().label()
          + " token of " + caller.unitId()));
      return false;
    }
    if (!caller.mayEmit()) {
      refuse(ctx, 403, Problem.ofRequest("this " + caller.role().label() + " token may only read"));
      return false;
    }
    return true;
  }

  /** The media type of the body, or null once a 415 has been answered. */
  private String mediaType(Context ctx) {
    String header = ctx.header("Content-Type");
    String type = header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!type.equals(JSON_TYPE) && !type.equals(NDJSON_TYPE)) {
      refuse(ctx, 415, Problem.ofRequest("send the records as Content-Type " + JSON_TYPE + " or " + NDJSON_TYPE
          + (header == null ? " (no Content-Type was given)" : ", not " + header)));
      return null;
    }
    for (String parameter : header.split(";")) {
      String[] kv = parameter.trim().split("=", 2);
      if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")) {
        String charset = kv[1].trim().replace("\"", "").toLowerCase(Locale.ROOT);
        if (!charset.equals("utf-8") && !charset.equals("utf8")) {
          refuse(ctx, 415, Problem.ofRequest("send the records in UTF-8, not " + charset));
          return null;
        }
      }
    }
    return type;
  }

  /**
   * A request body read as it comes, up to one byte over the limit (enough to know: a body
   * without Content-Length is cut off there). It keeps its first failure, and does not close the
   * request's stream (a parser closing it would end the request early).
   */
  private static final class CappedBody extends InputStream {

    private final InputStream in;
    private final long limit;
    private long read;
    private IOException failure;

    CappedBody(InputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
      if (failure != null) throw failure;
      if (read > limit) return -1;
      if (length == 0) return 0;
      try {
        int n = in.read(into, offset, (int) Math.min(length, limit + 1 - read));
        if (n > 0) read += n;
        return n;
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    /** Reads the rest, up to one byte over the limit; a failure is kept, not thrown. */
    void drain() {
      byte[] skipped = new byte[8192];
      try {
        while (read(skipped, 0, skipped.length) >= 0) {
          // only its size and its failures matter now
        }
      } catch (IOException e) {
        // kept in failure
      }
    }

    boolean tooLarge() {
      return read > limit;
    }

    IOException failure() {
      return failure;
    }

    @Override
    public void close() {
      // the request's stream is closed by its owner
    }
  }

  private void tooLarge(Context ctx) {
    refuse(ctx, 413, Problem.ofRequest("the body is larger than " + settings.maxBodyBytes()
        + " bytes; split the records over several requests"));
  }

  private void unavailable(Context ctx, UnavailableException e) {
    long seconds = Math.max(1, settings.retryAfter().toSeconds());
    ctx.header("Retry-After", Long.toString(seconds));
    String what = e.maybeCommitted()
        ? "Kafka did not confirm the commit in time, so the records were written whole or (most likely) not at all: "
        : "nothing was written: ";
    refuse(ctx, 503, Problem.ofRequest(what + e.getMessage() + ". Send the same request again in " + seconds
        + " s; a record sent twice changes nothing"));
  }

  private interface Route {
    void handle();
  }

  /** No request ends in a stack trace: an unforeseen failure is logged and answered 500 without writing. */
  private static void guarded(Context ctx, Route route) {
    try {
      route.handle();
    } catch (RuntimeException e) {
      String errorId = UUID.randomUUID().toString().substring(0, 8);
      log.error("{} {} failed unexpectedly (error id {})", ctx.method(), ctx.path(), errorId, e);
      refuse(ctx, 500, Problem.ofRequest("the server failed on this request and wrote nothing (error id " + errorId
          + ", in the server's log)"));
    }
  }

  private static void refuse(Context ctx, int status, Problem problem) {
    refuse(ctx, status, List.of(problem));
  }

  private static void refuse(Context ctx, int status, List<Problem> problems) {
    refuse(ctx, status, problems, problems.size());
  }

  /** The errors body of SPEC.md §6: the first problems, and how many there were. */
  private static void refuse(Context ctx, int status, List<Problem> problems, int count) {
    List<Problem> listed = problems.size() > Problems.MAX_LISTED ? problems.subList(0, Problems.MAX_LISTED) : problems;
    if (status != 401 && status < 500) {
      log.debug("{} {} answered {}: {} problem(s), first {}", ctx.method(), ctx.path(), status, count,
          listed.isEmpty() ? null : listed.get(0));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("errors", listed);
    body.put("errorCount", Math.max(count, listed.size()));
    answer(ctx, status, body);
  }

  private static void answer(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType(JSON_TYPE).result(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the answer as JSON", e);
    }
  }

  @Override
  public void close() {
    if (writer != null) writer.close();
  }
}
