package dev.pulse.producers.simulate;

import static dev.pulse.avro.PovertyStatus.NEAR_POOR;
import static dev.pulse.avro.PovertyStatus.NON_POOR;
import static dev.pulse.avro.PovertyStatus.POOR;

import dev.pulse.avro.PovertyStatus;
import dev.pulse.avro.SupportKind;
import dev.pulse.contract.Period;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The households branches follow and the story of each, built so that SPEC.md §4 gives exact
 * figures for the year: every household is told one {@link Story}, and each story is, by
 * construction, supported and exited, supported and not exited, or not supported in the year.
 * Exactly {@code supportedHouseholds} households get a supported story, {@code exitedHouseholds}
 * of them an exiting one.
 *
 * <p>The stories cover the edges of the rules, so that a computation that gets one wrong misses
 * the targets: the day before the year counts, an exit on 31 December of the year before does
 * not make the household supported, an exit on 1 January of the next year is not an exit in the
 * year, two assessments on one day leave only the later in force, a NON_POOR household still
 * helped by the union is not "supported", a household first assessed after the year is not
 * counted.
 */
final class HouseholdBook {

  /** What SPEC.md §4 says about a household for the year. */
  enum Outcome { SUPPORTED_AND_EXITED, SUPPORTED_NOT_EXITED, NOT_SUPPORTED }

  /** A household's status path; each names its outcome and how common it is within it. */
  enum Story {
    // Supported and exited.
    POOR_TO_NEAR_POOR(Outcome.SUPPORTED_AND_EXITED, 30),
    POOR_TO_NON_POOR(Outcome.SUPPORTED_AND_EXITED, 25),
    NEAR_POOR_TO_NON_POOR(Outcome.SUPPORTED_AND_EXITED, 20),
    POOR_TO_NEAR_POOR_TO_NON_POOR(Outcome.SUPPORTED_AND_EXITED, 6),
    EXITS_ON_NEW_YEARS_DAY(Outcome.SUPPORTED_AND_EXITED, 3),
    EXITS_THEN_RELAPSES(Outcome.SUPPORTED_AND_EXITED, 4),
    FALLS_THEN_RECOVERS(Outcome.SUPPORTED_AND_EXITED, 4),
    EXIT_CONFIRMED_SAME_DAY(Outcome.SUPPORTED_AND_EXITED, 2),
    SUPPORT_STARTS_IN_YEAR_THEN_EXITS(Outcome.SUPPORTED_AND_EXITED, 3),
    EXITS_AFTER_MOVING_BRANCH(Outcome.SUPPORTED_AND_EXITED, 2),
    EXITS_ON_LAST_DAY(Outcome.SUPPORTED_AND_EXITED, 1),
    // Supported, no exit in the year.
    STAYS_POOR(Outcome.SUPPORTED_NOT_EXITED, 40),
    STAYS_NEAR_POOR(Outcome.SUPPORTED_NOT_EXITED, 30),
    EXITS_NEXT_NEW_YEARS_DAY(Outcome.SUPPORTED_NOT_EXITED, 3),
    FALLS_INTO_NEAR_POOR(Outcome.SUPPORTED_NOT_EXITED, 6),
    EXIT_UNDONE_SAME_DAY(Outcome.SUPPORTED_NOT_EXITED, 2),
    FALLS_DEEPER(Outcome.SUPPORTED_NOT_EXITED, 4),
    SUPPORT_STARTS_ON_LAST_DAY(Outcome.SUPPORTED_NOT_EXITED, 1),
    SUPPORTED_FROM_LAST_DAY_BEFORE(Outcome.SUPPORTED_NOT_EXITED, 1),
    // Not supported in the year.
    NEVER_POOR(Outcome.NOT_SUPPORTED, 50),
    POOR_WITHOUT_UNION_SUPPORT(Outcome.NOT_SUPPORTED, 12),
    EXITS_WITHOUT_UNION_SUPPORT(Outcome.NOT_SUPPORTED, 6),
    EXITED_YEARS_AGO(Outcome.NOT_SUPPORTED, 12),
    EXITED_ON_LAST_DAY_BEFORE(Outcome.NOT_SUPPORTED, 2),
    FIRST_ASSESSED_NEXT_YEAR(Outcome.NOT_SUPPORTED, 2),
    SUPPORTED_FROM_NEXT_YEAR(Outcome.NOT_SUPPORTED, 2),
    SUPPORT_OVERRULED_SAME_DAY(Outcome.NOT_SUPPORTED, 2),
    NEAR_POOR_EXITS_WITHOUT_SUPPORT(Outcome.NOT_SUPPORTED, 4),
    STILL_HELPED_AFTER_EXIT(Outcome.NOT_SUPPORTED, 4),
    FALLS_WITHOUT_SUPPORT(Outcome.NOT_SUPPORTED, 4);

