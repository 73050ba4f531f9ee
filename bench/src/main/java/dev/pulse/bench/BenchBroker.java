package dev.pulse.bench;

import dev.pulse.contract.Topics;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.registry.server.SchemaRegistryServer;
import dev.pulse.stack.EmbeddedKafka;
import dev.pulse.stack.TopicSetup;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The one fresh broker of a run, with the Schema Registry and the contract's topics: the raw
 * tools, the views and the plain count all work on it, so that their figures compare.
 */
final class BenchBroker implements AutoCloseable {

  private final EmbeddedKafka kafka;
  private final SchemaRegistryServer registryServer;
  private final Admin admin;
  private final SchemaRegistryClient registry;

  private BenchBroker(EmbeddedKafka kafka, SchemaRegistryServer registryServer, Admin admin) {
    this.kafka = kafka;
    this.registryServer = registryServer;
    this.admin = admin;
    this.registry = new RestSchemaRegistryClient(registryServer.url());
  }

  static BenchBroker start(Path dir) {
    EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    try {
      Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
      TopicSetup.ensure(admin, Topics.ALL, (short) 1);
      SchemaRegistryServer registryServer = SchemaRegistryServer.start(0, kafka.bootstrapServers());
      return new BenchBroker(kafka, registryServer, admin);
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  String registryUrl() {
    return registryServer.url();
  }

  SchemaRegistryClient registry() {
    return registry;
  }

  Admin admin() {
    return admin;
  }

  @Override
  public void close() {
    admin.close();
    registryServer.close();
    kafka.close();
  }
}
