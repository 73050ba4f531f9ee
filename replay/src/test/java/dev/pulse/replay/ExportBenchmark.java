package dev.pulse.replay;

import dev.pulse.batch.History;
import dev.pulse.batch.LogRecord;
import dev.pulse.batch.SyntheticProvince;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.replay.export.ExportFormat;
import dev.pulse.replay.export.ExportSummary;
import dev.pulse.replay.export.TimeRange;
import dev.pulse.replay.export.TopicExport;
import dev.pulse.serde.AvroSerdes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Not a test: how fast {@code pulse replay} exports a province. Starts a broker and a registry in a
 * temporary directory, sends {@link SyntheticProvince.Shape#province()} (about 1.6 million input
 * records, 1.5 million of them attendance), then exports branch.attendance.v1 in every format and
 * prints rows per second. Run from the replay module:
 *
 * <pre>
 * mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -Xmx3g -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.pulse.avro \
 *   -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.pulse.replay.ExportBenchmark
 * </pre>
 */
public final class ExportBenchmark {

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("pulse-replay-benchmark");
    try (TestCluster cluster = TestCluster.start(dir)) {
      long t0 = System.nanoTime();
      History province = SyntheticProvince.generate(SyntheticProvince.Shape.province(), 1);
      long sent = send(cluster, province);
      System.out.printf(Locale.ROOT, "Sent %,d input records in %.1f s%n", sent, (System.nanoTime() - t0) / 1e9);

      for (int round = 1; round <= 2; round++) {
        for (ExportFormat format : ExportFormat.values()) {
          Path file = dir.resolve("attendance." + format.extension());
          ExportSummary s = TopicExport.run(cluster.connection(), cluster.registry(),
              new TopicExport.Request(Topics.ATTENDANCE, TimeRange.ALL, null, List.of(), format, file, false, false),
              new TopicExport.Listener() {});
          System.out.printf(Locale.ROOT, "round %d  %-8s %,10d rows in %6.1f s  %,9.0f rows/s  %,6d MB%n", round,
              format.extension(), s.exported(), s.elapsed().toMillis() / 1000.0, s.rowsPerSecond(),
              Files.size(file) / (1024 * 1024));
          Files.delete(file);
        }
      }
      System.out.printf(Locale.ROOT, "(%,d attendance records were sent)%n", province.attendance().size());

      // The commands as an analyst runs them, for their output: progress bar on stderr, summary, table.
      // (The records were sent just now: record time is now, so the range and the instant are now too.)
      String[] cl = cluster.clusterOptions();
      TestCluster.Run replay = TestCluster.run(new ReplayCommand(), cl[0], cl[1], cl[2], cl[3],
          "--topic", Topics.ATTENDANCE.name(), "--unit", "DB-03",
          "--output", dir.resolve("march-db03.parquet").toString());
      System.out.println(replay.out() + replay.err());
      TestCluster.Run rebuild = TestCluster.run(new RebuildCommand(), cl[0], cl[1], cl[2], cl[3],
          "--as-of", java.time.Instant.now().toString(), "--view", "poverty", "--unit", "DB", "--period", "2023");
      System.out.println(rebuild.out() + rebuild.err());
    }
  }

  private static long send(TestCluster cluster, History h) {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
        new StringSerializer(), new ByteArraySerializer())) {
      long n = 0;
      n += send(cluster, producer, Topics.UNITS, h.units());
      n += send(cluster, producer, Topics.MEMBERSHIPS, h.memberships());
      n += send(cluster, producer, Topics.ACTIVITIES, h.activities());
      n += send(cluster, producer, Topics.ATTENDANCE, h.attendance());
      n += send(cluster, producer, Topics.HOUSEHOLD_STATUS, h.households());
      producer.flush();
      return n;
    }
  }

  private static <V> long send(TestCluster cluster, KafkaProducer<String, byte[]> producer, Topic<V> topic,
      List<LogRecord<V>> records) {
    Serializer<V> values = AvroSerdes.forTopic(topic, cluster.registry()).serializer();
    for (LogRecord<V> r : records) {
      producer.send(new ProducerRecord<>(topic.name(), r.key(), values.serialize(topic.name(), r.value())));
    }
    return records.size();
  }
}
