package dev.pulse.replay;

import dev.pulse.kafka.KafkaOptions;
import dev.pulse.registry.RegistryOptions;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.replay.export.ClusterConnection;
import java.util.Map;
import picocli.CommandLine.Mixin;

/** Where Kafka and the Schema Registry are: the options every replay command shares. */
public final class ClusterOptions {

  @Mixin KafkaOptions kafka;
  @Mixin RegistryOptions registry;

  public ClusterConnection connection() {
    return new ClusterConnection(kafka.bootstrapServers(), kafka.clientProperties());
  }

  public SchemaRegistryClient registry() {
    return registry.client();
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public Map<String, Object> clientProperties() {
    return kafka.clientProperties();
  }

  public String schemaRegistryUrl() {
    return registry.url();
  }
}
