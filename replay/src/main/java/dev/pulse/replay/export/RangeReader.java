package dev.pulse.replay.export;

import dev.pulse.replay.export.ReadPlan.PartitionSpan;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the records of a {@link ReadPlan} exactly once each: a consumer with no group that is
 * assigned the partitions, seeks to each span's start, and stops every partition at its span's
 * stop offset. Records come as raw bytes; the caller decodes them.
 */
public final class RangeReader {

  /** Receives each record of the spans, in offset order within a partition. */
  @FunctionalInterface
  public interface RecordSink {
    void accept(ConsumerRecord<byte[], byte[]> record) throws IOException;
  }

  /** Told how far the read has gone: offsets passed so far, of {@link ReadPlan#offsets()}. */
  @FunctionalInterface
  public interface Progress {
    void offsetsDone(long done);
  }

  private RangeReader() {}

  /** A consumer set up for exact reads: read_committed, no group, no commits, large fetches. */
  public static KafkaConsumer<byte[], byte[]> consumer(ClusterConnection cluster) {
    Map<String, Object> props = new HashMap<>(cluster.clientProperties());
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "pulse-replay");
    props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    props.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    props.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    props.putIfAbsent(ConsumerConfig.RECEIVE_BUFFER_CONFIG, 1024 * 1024);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Reads every record of the plan's spans and returns how many were handed to the sink.
   *
   * @throws IOException as the sink throws it; the read stops there
   */
  public static long read(Consumer<byte[], byte[]> consumer, ReadPlan plan, RecordSink sink, Progress progress)
      throws IOException {
    Map<TopicPartition, Long> stop = new HashMap<>();
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionSpan span : plan.spans()) {
      partitions.add(span.partition());
      stop.put(span.partition(), span.stop());
    }
    consumer.assign(partitions);
    for (PartitionSpan span : plan.spans()) {
      consumer.seek(span.partition(), span.start());
    }
    Map<TopicPartition, Long> open = new HashMap<>(stop);
    List<TopicPartition> finished = new ArrayList<>();
    long handed = 0;
    long done = 0;
    closeFinished(consumer, open, finished);
    while (!open.isEmpty()) {
      ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
      for (TopicPartition tp : batch.partitions()) {
        long end = stop.get(tp);
        for (ConsumerRecord<byte[], byte[]> r : batch.records(tp)) {
          // A fetch may return records past the stop offset: they arrived after the plan was made.
          if (r.offset() >= end) break;
          sink.accept(r);
          handed++;
        }
      }
      closeFinished(consumer, open, finished);
      long now = 0;
      for (PartitionSpan span : plan.spans()) {
        long position = open.containsKey(span.partition()) ? consumer.position(span.partition()) : span.stop();
        now += Math.min(position, span.stop()) - span.start();
      }
      if (now != done) {
        done = now;
        progress.offsetsDone(done);
      }
    }
    consumer.assign(List.of());
    return handed;
  }

  /** Pauses and forgets the partitions whose position has reached their stop offset. */
  private static void closeFinished(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> open,
      List<TopicPartition> finished) {
    finished.clear();
    open.forEach((tp, stopAt) -> {
      if (consumer.position(tp) >= stopAt) finished.add(tp);
    });
    if (!finished.isEmpty()) {
      consumer.pause(finished);
      finished.forEach(open::remove);
    }
  }
}
