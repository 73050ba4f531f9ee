package dev.pulse.kafka;

import dev.pulse.contract.Topic;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates Pulse's own topics (not in SPEC.md) when they are missing. */
public final class InternalTopics {

  private static final Logger log = LoggerFactory.getLogger(InternalTopics.class);

  private InternalTopics() {}

  /**
   * Creates the topic if it is missing, with the cluster's default replication factor. A
   * principal that may read the topic sees it and creates nothing; on a secured cluster the admin
   * creates it beforehand.
   *
   * @param purpose what the topic holds, for the log
   */
  public static void ensure(String bootstrapServers, Map<String, Object> clientProperties, Topic<?> topic,
      String purpose) {
    try (Admin admin = Admin.create(KafkaConfigs.admin(bootstrapServers, clientProperties))) {
      if (admin.listTopics().names().get().contains(topic.name())) return;
      admin.createTopics(List.of(new NewTopic(topic.name(), Optional.of(topic.partitions()), Optional.empty())
          .configs(topic.config()))).all().get();
      log.info("Created topic {} for {}", topic.name(), purpose);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) return;
      throw new IllegalStateException("could not create topic " + topic.name() + " on " + bootstrapServers + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating " + topic.name(), e);
    }
  }
}
