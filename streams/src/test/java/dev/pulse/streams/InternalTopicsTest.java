package dev.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.streams.ledger.LedgerStores;
import org.junit.jupiter.api.Test;

/** The internal topics named from the topology's own description, as Kafka Streams names them. */
class InternalTopicsTest {

  @Test
  void every_store_has_its_changelog_and_the_ledger_its_repartition_topic_under_the_application_id() {
    var topics = ViewsTopology.internalTopics("pulse-views-7");
    LedgerStores.ALL.forEach(store -> assertThat(topics).contains("pulse-views-7-" + store.name() + "-changelog"));
    assertThat(topics).contains("pulse-views-7-" + ViewsTopology.LEDGER + "-repartition");
    assertThat(topics).allMatch(t -> t.startsWith("pulse-views-7-") && (t.endsWith("-changelog") || t.endsWith("-repartition")));
  }
}
