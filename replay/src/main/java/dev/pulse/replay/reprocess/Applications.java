package dev.pulse.replay.reprocess;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import dev.pulse.streams.Engine;
import dev.pulse.streams.EngineShape;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Kafka Streams applications of the views topology as the cluster sees them: a consumer group named
 * after the application id, and the internal topics the topology's description names
 * ({@link ViewsTopology#internalTopics}).
 *
 * <p>Internal topics are matched by their exact names, not by the prefix alone: {@code pulse-views-}
 * is also the prefix of every {@code pulse-views-<timestamp>} application's topics.
 */
public final class Applications {

  /** What {@link #delete} removed. */
  public record Deleted(String applicationId, Set<String> topics, boolean group) {}

  private final Admin admin;

  public Applications(Admin admin) {
    this.admin = admin;
  }

  /** Members of the application's group now: 0 when it is not running (or never ran). */
  public int members(String applicationId) {
    try {
      ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(applicationId)).describedGroups()
          .get(applicationId).get();
      return d.members().size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) return 0;
      throw new IllegalStateException("cannot describe group " + applicationId + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The application's internal topics that exist on the cluster, whichever engine it ran. */
  public Set<String> internalTopics(String applicationId) {
    Set<String> expected = new TreeSet<>();
    for (Engine engine : Engine.values()) expected.addAll(EngineShape.internalTopics(engine, applicationId));
    Set<String> names = InputOffsets.get(admin.listTopics(new ListTopicsOptions().listInternal(false)).names());
    expected.retainAll(names);
    return expected;
  }

  /**
   * Deletes the internal topics and the consumer group of an application that no longer runs.
   *
   * @throws IllegalStateException when it still runs: deleting its topics would break it
   */
  public Deleted delete(String applicationId) {
    int members = members(applicationId);
    if (members > 0) {
      throw new IllegalStateException("application " + applicationId + " is still running (" + members
          + " members in its group): stop it, or switch the server to the new application, first (an instance"
          + " that stopped without leaving stays a member until its session times out, 45 s by default)");
    }
    Set<String> topics = internalTopics(applicationId);
    if (!topics.isEmpty()) {
      InputOffsets.get(admin.deleteTopics(topics).all());
    }
    boolean group;
    try {
      admin.deleteConsumerGroups(List.of(applicationId)).all().get();
      group = true;
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof GroupIdNotFoundException)) {
        throw new IllegalStateException("cannot delete group " + applicationId + ": " + e.getCause().getMessage(), e.getCause());
      }
      group = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return new Deleted(applicationId, topics, group);
  }
}