    final Outcome outcome;
    final int weight;

    Story(Outcome outcome, int weight) {
      this.outcome = outcome;
      this.weight = weight;
    }

    static List<Story> of(Outcome outcome) {
      return java.util.Arrays.stream(values()).filter(s -> s.outcome == outcome).toList();
    }
  }

  /** One assessment as it stands (its final version), with the branch that follows the household. */
  record PlannedEvent(String eventId, String householdId, int branch, PovertyStatus status, boolean supportedByUnion,
      List<SupportKind> supports, LocalDate assessedOn, Instant recordedAt) {}

  record PlannedHousehold(int index, String householdId, Story story, List<PlannedEvent> events) {}

  private final int year;
  private final int branches;
  private final PseudonymousIds ids;
  private final List<PlannedHousehold> households;

  private HouseholdBook(int year, int branches, PseudonymousIds ids, List<PlannedHousehold> households) {
    this.year = year;
    this.branches = branches;
    this.ids = ids;
    this.households = households;
  }

  List<PlannedHousehold> households() {
    return households;
  }

  /**
   * Plans the households.
   *
   * @param lateShare share of assessments recorded one to five months after the day assessed
   */
  static HouseholdBook plan(Scale scale, int branches, PseudonymousIds ids, SplittableRandom rng, double lateShare) {
    int exited = scale.exitedHouseholds();
    int supportedOnly = scale.supportedHouseholds() - exited;
    int unsupported = scale.households() - scale.supportedHouseholds();
    List<Story> stories = new ArrayList<>(scale.households());
    addStories(stories, Outcome.SUPPORTED_AND_EXITED, exited, rng);
    addStories(stories, Outcome.SUPPORTED_NOT_EXITED, supportedOnly, rng);
    addStories(stories, Outcome.NOT_SUPPORTED, unsupported, rng);
    // Shuffle so that neither ids nor branches say anything about the story.
    for (int i = stories.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      Story t = stories.get(i);
      stories.set(i, stories.get(j));
      stories.set(j, t);
    }
    Writer writer = new Writer(scale.year(), 0, branches, ids, rng, lateShare);
    List<PlannedHousehold> out = new ArrayList<>(stories.size());
    for (int h = 0; h < stories.size(); h++) {
      String householdId = ids.of("hh", h);
      out.add(new PlannedHousehold(h, householdId, stories.get(h), writer.tell(householdId, stories.get(h))));
    }
    return new HouseholdBook(scale.year(), branches, ids, List.copyOf(out));
  }

