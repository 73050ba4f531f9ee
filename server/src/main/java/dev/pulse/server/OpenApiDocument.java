package dev.pulse.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.server.AvroOpenApiSchema.Side;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.server.ingest.IngestSettings;
import dev.pulse.contract.CampaignNames;
import dev.pulse.contract.IngestStream;
import dev.pulse.server.query.DeadLetterLog;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OpenAPI 3 description of the HTTP API of SPEC.md §6, served at {@code GET /api/v1/openapi.json}
 * to anyone (it is no secret), for the vendors who write branch systems.
 *
 * <p>The bodies of records and rows are built from the Avro schemas of their topics; the paths,
 * statuses and error bodies are written here. {@code OpenApiDocumentTest} holds them to the routes
 * the running server really has, both ways.
 */
public final class OpenApiDocument {

  public static final String PATH = "/api/v1/openapi.json";
  public static final String VERSION = "1.0.0";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/json";
  private static final String NDJSON_TYPE = "application/x-ndjson";
  private static final String ERRORS = "Errors";
  private static final String CAMPAIGNS_ROW = Topics.CAMPAIGNS_VIEW.valueSchema().getName();
  /** The view queries: URL name, the Avro row, the name of the period parameter. */
  private static final Map<String, View> VIEWS = new LinkedHashMap<>();

  private static final String PERIOD =
      "A calendar period in Asia/Ho_Chi_Minh: a year (2023), a quarter (2023-Q4) or a month (2023-11).";
  private static final String PERIOD_PATTERN = "^\\d{4}(-Q[1-4]|-\\d{2})?$";

  private record View(Topic<?> topic, String periodParam, String periodDescription) {}

  static {
    VIEWS.put("participation", new View(Topics.PARTICIPATION_VIEW, "period", PERIOD));
    VIEWS.put("poverty", new View(Topics.POVERTY_VIEW, "year", "A calendar year, e.g. 2023."));
    VIEWS.put("activities", new View(Topics.ACTIVITIES_VIEW, "period", PERIOD));
  }

  private final ObjectNode document;
  private final String text;

  private OpenApiDocument(ObjectNode document) {
    this.document = document;
    try {
      this.text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the OpenAPI document", e);
    }
  }

  /** The description of the API with the ingest limits of these settings. */
  public static OpenApiDocument describe(IngestSettings ingest) {
    return new OpenApiDocument(new Builder(ingest).build());
  }

  /** {@code GET /api/v1/openapi.json}; {@link ReadAccess} lets it through without a token. */
  public void addTo(Javalin app) {
    app.get(PATH, ctx -> ctx.contentType(JSON_TYPE).result(text));
  }

  /** The document as served. */
  public String json() {
    return text;
  }

  public ObjectNode document() {
    return document.deepCopy();
  }

  /** Writes the paths and components; one instance per document. */
  private static final class Builder {

    private final IngestSettings ingest;
    private final ObjectNode root = NODES.objectNode();
    private final ObjectNode paths;
    private final ObjectNode schemas;

    Builder(IngestSettings ingest) {
      this.ingest = ingest;
      root.put("openapi", "3.0.3");
      ObjectNode info = root.putObject("info");
      info.put("title", "Pulse HTTP API");
      info.put("version", VERSION);
      info.put("description", """
          The HTTP API of Pulse (SPEC.md §6): branch systems send units, memberships, activities, attendance \
          and household assessments through the ingest routes; dashboards and analysts read the views \
          (participation, poverty exits, activities, campaigns) for a unit and period, and follow their \
          changes live.

          Every request under /api/v1 but this document needs `Authorization: Bearer <token>`; a token is \
          scoped to a unit and may send records only for that unit's subtree. A server started with open \
          reading (the local demo) answers reads without a token. Refusals of the ingest API, and every 401, \
          carry the same body: `{"errors": [{"index", "field", "message"}], "errorCount"}`.

          Field names, types and dates follow the Avro schemas of the topics (SPEC.md §1): a `date` is \
          `YYYY-MM-DD`, an instant ISO-8601 with an offset (`2023-11-05T09:00:00+07:00`).

          An instance started with only some roles serves only their routes. The live dashboard is \
          served at `/`.""");
      ObjectNode components = root.putObject("components");
      components.putObject("securitySchemes").putObject("bearer")
          .put("type", "http").put("scheme", "bearer")
          .put("description", "A Pulse token (`pulse token create`), scoped to one unit and a role: "
              + "reader, emitter or admin.");
      schemas = components.putObject("schemas");
      root.putArray("security").addObject().putArray("bearer");
      paths = root.putObject("paths");
    }

