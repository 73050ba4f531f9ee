package dev.pulse.streams.domain;

import dev.pulse.contract.Period;

/**
 * A period as text, exactly as {@link Period#toString()} writes it, without going through
 * {@code String.format}: the ledger names a period for every view row a member counts in, and
 * formatting dominated its recount.
 */
public final class PeriodText {

  private PeriodText() {}

  public static String of(Period p) {
    return switch (p.kind()) {
      case YEAR -> Integer.toString(p.year());
      case QUARTER -> p.year() + "-Q" + p.index();
      case MONTH -> p.year() + (p.index() < 10 ? "-0" : "-") + p.index();
    };
  }
}
