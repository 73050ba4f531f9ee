package dev.pulse.streams.partitioned;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityKind;
import dev.pulse.avro.ActivityMode;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.CampaignsRow;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.AttendanceMode;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.avro.PovertyRow;
import dev.pulse.avro.PovertyStatus;
import dev.pulse.avro.UnitLevel;
import dev.pulse.contract.DateBounds;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * When a transaction fails (the broker went away, a commit timed out), Kafka Streams closes the
 * task dirty, restores its stores to the last commit and initialises <em>the same processor
 * objects</em> again, then reads the uncommitted input once more. Whatever a processor keeps in
 * memory must therefore be rebuilt in {@code init}: a processor re-initialised on restored stores
 * must send and store exactly what a new one does. Each case here processes some input (the
 * transaction that fails), re-initialises the processor on empty stores (the last commit was
 * before that input), processes the same input again, and compares with a new processor.
 */
class ReinitialisedTaskTest {

  private static final long NOW = 1_700_000_000_000L;
  private static final PartitionedTopology.StoreNames NAMES = PartitionedTopology.StoreNames.DEFAULT;

  @Test
  void memberAndRowTasksReinitialisedAfterAFailedTransactionSendAndStoreWhatNewOnesDo() {
    List<Record<String, byte[]>> input = new ArrayList<>(tree());
    input.add(new Record<>("a-1", Wire.activity(new Wire.ActivityMsg("a-1", true, List.of())), NOW));
    input.add(new Record<>("y", Wire.year(2023), NOW));
    for (String member : List.of("m-1", "m-2")) {
      input.add(new Record<>(member, Wire.membership(new Wire.MembershipMsg("ms-" + member, false, "P-1-1-B",
          day(2023, 1, 1), member.equals("m-1") ? Wire.OPEN : day(2023, 7, 31))), NOW));
      input.add(new Record<>(member, Wire.attendance(new Wire.AttendanceMsg("att-" + member, "a-1", NOW, true,
          day(2023, 5, 10))), NOW));
    }
    Run<String, byte[]> members = new Run<>(() -> new MemberProcessor(NAMES, 100, Duration.ofMillis(100)),
        List.of(NAMES.members(), NAMES.memberAttendance(), NAMES.units(), NAMES.activities(), NAMES.byBranch(),
            NAMES.byActivity(), NAMES.pending(), NAMES.outbox()));
    Outcome<String, byte[]> sent = assertReinitialisedIsNew(members, input);
    assertThat(sent.sent()).extracting(Record::key).as("the year mark, the activity's count, a change per unit")
        .contains(InputRecords.YEAR_KEY, "a-1", "P", "P-1", "P-1-1", "P-1-1-B");

    List<Record<String, byte[]>> toRows = sent.sent().stream().filter(r -> !ActivityWire.isActivityWire(r.value())).toList();
    Outcome<String, ParticipationRow> rows = assertReinitialisedIsNew(
        new Run<>(() -> new RowProcessor(NAMES, Duration.ofMillis(100)), List.of(NAMES.rows(), NAMES.covered())), toRows);
    assertThat(rows.sent()).extracting(r -> r.value().getEligible()).as("rows of 2023 with eligible members").contains(2L, 1L);
    assertThat(rows.stores().get(NAMES.covered())).as("the covered years, stored").isNotEmpty();
  }

  @Test
  void householdAndPovertyRowTasksReinitialisedAfterAFailedTransactionSendAndStoreWhatNewOnesDo() {
    PovertyStage.Names names = PovertyStage.Names.DEFAULT;
    List<Record<String, byte[]>> input = new ArrayList<>(tree());
    input.add(new Record<>("y", Wire.year(2023), NOW));
    input.add(new Record<>("h-1", PovertyWire.event(new PovertyWire.EventMsg("e-1", "P-1-1-B",
        PovertyStage.rank(PovertyStatus.POOR), true, day(2023, 2, 1), NOW)), NOW));
    input.add(new Record<>("h-1", PovertyWire.event(new PovertyWire.EventMsg("e-2", "P-1-1-B",
        PovertyStage.rank(PovertyStatus.NON_POOR), true, day(2023, 9, 1), NOW + 1)), NOW));
    Outcome<String, byte[]> sent = assertReinitialisedIsNew(
        new Run<>(() -> new HouseholdProcessor(names, 100, Duration.ofMillis(100)),
            List.of(names.households(), names.units(), names.byBranch(), names.pending())), input);
    assertThat(sent.sent()).extracting(Record::key).contains(InputRecords.YEAR_KEY, "P-1-1-B", "P");

    Outcome<String, PovertyRow> rows = assertReinitialisedIsNew(
        new Run<>(() -> new PovertyRowProcessor(names, Duration.ofMillis(100)), List.of(names.rows(), names.covered())),
        sent.sent());
    assertThat(rows.sent()).extracting(r -> r.value().getExitedHouseholds()).as("the household left poverty").contains(1L);
  }

