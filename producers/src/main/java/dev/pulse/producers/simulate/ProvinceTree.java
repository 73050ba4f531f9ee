package dev.pulse.producers.simulate;

import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import dev.pulse.producers.simulate.DistrictList.District;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The planned unit tree: the province {@code DB}, its real districts, invented communes
 * ({@code DB-03-07}) and branches ({@code DB-03-07-02}). Regular by construction, so that
 * children are index ranges: commune c holds branches {@code c*b .. c*b+b-1}.
 */
final class ProvinceTree {

  static final String PROVINCE_ID = "DB";
  static final String PROVINCE_NAME = "Tỉnh Điện Biên";

  private final Unit province;
  private final List<Unit> districts;
  private final List<Unit> communes;
  private final List<Unit> branches;
  private final int communesPerDistrict;
  private final int branchesPerCommune;

  private ProvinceTree(Unit province, List<Unit> districts, List<Unit> communes, List<Unit> branches,
      int communesPerDistrict, int branchesPerCommune) {
    this.province = province;
    this.districts = districts;
    this.communes = communes;
    this.branches = branches;
    this.communesPerDistrict = communesPerDistrict;
    this.branchesPerCommune = branchesPerCommune;
  }

  static ProvinceTree plan(Scale scale, List<District> districtRows, SplittableRandom rng) {
    if (districtRows.size() < scale.districts()) {
      throw new IllegalArgumentException("scale asks for " + scale.districts() + " districts, the list has "
          + districtRows.size());
    }
    Unit province = new Unit(PROVINCE_ID, null, UnitLevel.PROVINCE, PROVINCE_NAME);
    List<Unit> districts = new ArrayList<>();
    List<Unit> communes = new ArrayList<>();
    List<Unit> branches = new ArrayList<>();
    for (int d = 0; d < scale.districts(); d++) {
      District row = districtRows.get(d);
      districts.add(new Unit(row.code(), PROVINCE_ID, UnitLevel.DISTRICT, row.name()));
      List<String> communeNames = Vocabulary.placeNames(rng, scale.communesPerDistrict());
      for (int c = 0; c < scale.communesPerDistrict(); c++) {
        String communeId = row.code() + "-" + twoDigits(c + 1);
        String communeName = (row.urban() ? "Phường " : "Xã ") + communeNames.get(c);
        communes.add(new Unit(communeId, row.code(), UnitLevel.COMMUNE, communeName));
        List<String> hamlets = Vocabulary.placeNames(rng, scale.branchesPerCommune());
        for (int b = 0; b < scale.branchesPerCommune(); b++) {
          String branchName = row.urban() ? "Chi hội tổ dân phố " + (b + 1) : "Chi hội bản " + hamlets.get(b);
          branches.add(new Unit(communeId + "-" + twoDigits(b + 1), communeId, UnitLevel.BRANCH, branchName));
        }
      }
    }
    return new ProvinceTree(province, List.copyOf(districts), List.copyOf(communes), List.copyOf(branches),
        scale.communesPerDistrict(), scale.branchesPerCommune());
  }

  private static String twoDigits(int n) {
    return n < 10 ? "0" + n : Integer.toString(n);
  }

  Unit province() {
    return province;
  }

  List<Unit> districts() {
    return districts;
  }

  List<Unit> communes() {
    return communes;
  }

  List<Unit> branches() {
    return branches;
  }

  /** Every unit, parents before children. */
  List<Unit> all() {
    List<Unit> out = new ArrayList<>(1 + districts.size() + communes.size() + branches.size());
    out.add(province);
    out.addAll(districts);
    out.addAll(communes);
    out.addAll(branches);
    return out;
  }

  int communeOfBranch(int branch) {
    return branch / branchesPerCommune;
  }

  int districtOfCommune(int commune) {
    return commune / communesPerDistrict;
  }

  int firstBranchOfCommune(int commune) {
    return commune * branchesPerCommune;
  }

  int branchesPerCommune() {
    return branchesPerCommune;
  }

  int firstBranchOfDistrict(int district) {
    return district * communesPerDistrict * branchesPerCommune;
  }

  int branchesPerDistrict() {
    return communesPerDistrict * branchesPerCommune;
  }
}
