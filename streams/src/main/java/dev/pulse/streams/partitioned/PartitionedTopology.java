package dev.pulse.streams.partitioned;

import dev.pulse.avro.ParticipationRow;
import dev.pulse.contract.DateBounds;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.streams.ViewsTopology.ContractSerdes;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * A prototype of the views engine that scales out (issue #16), for view.participation.v1 only.
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
 * <p>The member stage reads the attendance topic in place, so the number of partitions of the
 * internal topics must equal the attendance topic's; when it does not, attendance is repartitioned
 * first.
 */
public final class PartitionedTopology {

  /** The names of every persistent thing, prefixed so that they never meet the old engine's. */
  public record StoreNames(String membershipOwners, String activityStanding, String members, String units,
      String activities, String byBranch, String byActivity, String pending, String rows, String covered) {
    static final StoreNames DEFAULT = new StoreNames("pt-membership-owners", "pt-activity-standing", "pt-members",
        "pt-units", "pt-activities", "pt-by-branch", "pt-by-activity", "pt-pending", "pt-rows", "pt-covered");
  }

  public static final String BROADCAST = "pt-broadcast";
  public static final String MEMBERS = "pt-members";
  public static final String ROWS = "pt-rows";
  public static final String ATTENDANCE = "pt-attendance";

  /**
   * @param partitions of the internal topics, and so the member and row tasks
   * @param attendancePartitions of the attendance topic as it exists; when it differs, attendance is repartitioned
   * @param inMemoryStores keep state in memory (restored from the changelogs) instead of RocksDB
   * @param caching put Kafka Streams' record cache in front of the stores (writes coalesced per commit)
   * @param publishEvery how often the row stage publishes changed rows
   * @param recountChunk how many members a task recounts per punctuation after a broadcast change
   * @param recountEvery how often it does so
   */
  public record Options(int partitions, int attendancePartitions, boolean inMemoryStores, boolean caching,
      Duration publishEvery, int recountChunk, Duration recountEvery, DateBounds bounds) {
    public static Options defaults() {
      return new Options(6, 6, false, true, Duration.ofMillis(100), 2_000, Duration.ofMillis(100), DateBounds.DEFAULT);
    }

    public Options withPartitions(int n) {
      return new Options(n, n, inMemoryStores, caching, publishEvery, recountChunk, recountEvery, bounds);
    }

    public Options withInMemoryStores(boolean inMemory) {
      return new Options(partitions, attendancePartitions, inMemory, caching, publishEvery, recountChunk, recountEvery,
          bounds);
    }

    public Options withCaching(boolean on) {
      return new Options(partitions, attendancePartitions, inMemoryStores, on, publishEvery, recountChunk, recountEvery,
          bounds);
    }
  }

  private PartitionedTopology() {}

  public static Topology build(ContractSerdes serdes, Options o) {
    StoreNames names = StoreNames.DEFAULT;
    StreamsBuilder builder = new StreamsBuilder();
    for (String store : new String[] {names.membershipOwners(), names.activityStanding(), names.members(),
        names.units(), names.activities(), names.byBranch(), names.byActivity(), names.pending(), names.rows(),
        names.covered()}) {
      builder.addStateStore(store(store, o));
    }

    KStream<String, byte[]> units = source(builder, serdes, Topics.UNITS)
        .process(() -> new InputRecords.Units(o.bounds()), Named.as("pt-units-in"));
    KStream<String, byte[]> activities = source(builder, serdes, Topics.ACTIVITIES)
        .process(() -> new InputRecords.ActivityRouter(o.bounds(), names.activityStanding()),
            Named.as("pt-activity-router"), names.activityStanding());
    KStream<String, byte[]> householdYears = source(builder, serdes, Topics.HOUSEHOLD_STATUS)
        .process(() -> new InputRecords.HouseholdYears(o.bounds()), Named.as("pt-household-years"));
    KStream<String, byte[]> broadcast = units
        .merge(activities, Named.as("pt-merge-activities"))
        .merge(householdYears, Named.as("pt-merge-households"))
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
    if (o.attendancePartitions() != o.partitions()) {
      attendance = attendance.repartition(Repartitioned.<String, byte[]>as(ATTENDANCE).withKeySerde(Serdes.String())
          .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(o.partitions())
          .withStreamPartitioner(PartitionedTopology::byKeyOrEveryPartition));
    }

    KStream<String, ParticipationRow> rows = attendance
        .merge(memberships, Named.as("pt-merge-memberships"))
        .merge(broadcast, Named.as("pt-merge-broadcast"))
        .process(() -> new MemberProcessor(names, o.recountChunk(), o.recountEvery()), Named.as("pt-member"),
            names.members(), names.units(), names.activities(), names.byBranch(), names.byActivity(), names.pending())
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

  private static org.apache.kafka.streams.state.StoreBuilder<?> store(String name, Options o) {
    KeyValueBytesStoreSupplier supplier = o.inMemoryStores()
        ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    if (name.equals(StoreNames.DEFAULT.membershipOwners())) {
      var b = Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.String());
      return o.caching() ? b.withCachingEnabled() : b.withCachingDisabled();
    }
    var b = Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.ByteArray());
    return o.caching() ? b.withCachingEnabled() : b.withCachingDisabled();
  }

  /** KIP-837 multicast: a broadcast fact goes to every partition, so that every task keeps its copy. */
  private static Optional<Set<Integer>> everyPartition(String topic, String key, byte[] value, int partitions) {
    return Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toSet()));
  }

  /** A year mark to every partition; anything else to the partition of its key, as the producer's partitioner would. */
  private static Optional<Set<Integer>> byKeyOrEveryPartition(String topic, String key, byte[] value, int partitions) {
    if (InputRecords.isYear(value)) return everyPartition(topic, key, value, partitions);
    return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        % partitions));
  }
}
