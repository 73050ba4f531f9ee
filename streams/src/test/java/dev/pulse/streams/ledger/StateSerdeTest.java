package dev.pulse.streams.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.avro.UnitLevel;
import dev.pulse.streams.domain.ActivityFigures;
import dev.pulse.streams.domain.Facts.ActivityFact;
import dev.pulse.streams.domain.Facts.AttendanceFact;
import dev.pulse.streams.domain.Facts.HouseholdEventFact;
import dev.pulse.streams.domain.Facts.MembershipFact;
import dev.pulse.streams.domain.Facts.UnitFact;
import dev.pulse.streams.domain.HouseholdTimeline.YearFigures;
import dev.pulse.streams.domain.MemberParticipation.Contribution;
import dev.pulse.streams.domain.YearRange;
import dev.pulse.streams.ledger.LedgerState.ActivityState;
import dev.pulse.streams.ledger.LedgerState.HouseholdCount;
import dev.pulse.streams.ledger.LedgerState.HouseholdState;
import dev.pulse.streams.ledger.LedgerState.MemberCount;
import dev.pulse.streams.ledger.LedgerState.ParticipationCounts;
import dev.pulse.streams.ledger.LedgerState.PovertyCounts;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * Every store value and ledger record survives the binary form unchanged, and values written in
 * the Smile form of earlier versions (in a changelog or state directory kept from then) still read.
 */
class StateSerdeTest {

  private static final UnitFact BRANCH = new UnitFact("DB-01-02-03", "DB-01-02", UnitLevel.BRANCH);
  private static final UnitFact PROVINCE = new UnitFact("DB", null, UnitLevel.PROVINCE);
  private static final MembershipFact OPEN = new MembershipFact("ms-1", "m-1", "DB-01-02-03", LocalDate.of(2020, 5, 1), null);
  private static final MembershipFact CLOSED =
      new MembershipFact("ms-2", "m-1", "DB-01-02-03", LocalDate.of(2019, 1, 1), LocalDate.of(2023, 2, 28));
  private static final ActivityFact ACTIVITY = new ActivityFact("act-1", "DB-01-02-03", "HYBRID",
      LocalDate.of(2023, 11, 5), List.of("FANPAGE", "ZALO"), true, 1_699_160_400_000L);
  private static final AttendanceFact ATTENDED =
      new AttendanceFact("att-1", "act-1", "m-1", LocalDate.of(2023, 11, 5), true, 1_699_160_400_000L);
  private static final HouseholdEventFact ASSESSED = new HouseholdEventFact("hh-1-a", "h-1", "DB-01-02-03", "POOR",
      true, LocalDate.of(2022, 12, 15), 1_671_156_000_000L);

