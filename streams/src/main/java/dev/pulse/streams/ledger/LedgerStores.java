package dev.pulse.streams.ledger;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.pulse.streams.domain.ActivityFigures;
import dev.pulse.streams.domain.Facts.ActivityFact;
import dev.pulse.streams.domain.Facts.AttendanceFact;
import dev.pulse.streams.domain.Facts.HouseholdEventFact;
import dev.pulse.streams.domain.Facts.MembershipFact;
import dev.pulse.streams.domain.Facts.UnitFact;
import dev.pulse.streams.domain.YearRange;
import dev.pulse.streams.ledger.LedgerState.ActivityState;
import dev.pulse.streams.ledger.LedgerState.HouseholdState;
import dev.pulse.streams.ledger.LedgerState.MemberCount;
import dev.pulse.streams.ledger.LedgerState.ParticipationCounts;
import dev.pulse.streams.ledger.LedgerState.PovertyCounts;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The ledger's named state stores. Names are part of the application's persistent identity
 * (changelog topics are named after them): never rename one without a migration.
 */
public final class LedgerStores {

  /**
   * A named store with the serde of its values; keys are strings.
   *
   * @param cached whether writes pass through the Streams record cache, which folds repeated
   *     writes of one key into one changelog record per commit. It pays for keys written many
   *     times an interval (an activity's attendance count, the indexes); for keys written once
   *     (a fact, a member's counts after a recount) its sorted map costs more per operation than
   *     RocksDB itself, so those stores write straight through.
   */
  public record StoreDef<V>(String name, Serde<V> valueSerde, boolean cached) {
    public StoreBuilder<KeyValueStore<String, V>> builder(boolean inMemory) {
      KeyValueBytesStoreSupplier supplier = inMemory
          ? Stores.inMemoryKeyValueStore(name)
          : Stores.persistentKeyValueStore(name);
      var builder = Stores.keyValueStoreBuilder(supplier, Serdes.String(), valueSerde);
      return cached ? builder.withCachingEnabled() : builder.withCachingDisabled();
    }
  }

  private static final boolean CACHED = true;
  private static final boolean WRITTEN_THROUGH = false;

  private static final TypeReference<TreeSet<String>> ID_SET = new TypeReference<>() {};

