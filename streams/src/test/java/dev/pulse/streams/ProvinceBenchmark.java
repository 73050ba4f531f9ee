package dev.pulse.streams;

import dev.pulse.batch.History;
import dev.pulse.batch.LogRecord;
import dev.pulse.batch.SyntheticProvince;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.registry.server.SchemaRegistryServer;
import dev.pulse.serde.AvroSerdes;
import dev.pulse.stack.EmbeddedKafka;
import dev.pulse.stack.TopicSetup;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A province-scale year through the real pipeline: load the input topics, then start the streams
 * from empty and time until every input record has been processed and every view row published.
 * Prints figures, among them the CPU seconds of the stream thread, which compare runs on a shared
 * machine better than the wall-clock time; asserts nothing. Arguments: the fraction of a province
 * (default 1.0), and {@code memory} to keep the state stores in memory instead of RocksDB. System
 * properties: {@code -Dpulse.streams=k=v,...} further streams properties, {@code -Dpulse.publishMs=N}
 * the ledger's publishing interval.
 */
public final class ProvinceBenchmark {

  public static void main(String[] args) throws Exception {
    double fraction = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
    boolean inMemory = args.length > 1 && args[1].equals("memory");
    Path dir = Files.createTempDirectory("pulse-bench");
    SyntheticProvince.Shape p = SyntheticProvince.Shape.province();
    SyntheticProvince.Shape shape = new SyntheticProvince.Shape(p.districts(), p.communesPerDistrict(),
        Math.max(1, (int) Math.round(p.branchesPerCommune() * fraction)), (int) (p.members() * fraction),
        p.firstJoinYear(), p.activitiesPerBranchMonth(), p.attendancePerActivity(), (int) (p.households() * fraction));
    History h = SyntheticProvince.generate(shape, 2023);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
         Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
         SchemaRegistryServer registryServer = SchemaRegistryServer.start(0, kafka.bootstrapServers())) {
      TopicSetup.ensure(admin, Topics.ALL, (short) 1);
      SchemaRegistryClient registry = new RestSchemaRegistryClient(registryServer.url());
      long t0 = System.nanoTime();
      long n = 0;
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 20,
          ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
          new StringSerializer(), new ByteArraySerializer())) {
        n += load(producer, registry, Topics.UNITS, h.units());
        n += load(producer, registry, Topics.MEMBERSHIPS, h.memberships());
        n += load(producer, registry, Topics.ACTIVITIES, h.activities());
        n += load(producer, registry, Topics.ATTENDANCE, h.attendance());
        n += load(producer, registry, Topics.HOUSEHOLD_STATUS, h.households());
      }
      System.out.printf("loaded %,d records in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);

      long t1 = System.nanoTime();
      double cpu0 = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime() / 1e9;
      StreamsSettings local = StreamsSettings.local(kafka.bootstrapServers(), registryServer.url(), dir.resolve("state"));
      // Further streams properties to try, as -Dpulse.streams=commit.interval.ms=1000,... (none by default).
      Map<String, Object> extra = new java.util.HashMap<>();
      for (String kv : System.getProperty("pulse.streams", "").split(",")) {
        if (kv.contains("=")) extra.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
      // The ledger's publishing interval, as -Dpulse.publishMs=1000 (the product's by default).
      Duration publishInterval = System.getProperty("pulse.publishMs") == null ? local.publishInterval()
          : Duration.ofMillis(Long.parseLong(System.getProperty("pulse.publishMs")));
      StreamsSettings settings = new StreamsSettings(local.bootstrapServers(), local.schemaRegistryUrl(),
          local.applicationId(), local.stateDir(), null, 1, inMemory, publishInterval, extra);
      System.out.printf("extra streams properties: %s%n", extra);
      System.out.printf("stores: %s; publishing every %d ms%n", inMemory ? "in memory" : "RocksDB",
          publishInterval.toMillis());
      try (PulseStreams streams = PulseStreams.start(settings, registry)) {
        long lastReport = 0;
        while (true) {
          long lag = lag(admin, StreamsSettings.DEFAULT_APPLICATION_ID);
          long now = System.nanoTime();
          if (now - lastReport > 5e9) {
            Runtime rt = Runtime.getRuntime();
            System.out.printf("  %5.1f s: lag %,d; heap %,d MiB%n", (now - t1) / 1e9, lag,
                (rt.totalMemory() - rt.freeMemory()) >> 20);
            lastReport = now;
          }
          if (lag == 0 && (now - t1) > 5e9) break;
          Thread.sleep(200);
        }
        double s = (System.nanoTime() - t1) / 1e9;
        Runtime rt = Runtime.getRuntime();
        System.out.printf("processed %,d records from empty in %.1f s: %,.0f records/s; heap used %,d MiB (max %,d)%n",
            n, s, n / s, (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
        // CPU seconds tell changes apart on a shared machine, where the wall-clock time depends on the neighbours.
        double process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime() / 1e9 - cpu0;
        System.out.printf("CPU: stream thread %.1f s, this JVM %.1f s (incl. GC, loading and the registry), "
            + "load average %s%n", streamThreadCpu() / 1e9, process, loadAverage());
      }
    }
  }

  private static <V> long load(KafkaProducer<String, byte[]> producer, SchemaRegistryClient registry, Topic<V> topic,
      List<LogRecord<V>> records) {
    var serializer = AvroSerdes.forTopic(topic, registry).serializer();
    for (LogRecord<V> r : records) {
      producer.send(new ProducerRecord<>(topic.name(), r.key(), serializer.serialize(topic.name(), r.value())));
    }
    return records.size();
  }

  /** CPU nanoseconds the application's stream threads used (not their clients' network threads). */
  private static long streamThreadCpu() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t != null && t.getThreadName().matches(".*-StreamThread-\\d+")) sum += threads.getThreadCpuTime(t.getThreadId());
    }
    return sum;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /** Records of the input topics and the ledger topic not yet committed by the application. */
  static long lag(Admin admin, String applicationId) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
    if (committed.isEmpty()) return Long.MAX_VALUE;
    Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
    committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        admin.listOffsets(latest, new org.apache.kafka.clients.admin.ListOffsetsOptions(
            org.apache.kafka.common.IsolationLevel.READ_COMMITTED)).all().get();
    long lag = 0;
    for (var e : committed.entrySet()) {
      long end = ends.get(e.getKey()).offset();
      lag += Math.max(0, end - e.getValue().offset() - 1 > 0 ? end - e.getValue().offset() : 0);
    }
    return lag;
  }
}
