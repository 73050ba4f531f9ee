package dev.pulse.contract;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A calendar period of SPEC.md §2: a year ({@code 2023}), a quarter ({@code 2023-Q4}) or a month
 * ({@code 2023-11}), in the Asia/Ho_Chi_Minh time zone.
 */
public record Period(Kind kind, int year, int index) implements Comparable<Period> {

  /** The time zone in which instants are placed in periods (UTC+7, no daylight saving). */
  public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

  private static final Pattern FORMAT = Pattern.compile("(\\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?");

  /**
   * The years a period may name in text ({@link #parse}): wide enough for any view (they start in
   * 2000, or a little earlier when the first year is moved) and narrow enough that {@code 0000} or
   * {@code 9999} is taken for the typing mistake it is rather than answered as an empty row.
   */
  public static final int FIRST_PARSED_YEAR = 1900;
  public static final int LAST_PARSED_YEAR = 2999;

  /** Kinds of period, from the longest. */
  public enum Kind { YEAR, QUARTER, MONTH }

  public Period {
    switch (kind) {
      case YEAR -> { if (index != 0) throw new IllegalArgumentException("a year has no index"); }
      case QUARTER -> { if (index < 1 || index > 4) throw new IllegalArgumentException("quarter must be 1-4"); }
      case MONTH -> { if (index < 1 || index > 12) throw new IllegalArgumentException("month must be 1-12"); }
    }
  }

  public static Period year(int year) {
    return new Period(Kind.YEAR, year, 0);
  }

  public static Period quarter(int year, int quarter) {
    return new Period(Kind.QUARTER, year, quarter);
  }

  public static Period month(int year, int month) {
    return new Period(Kind.MONTH, year, month);
  }

  /**
   * Parses {@code 2023}, {@code 2023-Q4} or {@code 2023-11}: four digits of a year from
   * {@value #FIRST_PARSED_YEAR} to {@value #LAST_PARSED_YEAR}, then a quarter 1–4 or a month 01–12.
   *
   * @throws IllegalArgumentException naming the text and the expected forms
   */
  public static Period parse(String text) {
    Matcher m = text == null ? null : FORMAT.matcher(text);
    int year = m != null && m.matches() ? Integer.parseInt(m.group(1)) : -1;
    if (year < FIRST_PARSED_YEAR || year > LAST_PARSED_YEAR) {
      throw new IllegalArgumentException("malformed period '" + text + "': expected a year (2023), a quarter"
          + " (2023-Q4) or a month (2023-11), the year from " + FIRST_PARSED_YEAR + " to " + LAST_PARSED_YEAR
          + ", the quarter from Q1 to Q4, the month from 01 to 12");
    }
    if (m.group(2) != null) return quarter(year, Integer.parseInt(m.group(2)));
    if (m.group(3) != null) return month(year, Integer.parseInt(m.group(3)));
    return year(year);
  }

  /** The local date of an instant in Asia/Ho_Chi_Minh. */
  public static LocalDate localDate(Instant instant) {
    return LocalDate.ofInstant(instant, ZONE);
  }

  /** The year, quarter and month that contain a date. */
  public static List<Period> containing(LocalDate date) {
    return List.of(
        year(date.getYear()),
        quarter(date.getYear(), (date.getMonthValue() - 1) / 3 + 1),
        month(date.getYear(), date.getMonthValue()));
  }

  /** Every period (years, quarters, months) that overlaps [from, to], both inclusive. */
  public static List<Period> overlapping(LocalDate from, LocalDate to) {
    java.util.ArrayList<Period> out = new java.util.ArrayList<>();
    for (int y = from.getYear(); y <= to.getYear(); y++) {
      out.add(year(y));
    }
    YearMonth first = YearMonth.from(from);
    YearMonth last = YearMonth.from(to);
    Period lastQuarter = null;
    for (YearMonth ym = first; !ym.isAfter(last); ym = ym.plusMonths(1)) {
      Period q = quarter(ym.getYear(), (ym.getMonthValue() - 1) / 3 + 1);
      if (!q.equals(lastQuarter)) {
        out.add(q);
        lastQuarter = q;
      }
      out.add(month(ym.getYear(), ym.getMonthValue()));
    }
    return out;
  }

  /** The first day of the period. */
  public LocalDate firstDay() {
    return switch (kind) {
      case YEAR -> LocalDate.of(year, 1, 1);
      case QUARTER -> LocalDate.of(year, (index - 1) * 3 + 1, 1);
      case MONTH -> LocalDate.of(year, index, 1);
    };
  }

  /** The last day of the period. */
  public LocalDate lastDay() {
    return switch (kind) {
      case YEAR -> LocalDate.of(year, 12, 31);
      case QUARTER -> YearMonth.of(year, index * 3).atEndOfMonth();
      case MONTH -> YearMonth.of(year, index).atEndOfMonth();
    };
  }

  /** Whether a date falls in the period. */
  public boolean contains(LocalDate date) {
    return !date.isBefore(firstDay()) && !date.isAfter(lastDay());
  }

  @Override
  public int compareTo(Period o) {
    int c = firstDay().compareTo(o.firstDay());
    return c != 0 ? c : kind.compareTo(o.kind);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case YEAR -> Integer.toString(year);
      case QUARTER -> year + "-Q" + index;
      case MONTH -> String.format("%d-%02d", year, index);
    };
  }
}
