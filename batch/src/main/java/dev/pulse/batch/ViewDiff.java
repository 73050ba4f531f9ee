package dev.pulse.batch;

import dev.pulse.avro.CampaignsRow;
import dev.pulse.contract.RowJson;
import dev.pulse.contract.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * The rows on which two versions of a view disagree. A row absent on one side counts as the
 * row of zeros (SPEC.md §6: an all-zero row may be absent); updatedAt is not compared.
 */
public final class ViewDiff {

  /** One row that differs: its key and both sides as JSON objects (null: absent). */
  public record Difference(String view, String key, Map<String, Object> expected, Map<String, Object> actual) {
    @Override
    public String toString() {
      return view + " " + key + ": expected " + expected + " but was " + actual;
    }
  }

  private ViewDiff() {}

  public static <R extends SpecificRecord> List<Difference> compare(String view, Map<String, R> expected,
      Map<String, R> actual, Function<String, R> zeros) {
    List<Difference> out = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String key : keys) {
      Map<String, Object> e = figures(expected.getOrDefault(key, zeros.apply(key)));
      Map<String, Object> a = figures(actual.getOrDefault(key, zeros.apply(key)));
      if (!Objects.equals(e, a)) out.add(new Difference(view, key, e, a));
    }
    return out;
  }

  /**
   * The campaign rows (SPEC.md §5b) on which a published view.campaigns.v1 disagrees with the
   * recomputation. A campaign row exists only where held or participants is not zero, so an absent
   * row reads as a row whose counts are zero and whose {@code branches} is that of the unit in the
   * current tree (what {@link BatchViews#campaigns(String, dev.pulse.contract.Period, String)}
   * answers); a published row whose counts are all zero is read the same way, whatever its
   * {@code branches}, since it stands for no row (its branches may be those of an older tree).
   */
  public static List<Difference> campaigns(BatchViews expected, Map<String, CampaignsRow> published) {
    Map<String, CampaignsRow> actual = new HashMap<>(published);
    actual.replaceAll((key, row) -> countsZero(row) ? campaignZeros(expected, key) : row);
    return compare(Topics.CAMPAIGNS_VIEW.name(), expected.campaigns(), actual, key -> campaignZeros(expected, key));
  }

  private static boolean countsZero(CampaignsRow row) {
    return row.getHeld() == 0 && row.getAttendances() == 0 && row.getParticipants() == 0
        && row.getBranchesHolding() == 0;
  }

  /**
   * The row of zeros of a campaign key {@code unitId|period|campaign}, split at its first two bars
   * (no unitId nor period holds one); a key that does not have three parts keeps what it has, so
   * that the row differs from whatever is published under it and is reported with its key.
   */
  private static CampaignsRow campaignZeros(BatchViews expected, String key) {
    String[] parts = key.split("\\|", 3);
    String unitId = parts[0];
    return CampaignsRow.newBuilder()
        .setUnitId(unitId)
        .setPeriod(parts.length > 1 ? parts[1] : "")
        .setCampaign(parts.length > 2 ? parts[2] : "")
        .setHeld(0).setAttendances(0).setParticipants(0)
        .setBranches(expected.branches(unitId))
        .setBranchesHolding(0)
        .setUpdatedAt(Instant.EPOCH)
        .build();
  }

  private static Map<String, Object> figures(SpecificRecord row) {
    Map<String, Object> m = RowJson.of(row);
    m.remove("updatedAt");
    return m;
  }
}
