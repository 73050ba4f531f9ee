package dev.pulse.bench;

import dev.pulse.producers.simulate.Scale;

/**
 * A share of {@link Scale#province()}: the ten districts and their communes always, branches,
 * members, attendance and households in proportion, and the poverty targets in proportion so that
 * the province's poverty row still has a known answer to check the views against.
 */
final class ProvinceScale {

  private ProvinceScale() {}

  static Scale of(double fraction) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("--scale " + fraction + ": expected a fraction of the province, above 0 and at most 1");
    }
    Scale p = Scale.province();
    int branchesPerCommune = Math.max(1, (int) Math.round(p.branchesPerCommune() * fraction));
    int branches = p.districts() * p.communesPerDistrict() * branchesPerCommune;
    int members = Math.max(branches, (int) Math.round(p.members() * fraction));
    int households = (int) Math.round(p.households() * fraction);
    int supported = Math.min(households, (int) Math.round(p.supportedHouseholds() * fraction));
    int exited = Math.min(supported, (int) Math.round(p.exitedHouseholds() * fraction));
    return new Scale(p.districts(), p.communesPerDistrict(), branchesPerCommune, members,
        p.activitiesPerBranchPerYear(), (int) Math.round(p.attendanceTarget() * fraction), households, p.year(),
        supported, exited);
  }
}
