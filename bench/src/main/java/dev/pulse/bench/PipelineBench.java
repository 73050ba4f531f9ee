package dev.pulse.bench;

import dev.pulse.avro.CampaignsRow;
import dev.pulse.avro.PovertyRow;
import dev.pulse.batch.BatchViews;
import dev.pulse.batch.History;
import dev.pulse.batch.LiveHistory;
import dev.pulse.batch.UsableRecords;
import dev.pulse.batch.ViewDiff;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.contract.ZeroRows;
import dev.pulse.producers.simulate.Scale;
import dev.pulse.streams.Engine;
import dev.pulse.streams.PulseStreams;
import dev.pulse.streams.StreamsConfigs;
import dev.pulse.streams.StreamsSettings;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Starts Pulse's streams application from empty on the loaded year once per thread count, most
 * threads first, and times each to complete, then the plain count the same way, all in this process with
 * {@link StreamsConfigs}: exactly once, Pulse's commit interval and cache. Then times the batch
 * recomputation of the same input topics ({@link BatchViews}, as {@code pulse verify} computes
 * it) and checks the published views against it.
 */
final class PipelineBench {

  /** The count's application id. */
  static final String COUNT_APPLICATION_ID = "pulse-bench-count";
  /** How many differing rows the result quotes. */
  private static final int EXAMPLES = 3;

  private PipelineBench() {}

  /** The views' application id on this many threads: each run starts from empty under its own. */
  static String applicationId(int threads) {
    return StreamsSettings.DEFAULT_APPLICATION_ID + "-t" + threads;
  }

  /**
   * @param streamsConfig Kafka Streams properties laid over the product's for the views (not the count)
   */
  static PipelineResult run(BenchBroker broker, LoadedYear year, Path stateDir, Duration timeout, Engine engine,
      List<Integer> threadCounts, Map<String, String> streamsConfig) throws InterruptedException {
    List<String> inputs = Topics.INPUTS.stream().map(Topic::name).toList();
    List<String> views = Topics.VIEWS.stream().map(Topic::name).toList();
    List<PipelineResult.Run> runs = new ArrayList<>();
    // Most threads first: the first run also pays for this JVM's warm-up (class loading, JIT, the
    // registry client's caches), which then flatters no thread ratio; it can only understate them.
    for (int threads : threadCounts.stream().sorted(Comparator.reverseOrder()).toList()) {
      String id = applicationId(threads);
      StreamsSettings settings = StreamsSettings.local(broker.bootstrapServers(), broker.registryUrl(),
          stateDir.resolve(id)).withApplicationId(id).withEngine(engine, threads)
          .withExtra(Map.<String, Object>copyOf(streamsConfig));
      Progress.say("Pulse's views (%s engine, %d stream thread%s) from empty over %,d records (application id %s)",
          engine.label(), threads, threads == 1 ? "" : "s", year.records(), id);
      long begun = System.nanoTime();
      double seconds;
      long heap;
      try (PulseStreams streams = PulseStreams.start(settings, broker.registry())) {
        CompletionWatch watch = new CompletionWatch(broker.admin(), id, inputs, views);
        seconds = watch.await(begun, year.records(), timeout, f("Views, %d thread%s", threads, threads == 1 ? "" : "s"));
        heap = heapUsedMiB();
      }
      // Closed, the stores have flushed what their memtables held: the directory holds the whole state.
      runs.add(new PipelineResult.Run(id, threads, seconds, year.records() / seconds, heap,
          bytesOnDisk(settings.stateDir())));
    }
    int reference = PipelineResult.referenceThreads(threadCounts);
    PipelineResult.Run pulse = runs.stream().filter(r -> r.threads() == reference).findFirst().orElseThrow();

    createTopic(broker, PlainCountTopology.OUTPUT_TOPIC);
    StreamsSettings countSettings = StreamsSettings.local(broker.bootstrapServers(), broker.registryUrl(),
        stateDir.resolve("count")).withApplicationId(COUNT_APPLICATION_ID);
    Progress.say("the plain count from empty over the same records (application id %s)", COUNT_APPLICATION_ID);
    long begun = System.nanoTime();
    double countSeconds;
    long countHeap;
    KafkaStreams count = new KafkaStreams(PlainCountTopology.build(inputs), StreamsConfigs.of(countSettings));
    try {
      count.start();
      CompletionWatch watch = new CompletionWatch(broker.admin(), COUNT_APPLICATION_ID, inputs,
          List.of(PlainCountTopology.OUTPUT_TOPIC));
      countSeconds = watch.await(begun, year.records(), timeout, "Plain count");
      countHeap = heapUsedMiB();
    } finally {
      count.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(Duration.ofSeconds(30)));
    }
    PipelineResult.Run plain = new PipelineResult.Run(COUNT_APPLICATION_ID, countSettings.threads(), countSeconds,
        year.records() / countSeconds, countHeap, bytesOnDisk(countSettings.stateDir()));

    Recomputed recomputed = recompute(broker, year.records());
    BatchViews batch = recomputed.views();

