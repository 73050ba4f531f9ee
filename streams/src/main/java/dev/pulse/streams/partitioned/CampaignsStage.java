package dev.pulse.streams.partitioned;

import dev.pulse.contract.Topics;
import dev.pulse.streams.ViewsTopology.ContractSerdes;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * view.campaigns.v1 (SPEC.md §5b) in the partitioned engine: a campaign is one more dimension of
 * what members and activities already contribute.
 *
 * <pre>
 *  member tasks ── participants per (unit|campaign, period) ───────────────┐
 *  activity tasks ── held, attendances per (unit, period, campaign) ────────┤
 *  activity tasks ── pt-campaign-holding [organiser] ─┐                     │
 *  pt-broadcast (units) ──────────────────────────────┤                     │
 *                                                     ▼                     │
 *     holding task [organiser]: what each organiser holds; branchesHolding  │
 *     on its roll-up when it is a branch; branches per unit of its partition┤
 *                                                                           ▼
 *                                   pt-campaign-rows [unitId]
 *                                                                           ▼
 *          campaigns row task [unitId]: sums, publishes changed rows ─► view.campaigns.v1
 * </pre>
 *
 * <p>A row exists while its held or participants figure is not zero; one that falls to zero is
 * published as a tombstone.
 */
final class CampaignsStage {

  /** The stage's stores. */
  record StoreNames(String holding, String units, String rows) {
    static final StoreNames DEFAULT = new StoreNames("pt-campaign-holding", "pt-campaign-units", "pt-campaign-row-sums");
  }

  static final String HOLDING = "pt-campaign-holding";
  static final String ROWS = "pt-campaign-rows";

  private CampaignsStage() {}

  /**
   * Adds the stage to a topology.
   *
   * @param broadcast the unit records (and other broadcast facts, ignored) every partition gets
   * @param fromActivities the activity tasks' {@link CampaignWire} records
   * @param fromMembers the member tasks' {@link CampaignWire#ROW_DELTAS} records
   */
  static void add(StreamsBuilder builder, ContractSerdes serdes, PartitionedTopology.Options o,
      KStream<String, byte[]> broadcast, KStream<String, byte[]> fromActivities, KStream<String, byte[]> fromMembers) {
    StoreNames names = StoreNames.DEFAULT;
    for (String store : new String[] {names.holding(), names.units(), names.rows()}) {
      builder.addStateStore(StageStores.bytes(store, o));
    }
    KStream<String, byte[]> holding = fromActivities
        .filter((k, v) -> v[0] == CampaignWire.HOLDING, Named.as("pt-campaign-holding-out"))
        .repartition(Repartitioned.<String, byte[]>as(HOLDING).withKeySerde(Serdes.String())
            .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(o.partitions())
            .withStreamPartitioner(CampaignsStage::byKey))
        .merge(broadcast, Named.as("pt-campaign-merge-broadcast"))
        .process(() -> new HoldingProcessor(names, o.partitions(), o.recountEvery()), Named.as("pt-campaign-holding"),
            names.holding(), names.units());
    fromActivities
        .filter((k, v) -> v[0] == CampaignWire.ROW_DELTAS, Named.as("pt-campaign-activity-rows"))
        .merge(fromMembers, Named.as("pt-campaign-merge-members"))
        .merge(holding, Named.as("pt-campaign-merge-holding"))
        .repartition(Repartitioned.<String, byte[]>as(ROWS).withKeySerde(Serdes.String())
            .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(o.partitions())
            .withStreamPartitioner(CampaignsStage::byKey))
        .process(() -> new CampaignsRowProcessor(names, o.publishEvery()), Named.as("pt-campaign-rows"), names.rows())
        .to(Topics.CAMPAIGNS_VIEW.name(), Produced.with(Serdes.String(), serdes.valueSerde(Topics.CAMPAIGNS_VIEW))
            .withName("pt-publish-campaigns"));
  }

  /**
   * The partition of the key, as {@link InPlace#partitionOf} computes it: the holding task decides
   * by the same function which units' branch counts are its to send.
   */
  private static Optional<Set<Integer>> byKey(String topic, String key, byte[] value, int partitions) {
    return Optional.of(Set.of(InPlace.partitionOf(key, partitions)));
  }
}
