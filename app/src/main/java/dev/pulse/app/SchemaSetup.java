package dev.pulse.app;

import dev.pulse.contract.Topic;
import dev.pulse.registry.CompatibilityLevel;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the value schema of every Avro topic of the contract under its subject
 * ({@code <topic>-value}), so that any client, ours or not, can read the topics from the first
 * record on, and holds each subject to BACKWARD compatibility (SPEC.md §1).
 */
public final class SchemaSetup {

  private static final Logger log = LoggerFactory.getLogger(SchemaSetup.class);

  /** Levels that already guarantee what BACKWARD does, and are left as the operator set them. */
  private static final Set<CompatibilityLevel> AT_LEAST_BACKWARD = Set.of(
      CompatibilityLevel.BACKWARD, CompatibilityLevel.BACKWARD_TRANSITIVE,
      CompatibilityLevel.FULL, CompatibilityLevel.FULL_TRANSITIVE);

  private SchemaSetup() {}

  /**
   * Registers each topic's schema (registering an unchanged schema again returns its id and adds
   * no version).
   *
   * @return the schema id of each subject, in the order of the topics
   * @throws IllegalStateException naming the subject when the registry refuses a schema
   */
  public static Map<String, Integer> registerAll(SchemaRegistryClient registry, Collection<Topic<?>> topics) {
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (Topic<?> topic : topics) {
      if (!topic.isAvro()) continue;
      String subject = topic.valueSubject();
      try {
        holdToBackward(registry, subject);
        ids.put(subject, registry.register(subject, topic.valueSchema()));
      } catch (SchemaRegistryException e) {
        throw new IllegalStateException("the schema registry refused the schema of " + topic.name()
            + " under subject " + subject + ": " + e.getMessage(), e);
      }
    }
    log.info("Contract schemas registered: {}", ids);
    return Collections.unmodifiableMap(ids);
  }

  private static void holdToBackward(SchemaRegistryClient registry, String subject) {
    CompatibilityLevel level = CompatibilityLevel.parse(registry.compatibility(subject));
    if (!AT_LEAST_BACKWARD.contains(level)) {
      log.info("Subject {} was held to {} compatibility; setting BACKWARD as the contract says", subject, level);
      registry.setCompatibility(subject, CompatibilityLevel.BACKWARD.name());
    }
  }
}
