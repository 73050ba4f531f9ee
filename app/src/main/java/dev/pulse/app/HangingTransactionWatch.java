package dev.pulse.app;

import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.kafka.HangingTransactions;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks for hanging transactions on Pulse's own topics every {@link #EVERY}
 * ({@link HangingTransactions}): such a transaction holds every read_committed reader of its
 * partition — the views among them — at its start for good. Pulse's own topics are the
 * contract's, its internal ones ({@code _pulse-…}, {@code _schemas}) and its streams
 * application's.
 *
 * <p>Each one is reported once, as an ERROR with the command that ends it, for an operator to
 * decide; none is aborted. The one way seen to leave them, a coordinator dropping the markers of
 * a transaction it had committed (the embedded node now prevents it:
 * {@code CrashedBrokerFencing}), leaves committed records, even on an input topic whose client was
 * answered 200, and an abort would drop them for good (tried: a published row stayed wrong, and
 * acknowledged records were lost).
 */
final class HangingTransactionWatch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HangingTransactionWatch.class);
  static final Duration EVERY = Duration.ofSeconds(10);
  /**
   * How long an open transaction must have been silent on a partition before its coordinator is
   * asked: longer than the views engine's and the ingest's transaction timeouts (30 s), after
   * which the coordinator itself ends any transaction it still knows.
   */
  static final Duration SILENT_FOR = Duration.ofSeconds(45);

  private final Admin admin;
  private final String bootstrapServers;
  private final Predicate<String> pulseTopics;
  private final Set<String> reported = new HashSet<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "pulse-hanging-transactions");
    t.setDaemon(true);
    return t;
  });

  HangingTransactionWatch(String bootstrapServers, Map<String, Object> clientProperties, String applicationId) {
    this.bootstrapServers = bootstrapServers;
    Map<String, Object> props = new LinkedHashMap<>(clientProperties);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "pulse-hanging-transactions");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    admin = Admin.create(props);
    Set<String> contract = Topics.ALL.stream().map(Topic::name).collect(Collectors.toSet());
    pulseTopics = t -> contract.contains(t) || t.startsWith("_pulse-") || t.equals("_schemas")
        || (applicationId != null && t.startsWith(applicationId + "-"));
  }

  HangingTransactionWatch start() {
    timer.scheduleWithFixedDelay(this::check, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void check() {
    try {
      List<HangingTransactions.Open> hanging = HangingTransactions.find(admin, pulseTopics, SILENT_FOR);
      for (HangingTransactions.Open o : hanging) {
        if (!reported.add(o.partition() + "@" + o.startOffset())) continue;
        log.error("A hanging transaction holds {} at offset {} (producer {}, epoch {}, last written {} s ago): its"
            + " coordinator no longer holds it open there, and every read_committed reader of the partition, the"
            + " views among them, waits at its start. Its coordinator may have committed it: an abort drops its records"
            + " here for good. Once you have decided that they may go, end it with: kafka-transactions.sh"
            + " --bootstrap-server {} abort --topic {} --partition {} --start-offset {}", o.partition(), o.startOffset(),
            o.producer().producerId(), o.producer().producerEpoch(),
            (System.currentTimeMillis() - o.producer().lastTimestamp()) / 1000, bootstrapServers,
            o.partition().topic(), o.partition().partition(), o.startOffset());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // The cluster away, or a partition moving: the next look tries again.
      log.debug("Looking for hanging transactions failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    admin.close(Duration.ofSeconds(5));
  }
}
