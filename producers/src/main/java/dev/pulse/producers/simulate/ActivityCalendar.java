package dev.pulse.producers.simulate;

import dev.pulse.avro.ActivityKind;
import dev.pulse.avro.ActivityMode;
import dev.pulse.avro.Channel;
import dev.pulse.avro.UnitLevel;
import dev.pulse.contract.Period;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The activities of the year as they really happened, before any mess: branch meetings every
 * month or two and campaign, training, volunteering and social events, plus fewer, larger ones
 * organised by communes, districts and the province. Sorted by start.
 *
 * <p>Campaigns: most activities belong to none; the rest take part in the province-wide movements
 * ({@link Vocabulary#MOVEMENTS}) or in the drive of their district
 * ({@link Vocabulary#districtDrive}), which only that district and the units in it list.
 */
final class ActivityCalendar {

  /**
   * One activity. The organiser's subtree is the branch range {@code firstBranch ..
   * firstBranch + branchCount - 1}; attendance is drawn from members of those branches.
   */
  record PlannedActivity(int index, String activityId, String unitId, UnitLevel level, int firstBranch,
      int branchCount, String title, ActivityKind kind, ActivityMode mode, Instant startsAt,
      List<Channel> channels, List<String> campaigns) {

    LocalDate localDate() {
      return Period.localDate(startsAt);
    }
  }

  private final List<PlannedActivity> activities;

  private ActivityCalendar(List<PlannedActivity> activities) {
    this.activities = activities;
  }

  List<PlannedActivity> activities() {
    return activities;
  }

  /** How many activities a unit of a level organises in the year, given the branch figure. */
  static int perUnit(UnitLevel level, int perBranch) {
    return switch (level) {
      case BRANCH -> perBranch;
      case COMMUNE -> Math.max(2, Math.round(perBranch / 4f));
      case DISTRICT -> Math.max(2, Math.round(perBranch / 6f));
      case PROVINCE -> Math.max(2, Math.round(perBranch / 8f));
    };
  }

  /** Plans the activities of {@code scale.year() + yearsAfter}. */
  static ActivityCalendar plan(Scale scale, int yearsAfter, ProvinceTree tree, PseudonymousIds ids, SplittableRandom rng) {
    int year = scale.year() + yearsAfter;
    int perBranch = scale.activitiesPerBranchPerYear();
    List<Draft> drafts = new ArrayList<>();
    int allBranches = tree.branches().size();
    List<String> drives = new ArrayList<>();
    for (int d = 0; d < tree.districts().size(); d++) {
      drives.add(Vocabulary.districtDrive(d, tree.districts().get(d).getName()));
    }
    draftsFor(drafts, rng, year, tree.province().getUnitId(), UnitLevel.PROVINCE, 0, allBranches,
        perUnit(UnitLevel.PROVINCE, perBranch), null);
    for (int d = 0; d < tree.districts().size(); d++) {
      draftsFor(drafts, rng, year, tree.districts().get(d).getUnitId(), UnitLevel.DISTRICT,
          tree.firstBranchOfDistrict(d), tree.branchesPerDistrict(), perUnit(UnitLevel.DISTRICT, perBranch),
          drives.get(d));
    }
    for (int c = 0; c < tree.communes().size(); c++) {
      draftsFor(drafts, rng, year, tree.communes().get(c).getUnitId(), UnitLevel.COMMUNE,
          tree.firstBranchOfCommune(c), tree.branchesPerCommune(), perUnit(UnitLevel.COMMUNE, perBranch),
          drives.get(tree.districtOfCommune(c)));
    }
    for (int b = 0; b < allBranches; b++) {
      draftsFor(drafts, rng, year, tree.branches().get(b).getUnitId(), UnitLevel.BRANCH, b, 1, perBranch,
          drives.get(tree.districtOfCommune(tree.communeOfBranch(b))));
    }
    drafts.sort(Comparator.comparing(Draft::startsAt).thenComparing(Draft::unitId).thenComparing(Draft::title));
    List<PlannedActivity> out = new ArrayList<>(drafts.size());
    for (Draft d : drafts) {
      int index = out.size();
      out.add(new PlannedActivity(index, ids.of("act", PlannedProvince.yearSlice(yearsAfter, index)), d.unitId, d.level, d.firstBranch, d.branchCount,
          d.title, d.kind, d.mode, d.startsAt, d.channels, d.campaigns));
    }
    return new ActivityCalendar(List.copyOf(out));
  }

  private record Draft(String unitId, UnitLevel level, int firstBranch, int branchCount, String title,
      ActivityKind kind, ActivityMode mode, Instant startsAt, List<Channel> channels, List<String> campaigns) {}

  /** @param drive the drive of the unit's district, or null when there is none (or no district) */
  private static void draftsFor(List<Draft> out, SplittableRandom rng, int year, String unitId, UnitLevel level,
      int firstBranch, int branchCount, int count, String drive) {
    // Regular meetings spread over the year; the rest of the calendar is other kinds on any day.
    int meetings = switch (level) {
      case BRANCH -> Math.min(12, (count + 1) / 2);
      case COMMUNE -> Math.max(1, count / 3);
      case DISTRICT, PROVINCE -> 1;
    };
    for (int i = 0; i < count; i++) {
      ActivityKind kind = i < meetings ? ActivityKind.MEETING : otherKind(rng, level);
      LocalDate day;
      if (kind == ActivityKind.MEETING) {
        int month = 1 + (i * 12) / meetings;
        day = LocalDate.of(year, month, 3 + rng.nextInt(23));
      } else if (kind == ActivityKind.SOCIAL && rng.nextDouble() < 0.5) {
        day = rng.nextBoolean() ? LocalDate.of(year, 3, 6 + rng.nextInt(4)) : LocalDate.of(year, 10, 18 + rng.nextInt(4));
      } else {
        day = LocalDate.of(year, 1, 3).plusDays(rng.nextInt(360));
      }
      LocalTime time = level == UnitLevel.BRANCH
          ? Vocabulary.pick(rng, List.of(LocalTime.of(7, 30), LocalTime.of(8, 0), LocalTime.of(14, 0), LocalTime.of(19, 30)))
          : Vocabulary.pick(rng, List.of(LocalTime.of(8, 0), LocalTime.of(14, 0)));
      Instant startsAt = day.atTime(time).atZone(Period.ZONE).toInstant();
      List<String> campaigns = campaigns(rng, kind, drive);
      String title = Vocabulary.title(rng, kind, level, day.getMonthValue(), campaigns.isEmpty() ? "" : campaigns.get(0));
      out.add(new Draft(unitId, level, firstBranch, branchCount, title, kind, mode(rng, level), startsAt,
          channels(rng, level), campaigns));
    }
  }

  private static ActivityKind otherKind(SplittableRandom rng, UnitLevel level) {
    double p = rng.nextDouble();
    if (level != UnitLevel.BRANCH) {
      return p < 0.45 ? ActivityKind.CAMPAIGN : p < 0.85 ? ActivityKind.TRAINING : ActivityKind.SOCIAL;
    }
    return p < 0.35 ? ActivityKind.CAMPAIGN : p < 0.55 ? ActivityKind.TRAINING
        : p < 0.75 ? ActivityKind.VOLUNTEERING : p < 0.90 ? ActivityKind.SOCIAL : ActivityKind.OTHER;
  }

  private static ActivityMode mode(SplittableRandom rng, UnitLevel level) {
    double p = rng.nextDouble();
    return switch (level) {
      case BRANCH -> p < 0.72 ? ActivityMode.IN_PERSON : p < 0.90 ? ActivityMode.HYBRID : ActivityMode.ONLINE;
      case COMMUNE -> p < 0.50 ? ActivityMode.IN_PERSON : p < 0.80 ? ActivityMode.HYBRID : ActivityMode.ONLINE;
      case DISTRICT, PROVINCE -> p < 0.20 ? ActivityMode.IN_PERSON : p < 0.60 ? ActivityMode.HYBRID : ActivityMode.ONLINE;
    };
  }

  /**
   * Where the activity was publicised, Zalo first of all. Communes (the grassroots unions) and
   * the levels above publicise everything; a few branch activities go unpublicised.
   */
  private static List<Channel> channels(SplittableRandom rng, UnitLevel level) {
    boolean branch = level == UnitLevel.BRANCH;
    if (branch && rng.nextDouble() < 0.12) {
      return List.of();
    }
    EnumSet<Channel> set = EnumSet.noneOf(Channel.class);
    if (rng.nextDouble() < 0.90) set.add(Channel.ZALO);
    if (rng.nextDouble() < (branch ? 0.45 : 0.75)) set.add(Channel.FACEBOOK);
    if (rng.nextDouble() < (branch ? 0.30 : 0.80)) set.add(Channel.FANPAGE);
    if (rng.nextDouble() < (branch ? 0.03 : 0.40)) set.add(Channel.WEBSITE);
    if (rng.nextDouble() < 0.02) set.add(Channel.OTHER);
    if (set.isEmpty()) set.add(Channel.ZALO);
    return List.copyOf(set);
  }

  /**
   * The campaigns an activity takes part in. A CAMPAIGN event always has one, a quarter of them a
   * second; other kinds have one about a quarter of the time. About 60% of all activities list
   * none.
   */
  private static List<String> campaigns(SplittableRandom rng, ActivityKind kind, String drive) {
    if (kind != ActivityKind.CAMPAIGN && rng.nextDouble() >= 0.26) {
      return List.of();
    }
    String first = campaign(rng, drive);
    if (kind == ActivityKind.CAMPAIGN && rng.nextDouble() < 0.25) {
      String second = campaign(rng, drive);
      if (!second.equals(first)) {
        return List.of(first, second);
      }
    }
    return List.of(first);
  }

  /** One campaign: the district's drive a third of the time where there is one, else a movement. */
  private static String campaign(SplittableRandom rng, String drive) {
    if (drive != null && rng.nextDouble() < 0.33) {
      return drive;
    }
    List<String> all = Vocabulary.MOVEMENTS;
    // The two great movements of the period come up most.
    return rng.nextDouble() < 0.55 ? all.get(rng.nextInt(2)) : all.get(2 + rng.nextInt(all.size() - 2));
  }
}
