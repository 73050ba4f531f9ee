package dev.pulse.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * A registry client that reads straight from a {@link RegistryState}: the in-memory registry of
 * tests and the registry process's own client. Subclasses say how a write is made.
 */
public abstract class StateBackedClient implements SchemaRegistryClient {

  protected final RegistryState state;

  protected StateBackedClient(RegistryState state) {
    this.state = state;
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
}
