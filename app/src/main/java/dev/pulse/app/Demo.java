package dev.pulse.app;

import dev.pulse.server.access.Access;
import dev.pulse.server.access.IssuedToken;
import dev.pulse.server.access.Principal;
import dev.pulse.server.access.Role;
import dev.pulse.server.access.TokenStore;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.producers.simulate.KafkaSink;
import dev.pulse.producers.simulate.Simulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code pulse up --demo} adds: the simulated province of Điện Biên sending its year through
 * Kafka in this process, and an admin token of the province to try the ingest API with.
 *
 * <p>The token is kept in the data directory and used again at the next start while it is valid,
 * so that a restarted demo keeps the token the user has already pasted somewhere.
 */
public final class Demo implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Demo.class);

  /** The root unit of the simulated province (the simulator's ProvinceTree.PROVINCE_ID). */
  public static final String PROVINCE = "DB";
  /** Records a second once the initial load is sent: a lively province that a laptop follows easily. */
  static final double RECORDS_PER_SECOND = 200;
  /** The seed of the demo's province: the same records, in the same order, at every start. */
  public static final long SEED = 7;
  private static final String TOKEN_FILE = "demo-admin-token";

  private final String adminToken;
  private final KafkaSink sink;
  private final Simulator simulator;

  private Demo(String adminToken, KafkaSink sink, Simulator simulator) {
    this.adminToken = adminToken;
    this.sink = sink;
    this.simulator = simulator;
  }

  static Demo start(String bootstrapServers, Map<String, Object> clientProperties, SchemaRegistryClient registry,
      Access access, Path dataDir) {
    String token = adminToken(bootstrapServers, clientProperties, access, dataDir.resolve(TOKEN_FILE));
    KafkaSink sink = new KafkaSink(bootstrapServers, clientProperties, registry);
    Simulator simulator = Simulator.start(sink, Simulator.Options.of(RECORDS_PER_SECOND, SEED));
    return new Demo(token, sink, simulator);
  }

  /** The bearer token of an admin of the province. */
  String adminToken() {
    return adminToken;
  }

  Simulator simulator() {
    return simulator;
  }

  private static String adminToken(String bootstrapServers, Map<String, Object> clientProperties, Access access,
      Path file) {
    Optional<String> kept = readToken(file).filter(t -> isProvinceAdmin(access, t));
    if (kept.isPresent()) {
      log.info("Demo: using the admin token kept in {}", file);
      return kept.get();
    }
    try (TokenStore store = new TokenStore(bootstrapServers, clientProperties)) {
      IssuedToken issued = store.create(PROVINCE, Role.ADMIN, "pulse up --demo");
      writeToken(file, issued.bearer());
      return issued.bearer();
    }
  }

  private static boolean isProvinceAdmin(Access access, String bearer) {
    Optional<Principal> p = access.authenticate("Bearer " + bearer);
    return p.isPresent() && p.get().mayAdminister() && p.get().unitId().equals(PROVINCE);
  }

  private static Optional<String> readToken(Path file) {
    try {
      return Files.exists(file) ? Optional.of(Files.readString(file).strip()).filter(t -> !t.isEmpty()) : Optional.empty();
    } catch (IOException e) {
      log.warn("Demo: cannot read {} ({}); creating a new admin token", file, e.getMessage());
      return Optional.empty();
    }
  }

  private static void writeToken(Path file, String bearer) {
    try {
      Files.writeString(file, bearer + "\n");
      // A token is a password: only the owner of the data directory reads it.
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the data directory's own permissions protect it
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the demo admin token in " + file, e);
    }
  }

  @Override
  public void close() {
    simulator.stop();
    sink.close();
  }
}
