package dev.pulse.kafka;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the Kafka cluster is, and who to log in as: the one declaration of
 * {@code --bootstrap-servers} and {@code --kafka-config}, mixed into every command that talks to
 * an existing cluster ({@code pulse import}, {@code simulate}, {@code token}, {@code replay},
 * {@code rebuild}, {@code reprocess}, {@code verify}).
 */
public final class KafkaOptions {

  @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", paramLabel = "HOST:PORT[,...]",
      description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(names = {"--kafka-config", "--command-config"}, paramLabel = "FILE",
      description = "Kafka client properties (security.protocol, sasl.*, ssl.*, tuning) to log in with, as Kafka's own"
          + " tools take them with --command-config; see docs/security.md.")
  Path kafkaConfig;

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The client properties of {@code --kafka-config}; empty without it. */
  public Map<String, Object> clientProperties() {
    return kafkaConfig == null ? Map.of() : ClientProperties.load(kafkaConfig);
  }
}
