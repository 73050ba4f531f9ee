package dev.pulse.app;

import dev.pulse.contract.Topic;
import dev.pulse.registry.CompatibilityLevel;
import dev.pulse.registry.RegisteredSchema;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the value schema of every Avro topic of the contract under its subject
 * ({@code <topic>-value}), so that any client, ours or not, can read the topics from the first
 * record on, and holds each subject to BACKWARD compatibility (SPEC.md §1).
 *
 * <p>A subject may hold a version Pulse did not register (a root admin may register any schema).
 * Pulse then writes with its own schema, which keeps its id, and says so: when the subject still
 * holds Pulse's schema, Pulse uses that version and warns that the latest is another; when it does
 * not (the subject was deleted and an incompatible schema registered), the owner of the registry
 * puts Pulse's schema back as the latest version, and an external registry stops the start with a
 * message that says what to delete.
 */
public final class SchemaSetup {

  private static final Logger log = LoggerFactory.getLogger(SchemaSetup.class);

  /** Levels that already guarantee what BACKWARD does, and are left as the operator set them. */
  private static final Set<CompatibilityLevel> AT_LEAST_BACKWARD = Set.of(
      CompatibilityLevel.BACKWARD, CompatibilityLevel.BACKWARD_TRANSITIVE,
      CompatibilityLevel.FULL, CompatibilityLevel.FULL_TRANSITIVE);

  /** How the owner of a registry registers its schema where the subject's compatibility level forbids it. */
  @FunctionalInterface
  public interface Owner {
    RegisteredSchema registerIgnoringCompatibility(String subject, Schema schema);
  }

  private SchemaSetup() {}

  /**
   * Registers each topic's schema on a registry that is not Pulse's own (registering an unchanged
   * schema again returns its id and adds no version).
   *
   * @return the schema id of each subject, in the order of the topics
   * @throws IllegalStateException naming the subject when the registry refuses a schema
   */
  public static Map<String, Integer> registerAll(SchemaRegistryClient registry, Collection<Topic<?>> topics) {
    return registerAll(registry, topics, null);
  }

  /**
   * Like {@link #registerAll(SchemaRegistryClient, Collection)}, putting Pulse's schema back as the
   * latest version where another schema, incompatible with it, took its place.
   *
   * @param owner how, or null when the registry is not Pulse's own
   */
  public static Map<String, Integer> registerAll(SchemaRegistryClient registry, Collection<Topic<?>> topics,
      Owner owner) {
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (Topic<?> topic : topics) {
      if (!topic.isAvro()) continue;
      String subject = topic.valueSubject();
      try {
        holdToBackward(registry, subject);
        int id = register(registry, subject, topic.valueSchema(), owner);
        warnIfLatestIsAnother(registry, subject, id);
        ids.put(subject, id);
      } catch (SchemaRegistryException e) {
        throw new IllegalStateException("the schema registry refused the schema of " + topic.name()
            + " under subject " + subject + ": " + e.getMessage(), e);
      }
    }
    log.info("Contract schemas registered: {}", ids);
    return Collections.unmodifiableMap(ids);
  }

  private static int register(SchemaRegistryClient registry, String subject, Schema schema, Owner owner) {
    try {
      return registry.register(subject, schema);
    } catch (SchemaRegistryException e) {
      if (e.errorCode() != SchemaRegistryException.INCOMPATIBLE_SCHEMA) throw e;
      RegisteredSchema other = registry.latest(subject);
      if (owner == null) {
        throw new IllegalStateException("subject " + subject + " no longer holds Pulse's schema "
            + schema.getFullName() + ", and its latest version " + other.version() + " (" + describe(other)
            + ") is incompatible with it; delete that version from the registry (DELETE /subjects/" + subject
            + "/versions/" + other.version() + ") and start Pulse again", e);
      }
      RegisteredSchema restored = owner.registerIgnoringCompatibility(subject, schema);
      log.warn("Subject {} no longer held Pulse's schema {}: its latest version {} was {}, incompatible with it."
          + " Pulse registered its own again as version {} (schema id {}), so that clients reading the latest"
          + " version get the contract; version {} is left in the registry for whoever registered it",
          subject, schema.getFullName(), other.version(), describe(other), restored.version(), restored.id(),
          other.version());
      return restored.id();
    }
  }

  /** Pulse writes with its own schema; a later version of another schema is worth an operator's look. */
  private static void warnIfLatestIsAnother(SchemaRegistryClient registry, String subject, int id) {
    RegisteredSchema latest = registry.latest(subject);
    if (latest.id() != id) {
      log.warn("Subject {}: its latest version {} is not Pulse's schema but {}; Pulse writes with its own"
          + " (schema id {}), and clients that read the latest version get the other one. If it is not a"
          + " planned evolution of the contract, a root admin can delete it: DELETE /subjects/{}/versions/{}",
          subject, latest.version(), describe(latest), id, subject, latest.version());
    }
  }

  private static String describe(RegisteredSchema registered) {
    return registered.schema().getFullName() + ", schema id " + registered.id();
  }

  private static void holdToBackward(SchemaRegistryClient registry, String subject) {
    CompatibilityLevel level = CompatibilityLevel.parse(registry.compatibility(subject));
    if (!AT_LEAST_BACKWARD.contains(level)) {
      log.info("Subject {} was held to {} compatibility; setting BACKWARD as the contract says", subject, level);
      registry.setCompatibility(subject, CompatibilityLevel.BACKWARD.name());
    }
  }
}
