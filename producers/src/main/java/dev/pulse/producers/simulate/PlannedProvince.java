package dev.pulse.producers.simulate;

/**
 * What stays from one year to the next: the tree, the members and their memberships, the
 * households and their assessments of the generated year, and the id space.
 */
record PlannedProvince(Scale scale, ProvinceTree tree, MemberRoll roll, HouseholdBook book, PseudonymousIds ids) {

  /**
   * Ids of things that belong to one year (activities, attendance, assessments) are drawn from a
   * slice of the id space per year, so that no two years share one.
   */
  static long yearSlice(int yearsAfter, long index) {
    if (index >= 1L << 40) {
      throw new IllegalArgumentException("more than 2^40 records of one kind in a year: " + index);
    }
    return ((long) yearsAfter << 40) | index;
  }
}
