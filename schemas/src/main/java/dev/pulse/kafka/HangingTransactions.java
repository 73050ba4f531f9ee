package dev.pulse.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;

/**
 * Hanging transactions (KIP-664) on Pulse's own topics: a partition holds the start of a
 * transaction that its coordinator no longer knows as open there, so neither a commit nor an
 * abort marker will ever come, and every read_committed reader of the partition — the views
 * engine, the API's caches, verify — stops at its start for good. A broker killed while
 * transactions were being written can leave them behind. Found the way Kafka's own
 * {@code kafka-transactions.sh find-hanging} does: a partition whose
 * read_committed end is behind its log end, an open transaction there whose producer last wrote
 * longer ago than {@code olderThan}, and a coordinator that has no transaction for the producer,
 * or one that does not hold that partition, or one of a later epoch than the partition's.
 *
 * <p>Aborting one is not always right: its coordinator may have committed that transaction and
 * dropped only this partition's marker (a coordinator that meets a partition without a leader
 * takes it for deleted), and an abort drops its records from this partition while the rest stands.
 */
public final class HangingTransactions {

  private static final long TIMEOUT_SECONDS = 10;

  private HangingTransactions() {}

  /** An open transaction on a partition, as the partition's leader describes its producer. */
  public record Open(TopicPartition partition, ProducerState producer) {
    public long startOffset() {
      return producer.currentTransactionStartOffset().orElse(-1);
    }
  }

  /**
   * The candidates among a partition's producers: those with an open transaction whose last write
   * is older than {@code olderThanMs}.
   */
  static List<Open> candidates(Map<TopicPartition, List<ProducerState>> producers, long nowMs, long olderThanMs) {
    List<Open> out = new ArrayList<>();
    producers.forEach((tp, states) -> {
      for (ProducerState p : states) {
        if (p.currentTransactionStartOffset().isPresent() && nowMs - p.lastTimestamp() > olderThanMs) {
          out.add(new Open(tp, p));
        }
      }
    });
    return out;
  }

  /**
   * Which candidates hang: the coordinator has no transaction for the producer ({@code null}), or
   * its transaction does not list the partition (an ongoing transaction lists every partition it
   * wrote to; a committing or aborting one every partition still waiting for its marker), or it is
   * of an epoch later than the one the partition's transaction was written with, past the one
   * bump a transaction's end may make.
   */
  static List<Open> hanging(List<Open> candidates, Map<Long, TransactionDescription> coordinator) {
    List<Open> out = new ArrayList<>();
    for (Open o : candidates) {
      TransactionDescription d = coordinator.get(o.producer().producerId());
      if (d == null || !d.topicPartitions().contains(o.partition())
          || d.producerEpoch() > o.producer().producerEpoch() + 1) {
        out.add(o);
      }
    }
    return out;
  }

  /** The hanging transactions on the topics {@code topics} accepts. */
  public static List<Open> find(Admin admin, Predicate<String> topics, Duration olderThan)
      throws ExecutionException, InterruptedException, TimeoutException {
    Set<String> names = new HashSet<>();
    for (String t : admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      if (topics.test(t)) names.add(t);
    }
    if (names.isEmpty()) return List.of();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach((name, d) ->
        d.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
    var end = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    var committed = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    List<TopicPartition> behind = new ArrayList<>();
    end.forEach((tp, e) -> {
      if (committed.get(tp).offset() < e.offset()) behind.add(tp);
    });
    if (behind.isEmpty()) return List.of();

    Map<TopicPartition, List<ProducerState>> producers = new HashMap<>();
    admin.describeProducers(behind).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .forEach((tp, state) -> producers.put(tp, state.activeProducers()));
    List<Open> candidates = candidates(producers, System.currentTimeMillis(), olderThan.toMillis());
    if (candidates.isEmpty()) return List.of();

    Set<Long> producerIds = new HashSet<>();
    candidates.forEach(o -> producerIds.add(o.producer().producerId()));
    Map<String, Long> idOf = new HashMap<>();
    for (TransactionListing l : admin.listTransactions(new ListTransactionsOptions().filterProducerIds(producerIds))
        .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      if (producerIds.contains(l.producerId())) idOf.put(l.transactionalId(), l.producerId());
    }
    Map<Long, TransactionDescription> coordinator = new HashMap<>();
    if (!idOf.isEmpty()) {
      var described = admin.describeTransactions(idOf.keySet());
      for (var e : idOf.entrySet()) {
        try {
          coordinator.put(e.getValue(), described.description(e.getKey()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (ExecutionException ex) {
          if (!(ex.getCause() instanceof TransactionalIdNotFoundException)) throw ex;
        }
      }
    }
    return hanging(candidates, coordinator);
  }
}
