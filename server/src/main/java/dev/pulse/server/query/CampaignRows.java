package dev.pulse.server.query;

import dev.pulse.avro.CampaignsRow;
import dev.pulse.contract.ViewKey;
import java.time.Instant;
import java.util.Comparator;

/**
 * Rows of {@code view.campaigns.v1} (SPEC.md §5b) as the API answers them: the order of a unit's
 * campaigns, the zero row of a campaign a unit has none for ({@link dev.pulse.contract.ZeroRows}
 * has the other views'), and the parts of a row's key.
 */
public final class CampaignRows {

  /**
   * The order of SPEC.md §6: most activities held first, then most participants; campaigns equal on
   * both by name ({@link String#compareTo}), so that the list does not shuffle between two reads.
   */
  public static final Comparator<CampaignsRow> ORDER = Comparator
      .comparingLong(CampaignsRow::getHeld).reversed()
      .thenComparing(Comparator.comparingLong(CampaignsRow::getParticipants).reversed())
      .thenComparing(CampaignsRow::getCampaign);

  private CampaignRows() {}

  /** The key {@code unitId|period|campaign} split into its parts. */
  public record Key(String unitId, String period, String campaign) {

    /**
     * Parses a key of the campaigns topic. Neither ids nor periods nor campaign names hold '|'
     * (SPEC.md §2, {@link dev.pulse.contract.CampaignNames}), so the key splits at its two bars.
     *
     * @throws IllegalArgumentException naming the key when it has not three parts
     */
    public static Key parse(String key) {
      int first = key.indexOf('|');
      int second = first < 0 ? -1 : key.indexOf('|', first + 1);
      if (second < 0 || key.indexOf('|', second + 1) >= 0) {
        throw new IllegalArgumentException("'" + key + "' is no campaign row key (unitId|period|campaign)");
      }
      return new Key(key.substring(0, first), key.substring(first + 1, second), key.substring(second + 1));
    }

    @Override
    public String toString() {
      return ViewKey.of(unitId, period, campaign);
    }
  }

  /** The row of a campaign the view holds nothing for: every figure zero. */
  public static CampaignsRow zero(String unitId, String period, String campaign, long updatedAt) {
    return CampaignsRow.newBuilder().setUnitId(unitId).setPeriod(period).setCampaign(campaign)
        .setHeld(0).setAttendances(0).setParticipants(0).setBranches(0).setBranchesHolding(0)
        .setUpdatedAt(Instant.ofEpochMilli(updatedAt)).build();
  }

  /** The zero row of the campaign a key names. */
  public static CampaignsRow zero(String key, long updatedAt) {
    Key k = Key.parse(key);
    return zero(k.unitId(), k.period(), k.campaign(), updatedAt);
  }
}
