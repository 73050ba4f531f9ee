package dev.pulse.bench;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars of the long steps, on standard error so that standard output keeps the table. */
final class Progress {

  private Progress() {}

  /** A bar counting {@code unit}s towards {@code max}, or counting without an end when max is -1. */
  static ProgressBar bar(String task, long max, String unit) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .setUnit(" " + unit, 1)
        .showSpeed()
        .setUpdateIntervalMillis(500)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .build();
  }

  /** A line of what the run is doing, between the bars. */
  static void say(String format, Object... args) {
    System.err.printf(java.util.Locale.ROOT, "pulse bench: " + format + "%n", args);
  }
}
