package dev.pulse.streams;

import dev.pulse.avro.ParticipationRow;
import dev.pulse.batch.BatchViews;
import dev.pulse.batch.History;
import dev.pulse.batch.LogRecord;
import dev.pulse.batch.SyntheticProvince;
import dev.pulse.batch.UsableRecords;
import dev.pulse.batch.ViewDiff;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.InMemorySchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import dev.pulse.stack.EmbeddedKafka;
import dev.pulse.stack.TopicSetup;
import dev.pulse.streams.ledger.ViewRows;
import dev.pulse.streams.partitioned.PartitionedTopology;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The engines side by side on one embedded broker, exactly-once, over the same synthetic province
 * year loaded once: a plain count of every input record (the ceiling), the current single-ledger
 * ViewsTopology, the partitioned prototype (1 and 2 stream threads, RocksDB and in-memory stores)
 * and BatchViews. Each engine starts from empty under its own application id; the time runs until
 * every partition it reads (inputs and its repartition topics) is committed to the end. The
 * prototype's published rows are then compared with BatchViews (participation).
 *
 * <p>Run: {@code java -cp <test classpath> dev.pulse.streams.EngineBenchmark [fraction]} (default
 * 0.2); {@code -Dpulse.engines=plain,views,pt1,pt2,pt1mem,pt2mem,batch} picks engines;
 * {@code -Dpulse.streams=k=v,...} adds streams properties to every run.
 */
public final class EngineBenchmark {

  private static final String COUNTS = "bench.counts";
  private static final java.util.concurrent.atomic.AtomicLong LOST = new java.util.concurrent.atomic.AtomicLong();

