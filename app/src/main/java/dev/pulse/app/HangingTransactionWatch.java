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
 * <p>On an input topic it is aborted: a writer is told its transaction committed (the ingest
 * answers 200) only once the coordinator has logged the commit, and from then on the coordinator
 * holds the transaction until its markers are on every partition, across restarts; so, as far as
 * Kafka's guarantees go, one it no longer holds was never answered as committed, and its records
 * are those whose client was told to send them again (the ingest answered 503). Anywhere else — the views, the engine's changelogs and repartition topics — its producer
 * may have committed the rest and an abort would lose a part of it (tried: a published row stayed
 * wrong for good), so it is reported once, with the command that ends it, for an operator to
 * decide.
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
  private final Set<String> inputs = Topics.INPUTS.stream().map(Topic::name).collect(Collectors.toSet());
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
        if (inputs.contains(o.partition().topic())) {
          HangingTransactions.abort(admin, o);
          log.warn("Aborted a hanging transaction on {} at offset {} (producer {}, epoch {}, last written {} s ago):"
              + " its coordinator no longer held it, so no writer was told its records were written; readers of the"
              + " partition, the views among them, had been held at its start", o.partition(), o.startOffset(),
              o.producer().producerId(), o.producer().producerEpoch(),
              (System.currentTimeMillis() - o.producer().lastTimestamp()) / 1000);
          continue;
        }
        if (!reported.add(o.partition() + "@" + o.startOffset())) continue;
        log.error("A hanging transaction holds {} at offset {} (producer {}, epoch {}, last written {} s ago): its"
            + " coordinator no longer holds it open there, and every read_committed reader of the partition, the"
            + " views among them, waits at its start. Its producer may have committed the rest of it; once you have"
            + " decided that its records here may go, end it with: kafka-transactions.sh --bootstrap-server {}"
            + " abort --topic {} --partition {} --start-offset {}", o.partition(), o.startOffset(),
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