    Progress.say("checking the view topics against the batch recomputation");
    Map<String, PovertyRow> poverty = LiveHistory.view(broker.bootstrapServers(), Map.of(), broker.registry(),
        Topics.POVERTY_VIEW);
    PipelineResult.ViewsCheck check = checkProvinceRow(poverty, ProvinceScale.of(year.scaleFraction()));
    Comparison comparison = new Comparison();
    comparison.add(Topics.PARTICIPATION_VIEW.name(), batch.participation(),
        LiveHistory.view(broker.bootstrapServers(), Map.of(), broker.registry(), Topics.PARTICIPATION_VIEW),
        k -> ZeroRows.participation(k, 0));
    comparison.add(Topics.POVERTY_VIEW.name(), batch.poverty(), poverty, k -> ZeroRows.poverty(k, 0));
    comparison.add(Topics.ACTIVITIES_VIEW.name(), batch.activities(),
        LiveHistory.view(broker.bootstrapServers(), Map.of(), broker.registry(), Topics.ACTIVITIES_VIEW),
        k -> ZeroRows.activities(k, 0));
    comparison.addCampaigns(batch,
        LiveHistory.view(broker.bootstrapServers(), Map.of(), broker.registry(), Topics.CAMPAIGNS_VIEW));
    return new PipelineResult(year.records(), engine.label(), pulse, runs, plain, recomputed.run(), check,
        comparison.result());
  }

  /** The batch recomputation's figures, and the views it computed. */
  private record Recomputed(PipelineResult.BatchRun run, BatchViews views) {}

  /** Reads the input topics to their end and computes every view from them, timing both. */
  private static Recomputed recompute(BenchBroker broker, long yearRecords) {
    Progress.say("the batch recomputation of the same topics (BatchViews, in this process)");
    long readBegun = System.nanoTime();
    History history = LiveHistory.inputs(broker.bootstrapServers(), Map.of(), broker.registry());
    long computeBegun = System.nanoTime();
    BatchViews views = BatchViews.compute(UsableRecords.of(history));
    long computed = System.nanoTime();
    long rows = (long) views.participation().size() + views.poverty().size() + views.activities().size()
        + views.campaigns().size();
    double seconds = (computed - readBegun) / 1e9;
    return new Recomputed(new PipelineResult.BatchRun(recordsOf(history), (computeBegun - readBegun) / 1e9,
        (computed - computeBegun) / 1e9, seconds, yearRecords / seconds, heapUsedMiB(), rows), views);
  }

  /** The views compared so far with the batch recomputation. */
  private static final class Comparison {
    private final List<String> compared = new ArrayList<>();
    private final List<String> notPublished = new ArrayList<>();
    private final List<String> examples = new ArrayList<>();
    private long rows;
    private long differing;

    <R extends SpecificRecord> void add(String view, Map<String, R> expected, Map<String, R> published,
        Function<String, R> zeros) {
      if (published.isEmpty()) {
        notPublished.add(view);
        return;
      }
      compared.add(view);
      Set<String> keys = new HashSet<>(expected.keySet());
      keys.addAll(published.keySet());
      rows += keys.size();
      List<ViewDiff.Difference> differences = ViewDiff.compare(view, expected, published, zeros);
      differing += differences.size();
      differences.stream().limit(Math.max(0, EXAMPLES - examples.size())).forEach(d -> examples.add(d.toString()));
    }

    /** Campaign rows exist only where held or participants is not zero (SPEC.md §5b): {@link ViewDiff#campaigns}. */
    void addCampaigns(BatchViews expected, Map<String, CampaignsRow> published) {
      String view = Topics.CAMPAIGNS_VIEW.name();
      if (published.isEmpty()) {
        notPublished.add(view);
        return;
      }
      compared.add(view);
      Set<String> keys = new HashSet<>(expected.campaigns().keySet());
      keys.addAll(published.keySet());
      rows += keys.size();
      List<ViewDiff.Difference> differences = ViewDiff.campaigns(expected, published);
      differing += differences.size();
      differences.stream().limit(Math.max(0, EXAMPLES - examples.size())).forEach(d -> examples.add(d.toString()));
    }

    PipelineResult.BatchCheck result() {
      return new PipelineResult.BatchCheck(compared, notPublished, rows, differing, examples);
    }
  }

  private static long recordsOf(History h) {
    return (long) h.units().size() + h.memberships().size() + h.activities().size() + h.attendance().size()
        + h.households().size();
  }

  /**
   * Bytes of the files under a directory; files that vanish while it is read (RocksDB compacts
   * in the background) are left out. -1 when the directory cannot be read at all.
   */
  static long bytesOnDisk(Path dir) {
    if (!Files.isDirectory(dir)) return -1;
    long[] total = {0};
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) total[0] += attrs.size();
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      return -1;
    }
    return total[0];
  }

  /** The province's poverty row for the year, as the view topic holds it last. */
  static PipelineResult.ViewsCheck checkProvinceRow(Map<String, PovertyRow> poverty, Scale scale) {
    String key = "DB|" + scale.year();
    PovertyRow last = poverty.get(key);
    return new PipelineResult.ViewsCheck(Topics.POVERTY_VIEW.name() + " " + key, scale.supportedHouseholds(),
        last == null ? 0 : last.getSupportedHouseholds(), scale.exitedHouseholds(),
        last == null ? 0 : last.getExitedHouseholds(), !poverty.isEmpty());
  }

  private static void createTopic(BenchBroker broker, String name) {
    try {
      broker.admin().createTopics(List.of(new NewTopic(name, RawBench.PARTITIONS, (short) 1))).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not create the topic " + name + ": " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long heapUsedMiB() {
    Runtime rt = Runtime.getRuntime();
    return (rt.totalMemory() - rt.freeMemory()) >> 20;
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
