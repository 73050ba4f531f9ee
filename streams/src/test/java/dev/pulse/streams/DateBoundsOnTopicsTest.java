package dev.pulse.streams;

import static dev.pulse.batch.Histories.anActivity;
import static dev.pulse.batch.Histories.anAssessment;
import static dev.pulse.batch.Histories.anAttendance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.avro.PovertyStatus;
import dev.pulse.batch.BatchViews;
import dev.pulse.batch.History;
import dev.pulse.batch.Histories;
import dev.pulse.batch.LogRecord;
import dev.pulse.contract.DateBounds;
import dev.pulse.contract.Topics;
import dev.pulse.streams.ledger.LedgerStores;
import dev.pulse.batch.UsableRecords;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records that reach a topic straight, with dates outside the bounds of SPEC.md §2, go to the dead
 * letters with the reason and never widen the views; the bounds are judged against each record's
 * Kafka timestamp, so a replay decides the same; the batch recomputation leaves out the same ones.
 */
class DateBoundsOnTopicsTest {

  static final Instant SENT = Instant.parse("2024-03-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void events_dated_outside_the_bounds_are_dead_letters_and_the_views_stay_as_they_were() {
    History valid = Histories.smallProvince()
        .membership("ms1", "alice", "B1", "2023-01-01", null)
        .held("a1", "B1", "2023-11-05T09:00+07:00")
        .present("t1", "a1", "alice", "2023-11-05T09:30+07:00")
        .build();
    Activity in2999 = anActivity("a-2999", "B1", "2999-01-01T09:00+07:00").setStatus(ActivityStatus.CANCELLED)
        .setRecordedAt(SENT).build();
    Attendance before2000 = anAttendance("t-1999", "a1", "alice", "1999-12-31T09:00+07:00").setRecordedAt(SENT).build();
    HouseholdStatus twoYearsAhead = anAssessment("e-2026", "h1", "B1", PovertyStatus.POOR, true, "2026-01-01")
        .setRecordedAt(SENT).build();
    Attendance recordedInTheFuture = anAttendance("t-future", "a1", "alice", "2023-11-05T09:30+07:00")
        .setRecordedAt(SENT.plusSeconds(3600)).build();
    // Next year's date is fine when sent this year, and so is a clock a few minutes fast.
    Activity nextYear = anActivity("a-next", "B1", "2025-12-31T09:00+07:00").setRecordedAt(SENT.plusSeconds(240))
        .build();

    try (LedgerDriver driver = new LedgerDriver(dir)) {
      driver.pipe(valid);
      Map<String, ParticipationRow> before = Map.copyOf(driver.participationStore());
      driver.sendAt(Topics.ACTIVITIES, "a-2999", in2999, SENT)
          .sendAt(Topics.ATTENDANCE, "alice", before2000, SENT)
          .sendAt(Topics.HOUSEHOLD_STATUS, "h1", twoYearsAhead, SENT)
          .sendAt(Topics.ATTENDANCE, "alice", recordedInTheFuture, SENT)
          .sendAt(Topics.ACTIVITIES, "a-next", nextYear, SENT)
          .publish();

      assertThat(driver.deadLetterReasons()).containsExactly(
          "topic branch.activities.v1: startsAt '2999-01-01T02:00:00Z' is after 2025-12-31: a record sent in 2024 may name dates up to the end"
              + " of the following year",
          "topic branch.attendance.v1: attendedAt '1999-12-31T02:00:00Z' is before 2000-01-01: the views cover the years from 2000 on",
          "topic branch.household-status.v1: assessedOn '2026-01-01' is after 2025-12-31: a record sent in 2024 may name dates up to the end of the"
              + " following year",
          "topic branch.attendance.v1: recordedAt '2024-03-01T01:00:00Z' lies in the future (the record was sent at 2024-03-01T00:00:00Z);"
              + " recordedAt may be at most 5 minutes after the moment it is sent");
      assertThat(driver.participationStore().keySet()).containsAll(before.keySet())
          .noneMatch(k -> k.contains("|1999") || k.contains("|2026") || k.contains("|2999"));
      assertThat(driver.participationStore()).containsAllEntriesOf(before);
      assertThat(driver.store(LedgerStores.YEARS).get("years").last()).isEqualTo(2025);
    }
  }

  @Test
  void the_batch_recomputation_leaves_out_what_the_streams_dead_letter() {
    History h = Histories.smallProvince()
        .membership("ms1", "alice", "B1", "2023-01-01", null)
        .held("a1", "B1", "2023-11-05T09:00+07:00")
        .present("t1", "a1", "alice", "2023-11-05T09:30+07:00")
        .build();
    Instant sent = Instant.parse("2025-06-01T00:00:00Z");
    List<LogRecord<Activity>> activities = new ArrayList<>();
    for (LogRecord<Activity> r : h.activities()) activities.add(new LogRecord<>(r.key(), r.value(), r.logPosition(),
        sent.toEpochMilli()));
    Activity far = anActivity("a-far", "B1", "2027-06-01T09:00+07:00").setRecordedAt(sent).build();
    activities.add(new LogRecord<>("a-far", far, 1_000, sent.toEpochMilli()));
    History withFar = new History(h.units(), h.memberships(), activities, h.attendance(), h.households());

    assertThat(UsableRecords.of(withFar).activities()).extracting(LogRecord::key).containsExactly("a1");
    // The same record read on a replay years later is judged by when it was sent, not by when it is read.
    assertThat(UsableRecords.of(withFar, new DateBounds(2000)).activities()).hasSize(1);
    // A later first year leaves out what lies before it.
    assertThat(UsableRecords.of(withFar, new DateBounds(2024)).activities()).isEmpty();
    assertThat(BatchViews.compute(UsableRecords.of(withFar)).activities().keySet())
        .noneMatch(k -> k.contains("2027"));
  }
}