    ObjectNode build() {
      sharedSchemas();
      tags();
      for (IngestStream<?> stream : IngestStream.ALL) ingestRoute(stream);
      for (IngestStream<?> stream : IngestStream.ALL) {
        if (stream.allowsDeletion()) deleteRoute(stream);
      }
      unitRoute();
      VIEWS.forEach(this::viewRoutes);
      campaignRoutes();
      liveStream();
      deadLetters();
      health();
      metrics();
      self();
      return root;
    }

    // --- components -----------------------------------------------------------------------

    private void sharedSchemas() {
      for (IngestStream<?> stream : IngestStream.ALL) {
        schemas.set(schemaName(stream), AvroOpenApiSchema.of(stream.topic().valueSchema(), Side.REQUEST));
      }
      for (View view : VIEWS.values()) {
        schemas.set(view.topic().valueSchema().getName(), AvroOpenApiSchema.of(view.topic().valueSchema(), Side.ANSWER));
      }
      schemas.set(CAMPAIGNS_ROW, AvroOpenApiSchema.of(Topics.CAMPAIGNS_VIEW.valueSchema(), Side.ANSWER));
      ObjectNode problem = object("One thing wrong with the request or with one of its records.", "index", "field", "message");
      props(problem).set("index", integer("The record's position in the request (0-based); null when the "
          + "problem is with the request as a whole.").put("nullable", true));
      props(problem).set("field", string("The field at fault (`channels[1]` inside an array); null when the "
          + "problem is with the record as a whole.").put("nullable", true));
      props(problem).set("message", string("What is wrong and what was expected."));
      schemas.set("Problem", problem);
      ObjectNode errors = object("Why a request was refused. Nothing of it was written.", "errors");
      props(errors).set("errors", NODES.objectNode().put("type", "array").put("maxItems", 100)
          .put("description", "The problems found, at most the first 100.")
          .set("items", ref("Problem")));
      props(errors).set("errorCount", integer("How many problems there were in all; more than the list "
          + "holds when it was cut at 100."));
      schemas.set(ERRORS, errors);
      ObjectNode accepted = object("Every record of the request is written: Kafka acknowledged each (acks=all).", "accepted");
      props(accepted).set("accepted", integer("How many records were written."));
      schemas.set("Accepted", accepted);
      String unit = schemaName(IngestStream.UNITS);
      ObjectNode family = object("A unit with its parent and its children, each as in org.units.v1.", "unit", "parent", "children");
      props(family).set("unit", ref(unit));
      props(family).set("parent", NODES.objectNode().put("nullable", true)
          .put("description", "The parent unit; null for the root or while the parent is unknown.")
          .set("allOf", NODES.arrayNode().add(ref(unit))));
      props(family).set("children", NODES.objectNode().put("type", "array").set("items", ref(unit)));
      schemas.set("UnitFamily", family);
      ObjectNode health = object("UP or DOWN, and how each part of the instance is doing.", "status");
      props(health).set("status", string(null).set("enum", NODES.arrayNode().add("UP").add("DOWN")));
      health.put("additionalProperties", true);
      schemas.set("Health", health);
      ObjectNode deadLetter = object("A record refused by the pipeline, as the dead-letter headers describe it.",
          "topic", "partition", "offset", "error", "failedAt", "deadLetterOffset", "bytes");
      ObjectNode dlp = props(deadLetter);
      dlp.set("topic", string("The topic it was read from.").put("nullable", true));
      dlp.set("partition", integer("Its partition there.").put("nullable", true));
      dlp.set("offset", integer("Its offset there.").put("format", "int64").put("nullable", true));
      dlp.set("error", string("Why it was refused.").put("nullable", true));
      dlp.set("failedAt", string("When it was refused.").put("format", "date-time"));
      dlp.set("deadLetterOffset", integer("Its offset in pipeline.dead-letters.v1.").put("format", "int64"));
      dlp.set("bytes", integer("The size of the refused value."));
      schemas.set("DeadLetter", deadLetter);
      ObjectNode summary = object("The dead-letter topic in numbers, and its latest records.", "total", "bySourceTopic", "latest");
      ObjectNode sp = props(summary);
      sp.set("total", integer("Dead letters in the topic.").put("format", "int64"));
      sp.set("bySourceTopic", NODES.objectNode().put("type", "object").put("description", "Dead letters per source topic.")
          .set("additionalProperties", NODES.objectNode().put("type", "integer").put("format", "int64")));
      sp.set("latest", NODES.objectNode().put("type", "array").put("description", "The latest dead letters, newest first.")
          .set("items", ref("DeadLetter")));
      schemas.set("DeadLetters", summary);
    }

