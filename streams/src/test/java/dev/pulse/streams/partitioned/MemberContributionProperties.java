package dev.pulse.streams.partitioned;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.streams.partitioned.MemberContribution.UnitMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The shortcut a counting attendance record takes (only the months it adds, their quarters and
 * years when no other month of them counted yet) sends exactly what a whole recount would.
 */
class MemberContributionProperties {

  @Property(tries = 500)
  void addingMonthsSendsWhatARecountWould(@ForAll("months") Set<UnitMonth> had, @ForAll("monthList") List<UnitMonth> added) {
    MemberContribution before = new MemberContribution(Set.of(), had, Set.of());
    Set<UnitMonth> all = new HashSet<>(had);
    all.addAll(added);
    MemberContribution after = new MemberContribution(Set.of(), all, Set.of());

    assertThat(normalised(MemberContribution.added(had, added)))
        .isEqualTo(normalised(after.minus(before)));
  }

  @Property(tries = 200)
  void participantRowsAreEachMonthWithItsQuarterAndYear(@ForAll("months") Set<UnitMonth> months) {
    Set<MemberContribution.Row> rows = new MemberContribution(Set.of(), months, Set.of()).participantRows();
    for (UnitMonth m : months) {
      int year = Math.floorDiv(m.month(), 12);
      int quarter = year * 4 + Math.floorMod(m.month(), 12) / 3;
      assertThat(rows).contains(new MemberContribution.Row(m.unitId(), 2, m.month()),
          new MemberContribution.Row(m.unitId(), 1, quarter), new MemberContribution.Row(m.unitId(), 0, year));
    }
    long distinctYears = months.stream().map(m -> m.unitId() + Math.floorDiv(m.month(), 12)).distinct().count();
    assertThat(rows.stream().filter(r -> r.kind() == 0).count()).isEqualTo(distinctYears);
  }

  @Provide
  Arbitrary<Set<UnitMonth>> months() {
    return unitMonth().set().ofMaxSize(20);
  }

  @Provide
  Arbitrary<List<UnitMonth>> monthList() {
    return unitMonth().list().ofMaxSize(8);
  }

  private static Arbitrary<UnitMonth> unitMonth() {
    return Combinators.combine(Arbitraries.of("DB", "D1", "C1", "B1"), Arbitraries.integers().between(2023 * 12,
        2024 * 12 + 11)).as(UnitMonth::new);
  }

  /** Deltas per unit as a sorted list, so that two ways of sending the same changes compare equal. */
  private static Map<String, List<String>> normalised(Map<String, List<Wire.Delta>> deltas) {
    Map<String, List<String>> out = new HashMap<>();
    deltas.forEach((unit, list) -> {
      List<String> texts = new ArrayList<>();
      list.forEach(d -> texts.add(d.toString()));
      texts.sort(null);
      if (!texts.isEmpty()) out.put(unit, texts);
    });
    return out;
  }
}
