package dev.pulse.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * The compatibility levels of the Confluent Schema Registry, checked with Avro's own
 * {@link SchemaCompatibility}.
 *
 * <p>BACKWARD: the new schema can read data written with the previous one. FORWARD: data written
 * with the new schema can be read with the previous one. FULL: both. The transitive variants check
 * against every earlier version instead of the latest only.
 */
public enum CompatibilityLevel {
  NONE(false, false, false),
  BACKWARD(true, false, false),
  BACKWARD_TRANSITIVE(true, false, true),
  FORWARD(false, true, false),
  FORWARD_TRANSITIVE(false, true, true),
  FULL(true, true, false),
  FULL_TRANSITIVE(true, true, true);

  private final boolean backward;
  private final boolean forward;
  private final boolean transitive;

  CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
    this.backward = backward;
    this.forward = forward;
    this.transitive = transitive;
  }

  /**
   * Parses a level as the REST API spells it, case-insensitively.
   *
   * @throws SchemaRegistryException 422 / 42203 naming the accepted levels
   */
  public static CompatibilityLevel parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL,
          "Invalid compatibility level '" + text + "': expected one of " + List.of(values()));
    }
  }

  /** Whether the candidate is checked against every earlier version, not only the latest. */
  public boolean isTransitive() {
    return transitive;
  }

  /** Why the candidate schema may not follow the existing one at this level; empty when it may. */
  public List<String> problems(Schema candidate, Schema existing) {
    List<String> problems = new ArrayList<>();
    if (backward) {
      describe("new schema cannot read data written with it", candidate, existing, problems);
    }
    if (forward) {
      describe("it cannot read data written with the new schema", existing, candidate, problems);
    }
    return problems;
  }

  private static void describe(String direction, Schema reader, Schema writer, List<String> out) {
    for (Incompatibility i :
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult().getIncompatibilities()) {
      out.add(direction + ": " + i.getType() + " at " + i.getLocation() + ": " + i.getMessage());
    }
  }
}
