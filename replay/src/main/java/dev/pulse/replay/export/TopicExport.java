package dev.pulse.replay.export;

import dev.pulse.contract.Topic;
import dev.pulse.registry.SchemaRegistryClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Exports one topic of the contract: the records whose timestamp lies in a time range, optionally
 * only those of a unit's subtree and of some campaigns, decoded through the registry, as CSV, JSON
 * lines, Avro or Parquet.
 *
 * <p>Exact: the partitions are read from the first offset at or after {@code from} to the end
 * offsets taken when the export begins, with read_committed, each offset once (no consumer group,
 * no rebalance, no retry that could read twice); a record is a row when its timestamp is in
 * [from, to), whatever its position.
 */
public final class TopicExport {

  /**
   * What to export.
   *
   * @param unit a unitId whose subtree the rows must lie in, or null for every row
   * @param campaigns campaign names the rows must belong to, any of them ({@link CampaignSelection}); empty for
   *     every row
   * @param output the file, or null for standard output (text formats only)
   * @param metadata add partition, offset, timestamp and key to each row, and export deletions
   * @param strict stop at the first record that cannot be read instead of leaving it out
   */
  public record Request(Topic<?> topic, TimeRange range, String unit, List<String> campaigns, ExportFormat format,
      Path output, boolean metadata, boolean strict) {
    public Request {
      campaigns = campaigns == null ? List.of() : List.copyOf(campaigns);
    }
  }

  /** Told what the export is doing, for a progress bar and warnings. */
  public interface Listener {
    /** The plan is made: {@link ReadPlan#offsets()} offsets to go through. */
    default void planned(ReadPlan plan) {}

    default void offsetsDone(long done) {}

    /** A record could not be read (the message names topic, partition and offset); it is left out. */
    default void undecodable(String message) {}
  }

  /** The export stopped on a record that cannot be read (strict mode). */
  public static final class UndecodableRecordException extends RuntimeException {
    public UndecodableRecordException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final class Tally {
    long exported;
    long outsideRange;
    long outsideUnit;
    long outsideCampaign;
    long nullValues;
    long undecodable;
  }

  private TopicExport() {}

  /**
   * Runs the export.
   *
   * @throws IllegalArgumentException when the topic or the unit does not exist, the topic has no unit field or
   *     no campaigns, or no activity lists a campaign
   * @throws UndecodableRecordException in strict mode, at the first record that cannot be read
   */
  public static ExportSummary run(ClusterConnection cluster, SchemaRegistryClient registry, Request request,
      Listener listener) throws IOException {
    long started = System.nanoTime();
    Topic<?> topic = request.topic();
    String unitField = null;
    UnitSubtree subtree = null;
    if (request.unit() != null) {
      unitField = UnitSubtree.unitField(topic).orElseThrow(() -> new IllegalArgumentException(
          topic.name() + " has no unit field: --unit works on the input and view topics"));
      subtree = UnitSubtree.current(cluster, registry, request.unit());
    }
    CampaignSelection campaigns = request.campaigns().isEmpty() ? null
        : CampaignSelection.current(cluster, registry, topic, request.campaigns());
    RowDecoder decoder = RowDecoder.forTopic(topic, registry, request.metadata());
    // A deletion names no unit and no campaign.
    boolean deletionsAreRows = request.metadata() && subtree == null && campaigns == null;

    try (KafkaConsumer<byte[], byte[]> consumer = RangeReader.consumer(cluster)) {
      ReadPlan plan = ReadPlan.of(consumer, topic.name(), request.range());
      listener.planned(plan);
      int maxPartition = plan.spans().stream().mapToInt(s -> s.partition().partition()).max().orElse(-1);
      Tally[] tallies = new Tally[maxPartition + 1];
      plan.spans().forEach(s -> tallies[s.partition().partition()] = new Tally());

      try (RowWriter writer = request.output() == null
          ? request.format().open(System.out, decoder.schema())
          : request.format().open(request.output(), decoder.schema())) {
        GenericRecord[] reuse = {null};
        String field = unitField;
        UnitSubtree units = subtree;
        RangeReader.read(consumer, plan, r -> {
          Tally t = tallies[r.partition()];
          if (!request.range().contains(r.timestamp())) {
            t.outsideRange++;
            return;
          }
          boolean deletion = r.value() == null && topic.isAvro();
          if (deletion) {
            t.nullValues++;
            if (!deletionsAreRows) return;
          }
          GenericRecord row;
          try {
            row = decoder.decode(r, deletion ? null : reuse[0]);
          } catch (SerializationException e) {
            t.undecodable++;
            if (request.strict()) throw new UndecodableRecordException(e.getMessage(), e);
            listener.undecodable(e.getMessage());
            return;
          }
          if (units != null) {
            Object unit = row.get(field);
            if (unit == null || !units.contains(unit.toString())) {
              t.outsideUnit++;
              return;
            }
          }
          if (campaigns != null && !campaigns.contains(row)) {
            t.outsideCampaign++;
            return;
          }
          writer.write(row);
          t.exported++;
          if (!deletion) reuse[0] = row;
        }, listener::offsetsDone);
        writer.finish();
      }

      List<ExportSummary.PartitionCount> counts = new ArrayList<>();
      for (ReadPlan.PartitionSpan s : plan.spans()) {
        Tally t = tallies[s.partition().partition()];
        counts.add(new ExportSummary.PartitionCount(s.partition().partition(), s.start(), s.stop(), t.exported,
            t.outsideRange, t.outsideUnit, t.outsideCampaign, t.nullValues, t.undecodable));
      }
      return new ExportSummary(topic.name(), request.range(), request.unit(),
          campaigns == null ? List.of() : campaigns.names(), request.format(),
          request.output() == null ? "-" : request.output().toString(), counts,
          Duration.ofNanos(System.nanoTime() - started));
    }
  }
}