    private void tags() {
      ArrayNode tags = root.putArray("tags");
      tags.addObject().put("name", "ingest").put("description", "What branch systems send (SPEC.md §6).");
      tags.addObject().put("name", "units").put("description", "The unit tree.");
      tags.addObject().put("name", "views").put("description", "One row of a view, or the row of each child unit; "
          + "the campaigns of a unit.");
      tags.addObject().put("name", "live").put("description", "Changes to view rows as they happen.");
      tags.addObject().put("name", "operations").put("description", "Health, metrics, dead letters, this document.");
    }

    // --- ingest -----------------------------------------------------------------------------

    private void ingestRoute(IngestStream<?> stream) {
      String schema = schemaName(stream);
      ObjectNode op = operation("/api/v1/ingest/" + stream.name(), "post", "ingest", "ingest" + pascal(stream.name()),
          "Send " + stream.name() + " (topic " + stream.topic().name() + ")");
      op.put("description", "Records as one JSON object, a JSON array of objects, or NDJSON (one object per line), "
          + "at most " + ingest.maxRecords() + " records and " + ingest.maxBodyBytes() + " bytes. All or nothing: "
          + "every record is checked before any is written, then all are written in one Kafka transaction. "
          + "Records with the same `" + stream.idField() + "` are versions of one " + stream.noun() + " (SPEC.md §2). "
          + scopeRule(stream));
      ObjectNode content = op.putObject("requestBody").put("required", true).putObject("content");
      content.putObject(JSON_TYPE).set("schema", NODES.objectNode().set("oneOf", NODES.arrayNode()
          .add(ref(schema))
          .add(NODES.objectNode().put("type", "array").put("maxItems", ingest.maxRecords()).set("items", ref(schema)))));
      content.putObject(NDJSON_TYPE).set("schema", string("One " + schema + " JSON object per line."));
      ObjectNode responses = op.putObject("responses");
      responses.set("200", json("Written: Kafka acknowledged every record.", ref("Accepted")));
      responses.set("400", errors("Nothing written: the body is not JSON or NDJSON, or records are invalid (a missing "
          + "or unknown field, a wrong type or enum symbol, a date out of bounds, a loop in the tree...). Each problem "
          + "names the record's `index` and the `field`."));
      responses.set("401", unauthorized());
      responses.set("403", errors("Nothing written: the token may not send this (a reader token, a unit outside its "
          + "subtree, units without an admin token, an admin moving its own unit)."));
      responses.set("409", errors("Nothing written: a record names a unit Pulse does not know yet and the token is not "
          + "a root unit's (send the unit first), or a new version of an id whose standing version belongs to a unit "
          + "outside the token's subtree (ids are unique across the union)."));
      responses.set("413", errors("Nothing written: more than " + ingest.maxRecords() + " records or "
          + ingest.maxBodyBytes() + " bytes; split them over several requests."));
      responses.set("415", errors("Nothing written: the Content-Type is not " + JSON_TYPE + " or " + NDJSON_TYPE
          + ", or the charset is not UTF-8."));
      responses.set("500", errors("The server failed on this request and wrote nothing."));
      responses.set("503", unavailable());
    }