  public static void main(String[] args) throws Exception {
    double fraction = args.length > 0 ? Double.parseDouble(args[0]) : 0.2;
    List<String> engines = List.of(System.getProperty("pulse.engines", "plain,views,pt1,pt2,pt1mem,pt2mem,batch")
        .split(","));
    Map<String, Object> extra = new HashMap<>();
    for (String kv : System.getProperty("pulse.streams", "").split(",")) {
      if (kv.contains("=")) extra.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    SyntheticProvince.Shape p = SyntheticProvince.Shape.province();
    SyntheticProvince.Shape shape = new SyntheticProvince.Shape(p.districts(), p.communesPerDistrict(),
        Math.max(1, (int) Math.round(p.branchesPerCommune() * fraction)), (int) (p.members() * fraction),
        p.firstJoinYear(), p.activitiesPerBranchMonth(), p.attendancePerActivity(), (int) (p.households() * fraction));
    History h = SyntheticProvince.generate(shape, 2023);
    Path dir = Files.createTempDirectory("pulse-engines");
    SchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    System.out.printf("machine: %d cores, JVM max heap %,d MiB, %s %s; load average %s%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.vm.name"), System.getProperty("java.version"), loadAverage());
    System.out.printf("extra streams properties: %s%n", extra);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
         Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      TopicSetup.ensure(admin, Topics.ALL, (short) 1);
      admin.createTopics(List.of(new NewTopic(COUNTS, 6, (short) 1))).all().get();
      awaitLeaders(admin);
      long n = load(kafka.bootstrapServers(), registry, h);

      List<String> table = new ArrayList<>();
      Double plain = null;
      Map<String, ParticipationRow> expected = null;
      for (String engine : engines) {
        if (engine.equals("batch")) {
          long t0 = System.nanoTime();
          BatchViews b = BatchViews.compute(UsableRecords.of(h));
          double s = (System.nanoTime() - t0) / 1e9;
          expected = b.participation();
          table.add(row("BatchViews (all three views, in memory)", n, s, plain, "", ""));
          continue;
        }
        Topology topology;
        int threads = engine.startsWith("pt2") ? 2 : 1;
        String label;
        switch (engine) {
          case "plain" -> {
            topology = plainCount();
            label = "plain EOS count";
          }
          case "views" -> {
            topology = ViewsTopology.build(PulseStreams.serdes(registry), false, Duration.ofMillis(100));
            label = "ViewsTopology (one ledger, all views)";
          }
          default -> {
            boolean noCache = engine.endsWith("nc");
            boolean mem = engine.replace("nc", "").endsWith("mem");
            topology = PartitionedTopology.build(PulseStreams.serdes(registry),
                PartitionedTopology.Options.defaults().withInMemoryStores(mem).withCaching(!noCache));
            label = "partitioned, " + threads + " thread" + (threads > 1 ? "s" : "") + ", " + (mem ? "in-memory" : "RocksDB")
                + (noCache ? ", no record cache" : "");
          }
        }
        Run r = run(kafka, admin, dir, engine, topology, threads, extra);
        if (engine.equals("plain")) plain = n / r.seconds;
        String check = "";
        if (engine.startsWith("pt")) {
          if (expected == null) expected = BatchViews.compute(UsableRecords.of(h)).participation();
          Map<String, ParticipationRow> exp = expected;
          long settleStart = System.nanoTime();
          int diffs = -1;
          while (System.nanoTime() - settleStart < 60e9) {
            Map<String, ParticipationRow> published = readView(kafka.bootstrapServers(), registry, r.viewStart);
            var differences = ViewDiff.compare("participation", exp, published, k -> ViewRows.participation(k, null, 0));
            diffs = differences.size();
            if (diffs == 0) break;
            if (System.nanoTime() - settleStart > 55e9) {
              Map<String, Long> byUnitAndYear = new java.util.TreeMap<>();
              differences.forEach(d -> byUnitAndYear.merge(d.key().replaceAll("\\|(\\d{4}).*", " $1"), 1L, Long::sum));
              System.out.println("  differing rows by unit and year: " + byUnitAndYear);
              differences.stream().limit(3).forEach(d -> System.out.println("  " + d));
            }
            Thread.sleep(1000);
          }
          check = String.format("%d of %,d rows differ (settled %.1f s after lag 0)", diffs, exp.size(),
              (System.nanoTime() - settleStart) / 1e9);
        }
        table.add(row(label, n, r.seconds, plain, String.format("%.1f", r.streamCpu), check));
      }
      System.out.printf("%n%,d records (province × %.2f)%n", n, fraction);
      System.out.println("| engine | seconds | records/s | ratio to plain count | stream-thread CPU s | rows vs BatchViews |");
      System.out.println("|---|---:|---:|---:|---:|---|");
      table.forEach(System.out::println);
    }
  }

  /** Waits until every partition of the contract's topics has a leader. */
  private static void awaitLeaders(Admin admin) throws Exception {
    List<String> names = Topics.ALL.stream().map(Topic::name).toList();
    for (int i = 0; i < 300; i++) {
      boolean ready = admin.describeTopics(names).allTopicNames().get().values().stream()
          .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
      if (ready) return;
      Thread.sleep(100);
    }
    throw new IllegalStateException("partitions without a leader after 30 s");
  }

  private record Run(double seconds, double streamCpu, Map<TopicPartition, Long> viewStart) {}

  private static String row(String label, long n, double s, Double plain, String cpu, String check) {
    double rate = n / s;
    return String.format("| %s | %.1f | %,.0f | %s | %s | %s |", label, s, rate,
        plain == null ? "–" : String.format("%.2f", rate / plain), cpu, check);
  }

  private static Topology plainCount() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, byte[]> all = null;
    for (Topic<?> t : Topics.INPUTS) {
      KStream<String, byte[]> s = b.stream(t.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()));
      all = all == null ? s : all.merge(s);
    }
    all.groupByKey(Grouped.with(Serdes.String(), Serdes.ByteArray()))
        .count(Materialized.as("bench-count"))
        .toStream().to(COUNTS, Produced.with(Serdes.String(), Serdes.Long()));
    return b.build();
  }

  private static Run run(EmbeddedKafka kafka, Admin admin, Path dir, String engine, Topology topology, int threads,
      Map<String, Object> extra) throws Exception {
    String app = "bench-" + engine;
    Map<String, Object> props = new HashMap<>(extra);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    StreamsSettings settings = StreamsSettings.local(kafka.bootstrapServers(), "mock://", dir.resolve(app))
        .withApplicationId(app).withExtra(props);
    Map<TopicPartition, Long> viewStart = endOffsets(kafka.bootstrapServers(), Topics.PARTICIPATION_VIEW.name());
    Set<String> read = topicsRead(topology, app);
    long cpu0 = streamThreadCpu();
    long t0 = System.nanoTime();
    KafkaStreams streams = new KafkaStreams(topology, StreamsConfigs.of(settings));
    streams.start();
    try {
      long lastReport = t0;
      while (true) {
        Thread.sleep(100);
        long now = System.nanoTime();
        long lag = lag(admin, app, read);
        if (now - lastReport > 10e9) {
          System.out.printf("  %s %5.1f s: lag %,d%n", engine, (now - t0) / 1e9, lag);
          lastReport = now;
        }
        if (lag == 0) break;
        if (!streams.state().isRunningOrRebalancing()) throw new IllegalStateException(engine + ": " + streams.state());
      }
      double s = (System.nanoTime() - t0) / 1e9;
      double cpu = (streamThreadCpu() - cpu0) / 1e9;
      System.out.printf("%s: %.1f s, stream threads %.1f CPU s, load average %s%n", engine, s, cpu, loadAverage());
      return new Run(s, cpu, viewStart);
    } finally {
      streams.close(Duration.ofSeconds(30));
    }
  }

  /** The topics the topology reads: its sources, the repartition topics under the application id. */
  private static Set<String> topicsRead(Topology topology, String app) {
    Set<String> topics = new TreeSet<>();
    for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
          source.topicSet().forEach(t -> topics.add(t.endsWith("-repartition") ? app + "-" + t : t));
        }
      }
    }
    return topics;
  }

  /** Records not yet committed over every partition of the topics read; MAX until all are committed. */
  private static long lag(Admin admin, String app, Set<String> topics) throws Exception {
    var committed = admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata().get();
    Map<String, org.apache.kafka.clients.admin.TopicDescription> described;
    try {
      described = admin.describeTopics(topics).allTopicNames().get();
    } catch (Exception e) {
      return Long.MAX_VALUE; // repartition topics not created yet
    }
    Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
    described.values().forEach(d -> d.partitions().forEach(p ->
        latest.put(new TopicPartition(d.name(), p.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest())));
    var ends = admin.listOffsets(latest, new org.apache.kafka.clients.admin.ListOffsetsOptions(
        org.apache.kafka.common.IsolationLevel.READ_COMMITTED)).all().get();
    long lag = 0;
    for (var e : ends.entrySet()) {
      long end = e.getValue().offset();
      var c = committed.get(e.getKey());
      long at = c == null ? 0 : c.offset();
      // A transaction's commit marker takes an offset: committed offsets stop one short of some ends.
      if (end - at > 1 || (c == null && end > 0)) lag += end - at;
    }
    return lag;
  }

  private static long load(String bootstrap, SchemaRegistryClient registry, History h) {
    long t0 = System.nanoTime();
    long n = 0;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
        // The idempotent producer, meeting a just-created partition whose leader was not ready,
        // looped on OUT_OF_ORDER_SEQUENCE_NUMBER until its batches expired. One batch in flight
        // per partition keeps order without it.
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
        new StringSerializer(), new ByteArraySerializer())) {
      n += load(producer, registry, Topics.UNITS, h.units());
      n += load(producer, registry, Topics.MEMBERSHIPS, h.memberships());
      n += load(producer, registry, Topics.ACTIVITIES, h.activities());
      n += load(producer, registry, Topics.ATTENDANCE, h.attendance());
      n += load(producer, registry, Topics.HOUSEHOLD_STATUS, h.households());
    }
    System.out.printf("loaded %,d records in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    // A slow broker at start once made a batch time out: every engine then saw fewer records than
    // BatchViews. Refuse to measure on a partial load.
    long onTopics = 0;
    for (Topic<?> t : Topics.INPUTS) {
      onTopics += endOffsets(bootstrap, t.name()).values().stream().mapToLong(Long::longValue).sum();
    }
    if (LOST.get() > 0 || onTopics != n) {
      throw new IllegalStateException(LOST.get() + " sends failed; " + onTopics + " records on the input topics, not " + n);
    }
    return n;
  }

  private static <V> long load(KafkaProducer<String, byte[]> producer, SchemaRegistryClient registry, Topic<V> topic,
      List<LogRecord<V>> records) {
    var serializer = AvroSerdes.forTopic(topic, registry).serializer();
    for (LogRecord<V> r : records) {
      producer.send(new ProducerRecord<>(topic.name(), r.key(), serializer.serialize(topic.name(), r.value())),
          (meta, e) -> {
            if (e != null) LOST.incrementAndGet();
          });
    }
    return records.size();
  }

  private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
    return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer());
  }

  private static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) {
    try (KafkaConsumer<String, byte[]> c = consumer(bootstrap)) {
      List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      return new HashMap<>(c.endOffsets(parts));
    }
  }

  /** The participation rows published since the offsets given: the last value per key, a null removing it. */
  private static Map<String, ParticipationRow> readView(String bootstrap, SchemaRegistryClient registry,
      Map<TopicPartition, Long> from) {
    var values = AvroSerdes.forTopic(Topics.PARTICIPATION_VIEW, registry).deserializer();
    Map<String, ParticipationRow> rows = new HashMap<>();
    try (KafkaConsumer<String, byte[]> c = consumer(bootstrap)) {
      c.assign(from.keySet());
      from.forEach(c::seek);
      Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(from.keySet()));
      end.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
      while (!end.isEmpty()) {
        for (var r : c.poll(Duration.ofMillis(500))) {
          if (r.value() == null) rows.remove(r.key());
          else rows.put(r.key(), values.deserialize(r.topic(), r.value()));
        }
        end.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
      }
    }
    return rows;
  }

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
      return "?";
    }
  }
}
