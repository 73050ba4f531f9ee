package dev.pulse.streams;

import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.avro.PovertyRow;
import dev.pulse.batch.History;
import dev.pulse.batch.LogRecord;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.InMemorySchemaRegistryClient;
import dev.pulse.streams.ledger.LedgerStores;
import dev.pulse.streams.ledger.ViewRows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The views topology in a TopologyTestDriver: pipe a {@link History} in log order, publish, and
 * read the views back both from the stores (what queries see) and from the view topics (what
 * dashboards and analysts see).
 */
final class LedgerDriver implements AutoCloseable {

  private final TopologyTestDriver driver;
  private final Map<String, TestInputTopic<String, Object>> inputs = new HashMap<>();
  private final Map<String, TestOutputTopic<String, Object>> outputs = new HashMap<>();
  private final Map<String, Map<String, Object>> published = new HashMap<>();

  LedgerDriver(Path stateDir) {
    this(stateDir, true);
  }

  LedgerDriver(Path stateDir, boolean inMemoryStores) {
    this(stateDir, inMemoryStores, dev.pulse.contract.DateBounds.DEFAULT);
  }

  LedgerDriver(Path stateDir, boolean inMemoryStores, dev.pulse.contract.DateBounds bounds) {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    ViewsTopology.ContractSerdes serdes = PulseStreams.serdes(registry);
    var topology = ViewsTopology.build(serdes, inMemoryStores, Duration.ofMillis(100), bounds);
    StreamsSettings settings = StreamsSettings.local("unused:9092", "mock://", stateDir);
    Properties props = StreamsConfigs.of(settings);
    driver = new TopologyTestDriver(topology, props);
    for (Topic<?> t : Topics.INPUTS) {
      inputs.put(t.name(), input(t, serdes));
    }
    for (Topic<?> t : Topics.VIEWS) {
      outputs.put(t.name(), output(t, serdes));
      published.put(t.name(), new TreeMap<>());
    }
  }

  @SuppressWarnings("unchecked")
  private <V> TestInputTopic<String, Object> input(Topic<V> t, ViewsTopology.ContractSerdes serdes) {
    return (TestInputTopic<String, Object>) (TestInputTopic<?, ?>)
        driver.createInputTopic(t.name(), Serdes.String().serializer(), serdes.valueSerde(t).serializer());
  }

  @SuppressWarnings("unchecked")
  private <V> TestOutputTopic<String, Object> output(Topic<V> t, ViewsTopology.ContractSerdes serdes) {
    return (TestOutputTopic<String, Object>) (TestOutputTopic<?, ?>)
        driver.createOutputTopic(t.name(), Serdes.String().deserializer(), serdes.valueSerde(t).deserializer());
  }

  /** Pipes every record of the history in log order (by logPosition across topics), then publishes. */
  LedgerDriver pipe(History h) {
    return pipe(h, Integer.MAX_VALUE);
  }

  /** Pipes the history in log order, letting the ledger recount and publish after every {@code publishEvery} records. */
  LedgerDriver pipe(History h, int publishEvery) {
    List<Runnable> sends = new ArrayList<>();
    List<Long> positions = new ArrayList<>();
    add(h.units(), Topics.UNITS, sends, positions);
    add(h.memberships(), Topics.MEMBERSHIPS, sends, positions);
    add(h.activities(), Topics.ACTIVITIES, sends, positions);
    add(h.attendance(), Topics.ATTENDANCE, sends, positions);
    add(h.households(), Topics.HOUSEHOLD_STATUS, sends, positions);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < sends.size(); i++) order.add(i);
    order.sort(Comparator.comparing(positions::get));
    int sent = 0;
    for (int i : order) {
      sends.get(i).run();
      if (++sent % publishEvery == 0) publish();
    }
    return publish();
  }

  private <V> void add(List<LogRecord<V>> records, Topic<V> topic, List<Runnable> sends, List<Long> positions) {
    for (LogRecord<V> r : records) {
      sends.add(() -> inputs.get(topic.name()).pipeInput(r.key(), r.value()));
      positions.add(r.logPosition());
    }
  }

  <V> LedgerDriver send(Topic<V> topic, String key, V value) {
    inputs.get(topic.name()).pipeInput(key, value);
    return this;
  }

  /** Pipes one record with this Kafka timestamp (the moment it was sent). */
  <V> LedgerDriver sendAt(Topic<V> topic, String key, V value, java.time.Instant timestamp) {
    inputs.get(topic.name()).pipeInput(key, value, timestamp);
    return this;
  }

  /** The dead letters written so far, each as its error header; read once. */
  List<String> deadLetterReasons() {
    var out = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Serdes.ByteArray().deserializer(),
        Serdes.ByteArray().deserializer());
    List<String> reasons = new ArrayList<>();
    for (var r : out.readRecordsToList()) {
      var error = r.headers().lastHeader(Topics.DeadLetterHeaders.ERROR);
      reasons.add(error == null ? null : new String(error.value(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return reasons;
  }

  /** Lets the publishing punctuation run and collects what it published. */
  LedgerDriver publish() {
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    outputs.forEach((name, out) -> {
      for (KeyValue<String, Object> kv : out.readKeyValuesToList()) published.get(name).put(kv.key, kv.value);
    });
    return this;
  }

  /** The last row published per key on a view topic. */
  @SuppressWarnings("unchecked")
  <V> Map<String, V> published(Topic<V> topic) {
    return (Map<String, V>) published.get(topic.name());
  }

  Map<String, ParticipationRow> participationStore() {
    return fromStore(LedgerStores.PARTICIPATION, (k, v) -> ViewRows.participation(k, v, 0));
  }

  Map<String, PovertyRow> povertyStore() {
    return fromStore(LedgerStores.POVERTY, (k, v) -> ViewRows.poverty(k, v, 0));
  }

  Map<String, ActivitiesRow> activitiesStore() {
    return fromStore(LedgerStores.ACTIVITY_VIEW, (k, v) -> ViewRows.activities(k, v, 0));
  }

  private <S, R> Map<String, R> fromStore(LedgerStores.StoreDef<S> def, java.util.function.BiFunction<String, S, R> row) {
    KeyValueStore<String, S> store = driver.getKeyValueStore(def.name());
    Map<String, R> out = new TreeMap<>();
    try (var it = store.all()) {
      it.forEachRemaining(kv -> out.put(kv.key, row.apply(kv.key, kv.value)));
    }
    return out;
  }

  <S> KeyValueStore<String, S> store(LedgerStores.StoreDef<S> def) {
    return driver.getKeyValueStore(def.name());
  }

  @Override
  public void close() {
    driver.close();
  }
}