  /**
   * The assessments of the {@code yearsAfter}-th year after the planned one: at each year-end
   * review poor and near-poor households are assessed again, some improve, a few relapse, and a
   * few non-poor households fall back. Earlier following years are replayed (not emitted) so that
   * each starts where the last one left off.
   */
  List<PlannedEvent> reviews(int yearsAfter, long seed, double lateShare) {
    if (yearsAfter < 1) {
      throw new IllegalArgumentException("reviews are for the years after the planned one, got " + yearsAfter);
    }
    PovertyStatus[] status = new PovertyStatus[households.size()];
    int[] branch = new int[households.size()];
    for (PlannedHousehold h : households) {
      // The last assessment of the story stands at the start of the following years.
      PlannedEvent last = h.events().stream()
          .max(java.util.Comparator.comparing(PlannedEvent::assessedOn).thenComparing(PlannedEvent::recordedAt))
          .orElseThrow();
      status[h.index()] = last.status();
      branch[h.index()] = last.branch();
    }
    List<PlannedEvent> out = new ArrayList<>();
    for (int j = 1; j <= yearsAfter; j++) {
      SplittableRandom rng = new SplittableRandom(PseudonymousIds.mix64(seed * 0x9E3779B97F4A7C15L + j));
      Writer writer = new Writer(year + j, j, branches, ids, rng, lateShare);
      for (PlannedHousehold h : households) {
        PovertyStatus before = status[h.index()];
        double p = rng.nextDouble();
        PovertyStatus after = switch (before) {
          case POOR -> p < 0.18 ? NEAR_POOR : p < 0.24 ? NON_POOR : POOR;
          case NEAR_POOR -> p < 0.20 ? NON_POOR : p < 0.24 ? POOR : NEAR_POOR;
          case NON_POOR -> p < 0.03 ? NEAR_POOR : p < 0.04 ? POOR : NON_POOR;
        };
        boolean supported = after == NON_POOR ? rng.nextDouble() < 0.05 : rng.nextDouble() < 0.45;
        LocalDate review = LocalDate.of(year + j, 9, 1).plusDays(rng.nextInt(121));
        status[h.index()] = after;
        // Poor and near-poor households are reviewed every year; the others only when they fall back.
        if (j == yearsAfter && (before != NON_POOR || after != NON_POOR)) {
          out.add(writer.event(h.householdId(), branch[h.index()], after, supported, review));
        }
      }
    }
    return out;
  }

  /** {@code count} stories of an outcome: each story once first (when there is room), then by weight. */
  private static void addStories(List<Story> out, Outcome outcome, int count, SplittableRandom rng) {
    List<Story> pool = Story.of(outcome);
    int totalWeight = pool.stream().mapToInt(s -> s.weight).sum();
    for (int i = 0; i < count; i++) {
      if (i < pool.size() && count >= pool.size()) {
        out.add(pool.get(i));
        continue;
      }
      int p = rng.nextInt(totalWeight);
      for (Story s : pool) {
        p -= s.weight;
        if (p < 0) {
          out.add(s);
          break;
        }
      }
    }
  }

  /** Writes the assessments of one household for its story. */
  private static final class Writer {
    private final int year;
    private final int yearsAfter;
    private final int branches;
    private final PseudonymousIds ids;
    private final SplittableRandom rng;
    private final double lateShare;
    private long nextEvent;

    Writer(int year, int yearsAfter, int branches, PseudonymousIds ids, SplittableRandom rng, double lateShare) {
      this.year = year;
      this.yearsAfter = yearsAfter;
      this.branches = branches;
      this.ids = ids;
      this.rng = rng;
      this.lateShare = lateShare;
    }

    /** One step of a story: on {@code day}, {@code status}, supported or not; {@code moved}: at another branch. */
    private record Step(LocalDate day, PovertyStatus status, boolean supported, boolean moved) {}

    private static Step step(LocalDate day, PovertyStatus status, boolean supported) {
      return new Step(day, status, supported, false);
    }

