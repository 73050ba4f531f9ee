package dev.pulse.streams;

import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.avro.PovertyRow;
import dev.pulse.contract.DateBounds;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.contract.InputRules;
import dev.pulse.streams.domain.Facts.ActivityFact;
import dev.pulse.streams.domain.Facts.AttendanceFact;
import dev.pulse.streams.domain.Facts.HouseholdEventFact;
import dev.pulse.streams.domain.Facts.MembershipFact;
import dev.pulse.streams.domain.Facts.UnitFact;
import dev.pulse.streams.ledger.LedgerInput;
import dev.pulse.streams.ledger.LedgerStores;
import dev.pulse.streams.ledger.StateCodecs;
import dev.pulse.streams.ledger.StateSerde;
import dev.pulse.streams.ledger.ViewsProcessor;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The topology that maintains view.participation.v1, view.poverty.v1 and view.activities.v1.
 *
 * <p>Every view row depends on the whole tree (roll-ups follow the current tree, distinct members
 * and households at every level), so all input facts meet in one ledger: the five input topics
 * are turned into facts and brought to a single partition, where {@link ViewsProcessor} keeps the
 * standing facts and each entity's contribution to the views.
 */
public final class ViewsTopology {

  /** Name of the repartition step that brings every fact to the ledger; part of the app's identity. */
  public static final String LEDGER = "ledger";
  public static final String VIEWS_PROCESSOR = "views";

  private ViewsTopology() {}

  /** The serdes the topology needs: the Avro value serde of each contract topic. */
  public interface ContractSerdes {
    <V> Serde<V> valueSerde(Topic<V> topic);
  }

  /** The topology with the default date bounds. */
  /** The internal topics of this engine under an application id ({@link EngineShape}). */
  public static java.util.Set<String> internalTopics(String applicationId) {
    return EngineShape.internalTopics(Engine.SINGLE, applicationId);
  }


  public static Topology build(ContractSerdes serdes, boolean inMemoryStores, Duration publishInterval) {
    return build(serdes, inMemoryStores, publishInterval, DateBounds.DEFAULT);
  }

  /**
   * The topology; an input record that breaks the rules ({@link InputRules}, with these date
   * bounds judged against its Kafka timestamp) goes to the dead letters.
   */
  public static Topology build(ContractSerdes serdes, boolean inMemoryStores, Duration publishInterval,
      DateBounds bounds) {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, LedgerInput> units = source(builder, serdes, bounds, Topics.UNITS,
        (k, v) -> LedgerInput.unit(k, v == null ? null : UnitFact.of(v)));
    KStream<String, LedgerInput> memberships = source(builder, serdes, bounds, Topics.MEMBERSHIPS,
        (k, v) -> LedgerInput.membership(k, v == null ? null : MembershipFact.of(v)));
    KStream<String, LedgerInput> activities = source(builder, serdes, bounds, Topics.ACTIVITIES,
        (k, v) -> LedgerInput.activity(k, v == null ? null : ActivityFact.of(v)));
    KStream<String, LedgerInput> attendance = source(builder, serdes, bounds, Topics.ATTENDANCE,
        (k, v) -> LedgerInput.attendance(k, v == null ? null : AttendanceFact.of(v)));
    KStream<String, LedgerInput> households = source(builder, serdes, bounds, Topics.HOUSEHOLD_STATUS,
        (k, v) -> LedgerInput.household(k, v == null ? null : HouseholdEventFact.of(v)));

    LedgerStores.ALL.forEach(def -> builder.addStateStore(def.builder(inMemoryStores)));
    String[] storeNames = LedgerStores.ALL.stream().map(LedgerStores.StoreDef::name).toArray(String[]::new);

    KStream<String, SpecificRecord> rows = units
        .merge(memberships, Named.as("merge-memberships"))
        .merge(activities, Named.as("merge-activities"))
        .merge(attendance, Named.as("merge-attendance"))
        .merge(households, Named.as("merge-households"))
        .repartition(Repartitioned.<String, LedgerInput>as(LEDGER)
            .withKeySerde(Serdes.String())
            .withValueSerde(StateSerde.of(StateCodecs.LEDGER_INPUT, LedgerInput.class))
            .withNumberOfPartitions(1))
        .process(() -> new ViewsProcessor(publishInterval), Named.as(VIEWS_PROCESSOR), storeNames);

    rows.filter((k, v) -> v instanceof ParticipationRow, Named.as("participation-rows"))
        .mapValues(v -> (ParticipationRow) v)
        .to(Topics.PARTICIPATION_VIEW.name(),
            Produced.with(Serdes.String(), serdes.valueSerde(Topics.PARTICIPATION_VIEW)));
    rows.filter((k, v) -> v instanceof PovertyRow, Named.as("poverty-rows"))
        .mapValues(v -> (PovertyRow) v)
        .to(Topics.POVERTY_VIEW.name(), Produced.with(Serdes.String(), serdes.valueSerde(Topics.POVERTY_VIEW)));
    rows.filter((k, v) -> v instanceof ActivitiesRow, Named.as("activities-rows"))
        .mapValues(v -> (ActivitiesRow) v)
        .to(Topics.ACTIVITIES_VIEW.name(),
            Produced.with(Serdes.String(), serdes.valueSerde(Topics.ACTIVITIES_VIEW)));
    return builder.build();
  }

  private static <V> KStream<String, LedgerInput> source(StreamsBuilder builder, ContractSerdes serdes,
      DateBounds bounds, Topic<V> topic, java.util.function.BiFunction<String, V, LedgerInput> toFact) {
    return builder
        .stream(topic.name(), Consumed.with(Serdes.String(), serdes.valueSerde(topic)).withName("read-" + topic.name()))
        .processValues(() -> new ToFact<>(topic, bounds, toFact), Named.as("fact-" + topic.name()));
  }

  /** An input record as a fact, or a {@link RuleViolation} (a dead letter) when it breaks the rules. */
  private static final class ToFact<V> implements FixedKeyProcessor<String, V, LedgerInput> {
    private final Topic<V> topic;
    private final DateBounds bounds;
    private final java.util.function.BiFunction<String, V, LedgerInput> toFact;
    private FixedKeyProcessorContext<String, LedgerInput> context;

    ToFact(Topic<V> topic, DateBounds bounds, java.util.function.BiFunction<String, V, LedgerInput> toFact) {
      this.topic = topic;
      this.bounds = bounds;
      this.toFact = toFact;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, LedgerInput> context) {
      this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
      String problem = InputRules.problem(topic, record.key(), record.value(), record.timestamp(), bounds);
      if (problem != null) throw new RuleViolation(topic.name(), problem);
      context.forward(record.withValue(toFact.apply(record.key(), record.value())));
    }
  }
}
