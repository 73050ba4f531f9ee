package dev.pulse.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import me.tongfei.progressbar.ProgressBar;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides when a streams application has finished with what its input topics hold, the same way
 * for Pulse's views and for the plain count, from outside the application (an Admin client).
 *
 * <p>Complete at the first moment T from which, for a stable span on end ({@link #STABLE} unless told otherwise):
 * <ul>
 *   <li>the application's committed offsets have reached the end (read_committed) of every
 *       partition of its input topics, and of its repartition topics (Pulse's ledger topic) but
 *       for the one offset a transaction's commit marker takes;</li>
 *   <li>its committed offsets stay as they were at T (nothing was left to process);</li>
 *   <li>the end offsets of its output topics stay as they were at T: every row it had to publish
 *       was published and committed by T (Pulse publishes changed rows a few times a second, apart
 *       from the commits, so the lag alone reaching zero does not say the views are complete).</li>
 * </ul>
 * The time reported is T, not T + the stable span: the span only confirms it.
 */
final class CompletionWatch {

  /** Longer than two commits (500 ms each) and a publication (200 ms) of the views. */
  static final Duration STABLE = Duration.ofSeconds(2);
  private static final long POLL_MILLIS = 100;

  private final Duration stable;
  private final Admin admin;
  private final String groupId;
  private final List<String> inputTopics;
  private final List<String> outputTopics;
  private List<TopicPartition> inputPartitions;
  private List<TopicPartition> outputPartitions;
  private List<TopicPartition> repartitionPartitions = List.of();

  CompletionWatch(Admin admin, String groupId, Collection<String> inputTopics, Collection<String> outputTopics) {
    this(admin, groupId, inputTopics, outputTopics, STABLE);
  }

  /** @param stable how long committed offsets and output ends must stay still to call it complete */
  CompletionWatch(Admin admin, String groupId, Collection<String> inputTopics, Collection<String> outputTopics,
      Duration stable) {
    this.stable = stable;
    this.admin = admin;
    this.groupId = groupId;
    this.inputTopics = List.copyOf(inputTopics);
    this.outputTopics = List.copyOf(outputTopics);
  }

  /**
   * Waits until complete and returns the seconds from {@code startedNanos} to T.
   *
   * @param inputRecords the input records, for the progress bar: it shows them less what is
   *     left to read in the input and repartition topics, never less than it showed before
   */
  double await(long startedNanos, long inputRecords, Duration timeout, String task) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Snapshot stableSince = null;
    long stableSinceNanos = 0;
    long shown = 0;
    try (ProgressBar bar = Progress.bar(task, inputRecords, "records")) {
      while (true) {
        long now = System.nanoTime();
        Snapshot s = snapshot();
        // The backlog of the repartition topics grows while the first stages run ahead of the
        // later ones: the bar holds its furthest point rather than step back.
        shown = Math.max(shown, Math.min(inputRecords - s.lag(), s.inputCommitted()));
        bar.stepTo(shown);
        if (!s.caughtUp()) {
          stableSince = null;
        } else if (stableSince == null || !stableSince.sameAs(s)) {
          stableSince = s;
          stableSinceNanos = now;
        } else if (now - stableSinceNanos >= stable.toNanos()) {
          bar.stepTo(inputRecords);
          return (stableSinceNanos - startedNanos) / 1e9;
        }
        if (now > deadline) {
          throw new IllegalStateException(groupId + " did not complete within " + timeout.toSeconds()
              + " s: " + s.inputCommitted() + " of " + inputRecords + " input records committed, lag " + s.lag());
        }
        Thread.sleep(POLL_MILLIS);
      }
    }
  }

  /** What the application has committed, what is left, and how far its outputs reach. */
  private record Snapshot(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> outputEnds, long lag,
      long inputCommitted) {

    boolean caughtUp() {
      return lag == 0;
    }

    boolean sameAs(Snapshot o) {
      return committed.equals(o.committed) && outputEnds.equals(o.outputEnds);
    }
  }

  private Snapshot snapshot() throws InterruptedException {
    try {
      Map<TopicPartition, Long> committed = new HashMap<>();
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e
          : admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get().entrySet()) {
        if (e.getValue() != null) committed.put(e.getKey(), e.getValue().offset());
      }
      if (inputPartitions == null) {
        inputPartitions = partitionsOf(inputTopics);
        outputPartitions = partitionsOf(outputTopics);
      }
      if (repartitionPartitions.isEmpty()) {
        // The application creates them as it starts: until they exist there is nothing to wait for in them.
        List<String> internal = admin.listTopics().names().get().stream()
            .filter(t -> t.startsWith(groupId + "-") && t.endsWith("-repartition")).toList();
        if (!internal.isEmpty()) repartitionPartitions = partitionsOf(internal);
      }
      Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
      inputPartitions.forEach(tp -> wanted.put(tp, OffsetSpec.latest()));
      repartitionPartitions.forEach(tp -> wanted.put(tp, OffsetSpec.latest()));
      committed.keySet().forEach(tp -> wanted.put(tp, OffsetSpec.latest()));
      List<TopicPartition> outputs = outputPartitions;
      outputs.forEach(tp -> wanted.put(tp, OffsetSpec.latest()));
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin.listOffsets(wanted, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
          .forEach((tp, info) -> ends.put(tp, info.offset()));
      long lag = 0;
      long inputCommitted = 0;
      for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
        TopicPartition tp = e.getKey();
        if (outputs.contains(tp)) continue;
        long done = committed.getOrDefault(tp, 0L);
        long left = Math.max(0, e.getValue() - done);
        // A transactional producer's commit marker takes an offset no consumer ever reads.
        if (isRepartition(tp) && left == 1) left = 0;
        lag += left;
        if (inputTopics.contains(tp.topic())) inputCommitted += Math.min(done, e.getValue());
      }
      if (committed.isEmpty()) lag = Math.max(lag, 1);
      Map<TopicPartition, Long> outputEnds = new HashMap<>();
      outputs.forEach(tp -> outputEnds.put(tp, ends.get(tp)));
      return new Snapshot(committed, outputEnds, lag, inputCommitted);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not read the offsets of " + groupId + ": " + e.getCause().getMessage(), e);
    }
  }

  private static boolean isRepartition(TopicPartition tp) {
    return tp.topic().endsWith("-repartition");
  }

  private List<TopicPartition> partitionsOf(List<String> topics) throws InterruptedException, ExecutionException {
    return admin.describeTopics(topics).allTopicNames().get().values().stream()
        .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
        .toList();
  }
}
