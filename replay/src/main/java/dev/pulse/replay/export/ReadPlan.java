package dev.pulse.replay.export;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of each partition an exact read of a time range covers: from the first offset
 * whose timestamp is at or after {@code from} (Kafka's offsetsForTimes: every earlier offset has an
 * earlier timestamp) up to the end offset taken when the plan is made (with read_committed, the
 * last stable offset: no open transaction is waited for, no aborted record read).
 *
 * <p>The plan does not stop a partition at {@code to}: record timestamps are set by producers and
 * need not grow along a partition (clocks of several gateways, a batch sent late), so a record
 * before {@code to} may follow one after it. The reader reads to the end offsets and keeps the
 * records whose timestamp lies in the range.
 */
public record ReadPlan(String topic, List<PartitionSpan> spans) {

  /** Offsets [start, stop) of one partition. */
  public record PartitionSpan(TopicPartition partition, long start, long stop) {
    public long offsets() {
      return Math.max(0, stop - start);
    }
  }

  public ReadPlan {
    spans = List.copyOf(spans);
  }

  /**
   * The plan for a topic and range, made with the consumer's metadata calls (the consumer must read
   * with isolation.level=read_committed for the end offsets to be stable ones).
   *
   * @throws IllegalArgumentException when the topic does not exist
   */
  public static ReadPlan of(Consumer<?, ?> consumer, String topic, TimeRange range) {
    Duration timeout = Duration.ofSeconds(30);
    List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalArgumentException("topic " + topic + " does not exist on the cluster");
    }
    List<TopicPartition> partitions = new ArrayList<>();
    infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    partitions.sort(Comparator.comparingInt(TopicPartition::partition));
    // End offsets first: whatever arrives after this moment is not part of the export.
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    Map<TopicPartition, Long> start = new HashMap<>(consumer.beginningOffsets(partitions, timeout));
    if (range.from() != null) {
      Map<TopicPartition, Long> query = new HashMap<>();
      partitions.forEach(tp -> query.put(tp, range.from().toEpochMilli()));
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
      for (TopicPartition tp : partitions) {
        OffsetAndTimestamp at = found.get(tp);
        // None: every record of the partition is earlier than from.
        start.put(tp, at == null ? end.get(tp) : Math.max(at.offset(), start.get(tp)));
      }
    }
    List<PartitionSpan> spans = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      long stop = end.get(tp);
      spans.add(new PartitionSpan(tp, Math.min(start.get(tp), stop), stop));
    }
    return new ReadPlan(topic, spans);
  }

  /** Offsets to go through, an upper bound of the records read (control records and aborted ones take offsets too). */
  public long offsets() {
    return spans.stream().mapToLong(PartitionSpan::offsets).sum();
  }

}
