package dev.pulse.producers.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import java.time.Instant;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A province-sized year: how long it takes and how big it is (printed), and the Điện Biên 2023 figures. */
class ProvinceScaleTest {

  /** One pass over the Điện Biên year: its size and speed (printed), and its poverty figures (asserted). */
  @Test
  void the_dien_bien_2023_year_streams_in_seconds_and_gives_the_report_figures_by_spec_section_4() {
    Scale scale = Scale.dienBien2023();
    StandingData standing = new StandingData(false);
    Runtime rt = Runtime.getRuntime();
    long[] peakUsed = {0};
    long[] count = {0};
    long started = System.nanoTime();
    ProvinceGenerator.Summary summary = ProvinceGenerator.of(2023, scale).generate(new Sink() {
      @Override
      public <V> void send(Topic<V> topic, String key, V value) {
        if (++count[0] % 100_000 == 0) peakUsed[0] = Math.max(peakUsed[0], rt.totalMemory() - rt.freeMemory());
        if (topic != Topics.ATTENDANCE) standing.accept(new Delivery<>(0, Instant.EPOCH, topic, key, value));
      }
    });
    long millis = (System.nanoTime() - started) / 1_000_000;
    PovertyCheck.Figures f = PovertyCheck.compute(standing, "DB", 2023);
    System.out.printf("Scale.dienBien2023 (seed 2023): %,d deliveries in %,d ms (%,.0f records/s), heap used up to "
            + "~%,d MB, %d cores, load average %.1f: %s%n", summary.records(), millis,
        summary.records() * 1000.0 / Math.max(1, millis), peakUsed[0] >> 20, rt.availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        new TreeMap<>(summary.perTopic()));
    System.out.println("Scale.dienBien2023 poverty 2023 at DB: " + f);

    assertThat(f.supported()).isEqualTo(15_930);
    assertThat(f.exited()).isEqualTo(2_830);
    assertThat(summary.records()).isEqualTo(count[0]);
    TreeCheck.assertConsistent(standing.units, scale);
  }

  @Test
  void the_province_scale_is_the_dien_bien_shape_with_round_poverty_targets() {
    Scale province = Scale.province();
    Scale dienBien = Scale.dienBien2023();
    assertThat(new Scale(province.districts(), province.communesPerDistrict(), province.branchesPerCommune(),
        province.members(), province.activitiesPerBranchPerYear(), province.attendanceTarget(), province.households(),
        province.year(), dienBien.supportedHouseholds(), dienBien.exitedHouseholds())).isEqualTo(dienBien);
    assertThat(province.communes()).isEqualTo(130);
    assertThat(province.branches()).isEqualTo(1_300);
  }
}
