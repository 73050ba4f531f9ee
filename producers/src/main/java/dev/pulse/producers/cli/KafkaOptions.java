package dev.pulse.producers.cli;

import picocli.CommandLine.Option;

/** Where the Kafka cluster is; mixed into the commands that talk to it. */
public final class KafkaOptions {

  @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", paramLabel = "HOST:PORT[,…]",
      description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;
}
