package dev.pulse.producers.simulate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The members of the province and their memberships over the year. Most women stay in one branch;
 * some join or leave during the year, some move to another branch of their commune or to another
 * commune (one membership ends the day before the next begins), a few left the year before.
 */
final class MemberRoll {

  /** What happens to a member's membership during the year. */
  enum Path {
    /** In one branch since before the year, all year. */
    STAYS(0.83),
    /** Joins a branch during the year. */
    JOINS(0.05),
    /** In a branch since before the year, leaves during it. */
    LEAVES(0.04),
    /** Moves to another branch of the same commune during the year. */
    MOVES_WITHIN_COMMUNE(0.03),
    /** Moves to a branch of another commune during the year. */
    MOVES_ACROSS_COMMUNES(0.03),
    /** Left the year before: on the books, not eligible in the year. */
    LEFT_BEFORE(0.02);

    final double share;

    Path(double share) {
      this.share = share;
    }
  }

  /**
   * One membership. {@code leftOn} null while a member. {@code closedDuringYear}: first sent open,
   * its end is sent when it happens (a second version of the same membership).
   */
  record PlannedMembership(int index, String membershipId, int member, int branch, LocalDate joinedOn,
      LocalDate leftOn, boolean closedDuringYear) {

    boolean covers(LocalDate day) {
      return !joinedOn.isAfter(day) && (leftOn == null || !day.isAfter(leftOn));
    }
  }

  private final String[] memberIds;
  private final float[] engagement;
  private final List<PlannedMembership> memberships;
  private final int[][] membershipsByBranch;

  private MemberRoll(String[] memberIds, float[] engagement, List<PlannedMembership> memberships,
      int[][] membershipsByBranch) {
    this.memberIds = memberIds;
    this.engagement = engagement;
    this.memberships = memberships;
    this.membershipsByBranch = membershipsByBranch;
  }

  static MemberRoll plan(Scale scale, ProvinceTree tree, PseudonymousIds ids, SplittableRandom rng) {
    int branches = scale.branches();
    // Branches differ in size: a weight in [0.5, 1.5] each, members drawn by weight.
    double[] cumulative = new double[branches];
    double total = 0;
    for (int b = 0; b < branches; b++) {
      total += 0.5 + rng.nextDouble();
      cumulative[b] = total;
    }
    int year = scale.year();
    String[] memberIds = new String[scale.members()];
    float[] engagement = new float[scale.members()];
    List<PlannedMembership> memberships = new ArrayList<>(scale.members() + scale.members() / 10);
    int[] perBranch = new int[branches];
    for (int m = 0; m < scale.members(); m++) {
      memberIds[m] = ids.of("mem", m);
      double e = rng.nextDouble();
      // A sixth of members hardly ever come; a third come more than most.
      engagement[m] = e < 0.15 ? 0.03f : e < 0.70 ? 1.0f : 1.5f;
      // Every branch gets a first member, the rest go by weight.
      int branch = m < branches ? m : pickByWeight(cumulative, rng.nextDouble() * total);
      Path path = m < branches ? Path.STAYS : pickPath(rng);
      LocalDate before = LocalDate.of(year - 1 - rng.nextInt(18), 1, 1).plusDays(rng.nextInt(360));
      LocalDate during = LocalDate.of(year, 1, 20).plusDays(rng.nextInt(320));
      switch (path) {
        case STAYS -> add(memberships, ids, m, branch, before, null, false, perBranch);
        case JOINS -> add(memberships, ids, m, branch, during, null, false, perBranch);
        case LEAVES -> add(memberships, ids, m, branch, before, during, true, perBranch);
        case LEFT_BEFORE -> {
          LocalDate joined = LocalDate.of(year - 3 - rng.nextInt(10), 1, 1).plusDays(rng.nextInt(360));
          add(memberships, ids, m, branch, joined, LocalDate.of(year - 1, 1, 1).plusDays(rng.nextInt(364)), false,
              perBranch);
        }
        case MOVES_WITHIN_COMMUNE, MOVES_ACROSS_COMMUNES -> {
          int target = path == Path.MOVES_WITHIN_COMMUNE
              ? otherBranchOfCommune(tree, branch, rng)
              : otherBranchElsewhere(tree, branch, branches, rng);
          if (target == branch) { // a commune of one branch: she stays
            add(memberships, ids, m, branch, before, null, false, perBranch);
          } else {
            add(memberships, ids, m, branch, before, during.minusDays(1), true, perBranch);
            add(memberships, ids, m, target, during, null, false, perBranch);
          }
        }
      }
    }
    int[][] byBranch = new int[branches][];
    for (int b = 0; b < branches; b++) {
      byBranch[b] = new int[perBranch[b]];
    }
    int[] filled = new int[branches];
    for (PlannedMembership ms : memberships) {
      byBranch[ms.branch()][filled[ms.branch()]++] = ms.index();
    }
    return new MemberRoll(memberIds, engagement, List.copyOf(memberships), byBranch);
  }

  private static void add(List<PlannedMembership> out, PseudonymousIds ids, int member, int branch,
      LocalDate joinedOn, LocalDate leftOn, boolean closedDuringYear, int[] perBranch) {
    int index = out.size();
    out.add(new PlannedMembership(index, ids.of("ms", index), member, branch, joinedOn, leftOn, closedDuringYear));
    perBranch[branch]++;
  }

  private static int pickByWeight(double[] cumulative, double point) {
    int i = Arrays.binarySearch(cumulative, point);
    int at = i >= 0 ? i : -i - 1;
    return Math.min(at, cumulative.length - 1);
  }

  private static Path pickPath(SplittableRandom rng) {
    double p = rng.nextDouble();
    for (Path path : Path.values()) {
      p -= path.share;
      if (p < 0) return path;
    }
    return Path.STAYS;
  }

  private static int otherBranchOfCommune(ProvinceTree tree, int branch, SplittableRandom rng) {
    int per = tree.branchesPerCommune();
    if (per == 1) return branch;
    int first = tree.firstBranchOfCommune(tree.communeOfBranch(branch));
    int offset = (branch - first + 1 + rng.nextInt(per - 1)) % per;
    return first + offset;
  }

  private static int otherBranchElsewhere(ProvinceTree tree, int branch, int branches, SplittableRandom rng) {
    int per = tree.branchesPerCommune();
    if (branches == per) return otherBranchOfCommune(tree, branch, rng);
    int commune = tree.communeOfBranch(branch);
    int candidate;
    do {
      candidate = rng.nextInt(branches);
    } while (tree.communeOfBranch(candidate) == commune);
    return candidate;
  }

  int members() {
    return memberIds.length;
  }

  String memberId(int member) {
    return memberIds[member];
  }

  float engagement(int member) {
    return engagement[member];
  }

  List<PlannedMembership> memberships() {
    return memberships;
  }

  PlannedMembership membership(int index) {
    return memberships.get(index);
  }

  /** Indexes of the memberships of a branch (past, present and future ones). */
  int[] membershipsOf(int branch) {
    return membershipsByBranch[branch];
  }
}
