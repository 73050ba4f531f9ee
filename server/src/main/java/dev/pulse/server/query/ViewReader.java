package dev.pulse.server.query;

import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.avro.PovertyRow;
import dev.pulse.contract.Period;

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
}
