package dev.pulse.registry;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A Schema Registry held in memory, with the semantics of the real one (global ids shared across
 * subjects, versions, BACKWARD compatibility by default, Confluent error codes), for tests that
 * run without HTTP such as TopologyTestDriver.
 */
public final class InMemorySchemaRegistryClient extends StateBackedClient {

  /** Ids by subject and schema, as {@link RestSchemaRegistryClient} keeps them: a serde registers per record. */
  private final Map<String, Map<Schema, Integer>> ids = new HashMap<>();

  public InMemorySchemaRegistryClient() {
    super(new RegistryState());
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    Map<Schema, Integer> idsOfSubject = ids.computeIfAbsent(subject, s -> new HashMap<>());
    Integer cached = idsOfSubject.get(schema);
    if (cached != null) {
      return cached;
    }
    RegisteredSchema registered = state.find(subject, schema).orElseGet(() -> {
      RegisteredSchema next = state.prepare(subject, schema);
      state.put(next);
      return next;
    });
    idsOfSubject.put(schema, registered.id());
    return registered.id();
  }

  @Override
  public void setCompatibility(String subjectOrNull, String level) {
    state.setCompatibility(subjectOrNull, CompatibilityLevel.parse(level));
  }
}
