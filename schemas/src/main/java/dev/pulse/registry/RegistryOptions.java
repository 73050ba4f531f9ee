package dev.pulse.registry;

import picocli.CommandLine.Option;

/** Where the Schema Registry is: the one declaration of {@code --schema-registry}, mixed into the commands. */
public final class RegistryOptions {

  @Option(names = "--schema-registry", defaultValue = "http://localhost:8081", paramLabel = "URL",
      description = "Schema Registry (default: ${DEFAULT-VALUE}).")
  String url;

  public String url() {
    return url;
  }

  /** A client of the registry at {@code --schema-registry}. */
  public SchemaRegistryClient client() {
    return new RestSchemaRegistryClient(url);
  }
}
