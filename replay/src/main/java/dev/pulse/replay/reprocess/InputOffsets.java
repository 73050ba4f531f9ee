package dev.pulse.replay.reprocess;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/** Offsets of topics and of a consumer group, through the Admin API. */
public final class InputOffsets {

  private final Admin admin;

  public InputOffsets(Admin admin) {
    this.admin = admin;
  }

  /** Every partition of the topics. */
  public Collection<TopicPartition> partitions(Collection<String> topics) {
    Map<TopicPartition, Boolean> out = new HashMap<>();
    get(admin.describeTopics(topics).allTopicNames()).forEach((name, description) -> {
      for (TopicPartitionInfo p : description.partitions()) out.put(new TopicPartition(name, p.partition()), true);
    });
    return out.keySet();
  }

  /** The last stable offsets (read_committed ends): what a read_committed consumer reads up to. */
  public Map<TopicPartition, Long> ends(Collection<TopicPartition> partitions) {
    return offsets(partitions, OffsetSpec.latest());
  }

  /** The first offsets still in the log. */
  Map<TopicPartition, Long> starts(Collection<TopicPartition> partitions) {
    return offsets(partitions, OffsetSpec.earliest());
  }

  /** The group's committed offsets; empty when the group has committed nothing (or does not exist). */
  public Map<TopicPartition, Long> committed(String groupId) {
    Map<TopicPartition, OffsetAndMetadata> committed;
    try {
      committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) return Map.of();
      throw new IllegalStateException("cannot read the committed offsets of " + groupId + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    Map<TopicPartition, Long> out = new HashMap<>();
    committed.forEach((tp, o) -> {
      if (o != null) out.put(tp, o.offset());
    });
    return out;
  }

  private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found =
        get(admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all());
    Map<TopicPartition, Long> out = new HashMap<>();
    found.forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
