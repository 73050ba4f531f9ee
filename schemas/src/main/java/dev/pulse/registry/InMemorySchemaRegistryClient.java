package dev.pulse.registry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A Schema Registry held in memory, with the semantics of the real one (global ids shared across
 * subjects, versions, BACKWARD compatibility by default, Confluent error codes), for tests that
 * run without HTTP such as TopologyTestDriver.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

  private final RegistryState state = new RegistryState();
  /** Ids by subject and schema, as {@link RestSchemaRegistryClient} keeps them: a serde registers per record. */
  private final Map<String, Map<Schema, Integer>> ids = new HashMap<>();

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
  public int lookup(String subject, Schema schema) {
    return state.lookup(subject, schema).id();
  }

  @Override
  public Schema byId(int id) {
    return state.schema(id);
  }

  @Override
  public List<String> subjects() {
    return state.subjects();
  }

  @Override
  public List<Integer> versions(String subject) {
    return state.versions(subject);
  }

  @Override
  public RegisteredSchema latest(String subject) {
    return state.latest(subject);
  }

  @Override
  public RegisteredSchema version(String subject, int version) {
    return state.version(subject, version);
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    return state.incompatibilities(subject, schema, null).isEmpty();
  }

  @Override
  public String compatibility(String subjectOrNull) {
    return state.compatibility(subjectOrNull).name();
  }

  @Override
  public void setCompatibility(String subjectOrNull, String level) {
    state.setCompatibility(subjectOrNull, CompatibilityLevel.parse(level));
  }
}
