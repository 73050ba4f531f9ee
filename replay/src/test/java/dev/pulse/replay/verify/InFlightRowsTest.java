package dev.pulse.replay.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How pulse verify tells a row in flight (between two recomputations) from a real difference. */
class InFlightRowsTest {

  @Test
  void aRowBetweenTheRecordsReadAndEverythingThereIsNowIsInFlight() {
    Map<String, Object> read = row(100, 10, 0.1);
    Map<String, Object> now = row(100, 14, 0.14);
    assertThat(VerifyCommand.between(read, now, row(100, 12, 0.12))).isTrue();
    assertThat(VerifyCommand.between(read, now, row(100, 14, 0.14))).isTrue();
  }

  @Test
  void aFigureOutsideBothIsARealDifference() {
    Map<String, Object> read = row(100, 10, 0.1);
    Map<String, Object> now = row(100, 14, 0.14);
    assertThat(VerifyCommand.between(read, now, row(101, 12, 0.12))).isFalse();
    assertThat(VerifyCommand.between(read, now, row(100, 9, 0.09))).isFalse();
    assertThat(VerifyCommand.between(read, read, row(100, 11, 0.11)))
        .as("no record in flight: any difference is real").isFalse();
  }

  @Test
  void otherFieldsMustEqualOneOfTheRecomputations() {
    Map<String, Object> read = new HashMap<>(Map.of("held", 1L, "byChannel", Map.of("ZALO", 1L)));
    Map<String, Object> now = new HashMap<>(Map.of("held", 2L, "byChannel", Map.of("ZALO", 2L)));
    assertThat(VerifyCommand.between(read, now, Map.of("held", 2L, "byChannel", Map.of("ZALO", 2L)))).isTrue();
    assertThat(VerifyCommand.between(read, now, Map.of("held", 2L, "byChannel", Map.of("FACEBOOK", 1L)))).isFalse();
    assertThat(VerifyCommand.between(read, new HashMap<>(Map.of("held", 4L, "byChannel", Map.of("ZALO", 3L,
        "OTHER", 1L))), Map.of("held", 3L, "byChannel", Map.of("ZALO", 2L, "OTHER", 1L))))
        .as("a map of counts key by key, a channel new since the records read included").isTrue();
  }

  private static Map<String, Object> row(long eligible, long participants, double rate) {
    return Map.of("eligible", eligible, "participants", participants, "rate", rate);
  }
}
