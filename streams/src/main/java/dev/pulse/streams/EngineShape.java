package dev.pulse.streams;

import dev.pulse.registry.InMemorySchemaRegistryClient;
import dev.pulse.streams.ledger.LedgerStores;
import dev.pulse.streams.partitioned.PartitionedTopology;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/**
 * What an engine's application leaves on the cluster and in its stores, as the tools that manage
 * it (reprocess, rebuild, the benchmark) need to know it: its internal topics, read from the
 * topology itself so that they never drift from it, and the stores that queue recounts.
 */
public final class EngineShape {

  private EngineShape() {}

  /** The topology as described for names only: serdes over an empty registry, default options. */
  private static Topology describable(Engine engine) {
    var serdes = PulseStreams.serdes(new InMemorySchemaRegistryClient());
    return switch (engine) {
      case SINGLE -> ViewsTopology.build(serdes, false, Duration.ofSeconds(1));
      case PARTITIONED -> PartitionedTopology.build(serdes, PartitionedTopology.Options.defaults());
    };
  }

  /** Every internal topic (repartition topics and store changelogs) of the engine under this application id. */
  public static Set<String> internalTopics(Engine engine, String applicationId) {
    Set<String> topics = new TreeSet<>(repartitionTopics(engine, applicationId));
    for (TopologyDescription.Subtopology sub : describable(engine).describe().subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Processor processor) {
          processor.stores().forEach(store -> topics.add(applicationId + "-" + store + "-changelog"));
        }
      }
    }
    return topics;
  }

  /** The repartition topics: where records travel between the engine's stages. */
  public static Set<String> repartitionTopics(Engine engine, String applicationId) {
    Set<String> topics = new TreeSet<>();
    for (TopologyDescription.Subtopology sub : describable(engine).describe().subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
          source.topicSet().stream().filter(t -> t.endsWith("-repartition"))
              .map(t -> t.startsWith(applicationId + "-") ? t : applicationId + "-" + t).forEach(topics::add);
        }
      }
    }
    return topics;
  }

  /** The stores holding recounts still to do: all empty once every change has reached the rows. */
  public static List<String> recountQueues(Engine engine) {
    return switch (engine) {
      case SINGLE -> List.of(LedgerStores.PENDING.name());
      case PARTITIONED -> PartitionedTopology.RECOUNT_QUEUES;
    };
  }
}
