package dev.pulse.streams.partitioned;

import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.Channel;
import dev.pulse.contract.CampaignNames;
import dev.pulse.contract.DateBounds;
import dev.pulse.contract.InputRules;
import dev.pulse.contract.Period;
import dev.pulse.contract.Topics;
import dev.pulse.streams.RuleViolation;
import dev.pulse.streams.ViewsTopology.ContractSerdes;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * view.activities.v1 (SPEC.md §5) in the partitioned engine.
 *
 * <pre>
 *  branch.activities.v1 [activityId, read in place] ── versions ──┐
 *  member tasks ── pt-activity-attendance [activityId] (count ±1) ─┤
 *  pt-broadcast (units, year marks) ───────────────────────────────┤
 *                                                                   ▼
 *            activity task [activityId]: standing version, count, contribution, diff
 *                                                                   ▼
 *                       pt-activity-rows [unitId] (year marks: every partition)
 *                                                                   ▼
 *        activities row task [unitId]: sums, publishes changed rows ─► view.activities.v1
 * </pre>
 *
 * <p>The activity task reads the activities topic in place; a record that does not lie in the
 * partition its key belongs to (another producer's partitioner, another partition count) is
 * repartitioned first ({@link InPlace}).
 */
final class ActivitiesStage {

  /** The stage's stores, apart from every store of the participation stages. */
  record StoreNames(String state, String units, String byUnit, String pending, String rows, String covered) {
    static final StoreNames DEFAULT = new StoreNames("pt-activity-state", "pt-activity-units", "pt-activity-by-unit",
        "pt-activity-pending", "pt-activity-row-sums", "pt-activity-covered");
  }

  static final String VERSIONS = "pt-activity-versions";
  static final String ATTENDANCE = "pt-activity-attendance";
  static final String ROWS = "pt-activity-rows";

  private ActivitiesStage() {}

  /**
   * Adds the stage to a topology.
   *
   * @param activities the activities topic as read
   * @param broadcast the unit records and year marks every partition gets
   * @param attendanceCounts the member tasks' {@link ActivityWire#ATTENDANCE_COUNT} records, keyed by activityId
   * @return the activity tasks' records for the campaigns stage ({@link CampaignWire})
   */
  static KStream<String, byte[]> add(StreamsBuilder builder, ContractSerdes serdes, PartitionedTopology.Options o,
      KStream<String, Activity> activities, KStream<String, byte[]> broadcast,
      KStream<String, byte[]> attendanceCounts) {
    StoreNames names = StoreNames.DEFAULT;
    for (String store : new String[] {names.state(), names.units(), names.byUnit(), names.pending(), names.rows(),
        names.covered()}) {
      builder.addStateStore(StageStores.bytes(store, o));
    }

    KStream<String, byte[]> versions = activities
        .process(() -> new Versions(o.bounds()), Named.as("pt-activity-versions-in"));
    versions = InPlace.keyed(versions, o.partitions(), VERSIONS);
    KStream<String, byte[]> counts = attendanceCounts
        .repartition(Repartitioned.<String, byte[]>as(ATTENDANCE).withKeySerde(Serdes.String())
            .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(o.partitions()));

    KStream<String, byte[]> out = versions
        .merge(counts, Named.as("pt-activity-merge-attendance"))
        .merge(broadcast, Named.as("pt-activity-merge-broadcast"))
        .process(() -> new ActivityProcessor(names, o.recountChunk(), o.recountEvery()), Named.as("pt-activity"),
            names.state(), names.units(), names.byUnit(), names.pending());
    out.filterNot((k, v) -> CampaignWire.isCampaignWire(v), Named.as("pt-activity-to-rows"))
        .repartition(Repartitioned.<String, byte[]>as(ROWS).withKeySerde(Serdes.String())
            .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(o.partitions())
            .withStreamPartitioner(ActivitiesStage::byKeyOrEveryPartition))
        .process(() -> new ActivitiesRowProcessor(names, o.publishEvery()), Named.as("pt-activity-rows"),
            names.rows(), names.covered())
        .to(Topics.ACTIVITIES_VIEW.name(), Produced.with(Serdes.String(), serdes.valueSerde(Topics.ACTIVITIES_VIEW))
            .withName("pt-publish-activities"));
    return out.filter((k, v) -> CampaignWire.isCampaignWire(v), Named.as("pt-activity-to-campaigns"));
  }

  /**
   * Activities as read: a record that breaks the rules of SPEC.md §2 goes to the dead letters, the
   * others become {@link ActivityWire.Version}s.
   */
  static final class Versions implements Processor<String, Activity, String, byte[]> {
    private final DateBounds bounds;
    private ProcessorContext<String, byte[]> context;

    Versions(DateBounds bounds) {
      this.bounds = bounds;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, Activity> r) {
      String problem = InputRules.problem(Topics.ACTIVITIES, r.key(), r.value(), r.timestamp(), bounds);
      if (problem != null) throw new RuleViolation(Topics.ACTIVITIES.name(), problem);
      context.forward(r.withValue(ActivityWire.version(version(r.value()))));
    }
  }

  static ActivityWire.Version version(Activity a) {
    int channels = 0;
    for (Channel c : a.getChannels()) channels |= 1 << c.ordinal();
    return new ActivityWire.Version(a.getUnitId(), a.getRecordedAt().toEpochMilli(),
        a.getStatus() == ActivityStatus.HELD, a.getMode().ordinal(),
        (int) Period.localDate(a.getStartsAt()).toEpochDay(), channels,
        a.getStatus() == ActivityStatus.HELD ? CampaignNames.trimmed(a.getCampaigns()) : List.of());
  }

  /** A year mark to every partition; a row delta to the partition of its unit, as the producer's partitioner would. */
  private static Optional<Set<Integer>> byKeyOrEveryPartition(String topic, String key, byte[] value, int partitions) {
    if (InputRecords.isYear(value)) {
      return Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toSet()));
    }
    return Optional.of(Set.of(InPlace.partitionOf(key, partitions)));
  }
}
