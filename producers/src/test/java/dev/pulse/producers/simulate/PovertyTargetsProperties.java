package dev.pulse.producers.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The poverty design holds for any seed, any targets and any year, with or without mess. */
class PovertyTargetsProperties {

  @Property(tries = 25)
  void spec_section_4_on_the_standing_events_gives_exactly_the_targets(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 200) int households,
      @ForAll @IntRange(min = 0, max = 1_000) int supportedPerMille,
      @ForAll @IntRange(min = 0, max = 1_000) int exitedPerMille,
      @ForAll @IntRange(min = 2001, max = 2099) int year,
      @ForAll boolean messy) {
    int supported = households * supportedPerMille / 1_000;
    int exited = supported * exitedPerMille / 1_000;
    Scale scale = new Scale(2, 2, 2, 40, 3, 100, households, year, supported, exited);
    StandingData standing = new StandingData(false);
    new ProvinceGenerator(seed, scale, messy ? Mess.standard() : Mess.none()).deliveries().forEach(standing::accept);

    PovertyCheck.Figures f = PovertyCheck.compute(standing, "DB", year);
    assertThat(f.supported()).as("supported of %s", scale).isEqualTo(supported);
    assertThat(f.exited()).as("exited of %s", scale).isEqualTo(exited);
  }
}
