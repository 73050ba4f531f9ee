package dev.pulse.bench;

import dev.pulse.kafka.KafkaConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Kafka's ProducerPerformance and ConsumerPerformance (kafka-tools), each in a JVM of its own, on
 * a topic shaped like Pulse's input topics, with records as large as Pulse's events and the
 * producer settings Pulse's own producers use.
 */
final class RawBench {

  static final String TOPIC = "bench.raw";
  /** As many partitions as each of Pulse's event topics. */
  static final int PARTITIONS = 6;

  private static final Pattern PRODUCED = Pattern.compile(
      "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\)");
  private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(20);

  private RawBench() {}

  static RawLimits run(BenchBroker broker, int recordBytes, long records, Path logDir) {
    createTopic(broker.admin());
    Map<String, Object> pulse = KafkaConfigs.durableProducer(broker.bootstrapServers(), Duration.ofSeconds(60));
    List<String> props = new ArrayList<>();
    for (String key : List.of(ProducerConfig.ACKS_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        ProducerConfig.LINGER_MS_CONFIG)) {
      props.add(key + "=" + pulse.get(key));
    }
    Progress.say("producing %,d records of %d bytes with ProducerPerformance (%s)", records, recordBytes,
        String.join(" ", props));
    List<String> produceArgs = new ArrayList<>(List.of("--bootstrap-server", broker.bootstrapServers(), "--topic", TOPIC,
        "--num-records", Long.toString(records), "--record-size", Integer.toString(recordBytes), "--throughput", "-1",
        "--command-property"));
    produceArgs.addAll(props);
    String produced = ChildJvm.run("org.apache.kafka.tools.ProducerPerformance", produceArgs,
        logDir.resolve("producer-performance.log"), TOOL_TIMEOUT);
    RawLimits.Throughput produce = parseProduced(produced, records);

    Progress.say("consuming them with ConsumerPerformance (isolation.level=read_committed)");
    String consumed = ChildJvm.run("org.apache.kafka.tools.ConsumerPerformance", List.of(
        "--bootstrap-server", broker.bootstrapServers(), "--topic", TOPIC, "--num-records", Long.toString(records),
        "--group", "pulse-bench-raw-" + UUID.randomUUID().toString().substring(0, 8), "--timeout", "30000",
        "--command-property", "isolation.level=read_committed"),
        logDir.resolve("consumer-performance.log"), TOOL_TIMEOUT);
    RawLimits.Throughput consume = parseConsumed(consumed);
    return new RawLimits(recordBytes, records, String.join(" ", props), produce, consume);
  }

  /** The last "N records sent, R records/sec (M MB/sec)" line: the whole run's figures. */
  static RawLimits.Throughput parseProduced(String output, long expected) {
    Matcher m = PRODUCED.matcher(output);
    RawLimits.Throughput last = null;
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      double rate = Double.parseDouble(m.group(2));
      last = new RawLimits.Throughput(n, rate, Double.parseDouble(m.group(3)), rate > 0 ? n / rate : 0);
    }
    if (last == null || last.records() != expected) {
      throw new IllegalStateException("ProducerPerformance did not report " + expected + " records sent; it printed:\n"
          + output);
    }
    return last;
  }

  /**
   * The line under ConsumerPerformance's header. Its fetch figures leave out the time the
   * consumer spent joining its group, which is no part of reading; where the tool could not tell
   * them apart (fetch time not positive) the overall figures are taken.
   */
  static RawLimits.Throughput parseConsumed(String output) {
    List<String> lines = output.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    for (int i = 0; i < lines.size() - 1; i++) {
      if (!lines.get(i).startsWith("start.time")) continue;
      List<String> header = List.of(lines.get(i).split("\\s*,\\s*"));
      String[] values = lines.get(i + 1).split("\\s*,\\s*");
      double mb = Double.parseDouble(values[header.indexOf("data.consumed.in.MB")]);
      long n = Long.parseLong(values[header.indexOf("data.consumed.in.nMsg")]);
      double fetchMs = Double.parseDouble(values[header.indexOf("fetch.time.ms")]);
      if (fetchMs > 0) {
        return new RawLimits.Throughput(n, n / (fetchMs / 1000), mb / (fetchMs / 1000), fetchMs / 1000);
      }
      double rate = Double.parseDouble(values[header.indexOf("nMsg.sec")]);
      return new RawLimits.Throughput(n, rate, Double.parseDouble(values[header.indexOf("MB.sec")]), n / rate);
    }
    throw new IllegalStateException("ConsumerPerformance printed no figures; it printed:\n" + output);
  }

  private static void createTopic(Admin admin) {
    try {
      admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not create the topic " + TOPIC + ": " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
