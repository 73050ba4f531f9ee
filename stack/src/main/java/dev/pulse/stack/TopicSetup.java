package dev.pulse.stack;

import dev.pulse.contract.Topic;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of the contract with their partition counts, retention and compaction, and
 * brings the settings of topics that already exist back to the contract's.
 */
public final class TopicSetup {

  private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

  private TopicSetup() {}

  /** What {@link #ensure} did. */
  public record Result(List<String> created, List<String> reconfigured, List<String> unchanged) {}

  /**
   * Makes every topic exist with its contract settings.
   *
   * @param replicationFactor 1 on a single broker, 3 on a production cluster
   */
  public static Result ensure(Admin admin, Collection<Topic<?>> topics, short replicationFactor) {
    try {
      Set<String> existing = admin.listTopics().names().get();
      List<String> created = new ArrayList<>();
      List<String> reconfigured = new ArrayList<>();
      List<String> unchanged = new ArrayList<>();
      List<NewTopic> toCreate = new ArrayList<>();
      for (Topic<?> t : topics) {
        if (!existing.contains(t.name())) {
          toCreate.add(new NewTopic(t.name(), t.partitions(), replicationFactor).configs(t.config()));
        }
      }
      if (!toCreate.isEmpty()) {
        for (var entry : admin.createTopics(toCreate).values().entrySet()) {
          try {
            entry.getValue().get();
            created.add(entry.getKey());
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) throw e;
          }
        }
      }
      for (Topic<?> t : topics) {
        if (created.contains(t.name())) continue;
        if (alignConfig(admin, t)) reconfigured.add(t.name()); else unchanged.add(t.name());
      }
      if (!created.isEmpty()) log.info("Created topics {}", created);
      if (!reconfigured.isEmpty()) log.info("Brought the settings of {} back to the contract", reconfigured);
      return new Result(created, reconfigured, unchanged);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not create the topics: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /**
   * Checks, without creating or changing anything, that these topics exist: what an instance that
   * logs in as a role principal does instead of {@link #ensure}, since only the cluster's admin may
   * create topics on a secured cluster (docs/security.md).
   *
   * @throws IllegalStateException naming every topic that is missing or that this principal may
   *     not see
   */
  public static void requireExisting(Admin admin, Collection<Topic<?>> topics) {
    List<String> names = topics.stream().map(Topic::name).toList();
    List<String> missing = new ArrayList<>();
    List<String> hidden = new ArrayList<>();
    for (var entry : admin.describeTopics(names).topicNameValues().entrySet()) {
      try {
        entry.getValue().get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          missing.add(entry.getKey());
        } else if (e.getCause() instanceof TopicAuthorizationException) {
          hidden.add(entry.getKey());
        } else {
          throw new IllegalStateException("could not describe topic " + entry.getKey() + ": "
              + e.getCause().getMessage(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while describing topics", e);
      }
    }
    if (missing.isEmpty() && hidden.isEmpty()) return;
    StringBuilder msg = new StringBuilder();
    if (!missing.isEmpty()) {
      msg.append("topics ").append(missing).append(" do not exist: create them as the cluster's admin"
          + " (deploy/kafka-init.sh does), or run once without a role so Pulse creates them");
    }
    if (!hidden.isEmpty()) {
      if (msg.length() > 0) msg.append("; ");
      msg.append("this principal may not see topics ").append(hidden)
          .append(": its ACLs lack them (docs/security.md lists what each principal needs)");
    }
    throw new IllegalStateException(msg.toString());
  }

  /**
   * The topics as {@code kafka-topics} commands, for a shell where {@code $KAFKA_TOPICS} runs the
   * tool as the cluster's admin and {@code $REPLICATION} holds the replication factor: what
   * deploy/kafka-init.sh runs, held to the contract by a test.
   */
  public static List<String> kafkaTopicsCommands(Collection<Topic<?>> topics) {
    List<String> lines = new ArrayList<>();
    for (Topic<?> t : topics) {
      StringBuilder sb = new StringBuilder("$KAFKA_TOPICS --create --if-not-exists --topic ").append(t.name())
          .append(" --partitions ").append(t.partitions()).append(" --replication-factor $REPLICATION");
      new java.util.TreeMap<>(t.config()).forEach((k, v) -> sb.append(" --config ").append(k).append('=').append(v));
      lines.add(sb.toString());
    }
    return lines;
  }

  private static boolean alignConfig(Admin admin, Topic<?> t) throws ExecutionException, InterruptedException {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, t.name());
    Config current = admin.describeConfigs(List.of(resource)).all().get().get(resource);
    List<AlterConfigOp> ops = new ArrayList<>();
    for (Map.Entry<String, String> wanted : t.config().entrySet()) {
      ConfigEntry have = current.get(wanted.getKey());
      if (have == null || !wanted.getValue().equals(have.value())) {
        ops.add(new AlterConfigOp(new ConfigEntry(wanted.getKey(), wanted.getValue()), AlterConfigOp.OpType.SET));
      }
    }
    if (ops.isEmpty()) return false;
    Map<ConfigResource, Collection<AlterConfigOp>> change = new HashMap<>();
    change.put(resource, ops);
    admin.incrementalAlterConfigs(change).all().get();
    return true;
  }
}