  @Test
  void everyValueSurvivesTheBinaryFormAndTheSmileFormOfEarlierVersions() throws Exception {
    TreeSet<String> ids = new TreeSet<>(List.of("a", "b", "Chi hội Bản Tour"));
    MemberCount member = new MemberCount(new TreeMap<>(Map.of(
        "2023", new Contribution(new TreeSet<>(List.of("DB", "DB-01")), new TreeSet<>(List.of("DB"))),
        "2023-Q1", new Contribution(new TreeSet<>(List.of("DB", "DB-01")), new TreeSet<>()),
        "2023-01", new Contribution(new TreeSet<>(List.of("DB", "DB-01")), new TreeSet<>()))));
    HouseholdState household = new HouseholdState(List.of(ASSESSED), new TreeMap<>(Map.of(2023, new HouseholdCount(
        List.of("DB-01-02-03", "DB-01-02", "DB-01", "DB"), new YearFigures("DB-01-02-03", true, true, false, false, "NON_POOR")))));
    ActivityFigures.Counts counts = new ActivityFigures.Counts(1, 0, 0, 1, 1, Map.of("FANPAGE", 1L, "ZALO", -2L), 14, 99);
    ActivityState activity = new ActivityState(14,
        new ActivityFigures.Contribution(List.of("DB-01-02-03", "DB"), List.of("2023", "2023-Q4", "2023-11"), counts));

    roundTrip(LedgerStores.UNITS.valueSerde(), BRANCH);
    roundTrip(LedgerStores.UNITS.valueSerde(), PROVINCE);
    roundTrip(LedgerStores.UNITS.valueSerde(), new UnitFact("X", "Y", null));
    roundTrip(LedgerStores.CHILDREN.valueSerde(), ids);
    roundTrip(LedgerStores.CHILDREN.valueSerde(), new TreeSet<>());
    roundTrip(LedgerStores.MEMBERSHIPS.valueSerde(), OPEN);
    roundTrip(LedgerStores.MEMBERSHIPS.valueSerde(), CLOSED);
    roundTrip(LedgerStores.ACTIVITIES.valueSerde(), ACTIVITY);
    roundTrip(LedgerStores.ACTIVITIES.valueSerde(), new ActivityFact("act-2", "B", "ONLINE",
        LocalDate.of(1999, 1, 1), List.of(), false, -5));
    roundTrip(LedgerStores.ATTENDANCE.valueSerde(), ATTENDED);
    roundTrip(LedgerStores.MEMBER_ATTENDANCE.valueSerde(), ATTENDED);
    roundTrip(LedgerStores.HOUSEHOLD_EVENTS.valueSerde(), ASSESSED);
    roundTrip(LedgerStores.MEMBERS.valueSerde(), member);
    roundTrip(LedgerStores.MEMBERS.valueSerde(), new MemberCount(Map.of()));
    roundTrip(LedgerStores.ACTIVITY_ATTENDEES.valueSerde(), "m-1");
    roundTrip(LedgerStores.HOUSEHOLDS.valueSerde(), household);
    roundTrip(LedgerStores.ACTIVITY_STATE.valueSerde(), activity);
    roundTrip(LedgerStores.ACTIVITY_STATE.valueSerde(), new ActivityState(0, ActivityFigures.Contribution.NONE));
    roundTrip(LedgerStores.YEARS.valueSerde(), new YearRange(2020, 2024));
    roundTrip(LedgerStores.YEARS.valueSerde(), YearRange.EMPTY);
    roundTrip(LedgerStores.PARTICIPATION.valueSerde(), new ParticipationCounts(120_000, 7, 1_699_160_400_000L));
    roundTrip(LedgerStores.POVERTY.valueSerde(), new PovertyCounts(9, 3, 2, 1, 1, 4, 2, 1_699_160_400_000L));
    roundTrip(LedgerStores.ACTIVITY_VIEW.valueSerde(), counts);
    roundTrip(LedgerStores.PENDING.valueSerde(), Boolean.TRUE);

    Serde<LedgerInput> ledger = StateSerde.of(StateCodecs.LEDGER_INPUT, LedgerInput.class);
    roundTrip(ledger, LedgerInput.unit("DB", PROVINCE));
    roundTrip(ledger, LedgerInput.unit("DB-9", null));
    roundTrip(ledger, LedgerInput.membership("ms-1", OPEN));
    roundTrip(ledger, LedgerInput.membership("ms-1", null));
    roundTrip(ledger, LedgerInput.activity("act-1", ACTIVITY));
    roundTrip(ledger, LedgerInput.attendance("m-1", ATTENDED));
    roundTrip(ledger, LedgerInput.household("h-1", ASSESSED));
  }

  @Test
  void aMemberCountWritesEachSetOfUnitsOnce() {
    TreeMap<String, Contribution> counted = new TreeMap<>();
    for (int m = 1; m <= 12; m++) {
      counted.put(String.format("2023-%02d", m), new Contribution(
          new TreeSet<>(List.of("DB", "DB-01", "DB-01-02", "DB-01-02-03")), new TreeSet<>()));
    }
    byte[] bytes = LedgerStores.MEMBERS.valueSerde().serializer().serialize("t", new MemberCount(counted));
    System.out.printf("a member eligible in 12 months of 4 units: %d bytes%n", bytes.length);
    assertThat(bytes.length).as("12 periods naming one set of 4 units").isLessThan(12 * 10 + 50);
  }

  @Test
  void aDamagedValueIsRefusedWithWhatWasExpected() {
    byte[] bytes = LedgerStores.MEMBERSHIPS.valueSerde().serializer().serialize("t", OPEN);
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
    assertThatThrownBy(() -> LedgerStores.MEMBERSHIPS.valueSerde().deserializer().deserialize("memberships", cut))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("MembershipFact")
        .hasMessageContaining("memberships");
  }

  private static <T> void roundTrip(Serde<T> serde, T value) throws Exception {
    byte[] binary = serde.serializer().serialize("t", value);
    assertThat(binary[0]).isEqualTo(StateSerde.BINARY_V1);
    assertThat(serde.deserializer().deserialize("t", binary)).as("binary form of %s", value).isEqualTo(value);
    byte[] smile = StateSerde.smile(value);
    assertThat(serde.deserializer().deserialize("t", smile)).as("Smile form of %s", value).isEqualTo(value);
  }
}
