package dev.pulse.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WaitingRowsTest {

  private final AtomicLong now = new AtomicLong();
  private final WaitingRows rows = new WaitingRows(100, Duration.ofSeconds(15), now::get);

  @Test
  void aBurstOfChangesToFewRowsLeavesOneEntryPerRowWithItsLatestValueInFirstChangedOrder() throws Exception {
    for (int i = 0; i < 5_000; i++) {
      assertThat(rows.offer("row-" + (i % 10), "activities", "v" + i)).isTrue();
    }
    assertThat(rows.size()).isEqualTo(10);
    List<String> sent = new ArrayList<>();
    for (int r = 0; r < 10; r++) sent.add(rows.take()[1]);
    // row-0 changed first and last at i = 4990; row-9 last at i = 4999.
    assertThat(sent).containsExactly("v4990", "v4991", "v4992", "v4993", "v4994", "v4995", "v4996", "v4997",
        "v4998", "v4999");
  }

  @Test
  void aClientThatTakesNothingForLongerThanTheStallLimitWhileRowsWaitIsDropped() throws Exception {
    assertThat(rows.offer("a", "participation", "1")).isTrue();
    now.addAndGet(Duration.ofSeconds(14).toNanos());
    assertThat(rows.offer("b", "participation", "2")).as("14 s without a take").isTrue();
    rows.take();
    now.addAndGet(Duration.ofSeconds(14).toNanos());
    assertThat(rows.offer("c", "participation", "3")).as("a take 14 s ago").isTrue();
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(rows.offer("d", "participation", "4")).as("16 s since the last take, rows waiting").isFalse();
  }

  @Test
  void aLongQuietSpellIsNoStall() {
    now.addAndGet(Duration.ofMinutes(10).toNanos());
    assertThat(rows.offer("a", "poverty", "1")).as("nothing waited during the quiet spell").isTrue();
  }

  @Test
  void moreDistinctRowsWaitingThanAllowedDropTheClientButNewValuesOfWaitingRowsDoNot() {
    for (int i = 0; i < 100; i++) assertThat(rows.offer("row-" + i, "activities", "x")).isTrue();
    assertThat(rows.offer("row-7", "activities", "newer")).isTrue();
    assertThat(rows.offer("row-100", "activities", "x")).isFalse();
  }

  @Test
  void takeAnswersNullOnceClosed() throws Exception {
    rows.offer("a", "activities", "1");
    rows.close();
    assertThat(rows.take()).isNull();
  }
}