    private static String scopeRule(IngestStream<?> stream) {
      if (stream.scopeField() == null) {
        return "Units need an admin token; an admin may change units below its own unit and rename its own, "
            + "but not move it. A request may list its units in any order, children before parents.";
      }
      return "The unit named by `" + stream.scopeField() + "` must lie in the token's subtree (as it will stand once "
          + "the request's units are applied); one Pulse does not know yet is taken only from a root unit's token "
          + "and waits for its unit.";
    }

    private void deleteRoute(IngestStream<?> stream) {
      String id = stream.idField();
      ObjectNode op = operation("/api/v1/ingest/" + stream.name() + "/{" + id + "}", "delete", "ingest",
          "delete" + pascal(stream.noun()), "Delete a " + stream.noun() + " (a null value on " + stream.topic().name() + ")");
      op.put("description", "Needs an admin token; answered like a POST of one record. "
          + (stream == IngestStream.UNITS ? "An admin may delete units below its own unit, not its own. The "
              + "children of a deleted unit have no ancestry above themselves until they are re-parented. " : "")
          + "Events (activities, attendance, household-status) are never deleted: a DELETE there answers 405 with "
          + "`Allow: POST`; send a new version with a later recordedAt instead.");
      op.putArray("parameters").add(pathParameter(id, "The id of the " + stream.noun() + "."));
      ObjectNode responses = op.putObject("responses");
      responses.set("200", json("Deleted: Kafka acknowledged the null value.", ref("Accepted")));
      responses.set("401", unauthorized());
      responses.set("403", errors("Nothing written: not an admin token, or the unit is the admin's own or outside "
          + "its subtree."));
      responses.set("500", errors("The server failed on this request and wrote nothing."));
      responses.set("503", unavailable());
    }

    // --- reads ------------------------------------------------------------------------------

    private void unitRoute() {
      ObjectNode op = operation("/api/v1/units/{unitId}", "get", "units", "getUnit", "A unit, its parent and its children");
      op.putArray("parameters").add(pathParameter("unitId", "The unit."));
      ObjectNode responses = op.putObject("responses");
      responses.set("200", json("The unit as in org.units.v1, with its parent and children.", ref("UnitFamily")));
      responses.set("401", unauthorized());
      responses.set("404", errors("There is no such unit."));
      responses.set("500", errors("The server failed on this request."));
    }

    private void viewRoutes(String name, View view) {
      String row = view.topic().valueSchema().getName();
      String path = "/api/v1/" + name + "/{unitId}/{" + view.periodParam() + "}";
      for (boolean children : new boolean[] {false, true}) {
        ObjectNode op = operation(children ? path + "/children" : path, "get", "views",
            "get" + pascal(name) + (children ? "Children" : ""),
            children ? "The " + name + " row of each child unit (drill-down)" : "The " + name + " row of a unit");
        op.put("description", "From " + view.topic().name() + ". A row whose numbers are all zero may be absent "
            + "from the topic; the API answers it with zeros. With several instances the query is answered by the "
            + "one holding the views, or by a standby replica (then `Pulse-Stale: true`).");
        ArrayNode parameters = op.putArray("parameters");
        parameters.add(pathParameter("unitId", "The unit; its whole subtree is counted."));
        ObjectNode period = pathParameter(view.periodParam(), view.periodDescription());
        ((ObjectNode) period.get("schema")).put("pattern",
            view.periodParam().equals("year") ? "^\\d{4}$" : PERIOD_PATTERN);
        parameters.add(period);
        ObjectNode body = children
            ? NODES.objectNode().put("type", "array").put("description", "One row per child unit.").set("items", ref(row))
            : ref(row);
        ObjectNode responses = op.putObject("responses");
        responses.set("200", rows(children ? "The row of each child unit." : "The row.", body));
        responses.set("400", queryError("The " + view.periodParam() + " is malformed."));
        responses.set("401", unauthorized());
        responses.set("404", queryError("There is no such unit."));
        responses.set("503", notReady());
      }
    }

