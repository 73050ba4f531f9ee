package dev.pulse.registry.server;

import dev.pulse.registry.CompatibilityLevel;
import dev.pulse.registry.RegisteredSchema;
import dev.pulse.registry.RegistryState;
import dev.pulse.registry.SchemaRegistryClient;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The registry as the process that runs it sees it: reads from the state, changes through the same
 * path as the HTTP API (one at a time, recorded in {@code _schemas}), without the write guard.
 */
final class OwnerClient implements SchemaRegistryClient {

  private final RegistryState state;
  private final RegistryApi api;

  OwnerClient(RegistryState state, RegistryApi api) {
    this.state = state;
    this.api = api;
  }

  @Override
  public int register(String subject, Schema schema) {
    return api.registerVersion(subject, schema, false).id();
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
    api.putCompatibility(subjectOrNull, CompatibilityLevel.parse(level));
  }
}
