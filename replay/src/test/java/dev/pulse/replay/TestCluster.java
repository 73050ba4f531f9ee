package dev.pulse.replay;

import dev.pulse.batch.History;
import dev.pulse.batch.LogRecord;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.registry.server.SchemaRegistryServer;
import dev.pulse.replay.export.ClusterConnection;
import dev.pulse.serde.AvroSerdes;
import dev.pulse.stack.EmbeddedKafka;
import dev.pulse.stack.TopicSetup;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;

/** A real broker with every SPEC topic and a real registry, and ways to fill them and to run commands. */
final class TestCluster implements AutoCloseable {

  /** A record to send: its topic, key bytes, value bytes (null: a deletion), Kafka timestamp and headers. */
  record Sent(String topic, byte[] key, byte[] value, long timestamp, Headers headers) {
    Sent(String topic, String key, byte[] value, long timestamp, Headers headers) {
      this(topic, key == null ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8), value, timestamp, headers);
    }
  }

  /** What a command printed and answered. */
  record Run(int exit, String out, String err) {}

  private final EmbeddedKafka kafka;
  private final SchemaRegistryServer registryServer;
  private final SchemaRegistryClient registry;

  private TestCluster(EmbeddedKafka kafka, SchemaRegistryServer registryServer) {
    this.kafka = kafka;
    this.registryServer = registryServer;
    this.registry = new RestSchemaRegistryClient(registryServer.url());
  }

  static TestCluster start(Path dir) {
    EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      TopicSetup.ensure(admin, Topics.ALL, (short) 1);
    }
    return new TestCluster(kafka, SchemaRegistryServer.start(0, kafka.bootstrapServers()));
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

  ClusterConnection connection() {
    return ClusterConnection.of(kafka.bootstrapServers());
  }

  /** The options that point a command at this cluster. */
  String[] clusterOptions() {
    return new String[] {"--bootstrap-servers", bootstrapServers(), "--schema-registry", registryUrl()};
  }

  /** The value in the wire format, its schema registered as producers register it. */
  <V> byte[] encode(Topic<V> topic, V value) {
    return value == null ? null : AvroSerdes.forTopic(topic, registry).serializer().serialize(topic.name(), value);
  }

  /**
   * Every record of a history, in its log order, each with a timestamp chosen by the caller from
   * its topic and log record.
   */
  List<Sent> records(History h, TimestampOf timestamps) {
    List<Object[]> all = new ArrayList<>();
    add(h.units(), Topics.UNITS, timestamps, all);
    add(h.memberships(), Topics.MEMBERSHIPS, timestamps, all);
    add(h.activities(), Topics.ACTIVITIES, timestamps, all);
    add(h.attendance(), Topics.ATTENDANCE, timestamps, all);
    add(h.households(), Topics.HOUSEHOLD_STATUS, timestamps, all);
    all.sort(Comparator.comparingLong(r -> (Long) r[0]));
    return all.stream().map(r -> (Sent) r[1]).toList();
  }

  /** The Kafka timestamp of a record of a history. */
  @FunctionalInterface
  interface TimestampOf {
    long of(Topic<?> topic, LogRecord<?> record);
  }

  private <V> void add(List<LogRecord<V>> records, Topic<V> topic, TimestampOf timestamps, List<Object[]> out) {
    for (LogRecord<V> r : records) {
      out.add(new Object[] {r.logPosition(),
          new Sent(topic.name(), r.key(), encode(topic, r.value()), timestamps.of(topic, r), null)});
    }
  }

  /** Sends the records in order, waiting until Kafka has acknowledged them all. */
  void send(List<Sent> records) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (Sent s : records) {
        producer.send(new ProducerRecord<>(s.topic(), null, s.timestamp(), s.key(), s.value(), s.headers()));
      }
      producer.flush();
    }
  }

  /** Runs a command as {@code pulse} does (enum values in any case), capturing what it prints. */
  static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Override
  public void close() {
    registryServer.close();
    kafka.close();
  }
}