    /** The campaign queries of SPEC.md §6: a unit's campaigns, one campaign's row, and its row of each child. */
    private void campaignRoutes() {
      String path = "/api/v1/campaigns/{unitId}/{period}";
      String from = "From " + Topics.CAMPAIGNS_VIEW.name() + " (SPEC.md §5b): for a unit, a period and a campaign, the "
          + "held activities organised in the unit's subtree that list the campaign, attendance at them, the members "
          + "of the subtree's branches who took part, and how many of its branches held one. ";
      ObjectNode list = campaignOperation(path, "getCampaigns", "The campaigns of a unit in a period", from
          + "Every campaign with an activity held or a participant, most activities held first, then most "
          + "participants, then by name; an empty array when there is none.", false);
      list.putObject("responses").setAll(campaignResponses("The unit's campaign rows, in that order.",
          NODES.objectNode().put("type", "array").set("items", ref(CAMPAIGNS_ROW)), "The period is malformed."));
      ObjectNode one = campaignOperation(path + "/{campaign}", "getCampaign", "One campaign's row of a unit", from
          + "A campaign with nothing held and nobody taking part has no row in the topic; the API answers it with "
          + "zeros.", true);
      one.putObject("responses").setAll(campaignResponses("The row.", ref(CAMPAIGNS_ROW),
          "The period or the campaign is malformed."));
      ObjectNode children = campaignOperation(path + "/{campaign}/children", "getCampaignChildren",
          "One campaign's row of each child unit (drill-down)", from + "One row per child unit, with zeros for a "
          + "child where the campaign has none.", true);
      children.putObject("responses").setAll(campaignResponses("The campaign's row of each child unit.",
          NODES.objectNode().put("type", "array").put("description", "One row per child unit.")
              .set("items", ref(CAMPAIGNS_ROW)), "The period or the campaign is malformed."));
    }

    private ObjectNode campaignOperation(String path, String operationId, String summary, String description,
        boolean named) {
      ObjectNode op = operation(path, "get", "views", operationId, summary);
      op.put("description", description + " Served by instances that answer from the view topics (the partitioned "
          + "engine); the single engine computes no campaigns and answers 501.");
      ArrayNode parameters = op.putArray("parameters");
      parameters.add(pathParameter("unitId", "The unit; its whole subtree is counted."));
      ObjectNode period = pathParameter("period", PERIOD);
      ((ObjectNode) period.get("schema")).put("pattern", PERIOD_PATTERN);
      parameters.add(period);
      if (named) {
        parameters.add(pathParameter("campaign", "The campaign's name as activities list it, URL-encoded as one "
            + "path segment (UTF-8, `%20` for a space, `%2F` for a slash); read trimmed. At most "
            + CampaignNames.MAX_LENGTH + " characters, no `|` and no control character."));
      }
      return op;
    }

    private ObjectNode campaignResponses(String okDescription, ObjectNode body, String malformed) {
      ObjectNode responses = NODES.objectNode();
      responses.set("200", rows(okDescription, body));
      responses.set("400", queryError(malformed));
      responses.set("401", unauthorized());
      responses.set("404", queryError("There is no such unit."));
      responses.set("501", queryError("The views are the single engine's, which computes no campaigns: run the "
          + "partitioned engine."));
      responses.set("503", notReady());
      return responses;
    }

