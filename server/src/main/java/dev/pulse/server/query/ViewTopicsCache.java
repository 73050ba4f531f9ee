package dev.pulse.server.query;

import dev.pulse.contract.ViewKey;
import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.CampaignsRow;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.avro.PovertyRow;
import dev.pulse.contract.Period;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import dev.pulse.contract.ZeroRows;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The views as the view topics publish them, kept in memory: what an instance that serves the
 * API but runs no streams tasks answers from. The topics are compacted and carry every row as
 * last published (committed records only), so the copy is at most one publishing interval and
 * the consumer's lag behind the streams application's stores.
 */
public final class ViewTopicsCache implements ViewReader, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ViewTopicsCache.class);

  private final Map<String, Map<String, SpecificRecord>> rowsByTopic = new ConcurrentHashMap<>();
  /**
   * The campaign rows by key, sorted: the key begins with {@code unitId|period|}, so a unit's
   * campaigns in a period are one range of it, read without looking at any other row.
   */
  private final NavigableMap<String, SpecificRecord> campaignRows = new ConcurrentSkipListMap<>();
  private final Map<String, Deserializer<?>> deserializers = new HashMap<>();
  private final TopicFollower follower;

  private ViewTopicsCache(String bootstrapServers, Map<String, Object> clientProperties, SchemaRegistryClient registry) {
    // Every view of the contract, campaigns included before the engine publishes them (they are simply absent).
    for (Topic<?> t : Topics.ALL_VIEWS) {
      deserializers.put(t.name(), AvroSerdes.forTopic(t, registry, false).deserializer());
      rowsByTopic.put(t.name(), t == Topics.CAMPAIGNS_VIEW ? campaignRows : new ConcurrentHashMap<>());
    }
    follower = new TopicFollower("pulse-view-topics", bootstrapServers, clientProperties,
        Topics.ALL_VIEWS.stream().map(Topic::name).toList(), true, this::apply);
  }

  /** Starts following the view topics and waits up to {@code initialLoad} for what they already hold. */
  public static ViewTopicsCache follow(String bootstrapServers, Map<String, Object> clientProperties,
      SchemaRegistryClient registry, Duration initialLoad) {
    ViewTopicsCache cache = new ViewTopicsCache(bootstrapServers, clientProperties, registry);
    cache.follower.start();
    if (cache.follower.awaitCaughtUp(initialLoad)) {
      log.info("View topics read: {} rows", cache.size());
    } else {
      log.warn("The view topics were not read to their end within {} s; answering from what has arrived",
          initialLoad.toSeconds());
    }
    return cache;
  }

  /** Rows held, all views together. */
  public int size() {
    return rowsByTopic.values().stream().mapToInt(Map::size).sum();
  }

  @Override
  public ParticipationRow participation(String unitId, Period period) {
    String key = ViewKey.of(unitId, period);
    SpecificRecord row = rowsByTopic.get(Topics.PARTICIPATION_VIEW.name()).get(key);
    return row != null ? (ParticipationRow) row : ZeroRows.participation(key, System.currentTimeMillis());
  }

  @Override
  public PovertyRow poverty(String unitId, int year) {
    String key = ViewKey.of(unitId, year);
    SpecificRecord row = rowsByTopic.get(Topics.POVERTY_VIEW.name()).get(key);
    return row != null ? (PovertyRow) row : ZeroRows.poverty(key, System.currentTimeMillis());
  }

  @Override
  public ActivitiesRow activities(String unitId, Period period) {
    String key = ViewKey.of(unitId, period);
    SpecificRecord row = rowsByTopic.get(Topics.ACTIVITIES_VIEW.name()).get(key);
    return row != null ? (ActivitiesRow) row : ZeroRows.activities(key, System.currentTimeMillis());
  }

  @Override
  public List<CampaignsRow> campaigns(String unitId, Period period) {
    // Every key of (unit, period) starts with "unitId|period|"; the first string past them all ends in '}', the next char.
    String from = ViewKey.of(unitId, period) + '|';
    String to = ViewKey.of(unitId, period) + (char) ('|' + 1);
    return campaignRows.subMap(from, true, to, false).values().stream()
        .map(CampaignsRow.class::cast)
        .sorted(CampaignRows.ORDER)
        .toList();
  }

  @Override
  public CampaignsRow campaign(String unitId, Period period, String campaign) {
    SpecificRecord row = campaignRows.get(ViewKey.of(unitId, period, campaign));
    return row != null ? (CampaignsRow) row
        : CampaignRows.zero(unitId, period.toString(), campaign, System.currentTimeMillis());
  }

  private void apply(ConsumerRecord<byte[], byte[]> r) {
    if (r.key() == null) return;
    String key = new String(r.key(), StandardCharsets.UTF_8);
    Map<String, SpecificRecord> rows = rowsByTopic.get(r.topic());
    if (r.value() == null) {
      rows.remove(key);
      return;
    }
    try {
      rows.put(key, (SpecificRecord) deserializers.get(r.topic()).deserialize(r.topic(), r.value()));
    } catch (RuntimeException e) {
      log.warn("Skipping an undecodable view row {}[{}]@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
    }
  }

  @Override
  public void close() {
    follower.close();
  }
}
