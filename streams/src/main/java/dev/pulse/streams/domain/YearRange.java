package dev.pulse.streams.domain;

import java.time.LocalDate;

/**
 * The years the views cover: every year from the earliest to the latest in which any event
 * (an activity's start, an attendance, a household assessment) falls, counting every version
 * ever received, so that the range depends only on the set of records, never on their order.
 * Reference data (units, memberships) does not widen it: a member who joined in 1995 does not
 * make the views reach back to 1995.
 */
public record YearRange(int first, int last) {

  public static final YearRange EMPTY = new YearRange(Integer.MAX_VALUE, Integer.MIN_VALUE);

  public boolean isEmpty() {
    return first > last;
  }

  public YearRange including(int year) {
    return isEmpty() ? new YearRange(year, year) : new YearRange(Math.min(first, year), Math.max(last, year));
  }

  public boolean contains(int year) {
    return year >= first && year <= last;
  }

  public LocalDate firstDay() {
    return LocalDate.of(first, 1, 1);
  }

  public LocalDate lastDay() {
    return LocalDate.of(last, 12, 31);
  }
}
