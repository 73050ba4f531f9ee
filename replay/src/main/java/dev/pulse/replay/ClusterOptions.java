package dev.pulse.replay;

import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.replay.export.ClusterConnection;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Where Kafka and the Schema Registry are: the options every replay command shares. */
public final class ClusterOptions {

  @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", paramLabel = "HOST:PORT[,...]",
      description = "Kafka (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(names = "--schema-registry", defaultValue = "http://localhost:8081", paramLabel = "URL",
      description = "Schema Registry (default: ${DEFAULT-VALUE}).")
  String schemaRegistry;

  @Option(names = "--command-config", paramLabel = "FILE",
      description = "Kafka client properties (security, tuning), as for Kafka's own tools.")
  Path commandConfig;

  public ClusterConnection connection() {
    Map<String, Object> props = new HashMap<>();
    if (commandConfig != null) {
      Properties p = new Properties();
      try (Reader in = Files.newBufferedReader(commandConfig)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read --command-config " + commandConfig + ": " + e.getMessage(), e);
      }
      p.forEach((k, v) -> props.put(k.toString(), v));
    }
    return new ClusterConnection(bootstrapServers, props);
  }

  public SchemaRegistryClient registry() {
    return new RestSchemaRegistryClient(schemaRegistry);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String schemaRegistryUrl() {
    return schemaRegistry;
  }
}
