package dev.pulse.replay.export;

import dev.pulse.avro.Activity;
import dev.pulse.batch.TopicSnapshot;
import dev.pulse.contract.CampaignNames;
import dev.pulse.contract.DateBounds;
import dev.pulse.contract.InputRules;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import java.text.Normalizer;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The records of some campaigns (SPEC.md §5b), on the topics that have them: the activities whose
 * standing version lists one of the campaigns — every record of them, on branch.activities.v1, and
 * every attendance record at them, on branch.attendance.v1 — and the rows of those campaigns on
 * view.campaigns.v1.
 *
 * <p>An activity belongs to a campaign as the views count it: by its standing version (SPEC.md §2:
 * the latest recordedAt, then the later in the log) in branch.activities.v1 as it stands now,
 * whatever its status, a record the streams refuse being no version. So every version of an
 * activity goes with it, and one corrected out of a campaign leaves it with all its versions. Names
 * are compared trimmed and exactly, as the views compare them (no case folding: the names are
 * Vietnamese and their diacritics matter).
 *
 * @param names the campaigns, trimmed, each once, in the order given
 * @param field the field of the topic's rows that says whether a row belongs: activityId, or campaign
 * @param values the values of that field that belong: the activities' ids, or the names
 */
public record CampaignSelection(List<String> names, String field, Set<String> values) {

  /** The topics --campaign works on. */
  public static final List<Topic<?>> TOPICS = List.of(Topics.ACTIVITIES, Topics.ATTENDANCE, Topics.CAMPAIGNS_VIEW);

  private static final int NAMES_SUGGESTED = 8;

  public CampaignSelection {
    names = List.copyOf(names);
    values = Set.copyOf(values);
  }

  /**
   * The campaign names as the views read them: trimmed, each once.
   *
   * @throws IllegalArgumentException naming --campaign and the name, when one is no campaign name (SPEC.md §5b)
   */
  public static List<String> names(List<String> given) {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    for (String name : given) {
      String problem = CampaignNames.problem(name);
      if (problem != null) throw new IllegalArgumentException("--campaign: " + problem);
      names.add(CampaignNames.trimmed(name));
    }
    return List.copyOf(names);
  }

  /**
   * The selection on a topic, from branch.activities.v1 as it stands now.
   *
   * @throws IllegalArgumentException when the topic has no campaigns, or a name is listed by no activity
   */
  public static CampaignSelection current(ClusterConnection cluster, SchemaRegistryClient registry, Topic<?> topic,
      List<String> names) {
    requireCampaigns(topic);
    return of(topic, names, standingCampaigns(cluster, registry));
  }

  /**
   * The selection on a topic, given the campaigns of each activity's standing version (trimmed).
   *
   * @throws IllegalArgumentException when the topic has no campaigns, or a name is listed by no activity
   */
  public static CampaignSelection of(Topic<?> topic, List<String> names, Map<String, List<String>> campaignsOf) {
    requireCampaigns(topic);
    List<String> wanted = names(names);
    Map<String, Long> activitiesPer = new HashMap<>();
    campaignsOf.values().forEach(listed -> listed.forEach(c -> activitiesPer.merge(c, 1L, Long::sum)));
    for (String name : wanted) {
      if (!activitiesPer.containsKey(name)) throw new IllegalArgumentException(unknown(name, activitiesPer));
    }
    if (topic.equals(Topics.CAMPAIGNS_VIEW)) {
      return new CampaignSelection(wanted, "campaign", Set.copyOf(wanted));
    }
    Set<String> ids = campaignsOf.entrySet().stream()
        .filter(e -> e.getValue().stream().anyMatch(wanted::contains))
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
    return new CampaignSelection(wanted, "activityId", ids);
  }

  /** Whether a row of the topic belongs to the campaigns. */
  public boolean contains(GenericRecord row) {
    Object value = row.get(field);
    return value != null && values.contains(value.toString());
  }

  private static void requireCampaigns(Topic<?> topic) {
    if (!TOPICS.contains(topic)) {
      throw new IllegalArgumentException(topic.name() + " has no campaigns: --campaign works on "
          + TOPICS.stream().map(Topic::name).collect(Collectors.joining(", ")));
    }
  }

  /** Says that no activity lists the name, and which names come close or are listed most. */
  private static String unknown(String name, Map<String, Long> activitiesPer) {
    StringBuilder b = new StringBuilder("--campaign '").append(name).append("': no activity in ")
        .append(Topics.ACTIVITIES.name()).append(" lists this campaign now (names match exactly, once trimmed)");
    List<String> close = activitiesPer.keySet().stream().filter(known -> folded(known).equals(folded(name)))
        .sorted().toList();
    if (!close.isEmpty()) {
      return b.append("; did you mean '").append(String.join("' or '", close)).append("'?").toString();
    }
    if (activitiesPer.isEmpty()) return b.append("; no activity lists any campaign").toString();
    List<String> most = activitiesPer.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(NAMES_SUGGESTED).map(e -> "'" + e.getKey() + "'").toList();
    b.append("; the campaigns listed most are ").append(String.join(", ", most));
    if (activitiesPer.size() > most.size()) b.append(" (of ").append(activitiesPer.size()).append(")");
    return b.toString();
  }

  /** A name without case, accents or inner spacing differences, only to suggest the name meant. */
  private static String folded(String name) {
    String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    return decomposed.replace('đ', 'd').replace('Đ', 'D').replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  /**
   * The campaigns of each activity's standing version in branch.activities.v1 now, by activityId:
   * of its usable versions (a record the streams refuse is none), the latest recordedAt, then the
   * later in the log (the versions of an activity share its key, hence a partition).
   */
  static Map<String, List<String>> standingCampaigns(ClusterConnection cluster, SchemaRegistryClient registry) {
    Deserializer<Activity> values = AvroSerdes.forTopic(Topics.ACTIVITIES, registry, false).deserializer();
    Map<String, Standing> standing = new HashMap<>();
    Comparator<Standing> order = Comparator.comparingLong(Standing::recordedAt).thenComparingLong(Standing::offset);
    TopicSnapshot.read(cluster.bootstrapServers(), cluster.clientProperties(), Topics.ACTIVITIES.name(),
        new ByteArrayDeserializer(), r -> {
          if (r.value() == null) return;
          Activity a;
          try {
            a = values.deserialize(r.topic(), r.headers(), r.value());
          } catch (RuntimeException e) {
            return; // a dead letter, as in the streams
          }
          if (InputRules.problem(Topics.ACTIVITIES, r.key(), a, r.timestamp(), DateBounds.DEFAULT) != null) return;
          Standing version = new Standing(a.getRecordedAt().toEpochMilli(), r.offset(),
              CampaignNames.trimmed(a.getCampaigns()));
          standing.merge(a.getActivityId(), version, (before, now) -> order.compare(now, before) >= 0 ? now : before);
        });
    Map<String, List<String>> campaigns = new HashMap<>();
    standing.forEach((id, s) -> campaigns.put(id, s.campaigns()));
    return campaigns;
  }

  private record Standing(long recordedAt, long offset, List<String> campaigns) {}
}
