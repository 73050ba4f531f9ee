package dev.pulse.streams.query;

import dev.pulse.streams.ledger.LedgerStores;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where the views live among the instances of the streams application: the instance whose active
 * task holds the view stores, and the instances keeping standby replicas of them. Each instance
 * names itself with {@code application.server} (its HTTP address); Kafka Streams shares those
 * names through the group's assignment.
 *
 * <p>Every view row is kept by the one ledger task (the ledger is a single partition, so that the
 * rules of SPEC.md see every fact), so the placement is the same for every key.
 */
public final class ViewRouting {

  /** The instance with the active view stores and those with standby copies; empty while unknown (rebalancing). */
  public record Placement(HostInfo active, List<HostInfo> standbys) {
    public Placement {
      standbys = List.copyOf(standbys);
    }
  }

  private static final String ANY_KEY = "";

  private final KafkaStreams streams;
  private final HostInfo self;

  public ViewRouting(KafkaStreams streams, HostInfo self) {
    this.streams = streams;
    this.self = self;
  }

  public HostInfo self() {
    return self;
  }

  public Optional<Placement> placement() {
    KeyQueryMetadata m;
    try {
      m = streams.queryMetadataForKey(LedgerStores.PARTICIPATION.name(), ANY_KEY, new StringSerializer());
    } catch (RuntimeException e) {
      return Optional.empty(); // not started yet, or shutting down
    }
    if (m == null || KeyQueryMetadata.NOT_AVAILABLE.equals(m) || m.activeHost() == null
        || HostInfo.unavailable().equals(m.activeHost())) {
      return Optional.empty();
    }
    return Optional.of(new Placement(m.activeHost(), List.copyOf(m.standbyHosts())));
  }

  /** {@code host:port}, as instances name each other. */
  public static String name(HostInfo host) {
    return host.host() + ":" + host.port();
  }
}
