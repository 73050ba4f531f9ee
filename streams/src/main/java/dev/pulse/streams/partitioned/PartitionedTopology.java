package dev.pulse.streams.partitioned;

import dev.pulse.avro.Activity;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.contract.DateBounds;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.streams.ViewsTopology.ContractSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The views engine that scales out (docs/engine-design.md): view.participation.v1 here, the
 * poverty, activities and campaigns views in their stages ({@link PovertyStage},
 * {@link ActivitiesStage}, {@link CampaignsStage}).
 *
 * <pre>
 *  org.units.v1 ─────────────┐ (as is)
 *  branch.activities.v1 ─ activity router [activityId] ─┤ held changes, year marks
 *  branch.household-status.v1 ─ year marks ─────────────┤
 *                                                       ▼
 *                                     pt-broadcast (multicast: every partition)
 *  org.memberships.v1 ─ membership router [membershipId] ─ pt-members [memberId] ─┐
 *  branch.attendance.v1 [memberId, read in place] ────────────────────────────────┤
 *                                                                                 ▼
 *                                   member task [memberId]: contribution, diff, deltas
 *                                                       ▼
 *                              pt-rows [unitId] (year marks: every partition)
 *                                                       ▼
 *                 row task [unitId]: sums, publishes changed rows ─► view.participation.v1
 * </pre>
 *
 * <p>The member stage reads the attendance topic in place; a record that does not lie in the
 * partition its key belongs to (another producer's partitioner, another partition count) is
 * repartitioned first ({@link InPlace}).
 */
public final class PartitionedTopology {

  /** The names of every persistent thing, prefixed so that they never meet the old engine's. */
  public record StoreNames(String membershipOwners, String activityStanding, String members, String memberAttendance,
      String units, String activities, String byBranch, String byActivity, String pending, String outbox,
      String rows, String covered) {
    static final StoreNames DEFAULT = new StoreNames("pt-membership-owners", "pt-activity-standing", "pt-members",
        "pt-member-attendance", "pt-units", "pt-activities", "pt-by-branch", "pt-by-activity", "pt-pending",
        "pt-member-outbox", "pt-rows", "pt-covered");
  }

  /** The stores that queue recounts after a broadcast change; all empty once every change has reached the rows. */
  public static final List<String> RECOUNT_QUEUES = List.of(StoreNames.DEFAULT.pending(),
      ActivitiesStage.StoreNames.DEFAULT.pending(), PovertyStage.Names.DEFAULT.pending());

  public static final String BROADCAST = "pt-broadcast";
  public static final String MEMBERS = "pt-members";
  public static final String ROWS = "pt-rows";
  public static final String ATTENDANCE = "pt-attendance";

  /**
   * @param partitions of the internal topics, and so the member and row tasks
   * @param inMemoryStores keep state in memory (restored from the changelogs) instead of RocksDB
   * @param caching put Kafka Streams' record cache in front of the stores (writes coalesced per commit)
   * @param publishEvery how often the row stages publish changed rows; null to keep them unpublished
   *     until the application runs again with an interval (a reprocess publishes only once caught
   *     up: the row tasks then compare every row with what they last published, which is nothing)
   * @param recountChunk how many members a task recounts per punctuation after a broadcast change
   * @param recountEvery how often it does so
   */
  public record Options(int partitions, boolean inMemoryStores, boolean caching,
      Duration publishEvery, int recountChunk, Duration recountEvery, DateBounds bounds) {
    public static Options defaults() {
      return new Options(6, false, true, Duration.ofMillis(100), 2_000, Duration.ofMillis(100), DateBounds.DEFAULT);
    }

    public Options withPartitions(int n) {
      return new Options(n, inMemoryStores, caching, publishEvery, recountChunk, recountEvery, bounds);
    }

    public Options withInMemoryStores(boolean inMemory) {
      return new Options(partitions, inMemory, caching, publishEvery, recountChunk, recountEvery,
          bounds);
    }

    public Options withPublishEvery(Duration every) {
      return new Options(partitions, inMemoryStores, caching, every, recountChunk, recountEvery,
          bounds);
    }

    public Options withBounds(DateBounds b) {
      return new Options(partitions, inMemoryStores, caching, publishEvery, recountChunk,
          recountEvery, b);
    }

    /** Recounts after a broadcast change of at most {@code chunk} entities per task, every {@code every}. */
    public Options withRecounts(int chunk, Duration every) {
      return new Options(partitions, inMemoryStores, caching, publishEvery, chunk, every, bounds);
    }

    public Options withCaching(boolean on) {
      return new Options(partitions, inMemoryStores, on, publishEvery, recountChunk, recountEvery,
          bounds);
    }
  }

  private PartitionedTopology() {}

  public static Topology build(ContractSerdes serdes, Options o) {
    StoreNames names = StoreNames.DEFAULT;
    StreamsBuilder builder = new StreamsBuilder();
    for (String store : new String[] {names.membershipOwners(), names.activityStanding(), names.members(),
        names.memberAttendance(), names.units(), names.activities(), names.byBranch(), names.byActivity(),
        names.pending(), names.outbox(), names.rows(), names.covered()}) {
      builder.addStateStore(store.equals(names.membershipOwners())
          ? StageStores.strings(store, o) : StageStores.bytes(store, o));
    }

    KStream<String, byte[]> units = source(builder, serdes, Topics.UNITS)
        .process(() -> new InputRecords.Units(o.bounds()), Named.as("pt-units-in"));
    KStream<String, Activity> activitiesIn = source(builder, serdes, Topics.ACTIVITIES);
    KStream<String, byte[]> activities = activitiesIn
        .process(() -> new InputRecords.ActivityRouter(o.bounds(), names.activityStanding()),
            Named.as("pt-activity-router"), names.activityStanding());
    KStream<String, HouseholdStatus> households = source(builder, serdes, Topics.HOUSEHOLD_STATUS);
    KStream<String, byte[]> householdYears = households
        .process(() -> new InputRecords.HouseholdYears(o.bounds()), Named.as("pt-household-years"));
    KStream<String, byte[]> facts = units
        .merge(activities, Named.as("pt-merge-activities"))
        .merge(householdYears, Named.as("pt-merge-households"));
    KStream<String, byte[]> broadcast = facts
        .repartition(Repartitioned.<String, byte[]>as(BROADCAST).withKeySerde(Serdes.String())
            .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(o.partitions())
            .withStreamPartitioner(PartitionedTopology::everyPartition));

    KStream<String, byte[]> memberships = source(builder, serdes, Topics.MEMBERSHIPS)
        .process(() -> new InputRecords.MembershipRouter(o.bounds(), names.membershipOwners()),
            Named.as("pt-membership-router"), names.membershipOwners())
        .repartition(Repartitioned.<String, byte[]>as(MEMBERS).withKeySerde(Serdes.String())
            .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(o.partitions()));

    KStream<String, byte[]> attendance = source(builder, serdes, Topics.ATTENDANCE)
        .process(() -> new InputRecords.AttendanceVersions(o.bounds()), Named.as("pt-attendance-in"));
    attendance = InPlace.keyed(attendance, o.partitions(), ATTENDANCE);

    PovertyStage.add(builder, serdes, o, households, facts, attendance, PovertyStage.Names.DEFAULT);

    KStream<String, byte[]> memberOut = attendance
        .merge(memberships, Named.as("pt-merge-memberships"))
        .merge(broadcast, Named.as("pt-merge-broadcast"))
        .process(() -> new MemberProcessor(names, o.recountChunk(), o.recountEvery()), Named.as("pt-member"),
            names.members(), names.memberAttendance(), names.units(), names.activities(), names.byBranch(),
            names.byActivity(), names.pending(), names.outbox());
    KStream<String, byte[]> activityCampaigns = ActivitiesStage.add(builder, serdes, o, activitiesIn, broadcast,
        memberOut.filter((k, v) -> ActivityWire.isActivityWire(v), Named.as("pt-member-to-activities")));
    CampaignsStage.add(builder, serdes, o, broadcast, activityCampaigns,
        memberOut.filter((k, v) -> CampaignWire.isCampaignWire(v), Named.as("pt-member-to-campaigns")));

    KStream<String, ParticipationRow> rows = memberOut
        .filterNot((k, v) -> ActivityWire.isActivityWire(v) || CampaignWire.isCampaignWire(v),
            Named.as("pt-member-to-rows"))
        .repartition(Repartitioned.<String, byte[]>as(ROWS).withKeySerde(Serdes.String())
            .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(o.partitions())
            .withStreamPartitioner(PartitionedTopology::byKeyOrEveryPartition))
        .process(() -> new RowProcessor(names, o.publishEvery()), Named.as("pt-rows"), names.rows(), names.covered());

    rows.to(Topics.PARTICIPATION_VIEW.name(),
        Produced.with(Serdes.String(), serdes.valueSerde(Topics.PARTICIPATION_VIEW)).withName("pt-publish"));
    return builder.build();
  }

  private static <V> KStream<String, V> source(StreamsBuilder builder, ContractSerdes serdes, Topic<V> topic) {
    return builder.stream(topic.name(),
        Consumed.with(Serdes.String(), serdes.valueSerde(topic)).withName("pt-read-" + topic.name()));
  }

  /** KIP-837 multicast: a broadcast fact goes to every partition, so that every task keeps its copy. */
  private static Optional<Set<Integer>> everyPartition(String topic, String key, byte[] value, int partitions) {
    return Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toSet()));
  }

  /** A year mark to every partition; anything else to the partition of its key, as the producer's partitioner would. */
  private static Optional<Set<Integer>> byKeyOrEveryPartition(String topic, String key, byte[] value, int partitions) {
    if (InputRecords.isYear(value)) return everyPartition(topic, key, value, partitions);
    return Optional.of(Set.of(InPlace.partitionOf(key, partitions)));
  }
}
