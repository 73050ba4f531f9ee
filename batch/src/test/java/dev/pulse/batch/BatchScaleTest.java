package dev.pulse.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How long {@link BatchViews#compute} takes on a province-scale year. It prints the time and
 * asserts none. Off by default; run it with
 * {@code mvn -B -o -pl streams test -Dtest=BatchScaleTest -Dpulse.scale=true}, or run {@link #main}.
 */
class BatchScaleTest {

  @Test
  @EnabledIfSystemProperty(named = "pulse.scale", matches = "true")
  void computesAProvinceScaleYear() {
    assertThat(run()).isNotNull();
  }

  public static void main(String[] args) {
    run();
  }

  private static BatchViews run() {
    long t0 = System.nanoTime();
    History history = SyntheticProvince.generate(SyntheticProvince.Shape.province(), 2023);
    long t1 = System.nanoTime();
    System.out.printf("generated: %,d units, %,d memberships, %,d activities, %,d attendance, %,d household records in %.1f s%n",
        history.units().size(), history.memberships().size(), history.activities().size(),
        history.attendance().size(), history.households().size(), (t1 - t0) / 1e9);
    // Wall time depends on what else the machine runs; the thread's CPU time less so.
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    BatchViews views = null;
    for (int run = 1; run <= 2; run++) {
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      views = BatchViews.compute(history);
      long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
      long end = System.nanoTime();
      Runtime rt = Runtime.getRuntime();
      System.out.printf("compute run %d: %.1f s (%.1f s on this thread's CPU); %,d participation, %,d poverty, %,d activities rows; heap used %,d MiB of max %,d MiB%n",
          run, (end - start) / 1e9, cpu / 1e9, views.participation().size(), views.poverty().size(),
          views.activities().size(), (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
    }
    return views;
  }
}
