package dev.pulse.bench;

/**
 * How long the views took to follow a new event year and a district's move at the scale of the
 * run ({@link ChangesBench}), and whether every row then equalled the batch recomputation.
 *
 * @param newYearSeconds from producing the first activity of the new year to the views complete
 * @param newYear the year opened
 * @param newYearRows participation rows of the new year (its year, quarters and months, every unit)
 * @param moveSeconds from producing the district's new version to the views complete
 * @param movedDistricts the districts moved, at once
 * @param movedShare their share of the province's eligible members in the run's year
 * @param newParent the district they were moved under
 * @param rowsCompared view rows compared with the batch recomputation afterwards
 * @param rowsDiffering of those, the rows that differ
 */
public record ChangesResult(double newYearSeconds, int newYear, long newYearRows, double moveSeconds,
    java.util.List<String> movedDistricts, double movedShare, String newParent, long rowsCompared, long rowsDiffering) {}
