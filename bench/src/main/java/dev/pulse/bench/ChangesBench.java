package dev.pulse.bench;

import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityKind;
import dev.pulse.avro.ActivityMode;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.Channel;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.avro.Unit;
import dev.pulse.batch.LiveHistory;
import dev.pulse.batch.PublishedViews;
import dev.pulse.batch.Verification;
import dev.pulse.contract.Period;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.producers.simulate.KafkaSink;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Two changes that touch many rows at once, made to a Pulse that holds the province's views (the
 * start section's restart), each timed from the moment its one record is produced until the views
 * are complete again (committed to the end of every topic they read, and no view topic moving for
 * {@link #STABLE}; the time reported is when that quiet began):
 * <ul>
 *   <li>a new event year: one activity in the year after the province's, which opens a year of
 *       rows for every unit (its eligible members, its months and quarters);</li>
 *   <li>a district's move: the districts with the most eligible members, as many as hold a fifth of
 *       the province's (issue #16's "20% of members"; one district of Điện Biên holds about a tenth),
 *       re-parented at once under the one with the fewest, as a merger of districts is recorded:
 *       every member of the moved districts now also counts in the other, and each task recounts its
 *       share of them in bounded chunks.</li>
 * </ul>
 * Then every view row is compared with the batch recomputation of the topics.
 */
final class ChangesBench {

  /** Longer than the row stages' longest wait between two publications ({@code PublishPacer}, 5 s). */
  static final Duration STABLE = Duration.ofSeconds(6);
  /** The share of the province's eligible members the moved districts hold at least. */
  static final double MOVED_SHARE = 0.2;

  private ChangesBench() {}

  static ChangesResult run(BenchBroker broker, String applicationId, int year, long inputRecords, Duration timeout)
      throws InterruptedException {
    Map<String, Unit> units = LiveHistory.view(broker.bootstrapServers(), Map.of(), broker.registry(), Topics.UNITS);
    Unit root = units.values().stream().filter(u -> u.getParentId() == null).findFirst()
        .orElseThrow(() -> new IllegalStateException("the province has no root unit"));
    Map<String, ParticipationRow> rows = participation(broker);
    List<Unit> districts = units.values().stream().filter(u -> root.getUnitId().equals(u.getParentId()))
        .sorted(Comparator.comparingLong((Unit u) -> eligible(rows, u.getUnitId(), year)).reversed()).toList();
    if (districts.size() < 2) throw new IllegalStateException("the province has fewer than two districts");
    long provinceEligible = eligible(rows, root.getUnitId(), year);
    Unit newParent = districts.get(districts.size() - 1);
    List<Unit> moved = new ArrayList<>();
    long movedEligible = 0;
    for (Unit d : districts.subList(0, districts.size() - 1)) {
      moved.add(d);
      movedEligible += eligible(rows, d.getUnitId(), year);
      if (movedEligible >= MOVED_SHARE * provinceEligible) break;
    }
    double share = provinceEligible == 0 ? 0 : (double) movedEligible / provinceEligible;
    List<String> movedIds = moved.stream().map(Unit::getUnitId).toList();

    List<String> inputs = Topics.INPUTS.stream().map(Topic::name).toList();
    List<String> views = Topics.VIEWS.stream().map(Topic::name).toList();
    double newYearSeconds;
    double moveSeconds;
    try (KafkaSink sink = KafkaSink.connect(broker.bootstrapServers(), broker.registryUrl())) {
      int next = year + 1;
      Progress.say("a new event year: one activity of %s on %d-01-15 (the views held %d)", root.getUnitId(), next, year);
      long begun = System.nanoTime();
      sink.send(Topics.ACTIVITIES, "bench-new-year-" + next, newYearActivity(root.getUnitId(), next));
      sink.flush();
      newYearSeconds = new CompletionWatch(broker.admin(), applicationId, inputs, views, STABLE)
          .await(begun, inputRecords + 1, timeout, "New year");

      Progress.say("a district's move: %s (%.0f%% of the province's eligible members in %d) under %s (%s)",
          String.join(", ", movedIds), 100 * share, year, newParent.getUnitId(), newParent.getName());
      begun = System.nanoTime();
      for (Unit d : moved) {
        sink.send(Topics.UNITS, d.getUnitId(), Unit.newBuilder(d).setParentId(newParent.getUnitId()).build());
      }
      sink.flush();
      moveSeconds = new CompletionWatch(broker.admin(), applicationId, inputs, views, STABLE)
          .await(begun, inputRecords + 2, timeout, "District move");
    }
    Map<String, ParticipationRow> after = participation(broker);
    long newYearRows = after.keySet().stream().filter(k -> isOfYear(k, year + 1)).count();

    Progress.say("checking every view row against the batch recomputation of the topics");
    Verification.Result check = Verification.run(broker.bootstrapServers(), Map.of(), broker.registry(),
        PublishedViews.Campaigns.ALWAYS);
    return new ChangesResult(newYearSeconds, year + 1, newYearRows, moveSeconds, movedIds, share,
        newParent.getUnitId(), check.rowsCompared(), check.differences().size());
  }

  private static Activity newYearActivity(String unitId, int year) {
    Instant startsAt = LocalDate.of(year, 1, 15).atTime(LocalTime.of(8, 0)).atZone(Period.ZONE).toInstant();
    return Activity.newBuilder()
        .setActivityId("bench-new-year-" + year).setUnitId(unitId)
        .setTitle("Hội nghị tổng kết năm " + (year - 1) + ", triển khai nhiệm vụ năm " + year)
        .setKind(ActivityKind.MEETING).setMode(ActivityMode.IN_PERSON).setStartsAt(startsAt)
        .setChannels(List.of(Channel.ZALO)).setCampaigns(List.of()).setStatus(ActivityStatus.HELD)
        .setRecordedAt(Instant.now()).build();
  }

  private static Map<String, ParticipationRow> participation(BenchBroker broker) {
    return LiveHistory.view(broker.bootstrapServers(), Map.of(), broker.registry(), Topics.PARTICIPATION_VIEW);
  }

  private static long eligible(Map<String, ParticipationRow> rows, String unitId, int year) {
    ParticipationRow row = rows.get(unitId + "|" + year);
    return row == null ? 0 : row.getEligible();
  }

  /** Whether a view key {@code unit|period} is of the year: the year itself, its quarters or its months. */
  private static boolean isOfYear(String key, int year) {
    String period = key.substring(key.lastIndexOf('|') + 1);
    return period.startsWith(Integer.toString(year));
  }
}
