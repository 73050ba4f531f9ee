package dev.pulse.batch;

import dev.pulse.registry.SchemaRegistryClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares the live view topics with the batch recomputation of every view from the input
 * topics as they stand now (view.campaigns.v1 as {@link PublishedViews} says).
 */
public final class Verification {

  /**
   * What a verification found.
   *
   * @param notCompared why a view was left out (view.campaigns.v1 while no engine publishes it), if one was
   */
  public record Result(long inputRecords, int rowsCompared, List<ViewDiff.Difference> differences,
      Optional<String> notCompared) {
    public boolean matches() {
      return differences.isEmpty();
    }
  }

  private Verification() {}

  /** Every view, view.campaigns.v1 once an engine publishes it. */
  public static Result run(String bootstrapServers, Map<String, Object> clientProperties, SchemaRegistryClient registry) {
    return run(bootstrapServers, clientProperties, registry, PublishedViews.Campaigns.WHEN_PUBLISHED);
  }

  public static Result run(String bootstrapServers, Map<String, Object> clientProperties, SchemaRegistryClient registry,
      PublishedViews.Campaigns campaigns) {
    History history = UsableRecords.of(LiveHistory.inputs(bootstrapServers, clientProperties, registry));
    BatchViews batch = BatchViews.compute(history);
    PublishedViews published = PublishedViews.read(bootstrapServers, clientProperties, registry, campaigns);
    long inputs = history.units().size() + history.memberships().size() + history.activities().size()
        + history.attendance().size() + history.households().size();
    return new Result(inputs, published.rows(), published.compare(batch), published.notCompared(batch));
  }
}
