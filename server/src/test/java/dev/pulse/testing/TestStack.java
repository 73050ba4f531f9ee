package dev.pulse.testing;

import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.registry.server.SchemaRegistryServer;
import dev.pulse.serde.AvroSerdes;
import dev.pulse.stack.EmbeddedKafka;
import dev.pulse.stack.TopicSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A real broker with the contract's topics and a real Schema Registry, for one test class. */
public final class TestStack implements AutoCloseable {

  public final EmbeddedKafka kafka;
  public final SchemaRegistryServer registryServer;
  public final SchemaRegistryClient registry;

  private TestStack(EmbeddedKafka kafka, SchemaRegistryServer registryServer) {
    this.kafka = kafka;
    this.registryServer = registryServer;
    this.registry = new RestSchemaRegistryClient(registryServer.url());
  }

  public static TestStack start(Path dir) {
    EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      TopicSetup.ensure(admin, Topics.ALL, (short) 1);
    }
    return new TestStack(kafka, SchemaRegistryServer.start(0, kafka.bootstrapServers()));
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** Every committed record of a topic, decoded, in partition then offset order. */
  public <V> List<ConsumerRecord<String, V>> read(Topic<V> topic) {
    Deserializer<V> values = AvroSerdes.forTopic(topic, registry).deserializer();
    List<ConsumerRecord<String, V>> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : readRaw(topic.name())) {
      out.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(),
          r.value() == null ? null : values.deserialize(r.topic(), r.value())));
    }
    return out;
  }

  /** Every committed record of a topic as bytes (read_committed, from the beginning to the end). */
  public List<ConsumerRecord<String, byte[]>> readRaw(String topic) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) throw new AssertionError("could not read " + topic + " to its end");
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    out.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
        : Long.compare(a.offset(), b.offset()));
    return out;
  }

  public int count(Topic<?> topic) {
    return readRaw(topic.name()).size();
  }

  @Override
  public void close() {
    registryServer.close();
    kafka.close();
  }
}
