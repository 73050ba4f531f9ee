package dev.pulse.registry.server;

import dev.pulse.registry.CompatibilityLevel;
import dev.pulse.registry.RegistryState;
import dev.pulse.registry.StateBackedClient;
import org.apache.avro.Schema;

/**
 * The registry as the process that runs it sees it: reads from the state, changes through the same
 * path as the HTTP API (one at a time, recorded in {@code _schemas}), without the write guard.
 */
final class OwnerClient extends StateBackedClient {

  private final RegistryApi api;

  OwnerClient(RegistryState state, RegistryApi api) {
    super(state);
    this.api = api;
  }

  @Override
  public int register(String subject, Schema schema) {
    return api.registerVersion(subject, schema, false).id();
  }

  @Override
  public void setCompatibility(String subjectOrNull, String level) {
    api.putCompatibility(subjectOrNull, CompatibilityLevel.parse(level));
  }
}