    List<PlannedEvent> tell(String householdId, Story story) {
      int y = year;
      LocalDate lastDayBefore = LocalDate.of(y - 1, 12, 31);
      List<Step> steps = switch (story) {
        case POOR_TO_NEAR_POOR -> List.of(step(before(), POOR, true), step(inYear(), NEAR_POOR, true));
        case POOR_TO_NON_POOR -> List.of(step(rng.nextBoolean() ? before() : longBefore(), POOR, true),
            step(inYear(), NON_POOR, rng.nextDouble() < 0.3));
        case NEAR_POOR_TO_NON_POOR -> List.of(step(before(), NEAR_POOR, true), step(inYear(), NON_POOR, false));
        case POOR_TO_NEAR_POOR_TO_NON_POOR -> List.of(step(before(), POOR, true), step(firstHalf(), NEAR_POOR, true),
            step(secondHalf(), NON_POOR, false));
        case EXITS_ON_NEW_YEARS_DAY -> List.of(step(before(), POOR, true), step(LocalDate.of(y, 1, 1), NON_POOR, false));
        case EXITS_THEN_RELAPSES -> List.of(step(before(), POOR, true), step(firstHalf(), NON_POOR, false),
            step(secondHalf(), NEAR_POOR, true));
        case FALLS_THEN_RECOVERS -> List.of(step(longBefore(), NON_POOR, false), step(firstHalf(), POOR, true),
            step(secondHalf(), NEAR_POOR, true));
        case EXIT_CONFIRMED_SAME_DAY -> {
          LocalDate d = inYear();
          yield List.of(step(before(), POOR, true), step(d, POOR, true), step(d, NON_POOR, false));
        }
        case SUPPORT_STARTS_IN_YEAR_THEN_EXITS -> List.of(step(LocalDate.of(y, 1, 2).plusDays(rng.nextInt(100)), POOR, false),
            step(LocalDate.of(y, 5, 1).plusDays(rng.nextInt(60)), POOR, true), step(secondHalf(), NEAR_POOR, true));
        case EXITS_AFTER_MOVING_BRANCH -> List.of(step(before(), POOR, true),
            new Step(inYear(), NEAR_POOR, true, true));
        case EXITS_ON_LAST_DAY -> List.of(step(before(), POOR, true), step(LocalDate.of(y, 12, 31), NEAR_POOR, true));

        case STAYS_POOR -> rng.nextDouble() < 0.4
            ? List.of(step(before(), POOR, true), step(inYear(), POOR, true))
            : List.of(step(before(), POOR, true));
        case STAYS_NEAR_POOR -> List.of(step(longBefore(), NEAR_POOR, true));
        case EXITS_NEXT_NEW_YEARS_DAY -> List.of(step(before(), POOR, true), step(LocalDate.of(y + 1, 1, 1), NON_POOR, false));
        case FALLS_INTO_NEAR_POOR -> List.of(step(longBefore(), NON_POOR, false), step(inYear(), NEAR_POOR, true));
        case EXIT_UNDONE_SAME_DAY -> {
          LocalDate d = inYear();
          yield List.of(step(before(), POOR, true), step(d, NON_POOR, false), step(d, POOR, true));
        }
        case FALLS_DEEPER -> List.of(step(before(), NEAR_POOR, true), step(inYear(), POOR, true));
        case SUPPORT_STARTS_ON_LAST_DAY -> List.of(step(before(), POOR, false), step(LocalDate.of(y, 12, 31), POOR, true));
        case SUPPORTED_FROM_LAST_DAY_BEFORE -> List.of(step(lastDayBefore, POOR, true), step(secondHalf(), POOR, false));

        case NEVER_POOR -> List.of(step(rng.nextBoolean() ? before() : longBefore(), NON_POOR, false));
        case POOR_WITHOUT_UNION_SUPPORT -> List.of(step(before(), POOR, false));
        case EXITS_WITHOUT_UNION_SUPPORT -> List.of(step(before(), POOR, false), step(inYear(), NON_POOR, false));
        case EXITED_YEARS_AGO -> List.of(step(longBefore(), POOR, true), step(before(), NON_POOR, false));
        case EXITED_ON_LAST_DAY_BEFORE -> List.of(step(before(), POOR, true), step(lastDayBefore, NON_POOR, false));
        case FIRST_ASSESSED_NEXT_YEAR -> List.of(step(LocalDate.of(y + 1, 1, 1).plusDays(rng.nextInt(60)), POOR, true));
        case SUPPORTED_FROM_NEXT_YEAR -> List.of(step(before(), NON_POOR, false), step(LocalDate.of(y + 1, 1, 1), POOR, true));
        case SUPPORT_OVERRULED_SAME_DAY -> {
          LocalDate d = inYear();
          yield List.of(step(before(), NON_POOR, false), step(d, POOR, true), step(d, NON_POOR, false));
        }
        case NEAR_POOR_EXITS_WITHOUT_SUPPORT -> List.of(step(before(), NEAR_POOR, false), step(inYear(), NON_POOR, false));
        case STILL_HELPED_AFTER_EXIT -> List.of(step(longBefore(), POOR, true), step(before(), NON_POOR, true));
        case FALLS_WITHOUT_SUPPORT -> List.of(step(longBefore(), NON_POOR, false), step(inYear(), POOR, false));
      };
      int home = rng.nextInt(branches);
      int moved = branches == 1 ? home : (home + 1 + rng.nextInt(branches - 1)) % branches;
      List<PlannedEvent> events = new ArrayList<>(steps.size());
      Instant previousRecordedAt = null;
      LocalDate previousDay = null;
      for (Step s : steps) {
        Instant recordedAt = recordedAt(s.day());
        // Two assessments of one day: the later-recorded one is in force (SPEC §4), keep the story's order.
        if (s.day().equals(previousDay) && !recordedAt.isAfter(previousRecordedAt)) {
          recordedAt = previousRecordedAt.plus(Duration.ofMinutes(60 + rng.nextInt(3 * 24 * 60)));
        }
        events.add(event(householdId, s.moved() ? moved : home, s.status(), s.supported(), s.day(), recordedAt));
        previousRecordedAt = recordedAt;
        previousDay = s.day();
      }
      return List.copyOf(events);
    }