  public static final StoreDef<UnitFact> UNITS =
      new StoreDef<>("units", StateSerde.of(StateCodecs.UNIT, UnitFact.class), CACHED);
  /** parentId → the units that name it as parent, whether or not it exists: the tree read downwards. */
  public static final StoreDef<TreeSet<String>> CHILDREN =
      new StoreDef<>("unit-children", StateSerde.of(StateCodecs.ID_SET, ID_SET), CACHED);
  public static final StoreDef<MembershipFact> MEMBERSHIPS =
      new StoreDef<>("memberships", StateSerde.of(StateCodecs.MEMBERSHIP, MembershipFact.class), WRITTEN_THROUGH);
  public static final StoreDef<ActivityFact> ACTIVITIES =
      new StoreDef<>("activities", StateSerde.of(StateCodecs.ACTIVITY, ActivityFact.class), CACHED);
  public static final StoreDef<AttendanceFact> ATTENDANCE =
      new StoreDef<>("attendance", StateSerde.of(StateCodecs.ATTENDANCE, AttendanceFact.class), WRITTEN_THROUGH);
  public static final StoreDef<HouseholdEventFact> HOUSEHOLD_EVENTS =
      new StoreDef<>("household-events",
          StateSerde.of(StateCodecs.HOUSEHOLD_EVENT, HouseholdEventFact.class), WRITTEN_THROUGH);
  /** memberId → the units the member counts for, per period. */
  public static final StoreDef<MemberCount> MEMBERS =
      new StoreDef<>("member-counts", StateSerde.of(StateCodecs.MEMBER_COUNT, MemberCount.class), WRITTEN_THROUGH);
  /** memberId → the member's memberships. */
  public static final StoreDef<TreeSet<String>> MEMBER_MEMBERSHIPS =
      new StoreDef<>("member-memberships", StateSerde.of(StateCodecs.ID_SET, ID_SET), WRITTEN_THROUGH);
  /** "memberId|attendanceId" → the standing attendance record: a member's attendance is one prefix scan. */
  public static final StoreDef<AttendanceFact> MEMBER_ATTENDANCE =
      new StoreDef<>("member-attendance", StateSerde.of(StateCodecs.ATTENDANCE, AttendanceFact.class), WRITTEN_THROUGH);
  /** "activityId|attendanceId" → memberId, for each standing PRESENT attendance record. */
  public static final StoreDef<String> ACTIVITY_ATTENDEES =
      new StoreDef<>("activity-attendees", StateSerde.of(StateCodecs.STRING, String.class), WRITTEN_THROUGH);
  public static final StoreDef<HouseholdState> HOUSEHOLDS =
      new StoreDef<>("households", StateSerde.of(StateCodecs.HOUSEHOLD, HouseholdState.class), WRITTEN_THROUGH);
  public static final StoreDef<ActivityState> ACTIVITY_STATE =
      new StoreDef<>("activity-state", StateSerde.of(StateCodecs.ACTIVITY_STATE, ActivityState.class), CACHED);
  /** branchId → members with a membership naming it. */
  public static final StoreDef<TreeSet<String>> BRANCH_MEMBERS =
      new StoreDef<>("branch-members", StateSerde.of(StateCodecs.ID_SET, ID_SET), CACHED);
  /** branchId → households with an event naming it. */
  public static final StoreDef<TreeSet<String>> BRANCH_HOUSEHOLDS =
      new StoreDef<>("branch-households", StateSerde.of(StateCodecs.ID_SET, ID_SET), CACHED);
  /** unitId → activities it organises. */
  public static final StoreDef<TreeSet<String>> UNIT_ACTIVITIES =
      new StoreDef<>("unit-activities", StateSerde.of(StateCodecs.ID_SET, ID_SET), CACHED);
  public static final StoreDef<YearRange> YEARS =
      new StoreDef<>("view-years", StateSerde.of(StateCodecs.YEAR_RANGE, YearRange.class), CACHED);

  /** The materialised views: "unitId|period" or "unitId|year" → figures. Queried by the HTTP API. */
  public static final StoreDef<ParticipationCounts> PARTICIPATION =
      new StoreDef<>("participation-view",
          StateSerde.of(StateCodecs.PARTICIPATION_COUNTS, ParticipationCounts.class), CACHED);
  public static final StoreDef<PovertyCounts> POVERTY =
      new StoreDef<>("poverty-view", StateSerde.of(StateCodecs.POVERTY_COUNTS, PovertyCounts.class), CACHED);
  public static final StoreDef<ActivityFigures.Counts> ACTIVITY_VIEW =
      new StoreDef<>("activities-view",
          StateSerde.of(StateCodecs.ACTIVITY_COUNTS, ActivityFigures.Counts.class), CACHED);

  /**
   * Members ("m|id"), households ("h|id") and activities ("a|id") whose facts changed since they
   * were last counted. The processor mirrors the keys in memory, so the store is only written.
   */
  public static final StoreDef<Boolean> PENDING =
      new StoreDef<>("pending-recounts", StateSerde.of(StateCodecs.BOOLEAN, Boolean.class), WRITTEN_THROUGH);

  public static final List<StoreDef<?>> ALL = List.of(UNITS, CHILDREN, MEMBERSHIPS, ACTIVITIES, ATTENDANCE,
      HOUSEHOLD_EVENTS, MEMBERS, MEMBER_MEMBERSHIPS, MEMBER_ATTENDANCE, ACTIVITY_ATTENDEES, HOUSEHOLDS, ACTIVITY_STATE, BRANCH_MEMBERS, BRANCH_HOUSEHOLDS, UNIT_ACTIVITIES,
      YEARS, PARTICIPATION, POVERTY, ACTIVITY_VIEW, PENDING);

  private LedgerStores() {}
}