    /** A 200 answer with view rows, and the headers that say which instance's stores answered. */
    private static ObjectNode rows(String description, ObjectNode body) {
      ObjectNode ok = json(description, body);
      ObjectNode headers = ok.putObject("headers");
      headers.putObject("Pulse-Served-By").put("description", "The instance (host:port) whose stores answered.")
          .set("schema", string(null));
      headers.putObject("Pulse-Stale").put("description", "true when a standby replica answered; it may be a few "
          + "commits behind.").set("schema", NODES.objectNode().put("type", "boolean"));
      return ok;
    }

    private static ObjectNode notReady() {
      ObjectNode notReady = queryError("The views are starting, restoring or rebalancing; try again shortly.");
      notReady.putObject("headers").set("Retry-After", retryAfter());
      return notReady;
    }

    private void liveStream() {
      ObjectNode op = operation("/api/v1/stream", "get", "live", "streamViewChanges",
          "Server-Sent Events: every change to a view row of a unit or of its children");
      op.put("description", "Each change comes as `event: participation|poverty|activities|campaigns` with `data:` "
          + "the row as JSON (the row schemas " + String.join(", ", VIEWS.values().stream()
              .map(v -> v.topic().valueSchema().getName()).toList()) + ", " + CAMPAIGNS_ROW + "). A campaign row "
          + "deleted from " + Topics.CAMPAIGNS_VIEW.name() + " (nothing held, nobody took part any more) comes as its "
          + "row with zeros. Comments keep the connection alive. "
          + "Send `Accept: text/event-stream`, as an EventSource does: without it the answer is 406.");
      op.putArray("parameters").addObject().put("name", "unit").put("in", "query").put("required", true)
          .put("description", "The unit to follow.").set("schema", string(null));
      ObjectNode responses = op.putObject("responses");
      responses.set("200", content("The event stream; it stays open.", "text/event-stream", string(null)));
      responses.set("400", errors("The query parameter `unit` is missing."));
      responses.set("401", unauthorized());
      responses.set("404", errors("There is no such unit."));
      responses.set("406", errors("The request did not send `Accept: text/event-stream`."));
    }

    private void deadLetters() {
      ObjectNode op = operation("/api/v1/dead-letters", "get", "operations", "getDeadLetters",
          "What the dead-letter topic holds: counts and the latest records with the reason each was refused");
      op.putArray("parameters").addObject().put("name", "limit").put("in", "query").put("required", false)
          .put("description", "How many of the latest dead letters to list.")
          .set("schema", integer(null).put("minimum", 1).put("maximum", DeadLetterLog.KEPT).put("default", 20));
      ObjectNode responses = op.putObject("responses");
      responses.set("200", json("The summary.", ref("DeadLetters")));
      responses.set("400", queryError("`limit` is not a whole number from 1 to " + DeadLetterLog.KEPT + "."));
      responses.set("401", unauthorized());
      responses.set("403", errors("The token is not an admin's: dead letters show single records."));
    }

    private void health() {
      for (String path : new String[] {"/health", "/health/ready"}) {
        ObjectNode op = operation(path, "get", "operations", path.equals("/health") ? "getHealth" : "getReadiness",
            path.equals("/health") ? "Up or down" : "Ready to serve: the cluster answers, the views follow the input");
        op.putArray("security");
        ObjectNode responses = op.putObject("responses");
        responses.set("200", json("UP.", ref("Health")));
        responses.set("503", json("DOWN: the Kafka cluster does not answer, or the views stopped.", ref("Health")));
      }
      ObjectNode op = operation("/health/live", "get", "operations", "getLiveness",
          "The process answers at all: restart it only when this fails");
      op.putArray("security");
      op.putObject("responses").set("200", json("UP.", ref("Health")));
    }