    PlannedEvent event(String householdId, int branch, PovertyStatus status, boolean supported, LocalDate day) {
      return event(householdId, branch, status, supported, day, recordedAt(day));
    }

    private PlannedEvent event(String householdId, int branch, PovertyStatus status, boolean supported, LocalDate day,
        Instant recordedAt) {
      return new PlannedEvent(ids.of("hse", PlannedProvince.yearSlice(yearsAfter, nextEvent++)), householdId, branch,
          status, supported, supported ? supports(status) : List.of(), day, recordedAt);
    }

    /** A day in the year before. */
    private LocalDate before() {
      return LocalDate.of(year - 1, 1, 10).plusDays(rng.nextInt(340));
    }

    /** A day two or three years before. */
    private LocalDate longBefore() {
      return LocalDate.of(year - 3, 1, 1).plusDays(rng.nextInt(700));
    }

    /** A day of the year (2 Jan to 30 Dec), most often at the year-end review of poor households. */
    private LocalDate inYear() {
      return rng.nextDouble() < 0.55
          ? LocalDate.of(year, 9, 1).plusDays(rng.nextInt(121))
          : LocalDate.of(year, 1, 2).plusDays(rng.nextInt(242));
    }

    private LocalDate firstHalf() {
      return LocalDate.of(year, 1, 2).plusDays(rng.nextInt(180));
    }

    private LocalDate secondHalf() {
      return LocalDate.of(year, 7, 1).plusDays(rng.nextInt(183));
    }

    /** Entered one to twenty days after the visit, during office hours; some months later. */
    private Instant recordedAt(LocalDate day) {
      int delayDays = 1 + rng.nextInt(20);
      if (rng.nextDouble() < lateShare) {
        delayDays += 30 + rng.nextInt(120);
      }
      return day.plusDays(delayDays).atTime(8, 0).atZone(Period.ZONE).toInstant()
          .plusSeconds(rng.nextInt(9 * 3600));
    }

    private List<SupportKind> supports(PovertyStatus status) {
      EnumSet<SupportKind> set = EnumSet.noneOf(SupportKind.class);
      if (status == NON_POOR) {
        set.add(SupportKind.ADVICE);
        return List.copyOf(set);
      }
      SupportKind[] common = {SupportKind.LOAN, SupportKind.VOCATIONAL_TRAINING, SupportKind.LIVELIHOOD,
          SupportKind.ADVICE, SupportKind.HOUSING};
      int n = 1 + rng.nextInt(3);
      for (int i = 0; i < n; i++) {
        set.add(common[rng.nextInt(i == 0 ? 3 : common.length)]);
      }
      if (rng.nextDouble() < 0.03) set.add(SupportKind.OTHER);
      return List.copyOf(set);
    }
  }
}
