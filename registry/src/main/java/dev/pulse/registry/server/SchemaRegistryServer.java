package dev.pulse.registry.server;

import dev.pulse.registry.RegisteredSchema;
import dev.pulse.registry.RegistryState;
import dev.pulse.registry.SchemaRegistryClient;
import io.javalin.Javalin;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Schema Registry answering the Confluent REST API, so that any Kafka serde or tool works with
 * it, and keeping its schemas and configuration in the compacted topic {@code _schemas} of a Kafka
 * cluster, so that ids and versions survive a restart.
 *
 * <p>One instance at a time per cluster: it decides ids and versions from what it has read (see
 * {@link SchemaLog}), so two writing instances could hand out the same id.
 *
 * <p>It listens on the loopback address unless told otherwise. Changes over HTTP pass a
 * {@link WriteGuard}; the process that runs the registry changes it directly through
 * {@link #ownerClient()}, with no credential on the wire.
 */
public final class SchemaRegistryServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);

  /** Where a registry listens unless told otherwise: this machine only. */
  public static final String LOOPBACK = "127.0.0.1";

  private final Javalin app;
  private final SchemaLog schemaLog;
  private final RegistryApi api;
  private final RegistryState state;
  private final String host;
  private final int port;

  private SchemaRegistryServer(Javalin app, SchemaLog schemaLog, RegistryApi api, RegistryState state, String host) {
    this.app = app;
    this.schemaLog = schemaLog;
    this.api = api;
    this.state = state;
    this.host = host;
    this.port = app.port();
  }

  /**
   * Starts a registry on a single broker ({@code _schemas} created with replication factor 1),
   * on the loopback address and open to changes: for tests and tools on one machine.
   */
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
    return start(LOOPBACK, port, bootstrapServers, replicationFactor, clientProperties, WriteGuard.OPEN);
  }

  /**
   * Starts a registry that listens on this address and lets through the changes the guard allows.
   *
   * @param host the address to bind: {@link #LOOPBACK} for this machine only, {@code 0.0.0.0} for
   *     every interface
   */
  public static SchemaRegistryServer start(String host, int port, String bootstrapServers, short replicationFactor,
      Map<String, Object> clientProperties, WriteGuard guard) {
    RegistryState state = new RegistryState();
    SchemaLog schemaLog = SchemaLog.open(bootstrapServers, clientProperties, replicationFactor, state);
    try {
      Javalin app = Javalin.create(config -> {
        config.showJavalinBanner = false;
        config.http.defaultContentType = RegistryApi.CONTENT_TYPE;
        config.requestLogger.http((ctx, ms) ->
            log.debug("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.status().getCode(), Math.round(ms)));
      });
      RegistryApi api = new RegistryApi(state, schemaLog, guard);
      api.addRoutes(app);
      app.start(host, port);
      SchemaRegistryServer server = new SchemaRegistryServer(app, schemaLog, api, state, host);
      log.info("Schema Registry listening on {}:{}, schemas kept in {} on {}", host, server.port(), SchemaLog.TOPIC,
          bootstrapServers);
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

  /** The address it listens on, as given at start. */
  public String host() {
    return host;
  }

  /**
   * A client for the process that runs this registry: it reads and changes the registry directly,
   * not over HTTP, so that no credential is needed nor sent. Changes are recorded in
   * {@code _schemas} exactly as those made over HTTP.
   */
  public SchemaRegistryClient ownerClient() {
    return new OwnerClient(state, api);
  }

  /**
   * Registers the schema as the latest version of the subject even where the subject's
   * compatibility level forbids it, unless the subject holds it already: for the owner of a
   * subject whose own schema another one has replaced. The schema keeps its global id.
   *
   * @return the version that holds the schema
   */
  public RegisteredSchema registerIgnoringCompatibility(String subject, Schema schema) {
    return api.registerVersion(subject, schema, true);
  }

  /** The base URL, for {@code schema.registry.url}. */
  public String url() {
    return "http://" + connectHost(host) + ":" + port();
  }

  /**
   * How a client on this machine reaches a server bound to this address: {@code localhost} for
   * 127.0.0.1 or a wildcard address, the address itself otherwise.
   */
  public static String connectHost(String bindAddress) {
    try {
      InetAddress address = InetAddress.getByName(bindAddress);
      if (address.isAnyLocalAddress() || address.getHostAddress().equals(LOOPBACK)) return "localhost";
      return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    } catch (UnknownHostException e) {
      return bindAddress;
    }
  }

  @Override
  public void close() {
    app.stop();
    schemaLog.close();
    log.info("Schema Registry on port {} stopped", port);
  }
}
