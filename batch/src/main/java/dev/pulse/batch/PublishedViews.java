package dev.pulse.batch;

import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.CampaignsRow;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.avro.PovertyRow;
import dev.pulse.contract.Topics;
import dev.pulse.contract.ZeroRows;
import dev.pulse.registry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The view topics as read once — the last row per key — to compare with the batch recomputation.
 *
 * <p>view.campaigns.v1 (SPEC.md §5b) is part of the contract before every engine publishes it (the
 * single engine never will). Its rows are compared once an engine does — its topic holds a row —
 * or always, when asked ({@link Campaigns#ALWAYS}); otherwise the comparison says it left the view
 * out and how many rows the recomputation has for it, rather than report each of them as missing.
 * A test of an engine that publishes the view asks for {@link Campaigns#ALWAYS}, so that an engine
 * that publishes nothing fails it.
 *
 * @param campaigns the rows of view.campaigns.v1, compared only when {@code comparesCampaigns}
 */
public record PublishedViews(Map<String, ParticipationRow> participation, Map<String, PovertyRow> poverty,
    Map<String, ActivitiesRow> activities, Map<String, CampaignsRow> campaigns, boolean comparesCampaigns) {

  /** When view.campaigns.v1 is compared. */
  public enum Campaigns {
    /** Once an engine publishes it: when its topic holds a row. */
    WHEN_PUBLISHED,
    /** Always: while no engine publishes it, every row of the recomputation is then a difference. */
    ALWAYS
  }

  public PublishedViews {
    participation = Collections.unmodifiableMap(participation);
    poverty = Collections.unmodifiableMap(poverty);
    activities = Collections.unmodifiableMap(activities);
    campaigns = Collections.unmodifiableMap(campaigns);
  }

  public static PublishedViews read(String bootstrapServers, Map<String, Object> clientProperties,
      SchemaRegistryClient registry, Campaigns when) {
    Map<String, CampaignsRow> campaigns =
        LiveHistory.view(bootstrapServers, clientProperties, registry, Topics.CAMPAIGNS_VIEW);
    return new PublishedViews(
        LiveHistory.view(bootstrapServers, clientProperties, registry, Topics.PARTICIPATION_VIEW),
        LiveHistory.view(bootstrapServers, clientProperties, registry, Topics.POVERTY_VIEW),
        LiveHistory.view(bootstrapServers, clientProperties, registry, Topics.ACTIVITIES_VIEW),
        campaigns, comparesCampaigns(when, campaigns));
  }

  /** Whether the campaign rows are compared: when asked to always, or when the topic holds a row. */
  static boolean comparesCampaigns(Campaigns when, Map<String, CampaignsRow> published) {
    return when == Campaigns.ALWAYS || !published.isEmpty();
  }

  /** The rows compared. */
  public int rows() {
    return participation.size() + poverty.size() + activities.size() + (comparesCampaigns ? campaigns.size() : 0);
  }

  /** Every row that differs from the recomputation, view by view, by key. */
  public List<ViewDiff.Difference> compare(BatchViews batch) {
    List<ViewDiff.Difference> diffs = new ArrayList<>();
    diffs.addAll(ViewDiff.compare(Topics.PARTICIPATION_VIEW.name(), batch.participation(), participation,
        k -> ZeroRows.participation(k, 0)));
    diffs.addAll(ViewDiff.compare(Topics.POVERTY_VIEW.name(), batch.poverty(), poverty, k -> ZeroRows.poverty(k, 0)));
    diffs.addAll(ViewDiff.compare(Topics.ACTIVITIES_VIEW.name(), batch.activities(), activities,
        k -> ZeroRows.activities(k, 0)));
    if (comparesCampaigns) {
      diffs.addAll(ViewDiff.campaigns(batch, campaigns));
    }
    return diffs;
  }

  /** Why a view was left out of the comparison, said for a report; empty when every view was compared. */
  public Optional<String> notCompared(BatchViews batch) {
    if (comparesCampaigns) return Optional.empty();
    return Optional.of(String.format(Locale.ROOT, "%s was not compared: its topic holds no row and no engine"
        + " publishes it yet (the recomputation has %,d rows for it).", Topics.CAMPAIGNS_VIEW.name(),
        batch.campaigns().size()));
  }
}
