package dev.pulse.streams.partitioned;

import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.PovertyRow;
import dev.pulse.avro.PovertyStatus;
import dev.pulse.contract.DateBounds;
import dev.pulse.contract.InputRules;
import dev.pulse.contract.Topics;
import dev.pulse.streams.RuleViolation;
import dev.pulse.streams.ViewsTopology.ContractSerdes;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * view.poverty.v1 (SPEC.md §4) in the partitioned engine.
 *
 * <pre>
 *  branch.household-status.v1 [householdId, read in place] ─ rules check ─┐
 *  units, year marks ─ pt-household-broadcast (multicast: every partition) ┤
 *                                                                          ▼
 *                household task [householdId]: contribution → diff → deltas
 *                                                                          ▼
 *  pt-poverty-rows [unitId] (year marks: every partition) ◄─ pt-poverty-years (attendance's year marks)
 *                                                                          ▼
 *        poverty row task [unitId]: sums, publishes changed rows ─► view.poverty.v1
 * </pre>
 *
 * <p>The household task reads the household topic in place; a record that does not lie in the
 * partition its key belongs to is repartitioned first ({@link InPlace}). It takes the tree from a multicast topic of its own
 * rather than from pt-broadcast: a second reader of pt-broadcast's source would join the household
 * task to the member task in one sub-topology, and so in one task per partition. A record that
 * breaks the rules of SPEC.md §2 goes to the dead letters. The covered years come from the year
 * marks of every event topic: activities and households with the tree, attendance through its own
 * small topic.
 */
final class PovertyStage {

  /** The names of the stage's stores, prefixed so that they never meet another stage's. */
  record Names(String households, String units, String byBranch, String pending, String rows, String covered) {
    static final Names DEFAULT = new Names("pt-household-state", "pt-household-units", "pt-household-by-branch",
        "pt-household-pending", "pt-poverty-rows", "pt-poverty-covered");
  }

  static final String HOUSEHOLDS = "pt-households";
  static final String BROADCAST = "pt-household-broadcast";
  static final String ROWS = "pt-poverty-rows";
  static final String YEARS = "pt-poverty-years";

  private PovertyStage() {}

  /**
   * Adds the household and poverty row stages, and their stores, and publishes to view.poverty.v1.
   *
   * @param households the household topic as read (the stage's only reader apart from the year marks)
   * @param facts what the engine broadcasts (units, activity changes, year marks), before it is multicast: the
   *     stage multicasts the units and year marks on its own topic, so that the household task shares no
   *     sub-topology (and so no task) with the member task
   * @param attendance the attendance stage's records, of which only the year marks are taken
   */
  static KStream<String, PovertyRow> add(StreamsBuilder builder, ContractSerdes serdes, PartitionedTopology.Options o,
      KStream<String, HouseholdStatus> households, KStream<String, byte[]> facts,
      KStream<String, byte[]> attendance, Names names) {
    for (String store : new String[] {names.households(), names.units(), names.byBranch(), names.pending(),
        names.rows(), names.covered()}) {
      builder.addStateStore(StageStores.bytes(store, o));
    }
    KStream<String, byte[]> events = households
        .process(() -> new HouseholdEvents(o.bounds()), Named.as("pt-household-in"));
    events = InPlace.keyed(events, o.partitions(), HOUSEHOLDS);
    KStream<String, byte[]> attendanceYears = attendance
        .filter((k, v) -> InputRecords.isYear(v), Named.as("pt-poverty-attendance-years"))
        .repartition(Repartitioned.<String, byte[]>as(YEARS).withKeySerde(Serdes.String())
            .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(o.partitions())
            .withStreamPartitioner(PovertyStage::everyPartition));
    KStream<String, byte[]> tree = facts
        .filter((k, v) -> Wire.tag(v) == Wire.UNIT || Wire.tag(v) == Wire.YEAR, Named.as("pt-household-tree-and-years"))
        .repartition(Repartitioned.<String, byte[]>as(BROADCAST).withKeySerde(Serdes.String())
            .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(o.partitions())
            .withStreamPartitioner(PovertyStage::everyPartition));
    KStream<String, PovertyRow> rows = events
        .merge(tree, Named.as("pt-household-merge-broadcast"))
        .process(() -> new HouseholdProcessor(names, o.recountChunk(), o.recountEvery()), Named.as("pt-household"),
            names.households(), names.units(), names.byBranch(), names.pending())
        .repartition(Repartitioned.<String, byte[]>as(ROWS).withKeySerde(Serdes.String())
            .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(o.partitions())
            .withStreamPartitioner(PovertyStage::byKeyOrEveryPartition))
        .merge(attendanceYears, Named.as("pt-poverty-merge-years"))
        .process(() -> new PovertyRowProcessor(names, o.publishEvery()), Named.as("pt-poverty-rows"),
            names.rows(), names.covered());
    rows.to(Topics.POVERTY_VIEW.name(),
        Produced.with(Serdes.String(), serdes.valueSerde(Topics.POVERTY_VIEW)).withName("pt-poverty-publish"));
    return rows;
  }

  /**
   * Household events, read in place (keyed by householdId): a record that breaks the rules goes to
   * the dead letters ({@link RuleViolation}), the others become {@link PovertyWire} events.
   */
  static final class HouseholdEvents implements Processor<String, HouseholdStatus, String, byte[]> {
    private final DateBounds bounds;
    private ProcessorContext<String, byte[]> context;

    HouseholdEvents(DateBounds bounds) {
      this.bounds = bounds;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, HouseholdStatus> r) {
      String problem = InputRules.problem(Topics.HOUSEHOLD_STATUS, r.key(), r.value(), r.timestamp(), bounds);
      if (problem != null) throw new RuleViolation(Topics.HOUSEHOLD_STATUS.name(), problem);
      HouseholdStatus h = r.value();
      context.forward(r.withValue(PovertyWire.event(new PovertyWire.EventMsg(h.getEventId(), h.getBranchId(),
          rank(h.getStatus()), h.getSupportedByUnion(), (int) h.getAssessedOn().toEpochDay(),
          h.getRecordedAt().toEpochMilli()))));
    }
  }

  static int rank(PovertyStatus s) {
    return switch (s) {
      case POOR -> HouseholdContribution.POOR;
      case NEAR_POOR -> HouseholdContribution.NEAR_POOR;
      case NON_POOR -> HouseholdContribution.NON_POOR;
    };
  }

  /** KIP-837 multicast: a year mark to every partition. */
  private static Optional<Set<Integer>> everyPartition(String topic, String key, byte[] value, int partitions) {
    return Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toSet()));
  }

  /** A year mark to every partition; anything else to the partition of its key, as the producer's partitioner would. */
  private static Optional<Set<Integer>> byKeyOrEveryPartition(String topic, String key, byte[] value, int partitions) {
    if (InputRecords.isYear(value)) return everyPartition(topic, key, value, partitions);
    return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions));
  }
}