  @Test
  void activityAndActivitiesRowTasksReinitialisedAfterAFailedTransactionSendAndStoreWhatNewOnesDo() {
    ActivitiesStage.StoreNames names = ActivitiesStage.StoreNames.DEFAULT;
    List<Record<String, byte[]>> input = new ArrayList<>(tree());
    input.add(new Record<>("y", Wire.year(2023), NOW));
    input.add(new Record<>("a-1", ActivityWire.version(new ActivityWire.Version("P-1-1-B", NOW, true, 0,
        day(2023, 5, 10), 1)), NOW));
    input.add(new Record<>("a-1", ActivityWire.attendanceCount(3), NOW));
    Outcome<String, byte[]> sent = assertReinitialisedIsNew(
        new Run<>(() -> new ActivityProcessor(names, 100, Duration.ofMillis(100)),
            List.of(names.state(), names.units(), names.byUnit(), names.pending())), input);
    assertThat(sent.sent()).extracting(Record::key).contains(InputRecords.YEAR_KEY, "P-1-1-B", "P");

    Outcome<String, ActivitiesRow> rows = assertReinitialisedIsNew(
        new Run<>(() -> new ActivitiesRowProcessor(names, Duration.ofMillis(100)), List.of(names.rows(), names.covered())),
        sent.sent());
    assertThat(rows.sent()).extracting(r -> r.value().getAttendances()).as("the activity's attendances").contains(3L);
  }

  @Test
  void campaignTasksReinitialisedAfterAFailedTransactionSendAndStoreWhatNewOnesDo() {
    ActivitiesStage.StoreNames activities = ActivitiesStage.StoreNames.DEFAULT;
    CampaignsStage.StoreNames names = CampaignsStage.StoreNames.DEFAULT;
    List<Record<String, byte[]>> input = new ArrayList<>(tree());
    input.add(new Record<>("a-1", ActivityWire.version(new ActivityWire.Version("P-1-1-B", NOW, true, 0,
        day(2023, 5, 10), 1, List.of("5 không 3 sạch", "Mái ấm tình thương"))), NOW));
    input.add(new Record<>("a-1", ActivityWire.attendanceCount(3), NOW));
    List<Record<String, byte[]>> fromActivity = assertReinitialisedIsNew(
        new Run<>(() -> new ActivityProcessor(activities, 100, Duration.ofMillis(100)),
            List.of(activities.state(), activities.units(), activities.byUnit(), activities.pending())), input)
        .sent().stream().filter(r -> CampaignWire.isCampaignWire(r.value())).toList();
    assertThat(fromActivity).extracting(r -> r.value()[0]).as("campaign rows and what the branch holds")
        .contains(CampaignWire.ROW_DELTAS, CampaignWire.HOLDING);

    List<Record<String, byte[]>> toHolding = new ArrayList<>(tree());
    fromActivity.stream().filter(r -> r.value()[0] == CampaignWire.HOLDING).forEach(toHolding::add);
    Outcome<String, byte[]> holding = assertReinitialisedIsNew(
        new Run<>(() -> new HoldingProcessor(names, 1, Duration.ofMillis(100)), List.of(names.holding(), names.units())),
        toHolding);
    assertThat(holding.sent()).extracting(Record::key).as("branchesHolding up the roll-up, branch counts")
        .contains("P-1-1-B", "P-1-1", "P-1", "P");

    List<Record<String, byte[]>> toRows = new ArrayList<>(fromActivity.stream()
        .filter(r -> r.value()[0] == CampaignWire.ROW_DELTAS).toList());
    toRows.addAll(holding.sent());
    Outcome<String, CampaignsRow> rows = assertReinitialisedIsNew(
        new Run<>(() -> new CampaignsRowProcessor(names, Duration.ofMillis(100)), List.of(names.rows())), toRows);
    assertThat(rows.sent()).filteredOn(r -> r.key().equals("P|2023|Mái ấm tình thương"))
        .extracting(r -> List.of(r.value().getHeld(), r.value().getAttendances(), r.value().getBranches(),
            r.value().getBranchesHolding()))
        .as("the province's row of one campaign").last().isEqualTo(List.of(1L, 3L, 1L, 1L));
  }

