package dev.pulse.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.replay.export.TimeRange;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** The instants and ranges analysts type, read as docs/replay.md says. */
class CommandArgumentsTest {

  @Test
  void instantsWithAnOffsetAreThatInstantAndWithoutOneAreLocalToTheUnion() {
    assertThat(InstantConverter.parse("2024-01-31T23:59:59+07:00")).isEqualTo(Instant.parse("2024-01-31T16:59:59Z"));
    assertThat(InstantConverter.parse("2024-01-31T16:59:59Z")).isEqualTo(Instant.parse("2024-01-31T16:59:59Z"));
    assertThat(InstantConverter.parse("2024-02-01T00:00")).isEqualTo(Instant.parse("2024-01-31T17:00:00Z"));
    assertThat(InstantConverter.parse("2024-02-01")).isEqualTo(Instant.parse("2024-01-31T17:00:00Z"));
    assertThatThrownBy(() -> InstantConverter.parse("31/01/2024"))
        .isInstanceOf(TypeConversionException.class).hasMessageContaining("'31/01/2024' is not an instant");
  }

  @Test
  void aRangeHoldsItsStartAndNotItsEnd() {
    Instant from = Instant.parse("2024-01-01T00:00:00Z");
    Instant to = Instant.parse("2024-02-01T00:00:00Z");
    TimeRange january = new TimeRange(from, to);
    assertThat(january.contains(from.toEpochMilli() - 1)).isFalse();
    assertThat(january.contains(from.toEpochMilli())).isTrue();
    assertThat(january.contains(to.toEpochMilli() - 1)).isTrue();
    assertThat(january.contains(to.toEpochMilli())).isFalse();
    assertThat(new TimeRange(null, to).contains(Long.MIN_VALUE)).isTrue();
    assertThat(new TimeRange(from, null).contains(Long.MAX_VALUE)).isTrue();
    assertThatThrownBy(() -> new TimeRange(to, from)).hasMessageContaining("the range is empty");
    assertThatThrownBy(() -> new TimeRange(from, from)).hasMessageContaining("the range is empty");
  }
}
