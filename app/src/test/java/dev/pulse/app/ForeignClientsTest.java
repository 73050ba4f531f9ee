package dev.pulse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.app.ContractSamples.Sample;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulse's topics read by clients that are not ours and know nothing of Pulse: Confluent's Python
 * client with its own Schema Registry client and Avro decoder, and kcat (librdkafka). Each test is
 * skipped, saying what to install, where its client is missing; CI installs both.
 */
class ForeignClientsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PYTHON_PACKAGES = "Debian packages python3-confluent-kafka python3-requests python3-avro";

  @TempDir static Path dataDir;
  static PulseStack stack;
  static final List<Sample<?>> samples = ContractSamples.oneOfEachInput();

  @BeforeAll
  static void upWithOneRecordOfEachInput() throws Exception {
    stack = StackUnderTest.start(StackOptions.onFreePorts(dataDir));
    RestSchemaRegistryClient registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
    for (Sample<?> sample : samples) send(sample, registry);
  }

  @AfterAll
  static void down() {
    if (stack != null) stack.close();
  }

  @Test
  void confluentKafkaForPythonDecodesEveryInputTopicThroughTheRegistry() throws Exception {
    Optional<String> python = pythonWithConfluentKafka();
    assumeTrue(python.isPresent(), "skipped: no python3 with confluent_kafka.avro; install the " + PYTHON_PACKAGES);
    Path script = Path.of(ForeignClientsTest.class.getResource("/clients/read_with_confluent_kafka.py").toURI());

    List<String> command = new ArrayList<>(List.of(python.get(), script.toString(),
        stack.bootstrapServers(), stack.schemaRegistryUrl()));
    Topics.INPUTS.forEach(t -> command.add(t.name()));
    Run run = run(command);
    assertThat(run.exitCode()).as("python client failed:\n" + run.stderr()).isZero();

    List<JsonNode> read = new ArrayList<>();
    for (String line : run.stdout().lines().toList()) read.add(JSON.readTree(line));
    for (Sample<?> sample : samples) {
      JsonNode record = read.stream()
          .filter(r -> r.get("topic").asText().equals(sample.topic().name()) && r.get("key").asText().equals(sample.key()))
          .reduce((first, second) -> second)
          .orElseThrow(() -> new AssertionError("python read no record with key " + sample.key() + " in "
              + sample.topic().name() + "; it read:\n" + run.stdout()));
      assertThat(record.get("schemaId").asInt()).isEqualTo(stack.schemaIds().get(sample.topic().valueSubject()));
      assertSameFields(record.get("value"), sample.value());
    }
  }

  @Test
  void kcatSeesEveryContractTopicWithItsPartitionsAndReadsTheKeys() throws Exception {
    assumeTrue(onPath("kcat"), "skipped: kcat is not installed (Debian package kcat)");

    Run metadata = run(List.of("kcat", "-b", stack.bootstrapServers(), "-L", "-J"));
    assertThat(metadata.exitCode()).as(metadata.stderr()).isZero();
    JsonNode topics = JSON.readTree(metadata.stdout()).get("topics");
    for (Topic<?> topic : Topics.ALL) {
      JsonNode described = Stream.iterate(0, i -> i < topics.size(), i -> i + 1).map(topics::get)
          .filter(t -> t.get("topic").asText().equals(topic.name())).findFirst()
          .orElseThrow(() -> new AssertionError("kcat does not list " + topic.name()));
      assertThat(described.get("partitions").size()).as(topic.name()).isEqualTo(topic.partitions());
    }

    for (Sample<?> sample : samples) {
      Run keys = run(List.of("kcat", "-b", stack.bootstrapServers(), "-C", "-t", sample.topic().name(),
          "-o", "beginning", "-e", "-q", "-f", "%k\\n"));
      assertThat(keys.exitCode()).as(keys.stderr()).isZero();
      assertThat(keys.stdout().lines()).as("keys of " + sample.topic().name()).contains(sample.key());
    }
  }

  // --- helpers ------------------------------------------------------------------------------

  /** Python's JSON against the record sent: ISO instants compared as instants, the rest as text. */
  private static void assertSameFields(JsonNode decoded, SpecificRecord sent) {
    for (Schema.Field field : sent.getSchema().getFields()) {
      Object expected = sent.get(field.pos());
      JsonNode actual = decoded.get(field.name());
      String what = sent.getSchema().getName() + "." + field.name();
      assertThat(actual).as(what + " is missing from " + decoded).isNotNull();
      if (expected == null) {
        assertThat(actual.isNull()).as(what + " = " + actual).isTrue();
      } else if (expected instanceof Instant instant) {
        assertThat(OffsetDateTime.parse(actual.asText()).toInstant()).as(what).isEqualTo(instant);
      } else if (expected instanceof List<?> list) {
        List<String> items = new ArrayList<>();
        actual.forEach(item -> items.add(item.asText()));
        assertThat(items).as(what).isEqualTo(list.stream().map(String::valueOf).toList());
      } else if (expected instanceof Boolean bool) {
        assertThat(actual.isBoolean() && actual.asBoolean() == bool).as(what + " = " + actual).isTrue();
      } else {
        assertThat(actual.asText()).as(what).isEqualTo(String.valueOf(expected));
      }
    }
  }

  private static <V extends SpecificRecord> void send(Sample<V> sample, RestSchemaRegistryClient registry)
      throws Exception {
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all");
    try (var producer = new KafkaProducer<>(config, new StringSerializer(),
        AvroSerdes.forTopic(sample.topic(), registry).serializer())) {
      producer.send(new ProducerRecord<>(sample.topic().name(), sample.key(), sample.value())).get();
    }
  }

  /** The first python3 that can import confluent_kafka's Avro support: the one on the PATH, or Debian's. */
  private static Optional<String> pythonWithConfluentKafka() {
    for (String python : List.of("python3", "/usr/bin/python3")) {
      try {
        if (run(List.of(python, "-c", "import confluent_kafka.avro")).exitCode() == 0) return Optional.of(python);
      } catch (IOException e) {
        // not installed there: try the next
      }
    }
    return Optional.empty();
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

  record Run(int exitCode, String stdout, String stderr) {}

  private static Run run(List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PYTHONIOENCODING", "utf-8");
    Process process = builder.start();
    process.getOutputStream().close();
    // Read stderr beside stdout so that neither pipe fills and blocks the child.
    var stderr = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
    String stdout = readAll(process.getInputStream());
    try {
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not finish within 120 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command, e);
    }
    return new Run(process.exitValue(), stdout, stderr.join());
  }

  private static String readAll(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(could not read: " + e.getMessage() + ")";
    }
  }
}
