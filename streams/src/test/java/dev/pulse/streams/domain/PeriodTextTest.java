package dev.pulse.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.contract.Period;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PeriodTextTest {

  @Test
  void writesEveryPeriodAsPeriodDoes() {
    int checked = 0;
    for (LocalDate d = LocalDate.of(1990, 1, 1); d.getYear() <= 2030; d = d.plusMonths(1)) {
      for (Period p : Period.containing(d)) {
        assertThat(PeriodText.of(p)).isEqualTo(p.toString());
        checked++;
      }
    }
    assertThat(PeriodText.of(Period.month(999, 3))).isEqualTo(Period.month(999, 3).toString());
    System.out.printf("%d periods written as Period writes them%n", checked);
  }
}
