package dev.pulse.producers.simulate;

/**
 * How big a generated province is, and the poverty figures its year is built to produce.
 *
 * <p>The tree is regular (every district has {@code communesPerDistrict} communes, every commune
 * {@code branchesPerCommune} branches); the districts are the first {@code districts} rows of the
 * real Điện Biên list. {@code attendanceTarget} is aimed at, not hit exactly (attendance is
 * sampled member by member). The two poverty targets are exact: computed by SPEC.md §4 for
 * {@code year} at the province, the standing household events give exactly
 * {@code supportedHouseholds} and {@code exitedHouseholds}, whatever mess is layered on top.
 *
 * @param districts district-level units, 1 to 10 (the real districts of Điện Biên, in code order)
 * @param communesPerDistrict communes (grassroots unions) under each district, 1 to 99
 * @param branchesPerCommune branches under each commune, 1 to 99
 * @param members distinct members (each has one or, if she moved, two memberships)
 * @param activitiesPerBranchPerYear activities each branch organises in the year; communes,
 *     districts and the province organise fewer, larger ones
 * @param attendanceTarget roughly how many attendance records (first versions) the year holds
 * @param households distinct households followed by branches
 * @param year the calendar year generated
 * @param supportedHouseholds exact §4 {@code supportedHouseholds} of the province for {@code year}
 * @param exitedHouseholds exact §4 {@code exitedHouseholds} of the province for {@code year}
 */
public record Scale(
    int districts,
    int communesPerDistrict,
    int branchesPerCommune,
    int members,
    int activitiesPerBranchPerYear,
    int attendanceTarget,
    int households,
    int year,
    int supportedHouseholds,
    int exitedHouseholds) {

  /** The district list holds ten rows; codes have two digits below them. */
  static final int MAX_DISTRICTS = 10;

  public Scale {
    require(districts >= 1 && districts <= MAX_DISTRICTS, "districts", districts, "1..10");
    require(communesPerDistrict >= 1 && communesPerDistrict <= 99, "communesPerDistrict", communesPerDistrict, "1..99");
    require(branchesPerCommune >= 1 && branchesPerCommune <= 99, "branchesPerCommune", branchesPerCommune, "1..99");
    int branches = districts * communesPerDistrict * branchesPerCommune;
    require(members >= branches, "members", members, "at least one per branch (" + branches + ")");
    require(activitiesPerBranchPerYear >= 1, "activitiesPerBranchPerYear", activitiesPerBranchPerYear, ">= 1");
    require(attendanceTarget >= 0, "attendanceTarget", attendanceTarget, ">= 0");
    require(households >= 0, "households", households, ">= 0");
    require(year >= 2000 && year <= 2100, "year", year, "2000..2100");
    require(supportedHouseholds >= 0 && supportedHouseholds <= households,
        "supportedHouseholds", supportedHouseholds, "0..households (" + households + ")");
    require(exitedHouseholds >= 0 && exitedHouseholds <= supportedHouseholds,
        "exitedHouseholds", exitedHouseholds, "0..supportedHouseholds (" + supportedHouseholds + ")");
  }

  /** For tests: two districts, 18 branches, 400 members, a few thousand attendance records. */
  public static Scale small() {
    return new Scale(2, 3, 3, 400, 12, 3_000, 300, 2023, 120, 25);
  }

  /**
   * A province-sized load: the ten districts, 130 communes, 1,300 branches, 120,000 members,
   * about 1.5 million attendance records and 50,000 households.
   */
  public static Scale province() {
    return new Scale(10, 13, 10, 120_000, 24, 1_500_000, 50_000, 2023, 15_000, 2_500);
  }

  /**
   * The province at {@link #province()} size whose 2023 poverty figures are those of the Điện
   * Biên provincial report: 15,930 households supported by the union, 2,830 of them out of
   * poverty or near-poverty in the year.
   */
  public static Scale dienBien2023() {
    return new Scale(10, 13, 10, 120_000, 24, 1_500_000, 50_000, 2023, 15_930, 2_830);
  }

  /** Number of branches in the tree. */
  public int branches() {
    return districts * communesPerDistrict * branchesPerCommune;
  }

  /** Number of communes in the tree. */
  public int communes() {
    return districts * communesPerDistrict;
  }

  private static void require(boolean ok, String field, int value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException("Scale." + field + " = " + value + ": expected " + expected);
    }
  }
}
