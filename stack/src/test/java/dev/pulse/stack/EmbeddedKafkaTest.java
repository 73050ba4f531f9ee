package dev.pulse.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

  @TempDir Path dataDir;

  @Test
  void createsContractTopicsAndKeepsRecordsAcrossARestart() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0)) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        TopicSetup.Result first = TopicSetup.ensure(admin, Topics.ALL, (short) 1);
        assertThat(first.created()).hasSize(Topics.ALL.size());
        assertThat(TopicSetup.ensure(admin, Topics.ALL, (short) 1).created()).isEmpty();

        Map<String, TopicDescription> described =
            admin.describeTopics(Topics.ALL.stream().map(Topic::name).toList()).allTopicNames().get();
        for (Topic<?> t : Topics.ALL) {
          assertThat(described.get(t.name()).partitions()).as(t.name()).hasSize(t.partitions());
          var resource = new ConfigResource(ConfigResource.Type.TOPIC, t.name());
          var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
          t.config().forEach((k, v) -> assertThat(config.get(k).value()).as(t.name() + " " + k).isEqualTo(v));
        }
      }

      produce(kafka, "before-restart");
      kafka.kill();
      assertThat(kafka.isRunning()).isFalse();
      kafka.restart();
      produce(kafka, "after-restart");

      assertThat(readAll(kafka)).containsExactly("before-restart", "after-restart");
    }
  }

  private static void produce(EmbeddedKafka kafka, String value) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), 0, "k", value)).get();
    }
  }

  private static List<String> readAll(EmbeddedKafka kafka) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "embedded-kafka-test");
    try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.DEAD_LETTERS.name()));
      List<String> values = new java.util.ArrayList<>();
      long deadline = System.currentTimeMillis() + 30_000;
      while (values.size() < 2 && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) values.add(r.value());
      }
      return values;
    }
  }
}