  @Test
  void routersReinitialisedAfterAFailedTransactionSendTheirYearMarksAgain() {
    List<Record<String, Activity>> activities = List.of(new Record<>("a-1", Activity.newBuilder().setActivityId("a-1")
        .setUnitId("P-1-1-B").setTitle("Sinh hoạt").setKind(ActivityKind.MEETING).setMode(ActivityMode.IN_PERSON)
        .setStartsAt(Instant.parse("2023-05-10T01:00:00Z")).setChannels(List.of()).setCampaigns(List.of())
        .setStatus(ActivityStatus.HELD).setRecordedAt(Instant.ofEpochMilli(NOW)).build(), NOW));
    Outcome<String, byte[]> sent = assertReinitialisedIsNew(new Run<>(
        () -> new InputRecords.ActivityRouter(DateBounds.DEFAULT, NAMES.activityStanding()),
        List.of(NAMES.activityStanding())), activities);
    assertThat(sent.sent()).extracting(Record::key).contains(InputRecords.YEAR_KEY, "a-1");

    List<Record<String, Attendance>> attendance = List.of(new Record<>("m-1", Attendance.newBuilder()
        .setAttendanceId("att-1").setActivityId("a-1").setMemberId("m-1").setRecordedBy("P-1-1-B")
        .setAttendedAt(Instant.parse("2023-05-10T01:00:00Z")).setMode(AttendanceMode.IN_PERSON)
        .setStatus(AttendanceStatus.PRESENT).setRecordedAt(Instant.ofEpochMilli(NOW)).build(), NOW));
    assertThat(assertReinitialisedIsNew(new Run<String, byte[]>(
        () -> new InputRecords.AttendanceVersions(DateBounds.DEFAULT), List.of()), attendance).sent())
        .extracting(Record::key).contains(InputRecords.YEAR_KEY, "m-1");
  }

  /**
   * Processes the input with a new processor, then with one that processed it once already and was
   * re-initialised on the stores as last committed (empty): both must send and store the same.
   */
  private static <I, K, V> Outcome<K, V> assertReinitialisedIsNew(Run<K, V> run, List<Record<String, I>> input) {
    Outcome<K, V> expected = run.process(input);
    Outcome<K, V> again = run.processAgainAfterAFailedTransaction(input);
    assertThat(render(again.sent())).as("what the re-initialised processor sent").isEqualTo(render(expected.sent()));
    assertThat(again.stores()).as("what its stores hold").isEqualTo(expected.stores());
    return expected;
  }

  private static List<Record<String, byte[]>> tree() {
    return List.of(unit("P", null, UnitLevel.PROVINCE), unit("P-1", "P", UnitLevel.DISTRICT),
        unit("P-1-1", "P-1", UnitLevel.COMMUNE), unit("P-1-1-B", "P-1-1", UnitLevel.BRANCH));
  }

  private static <K, V> List<String> render(List<Record<K, V>> records) {
    List<String> out = new ArrayList<>();
    for (Record<K, V> r : records) {
      Object v = r.value();
      out.add(r.key() + " → " + (v instanceof byte[] b ? Arrays.toString(b) : String.valueOf(v)));
    }
    return out;
  }

  private static Record<String, byte[]> unit(String id, String parent, UnitLevel level) {
    return new Record<>(id, Wire.unit(new Wire.UnitMsg(id, parent, level.ordinal())), NOW);
  }

  private static int day(int y, int m, int d) {
    return (int) LocalDate.of(y, m, d).toEpochDay();
  }

  /** What a processor sent, and what its stores hold in the end (store → key → value bytes). */
  record Outcome<K, V>(List<Record<K, V>> sent, Map<String, Map<String, String>> stores) {}

  /** A kind of processor with the names of its stores; every outcome comes from a new processor object. */
  record Run<K, V>(Supplier<? extends Processor<String, ?, K, V>> processors, List<String> storeNames) {

    <I> Outcome<K, V> process(List<Record<String, I>> input) {
      Processor<String, I, K, V> p = processor();
      MockProcessorContext<K, V> context = context();
      p.init(context);
      return feed(p, context, input);
    }

    /** One processor object: the input, a failed transaction, re-initialised on the stores as last committed (empty), the input again. */
    <I> Outcome<K, V> processAgainAfterAFailedTransaction(List<Record<String, I>> input) {
      Processor<String, I, K, V> p = processor();
      MockProcessorContext<K, V> first = context();
      p.init(first);
      feed(p, first, input);
      p.close();
      MockProcessorContext<K, V> restored = context();
      p.init(restored);
      return feed(p, restored, input);
    }

    @SuppressWarnings("unchecked")
    private <I> Processor<String, I, K, V> processor() {
      return (Processor<String, I, K, V>) processors.get();
    }

    private MockProcessorContext<K, V> context() {
      MockProcessorContext<K, V> context = new MockProcessorContext<>();
      for (String name : storeNames) {
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
            Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
      }
      return context;
    }

    private <I> Outcome<K, V> feed(Processor<String, I, K, V> p, MockProcessorContext<K, V> context,
        List<Record<String, I>> input) {
      context.setRecordMetadata("input", 0, 0);
      input.forEach(p::process);
      context.scheduledPunctuators().forEach(s -> s.getPunctuator().punctuate(NOW));
      List<Record<K, V>> sent = new ArrayList<>();
      context.forwarded().forEach(f -> sent.add(new Record<>(f.record().key(), f.record().value(), f.record().timestamp())));
      Map<String, Map<String, String>> stores = new TreeMap<>();
      for (String name : storeNames) {
        KeyValueStore<String, byte[]> store = context.getStateStore(name);
        Map<String, String> content = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
          it.forEachRemaining(kv -> content.put(kv.key, Arrays.toString(kv.value)));
        }
        stores.put(name, content);
      }
      return new Outcome<>(sent, stores);
    }
  }
}
