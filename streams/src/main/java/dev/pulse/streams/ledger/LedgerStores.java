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

  /** A named store with the serde of its values; keys are strings. */
  public record StoreDef<V>(String name, Serde<V> valueSerde) {
    public StoreBuilder<KeyValueStore<String, V>> builder(boolean inMemory) {
      KeyValueBytesStoreSupplier supplier = inMemory
          ? Stores.inMemoryKeyValueStore(name)
          : Stores.persistentKeyValueStore(name);
      return Stores.keyValueStoreBuilder(supplier, Serdes.String(), valueSerde).withCachingEnabled();
    }
  }

  private static final TypeReference<TreeSet<String>> ID_SET = new TypeReference<>() {};

  public static final StoreDef<UnitFact> UNITS = new StoreDef<>("units", StateSerde.of(UnitFact.class));
  /** parentId → the units that name it as parent, whether or not it exists: the tree read downwards. */
  public static final StoreDef<TreeSet<String>> CHILDREN = new StoreDef<>("unit-children", StateSerde.of(ID_SET));
  public static final StoreDef<MembershipFact> MEMBERSHIPS =
      new StoreDef<>("memberships", StateSerde.of(MembershipFact.class));
  public static final StoreDef<ActivityFact> ACTIVITIES = new StoreDef<>("activities", StateSerde.of(ActivityFact.class));
  public static final StoreDef<AttendanceFact> ATTENDANCE =
      new StoreDef<>("attendance", StateSerde.of(AttendanceFact.class));
  public static final StoreDef<HouseholdEventFact> HOUSEHOLD_EVENTS =
      new StoreDef<>("household-events", StateSerde.of(HouseholdEventFact.class));
  /** memberId → the units the member counts for, per period. */
  public static final StoreDef<MemberCount> MEMBERS = new StoreDef<>("member-counts", StateSerde.of(MemberCount.class));
  /** memberId → the member's memberships. */
  public static final StoreDef<TreeSet<String>> MEMBER_MEMBERSHIPS =
      new StoreDef<>("member-memberships", StateSerde.of(ID_SET));
  /** "memberId|attendanceId" → the standing attendance record: a member's attendance is one prefix scan. */
  public static final StoreDef<AttendanceFact> MEMBER_ATTENDANCE =
      new StoreDef<>("member-attendance", StateSerde.of(AttendanceFact.class));
  /** "activityId|attendanceId" → memberId, for each standing PRESENT attendance record. */
  public static final StoreDef<String> ACTIVITY_ATTENDEES =
      new StoreDef<>("activity-attendees", StateSerde.of(String.class));
  public static final StoreDef<HouseholdState> HOUSEHOLDS =
      new StoreDef<>("households", StateSerde.of(HouseholdState.class));
  public static final StoreDef<ActivityState> ACTIVITY_STATE =
      new StoreDef<>("activity-state", StateSerde.of(ActivityState.class));
  /** branchId → members with a membership naming it. */
  public static final StoreDef<TreeSet<String>> BRANCH_MEMBERS = new StoreDef<>("branch-members", StateSerde.of(ID_SET));
  /** branchId → households with an event naming it. */
  public static final StoreDef<TreeSet<String>> BRANCH_HOUSEHOLDS =
      new StoreDef<>("branch-households", StateSerde.of(ID_SET));
  /** unitId → activities it organises. */
  public static final StoreDef<TreeSet<String>> UNIT_ACTIVITIES =
      new StoreDef<>("unit-activities", StateSerde.of(ID_SET));
  public static final StoreDef<YearRange> YEARS = new StoreDef<>("view-years", StateSerde.of(YearRange.class));

  /** The materialised views: "unitId|period" or "unitId|year" → figures. Queried by the HTTP API. */
  public static final StoreDef<ParticipationCounts> PARTICIPATION =
      new StoreDef<>("participation-view", StateSerde.of(ParticipationCounts.class));
  public static final StoreDef<PovertyCounts> POVERTY = new StoreDef<>("poverty-view", StateSerde.of(PovertyCounts.class));
  public static final StoreDef<ActivityFigures.Counts> ACTIVITY_VIEW =
      new StoreDef<>("activities-view", StateSerde.of(ActivityFigures.Counts.class));

  /** Members ("m|id"), households ("h|id") and activities ("a|id") whose facts changed since they were last counted. */
  public static final StoreDef<Boolean> PENDING = new StoreDef<>("pending-recounts", StateSerde.of(Boolean.class));

  public static final List<StoreDef<?>> ALL = List.of(UNITS, CHILDREN, MEMBERSHIPS, ACTIVITIES, ATTENDANCE,
      HOUSEHOLD_EVENTS, MEMBERS, MEMBER_MEMBERSHIPS, MEMBER_ATTENDANCE, ACTIVITY_ATTENDEES, HOUSEHOLDS, ACTIVITY_STATE, BRANCH_MEMBERS, BRANCH_HOUSEHOLDS, UNIT_ACTIVITIES,
      YEARS, PARTICIPATION, POVERTY, ACTIVITY_VIEW, PENDING);

  private LedgerStores() {}
}
