package dev.pulse.streams.partitioned;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The member task's outbox keeps what it added since its last flush in its store, one journal entry
 * per member change: a task that Kafka Streams initialises again on the store (a crash, a failed
 * transaction, another instance taking the task over) sends exactly the sums the first would have
 * sent; the sums an earlier version kept one entry each are sent too; a flush leaves nothing behind.
 */
class OutboxTest {

  private static final long NOW = 1_700_000_000_000L;
  private static final String CAMPAIGN = "DB-01|5 không 3 sạch";

  @Test
  void anOutboxBuiltAgainOnItsStoreSendsWhatTheFirstWouldHaveSent() {
    KeyValueStore<String, byte[]> store = store();
    Outbox first = new Outbox(store);
    addChanges(first);
    first.persist();
    // The task fails here: its stores are restored as they were committed, the journal in them.
    Outbox again = new Outbox(store);

    Map<String, Set<String>> sentAgain = flush(again);
    assertThat(sentAgain).isEqualTo(flush(withChanges()));
    assertThat(sentAgain).containsKeys("DB", "DB-01", "A-1");
    assertThat(contents(store)).as("the store after a flush").isEmpty();
  }

  @Test
  void changesAddedSinceTheLastPersistAreSentByTheFlushAndLeaveNothingBehind() {
    KeyValueStore<String, byte[]> store = store();
    Outbox outbox = new Outbox(store);
    addChanges(outbox);

    assertThat(contents(store)).as("one journal entry: the changes persisted before the last ones").hasSize(1);
    assertThat(flush(outbox)).isEqualTo(flush(withChanges()));
    assertThat(contents(store)).isEmpty();
  }

  @Test
  void changesThatCancelOutSendNothing() {
    Outbox outbox = new Outbox(store());
    outbox.add("DB", new Wire.Delta(false, MemberContribution.MONTH, 24_276, 24_276, 1));
    outbox.add("DB", new Wire.Delta(false, MemberContribution.MONTH, 24_276, 24_276, -1));
    outbox.persist();

    assertThat(flush(outbox)).isEmpty();
  }

  @Test
  void sumsKeptOneEntryEachByAnEarlierVersionAreSentAndDeleted() {
    KeyValueStore<String, byte[]> store = store();
    store.put(RowProcessor.key("DB", MemberContribution.MONTH, 24_276), ByteBuffer.allocate(8).putInt(0).putInt(2).array());
    store.put("~A-1", ByteBuffer.allocate(4).putInt(3).array());
    store.put("^" + RowProcessor.key(CAMPAIGN, MemberContribution.YEAR, 2023), ByteBuffer.allocate(4).putInt(1).array());

    Outbox outbox = new Outbox(store);
    Map<String, Set<String>> sent = flush(outbox);

    Outbox expected = new Outbox(store());
    expected.add("DB", new Wire.Delta(false, MemberContribution.MONTH, 24_276, 24_276, 2));
    expected.addAttendance("A-1", 3);
    expected.addCampaign(CAMPAIGN, new Wire.Delta(false, MemberContribution.YEAR, 2023, 2023, 1));
    assertThat(sent).isEqualTo(flush(expected));
    assertThat(contents(store)).isEmpty();
  }

  /** An eligible range, participants in a month, an attendance count and a campaign row, over two members. */
  private static void addChanges(Outbox outbox) {
    outbox.add("DB", new Wire.Delta(true, MemberContribution.MONTH, 24_270, 24_290, 1));
    outbox.add("DB-01", new Wire.Delta(true, MemberContribution.YEAR, 2022, Wire.OPEN, 1));
    outbox.add("DB", new Wire.Delta(false, MemberContribution.MONTH, 24_276, 24_276, 1));
    outbox.addAttendance("A-1", 1);
    outbox.addCampaign(CAMPAIGN, new Wire.Delta(false, MemberContribution.QUARTER, 8_092, 8_092, 1));
    outbox.persist();
    outbox.add("DB", new Wire.Delta(false, MemberContribution.MONTH, 24_276, 24_276, 1));
    outbox.addAttendance("A-1", 1);
    outbox.addCampaign(CAMPAIGN, new Wire.Delta(false, MemberContribution.QUARTER, 8_092, 8_092, 1));
  }

  private static Outbox withChanges() {
    Outbox outbox = new Outbox(store());
    addChanges(outbox);
    return outbox;
  }

  /** What a flush sends, per key: each record's changes, in no order. */
  private static Map<String, Set<String>> flush(Outbox outbox) {
    MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
    outbox.flush(context, NOW);
    Map<String, Set<String>> sent = new HashMap<>();
    for (var captured : context.forwarded()) {
      Record<? extends String, ? extends byte[]> r = captured.record();
      Set<String> changes = sent.computeIfAbsent(r.key(), k -> new HashSet<>());
      byte[] v = r.value();
      if (ActivityWire.isActivityWire(v)) {
        changes.add("attendances " + ActivityWire.readAttendanceCount(v));
      } else if (CampaignWire.isCampaignWire(v)) {
        CampaignWire.readRowDeltas(v).forEach(d -> changes.add(d.kind() + " " + d.ordinal() + " " + d.campaign() + " "
            + java.util.Arrays.toString(d.figures())));
      } else {
        Wire.readChanges(v).forEach(c -> changes.add(c.toString()));
      }
    }
    return sent;
  }

  private static KeyValueStore<String, byte[]> store() {
    MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
    KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("outbox"),
        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    return store;
  }

  private static List<String> contents(KeyValueStore<String, byte[]> store) {
    List<String> keys = new java.util.ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    return keys;
  }
}
