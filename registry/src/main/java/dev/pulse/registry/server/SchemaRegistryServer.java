package dev.pulse.registry.server;

import dev.pulse.registry.RegistryState;
import io.javalin.Javalin;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Schema Registry answering the Confluent REST API, so that any Kafka serde or tool works with
 * it, and keeping its schemas and configuration in the compacted topic {@code _schemas} of a Kafka
 * cluster, so that ids and versions survive a restart.
 *
 * <p>One instance at a time per cluster: it decides ids and versions from what it has read (see
 * {@link SchemaLog}), so two writing instances could hand out the same id.
 */
public final class SchemaRegistryServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);

  private final Javalin app;
  private final SchemaLog schemaLog;
  private final int port;

  private SchemaRegistryServer(Javalin app, SchemaLog schemaLog) {
    this.app = app;
    this.schemaLog = schemaLog;
    this.port = app.port();
  }

  /** Starts a registry on a single broker ({@code _schemas} created with replication factor 1). */
  public static SchemaRegistryServer start(int port, String bootstrapServers) {
    return start(port, bootstrapServers, (short) 1);
  }

  /**
   * Starts a registry once it has read {@code _schemas} to the end.
   *
   * @param port the HTTP port, 0 for a free one
   * @param replicationFactor of {@code _schemas} if it must be created: 3 on a production cluster
   */
  public static SchemaRegistryServer start(int port, String bootstrapServers, short replicationFactor) {
    return start(port, bootstrapServers, replicationFactor, Map.of());
  }

  /**
   * Starts a registry that logs in to Kafka with these client properties (on a secured cluster,
   * the registry principal's: Create, Read and Write on {@code _schemas}; docs/security.md).
   *
   * @param clientProperties {@code security.protocol}, {@code sasl.*}, {@code ssl.*}; empty on an
   *     open cluster
   */
  public static SchemaRegistryServer start(int port, String bootstrapServers, short replicationFactor,
      Map<String, Object> clientProperties) {
    RegistryState state = new RegistryState();
    SchemaLog schemaLog = SchemaLog.open(bootstrapServers, clientProperties, replicationFactor, state);
    try {
      Javalin app = Javalin.create(config -> {
        config.showJavalinBanner = false;
        config.http.defaultContentType = RegistryApi.CONTENT_TYPE;
        config.requestLogger.http((ctx, ms) ->
            log.debug("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.status().getCode(), Math.round(ms)));
      });
      new RegistryApi(state, schemaLog).addRoutes(app);
      app.start(port);
      SchemaRegistryServer server = new SchemaRegistryServer(app, schemaLog);
      log.info("Schema Registry listening on {}, schemas kept in {} on {}", server.url(), SchemaLog.TOPIC, bootstrapServers);
      return server;
    } catch (RuntimeException e) {
      schemaLog.close();
      throw e;
    }
  }

  /** The HTTP port, the actual one when started on port 0. */
  public int port() {
    return port;
  }

  /** The base URL, for {@code schema.registry.url}. */
  public String url() {
    return "http://localhost:" + port();
  }

  @Override
  public void close() {
    app.stop();
    schemaLog.close();
    log.info("Schema Registry on port {} stopped", port);
  }
}
