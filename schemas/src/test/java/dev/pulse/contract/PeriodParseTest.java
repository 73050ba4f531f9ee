package dev.pulse.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A period in text (a view's URL) names a year from 1900 to 2999, and a real quarter or month of it. */
class PeriodParseTest {

  @ParameterizedTest
  @ValueSource(strings = {"1900", "2023", "2023-Q1", "2023-Q4", "2023-01", "2023-12", "2999-12"})
  void wellFormedPeriodsReadBackAsTheyWereWritten(String text) {
    assertThat(Period.parse(text).toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0000-Q1", "0000", "0001", "1899-12", "3000", "9999-Q1", "10000-01", "2023-13", "2023-00",
      "2023-Q5", "2023-Q0", "23", "2023-1", "2023-q1", " 2023", "", "２０２３"})
  void anythingElseIsRefusedWithTheFormsAndTheRangeOfYears(String text) {
    assertThatThrownBy(() -> Period.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed period '" + text + "'")
        .hasMessageContaining("from 1900 to 2999");
  }
}
