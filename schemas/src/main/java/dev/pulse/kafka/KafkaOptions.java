package dev.pulse.kafka;

import dev.pulse.kafka.ClientProperties;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the Kafka cluster is, and who to log in as; mixed into the commands that talk to it. */
public final class KafkaOptions {

  @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", paramLabel = "HOST:PORT[,…]",
      description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(names = "--kafka-config", paramLabel = "FILE",
      description = "Kafka client properties (security.protocol, sasl.*, ssl.*) to log in with, as for kafka-acls"
          + " --command-config; see docs/security.md.")
  Path kafkaConfig;

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The client properties of {@code --kafka-config}; empty without it. */
  public Map<String, Object> clientProperties() {
    return kafkaConfig == null ? Map.of() : ClientProperties.load(kafkaConfig);
  }
}
