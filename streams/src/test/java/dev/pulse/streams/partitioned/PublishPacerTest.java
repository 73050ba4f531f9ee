package dev.pulse.streams.partitioned;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PublishPacerTest {

  private final PublishPacer pacer = new PublishPacer();
  private final AtomicInteger runs = new AtomicInteger();

  @Test
  void aPublicationThatWaitedWithoutWorkingDoesNotHoldTheNextOneBack() {
    pacer.run(0, () -> sleep(300)); // a send blocked while the broker was away: wall-clock time, no CPU
    pacer.run(60, runs::incrementAndGet);
    assertThat(runs).as("the next punctuation publishes").hasValue(1);
  }

  @Test
  void aPublicationThatWorkedLongWaitsNineTimesAsLongButNeverMoreThanTheCap() {
    long took = busy(200);
    pacer.run(0, () -> { });
    pacer.run(1, () -> busy(200));
    pacer.run(1 + took, runs::incrementAndGet);
    assertThat(runs).as("held back while less than nine times its work has passed").hasValue(0);
    pacer.run(2 + 10 * took + PublishPacer.MAX_WAIT_MILLIS, runs::incrementAndGet);
    assertThat(runs).as("published once the wait is over").hasValue(1);

    PublishPacer capped = new PublishPacer();
    capped.run(0, () -> busy(1_000));
    capped.run(1_000 + PublishPacer.MAX_WAIT_MILLIS + 500, runs::incrementAndGet);
    assertThat(runs).as("a second of work waits at most the cap, not nine seconds").hasValue(2);
  }

  /** Keeps the thread's CPU busy for about {@code millis}; returns the milliseconds it took. */
  private static long busy(long millis) {
    long start = System.nanoTime();
    long x = 0;
    while (System.nanoTime() - start < millis * 1_000_000) x += x * 31 + 7;
    if (x == 42) System.out.print("");
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
