package dev.pulse.replay;

import dev.pulse.kafka.ClientProperties;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.replay.export.ClusterConnection;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where Kafka and the Schema Registry are: the options every replay command shares. */
public final class ClusterOptions {

  @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", paramLabel = "HOST:PORT[,...]",
      description = "Kafka (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(names = "--schema-registry", defaultValue = "http://localhost:8081", paramLabel = "URL",
      description = "Schema Registry (default: ${DEFAULT-VALUE}).")
  String schemaRegistry;

  @Option(names = {"--kafka-config", "--command-config"}, paramLabel = "FILE",
      description = "Kafka client properties (security, tuning), as pulse up's --kafka-config and Kafka's own"
          + " tools' --command-config take them.")
  Path commandConfig;

  public ClusterConnection connection() {
    return new ClusterConnection(bootstrapServers, commandConfig == null ? Map.of() : ClientProperties.load(commandConfig));
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
