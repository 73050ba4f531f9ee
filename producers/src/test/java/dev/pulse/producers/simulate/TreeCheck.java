package dev.pulse.producers.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import java.util.HashMap;
import java.util.Map;

/** The standing tree is one province DB of districts of communes of branches, as many as the scale says. */
final class TreeCheck {

  private TreeCheck() {}

  static void assertConsistent(Map<String, Unit> units, Scale scale) {
    Map<UnitLevel, UnitLevel> parentLevel = Map.of(UnitLevel.DISTRICT, UnitLevel.PROVINCE,
        UnitLevel.COMMUNE, UnitLevel.DISTRICT, UnitLevel.BRANCH, UnitLevel.COMMUNE);
    Map<UnitLevel, Long> perLevel = new HashMap<>();
    for (Unit u : units.values()) {
      perLevel.merge(u.getLevel(), 1L, Long::sum);
      if (u.getLevel() == UnitLevel.PROVINCE) {
        assertThat(u.getParentId()).as("root %s", u.getUnitId()).isNull();
        assertThat(u.getUnitId()).isEqualTo("DB");
        continue;
      }
      Unit parent = units.get(u.getParentId());
      assertThat(parent).as("parent of %s", u.getUnitId()).isNotNull();
      assertThat(parent.getLevel()).as("level of the parent of %s", u.getUnitId()).isEqualTo(parentLevel.get(u.getLevel()));
      String pattern = switch (u.getLevel()) {
        case DISTRICT -> "DB-\\d\\d";
        case COMMUNE -> "DB-\\d\\d-\\d\\d";
        default -> "DB-\\d\\d-\\d\\d-\\d\\d";
      };
      assertThat(u.getUnitId()).matches(pattern);
    }
    assertThat(perLevel).containsExactlyInAnyOrderEntriesOf(Map.of(UnitLevel.PROVINCE, 1L,
        UnitLevel.DISTRICT, (long) scale.districts(), UnitLevel.COMMUNE, (long) scale.communes(),
        UnitLevel.BRANCH, (long) scale.branches()));
  }
}