    private void metrics() {
      ObjectNode op = operation("/metrics", "get", "operations", "getMetrics",
          "Metrics in the Prometheus text format; an admin token is needed");
      ObjectNode responses = op.putObject("responses");
      responses.set("200", content("The metrics.", "text/plain", string(null)));
      responses.set("401", unauthorized());
      responses.set("403", errors("The token is not an admin's."));
    }

    private void self() {
      ObjectNode op = operation(PATH, "get", "operations", "getOpenApi", "This document");
      op.putArray("security");
      op.putObject("responses").set("200", json("The OpenAPI 3 description of the HTTP API.",
          NODES.objectNode().put("type", "object")));
    }

    // --- pieces -----------------------------------------------------------------------------

    private ObjectNode operation(String path, String method, String tag, String operationId, String summary) {
      ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
      if (item.has(method)) throw new IllegalStateException(method + " " + path + " is described twice");
      ObjectNode op = item.putObject(method);
      op.putArray("tags").add(tag);
      op.put("operationId", operationId);
      op.put("summary", summary);
      return op;
    }

    private static ObjectNode errors(String description) {
      return json(description, ref(ERRORS));
    }

    private static ObjectNode queryError(String description) {
      return errors(description);
    }

    private static ObjectNode unauthorized() {
      ObjectNode out = errors("No valid `Authorization: Bearer` token.");
      out.putObject("headers").putObject("WWW-Authenticate").put("description", "Bearer realm=\"pulse\"")
          .set("schema", string(null));
      return out;
    }

    private static ObjectNode unavailable() {
      ObjectNode out = errors("Kafka did not acknowledge in time: nothing was written (or, when the commit was not "
          + "confirmed, all of it may be). Send the same request again after Retry-After; a record sent twice "
          + "changes nothing.");
      out.putObject("headers").set("Retry-After", retryAfter());
      return out;
    }

    private static ObjectNode retryAfter() {
      return NODES.objectNode().put("description", "Seconds to wait before asking again.").set("schema", integer(null));
    }

    private static ObjectNode json(String description, ObjectNode schema) {
      return content(description, JSON_TYPE, schema);
    }

    private static ObjectNode content(String description, String mediaType, ObjectNode schema) {
      ObjectNode out = NODES.objectNode().put("description", description);
      out.putObject("content").putObject(mediaType).set("schema", schema);
      return out;
    }

    private static ObjectNode pathParameter(String name, String description) {
      ObjectNode out = NODES.objectNode().put("name", name).put("in", "path").put("required", true)
          .put("description", description);
      out.set("schema", string(null));
      return out;
    }

    private static ObjectNode object(String description, String... required) {
      ObjectNode out = NODES.objectNode().put("type", "object").put("description", description);
      ArrayNode names = out.putArray("required");
      for (String r : required) names.add(r);
      out.putObject("properties");
      return out;
    }

    private static ObjectNode props(ObjectNode object) {
      return (ObjectNode) object.get("properties");
    }

    private static ObjectNode string(String description) {
      ObjectNode out = NODES.objectNode().put("type", "string");
      return description == null ? out : out.put("description", description);
    }

    private static ObjectNode integer(String description) {
      ObjectNode out = NODES.objectNode().put("type", "integer");
      return description == null ? out : out.put("description", description);
    }

    private static ObjectNode ref(String schema) {
      return NODES.objectNode().put("$ref", "#/components/schemas/" + schema);
    }
  }

  /** The component name of a stream's records: the Avro record's name (Unit, Membership, ...). */
  public static String schemaName(IngestStream<?> stream) {
    return stream.topic().valueSchema().getName();
  }

  /** {@code household-status} → {@code HouseholdStatus}, {@code attendance record} → {@code AttendanceRecord}. */
  private static String pascal(String words) {
    StringBuilder out = new StringBuilder();
    for (String w : words.split("[- ]")) {
      if (!w.isEmpty()) out.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
    }
    return out.toString();
  }
}
