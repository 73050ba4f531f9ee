package dev.pulse.batch;

import dev.pulse.contract.Topics;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.contract.ZeroRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares the live view topics with the batch recomputation of every view from the input
 * topics as they stand now.
 */
public final class Verification {

  /** What a verification found. */
  public record Result(long inputRecords, int rowsCompared, List<ViewDiff.Difference> differences) {
    public boolean matches() {
      return differences.isEmpty();
    }
  }

  private Verification() {}

  public static Result run(String bootstrapServers, Map<String, Object> clientProperties, SchemaRegistryClient registry) {
    History history = UsableRecords.of(LiveHistory.inputs(bootstrapServers, clientProperties, registry));
    BatchViews batch = BatchViews.compute(history);
    var participation = LiveHistory.view(bootstrapServers, clientProperties, registry, Topics.PARTICIPATION_VIEW);
    var poverty = LiveHistory.view(bootstrapServers, clientProperties, registry, Topics.POVERTY_VIEW);
    var activities = LiveHistory.view(bootstrapServers, clientProperties, registry, Topics.ACTIVITIES_VIEW);
    List<ViewDiff.Difference> diffs = new ArrayList<>();
    diffs.addAll(ViewDiff.compare(Topics.PARTICIPATION_VIEW.name(), batch.participation(), participation,
        k -> ZeroRows.participation(k, 0)));
    diffs.addAll(ViewDiff.compare(Topics.POVERTY_VIEW.name(), batch.poverty(), poverty, k -> ZeroRows.poverty(k, 0)));
    diffs.addAll(ViewDiff.compare(Topics.ACTIVITIES_VIEW.name(), batch.activities(), activities,
        k -> ZeroRows.activities(k, 0)));
    long inputs = history.units().size() + history.memberships().size() + history.activities().size()
        + history.attendance().size() + history.households().size();
    int rows = participation.size() + poverty.size() + activities.size();
    return new Result(inputs, rows, diffs);
  }
}
