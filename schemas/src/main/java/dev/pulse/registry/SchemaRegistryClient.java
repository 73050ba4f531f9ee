package dev.pulse.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The calls Pulse makes to a Schema Registry speaking the Confluent REST API. Every method throws
 * {@link SchemaRegistryException} with the registry's status and error code when it refuses.
 */
public interface SchemaRegistryClient {

  /** Registers the schema under the subject (or finds it there) and returns its global id. */
  int register(String subject, Schema schema);

  /**
   * The global id of a schema already registered under the subject.
   *
   * @throws SchemaRegistryException 40401 unknown subject, 40403 schema not registered under it
   */
  int lookup(String subject, Schema schema);

  /** @throws SchemaRegistryException 40403 for an unknown id */
  Schema byId(int id);

  List<String> subjects();

  List<Integer> versions(String subject);

  RegisteredSchema latest(String subject);

  RegisteredSchema version(String subject, int version);

  /** Whether the schema may be registered as the next version of the subject; true for a new subject. */
  boolean isCompatible(String subject, Schema schema);

  /** The compatibility level in force for the subject, or the global level for null. */
  String compatibility(String subjectOrNull);

  /** Sets the compatibility level of the subject, or the global level for null. */
  void setCompatibility(String subjectOrNull, String level);
}
