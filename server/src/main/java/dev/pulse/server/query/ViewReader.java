package dev.pulse.server.query;

import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.CampaignsRow;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.avro.PovertyRow;
import dev.pulse.contract.Period;
import java.util.List;

/**
 * One row of each view for a unit and period, zeros where the view holds nothing. Answered from
 * the views engine's own stores (interactive queries, adapted by the application that runs both)
 * on an instance that runs the views, or from the published view topics ({@link ViewTopicsCache})
 * on one that only serves the API. A reader that cannot answer yet throws
 * {@link ViewsNotReadyException}.
 */
public interface ViewReader {

  ParticipationRow participation(String unitId, Period period);

  PovertyRow poverty(String unitId, int year);

  ActivitiesRow activities(String unitId, Period period);

  /**
   * Every campaign row of a unit in a period (SPEC.md §5b), in the order of {@link CampaignRows#ORDER}:
   * most activities held first, then most participants; empty when the unit has none.
   */
  List<CampaignsRow> campaigns(String unitId, Period period);

  /** One campaign's row for a unit in a period, zeros when it has none ({@link CampaignRows#zero}). */
  CampaignsRow campaign(String unitId, Period period, String campaign);
}
