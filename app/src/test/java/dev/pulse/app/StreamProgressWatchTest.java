package dev.pulse.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When /health calls the streams stalled: committed offsets standing still for a minute while records wait. */
class StreamProgressWatchTest {

  private final AtomicLong nanos = new AtomicLong();
  private final StreamProgress.Watch watch = new StreamProgress.Watch(Duration.ofSeconds(60), nanos::get);

  private void at(int seconds, long position, boolean recordsWait) {
    nanos.set(Duration.ofSeconds(seconds).toNanos());
    watch.observe(position, recordsWait);
  }

  @Test
  void offsetsStandingStillWhileRecordsWaitIsAStallOnceTheThresholdHasPassed() {
    at(0, 100, true);
    at(30, 100, true);
    assertThat(watch.stalledFor()).isEmpty();
    at(59, 100, true);
    assertThat(watch.stalledFor()).isEmpty();
    at(61, 100, true);
    assertThat(watch.stalledFor()).hasValue(Duration.ofSeconds(61));
  }

  @Test
  void offsetsThatMoveAreProgressHoweverMuchWaits() {
    for (int s = 0; s <= 300; s += 5) at(s, 100 + s, true);
    assertThat(watch.stalledFor()).isEmpty();
  }

  @Test
  void nothingWaitingIsNoStallHoweverLongTheOffsetsStandStill() {
    for (int s = 0; s <= 300; s += 5) at(s, 100, false);
    assertThat(watch.stalledFor()).isEmpty();
  }

  @Test
  void theClockStartsWhenRecordsBeginToWaitNotWhenTheOffsetsLastMoved() {
    at(0, 100, false);
    at(100, 100, true);
    at(150, 100, true);
    assertThat(watch.stalledFor()).isEmpty();
    at(161, 100, true);
    assertThat(watch.stalledFor()).isPresent();
  }

  @Test
  void progressAfterAStallEndsIt() {
    at(0, 100, true);
    at(90, 100, true);
    assertThat(watch.stalledFor()).isPresent();
    at(95, 140, true);
    assertThat(watch.stalledFor()).isEmpty();
  }

  @Test
  void aResetWhileTheApplicationRebalancesForgetsTheStill() {
    at(0, 100, true);
    nanos.set(Duration.ofSeconds(90).toNanos());
    watch.reset();
    assertThat(watch.stalledFor()).isEmpty();
    at(100, 100, true); // the first sample after the reset starts the clock again
    at(120, 100, true);
    assertThat(watch.stalledFor()).isEmpty();
  }
}
