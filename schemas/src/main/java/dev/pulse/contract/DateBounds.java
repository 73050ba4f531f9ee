package dev.pulse.contract;

import dev.pulse.avro.Activity;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.HouseholdStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The dates an event may carry (SPEC.md §2): its {@code startsAt}, {@code attendedAt} or
 * {@code assessedOn} lies between 1 January of the first covered year and 31 December of the year
 * after the one in which it was sent, and its {@code recordedAt} at most 5 minutes after it was
 * sent. "Sent" is the request's time through the ingest API and the record's Kafka timestamp on a
 * topic, so that a replay of the log decides as the first reading did. The gateway refuses such a
 * record (400), the streams send it to the dead letters, and the batch recomputation leaves it out:
 * no record can make the views cover a year nobody meant.
 *
 * @param firstYear the first year the views cover
 */
public record DateBounds(int firstYear) {

  /** The first covered year unless a server option moves it. */
  public static final int DEFAULT_FIRST_YEAR = 2000;
  /** How far after the moment it was sent a record's recordedAt may lie (clocks drift). */
  public static final Duration RECORDED_AT_SLACK = Duration.ofMinutes(5);

  public static final DateBounds DEFAULT = new DateBounds(DEFAULT_FIRST_YEAR);

  public DateBounds {
    if (firstYear < 1900 || firstYear > 2999) {
      throw new IllegalArgumentException("the first covered year must lie between 1900 and 2999, was " + firstYear);
    }
  }

  /** What is wrong with a record's dates: the field at fault and why. */
  public record Violation(String field, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  /** The last day an event's date may fall on when it was sent at {@code sentAt}. */
  public LocalDate lastDay(Instant sentAt) {
    return LocalDate.of(Period.localDate(sentAt).getYear() + 1, 12, 31);
  }

  public LocalDate firstDay() {
    return LocalDate.of(firstYear, 1, 1);
  }

  /**
   * Why this record's dates are out of bounds, or null when they are not (or it has none).
   *
   * @param sentAt when it was sent; null when that is not known (a record made in code): then only
   *     the first covered year bounds it
   */
  public Violation check(Object value, Instant sentAt) {
    if (value instanceof Activity a) return check("startsAt", a.getStartsAt(), a.getRecordedAt(), sentAt);
    if (value instanceof Attendance a) return check("attendedAt", a.getAttendedAt(), a.getRecordedAt(), sentAt);
    if (value instanceof HouseholdStatus h) {
      return check("assessedOn", h.getAssessedOn(), h.getAssessedOn(), h.getRecordedAt(), sentAt);
    }
    return null;
  }

  private Violation check(String field, Instant when, Instant recordedAt, Instant sentAt) {
    if (when == null) return recordedAtCheck(recordedAt, sentAt);
    return check(field, Period.localDate(when), when, recordedAt, sentAt);
  }

  private Violation check(String field, LocalDate day, Object shown, Instant recordedAt, Instant sentAt) {
    if (day != null) {
      if (day.isBefore(firstDay())) {
        return new Violation(field, "'" + shown + "' is before " + firstDay() + ": the views cover the years from "
            + firstYear + " on");
      }
      LocalDate last = sentAt == null ? LocalDate.MAX : lastDay(sentAt);
      if (day.isAfter(last)) {
        return new Violation(field, "'" + shown + "' is after " + last + ": a record sent in "
            + Period.localDate(sentAt).getYear() + " may name dates up to the end of the following year");
      }
    }
    return recordedAtCheck(recordedAt, sentAt);
  }

  private static Violation recordedAtCheck(Instant recordedAt, Instant sentAt) {
    if (recordedAt != null && sentAt != null && recordedAt.isAfter(sentAt.plus(RECORDED_AT_SLACK))) {
      return new Violation("recordedAt", "'" + recordedAt + "' lies in the future (the record was sent at " + sentAt
          + "); recordedAt may be at most " + RECORDED_AT_SLACK.toMinutes() + " minutes after the moment it is sent");
    }
    return null;
  }
}
