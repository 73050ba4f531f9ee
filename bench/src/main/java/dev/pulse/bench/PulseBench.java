package dev.pulse.bench;

import dev.pulse.streams.Engine;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pulse bench}: Pulse set against the raw limits of the same broker, in one run. Prints a
 * table and writes it as JSON and markdown under {@code bench/results/}; docs/benchmark.md says
 * what each figure means.
 */
@Command(name = "pulse bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Measures Pulse against Kafka's raw limits on one fresh embedded broker: raw produce and consume,"
        + " a province's year through the views from empty at each thread count, against the plain count and the batch"
        + " recomputation (R1, R2), ingest-to-live-stream latency at steady rates,"
        + " the serde (JMH), and pulse up's start time and memory. See docs/benchmark.md.")
public final class PulseBench implements Callable<Integer> {

  @Option(names = "--scale", defaultValue = "1.0", paramLabel = "FRACTION",
      description = "Share of the province to generate, above 0 and at most 1 (default: ${DEFAULT-VALUE}: about 1.6 million records).")
  double scale;

  @Option(names = "--only", split = ",", paramLabel = "SECTION",
      description = "Sections to run, of raw,pipeline,latency,serde,start (default: all).")
  List<String> only;

  @Option(names = "--results-dir", paramLabel = "DIR",
      description = "Where the JSON and markdown results go (default: bench/results of the repository).")
  Path resultsDir;

  @Option(names = "--engine", defaultValue = "partitioned", converter = EngineConverter.class, paramLabel = "ENGINE",
      description = "The views engine measured, in every section: 'partitioned' or 'single' (default: ${DEFAULT-VALUE}).")
  Engine engine;

  @Option(names = "--threads", split = ",", defaultValue = "1,2", paramLabel = "N",
      description = "Stream thread counts the pipeline section runs the views with, each from empty"
          + " (default: ${DEFAULT-VALUE}). R1, R2 and the goals use 2 threads when run, else the most run.")
  List<Integer> threads;

  @Option(names = "--rates", split = ",", defaultValue = "100,1000,10000", paramLabel = "RECORDS_PER_S",
      description = "Steady rates of the latency section (default: ${DEFAULT-VALUE}).")
  List<Integer> rates;

  @Option(names = "--rate-duration", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "How long each rate is held (default: ${DEFAULT-VALUE}).")
  Duration rateDuration;

  @Option(names = "--batch-interval", defaultValue = "100ms", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "How often a batch is due; each holds rate × interval records (default: ${DEFAULT-VALUE}).")
  Duration batchInterval;

  @Option(names = "--latency-warmup", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Unrecorded stretch at 1,000 records/s before the rates; 0s for none (default: ${DEFAULT-VALUE}).")
  Duration latencyWarmup;

  @Option(names = "--drain-timeout", defaultValue = "3m", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "How long a rate waits for its last view changes (default: ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  @Option(names = "--jmh-iterations", defaultValue = "5", paramLabel = "N",
      description = "JMH warm-up and measurement iterations, each (default: ${DEFAULT-VALUE}).")
  int jmhIterations;

  @Option(names = "--jmh-time", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Length of one JMH iteration (default: ${DEFAULT-VALUE}).")
  Duration jmhTime;

  @Option(names = "--pipeline-timeout", defaultValue = "90m", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "How long an application may take to complete the year (default: ${DEFAULT-VALUE}).")
  Duration pipelineTimeout;

  @Option(names = "--pulse-jar", paramLabel = "JAR",
      description = "The jar `pulse up` runs from (default: app/target/pulse.jar of the repository).")
  Path pulseJar;

  @Option(names = "--streams-config", paramLabel = "KEY=VALUE",
      description = "A Kafka Streams property for Pulse's views in the pipeline section, over the product's own "
          + "(repeatable; e.g. statestore.cache.max.bytes=16777216), to measure a setting before changing it. "
          + "The plain count keeps the defaults.")
  Map<String, String> streamsConfig = new LinkedHashMap<>();

  @Option(names = "--keep-work-dir",
      description = "Keep the broker's data, the state and the tools' logs (kept anyway when a section fails).")
  boolean keepWorkDir;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** {@code --engine}: the names {@link Engine#named} takes. */
  static final class EngineConverter implements CommandLine.ITypeConverter<Engine> {
    @Override
    public Engine convert(String value) {
      return Engine.named(value);
    }
  }

  private String[] arguments = new String[0];

  /** The bench's logging set-up; the app's jar, on the same class path, brings its own logback.xml. */
  static final String LOGBACK_CONFIG = "bench-logback.xml";

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
    }
    PulseBench bench = new PulseBench();
    bench.arguments = args;
    System.exit(new CommandLine(bench).execute(args));
  }

  /** Runs the bench as {@code pulse bench args} would, the table printed to {@code out}; returns the exit code. */
  static int execute(PrintWriter out, String... args) {
    PulseBench bench = new PulseBench();
    bench.arguments = args;
    return new CommandLine(bench).setOut(out).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    Set<Section> sections = sections();
    List<Integer> threadCounts = threadCounts();
    Path repo = repositoryRoot();
    Path results = resultsDir != null ? resultsDir : repo.resolve("bench").resolve("results");
    Path jar = pulseJar != null ? pulseJar : repo.resolve("app").resolve("target").resolve("pulse.jar");
    Machine machine = Machine.describe();
    OffsetDateTime started = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS);
    Path work = Files.createTempDirectory("pulse-bench-");
    Thread stopChildren = new Thread(PulseBench::stopChildProcesses, "pulse-bench-stop-children");
    Runtime.getRuntime().addShutdownHook(stopChildren);
    Progress.say("sections %s at scale %s on %s; working in %s", sections, scale, machine.summary(), work);

    Map<String, String> failures = new LinkedHashMap<>();
    LoadedYear dataset = null;
    RawLimits raw = null;
    PipelineResult pipeline = null;
    StartResult start = null;
    SerdeResult serde = null;
    LatencyResult latency = null;

    boolean needsBroker = sections.contains(Section.RAW) || sections.contains(Section.PIPELINE);
    try (BenchBroker broker = needsBroker ? BenchBroker.start(work.resolve("broker")) : null) {
      if (broker != null) {
        Progress.say("broker at %s, Schema Registry at %s", broker.bootstrapServers(), broker.registryUrl());
        dataset = attempt(failures, "dataset", () -> YearLoader.load(scale, broker.bootstrapServers(), broker.registry()));
      }
      if (sections.contains(Section.RAW) && dataset != null) {
        LoadedYear year = dataset;
        raw = attempt(failures, "raw", () -> RawBench.run(broker, year.meanRecordBytes(), year.records(), work));
      }
      if (sections.contains(Section.PIPELINE) && dataset != null) {
        LoadedYear year = dataset;
        pipeline = attempt(failures, "pipeline", () -> PipelineBench.run(broker, year, work.resolve("state"), pipelineTimeout,
            engine, threadCounts, Map.copyOf(streamsConfig)));
      }
      if (sections.contains(Section.START)) {
        StartBench.Province province = pipeline != null ? new StartBench.Province(broker, pipeline.pulse(),
            ProvinceScale.of(scale).year(), dataset.records()) : null;
        start = attempt(failures, "start", () -> StartBench.run(new PulseProcess.Launcher(jar), engine,
            work.resolve("start"), province, pipelineTimeout));
      }
    }
    if (sections.contains(Section.SERDE)) {
      serde = attempt(failures, "serde", () -> SerdeBench.run(new SerdeBench.Plan(jmhIterations, jmhTime, jmhIterations,
          jmhTime), work.resolve("jmh.log")));
    }
    if (sections.contains(Section.LATENCY)) {
      latency = attempt(failures, "latency", () -> LatencyBench.run(new LatencyBench.Plan(engine, rates,
          rateDuration, batchInterval, latencyWarmup, drainTimeout), work.resolve("latency")));
    }

    Double r1 = raw != null && pipeline != null ? pipeline.pulse().recordsPerSecond() / raw.consume().recordsPerSecond() : null;
    Double r2 = pipeline != null ? pipeline.pulse().recordsPerSecond() / pipeline.plainCount().recordsPerSecond() : null;
    if (pipeline != null && !pipeline.check().agrees()) {
      failures.put("pipeline", "the views disagree with the generator: " + pipeline.check());
    } else if (pipeline != null && !pipeline.batchCheck().agrees()) {
      failures.put("pipeline", "the views disagree with the batch recomputation: " + pipeline.batchCheck());
    }
    BenchReport report = new BenchReport(started.toString(),
        OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        ("pulse bench " + String.join(" ", arguments)).trim(), settings(sections, threadCounts),
        machine.withLoadAfter(Machine.LoadAverage.now()), dataset, raw, pipeline, r1, r2,
        pipeline != null ? pipeline.speedup(2) : null, pipeline != null ? pipeline.speedup(4) : null,
        pipeline != null ? pipeline.viewsOverBatch() : null, latency, serde, start,
        Goals.judge(scale, pipeline, r1, r2, latency, start), failures);

    PrintWriter out = spec.commandLine().getOut();
    out.println();
    out.print(ReportWriter.table(report));
    String stem = "pulse-bench-" + started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm")) + "-"
        + machine.host().replaceAll("[^A-Za-z0-9.-]", "_");
    List<Path> written = ReportWriter.write(report, results, stem);
    out.println();
    written.forEach(p -> out.println("Written: " + p));
    out.flush();
    if (failures.isEmpty() && !keepWorkDir) {
      deleteTree(work);
    } else {
      out.println("Work directory kept (broker data, state, the tools' logs): " + work);
    }
    Runtime.getRuntime().removeShutdownHook(stopChildren);
    return failures.isEmpty() ? 0 : 1;
  }

  /**
   * On Ctrl-C: the brokers and the Pulse processes the run started live in sessions of their own
   * (the terminal's signal does not reach them), so stop them here rather than leave them running.
   */
  private static void stopChildProcesses() {
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
  }

  /** A section's step that may fail without losing the figures of the others. */
  private interface Step<T> {
    T run() throws Exception;
  }

  private static <T> T attempt(Map<String, String> failures, String section, Step<T> step) {
    try {
      return step.run();
    } catch (Exception | LinkageError | AssertionError e) {
      // A linkage error means sibling modules built apart; the other sections may still run.
      String message = e.getClass().getSimpleName() + ": " + e.getMessage();
      Progress.say("%s failed: %s", section, message);
      e.printStackTrace();
      failures.put(section, message);
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      return null;
    }
  }

  private Set<Section> sections() {
    if (only == null || only.isEmpty()) return EnumSet.allOf(Section.class);
    EnumSet<Section> chosen = EnumSet.noneOf(Section.class);
    for (String name : only) {
      try {
        chosen.add(Section.parse(name));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--only: " + e.getMessage());
      }
    }
    return chosen;
  }

  /** {@code --threads} without repeats, in the order given; each 1 or more. */
  List<Integer> threadCounts() {
    if (threads == null || threads.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--threads: give at least one thread count");
    }
    for (int n : threads) {
      if (n < 1) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--threads: a thread count must be 1 or more, was " + n);
      }
    }
    return threads.stream().distinct().toList();
  }

  private Map<String, Object> settings(Set<Section> sections, List<Integer> threadCounts) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("scale", scale);
    s.put("sections", sections.stream().map(Section::label).toList());
    s.put("engine", engine.label());
    s.put("threads", threadCounts);
    s.put("rates", rates);
    s.put("rateDuration", DurationConverter.format(rateDuration));
    s.put("batchInterval", DurationConverter.format(batchInterval));
    s.put("latencyWarmup", DurationConverter.format(latencyWarmup));
    s.put("jmh", jmhIterations + " × " + DurationConverter.format(jmhTime) + " warm-up and measured, 1 fork");
    s.put("completeWhenStableFor", DurationConverter.format(CompletionWatch.STABLE));
    if (!streamsConfig.isEmpty()) s.put("streamsConfig", streamsConfig);
    return s;
  }

  /** The repository this bench was built in: above its classes or jar, else the working directory. */
  static Path repositoryRoot() {
    List<Path> starts = new ArrayList<>();
    try {
      starts.add(Path.of(PulseBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath());
    } catch (URISyntaxException | RuntimeException e) {
      // No code source (an unusual class loader): the working directory will do.
    }
    starts.add(Path.of("").toAbsolutePath());
    for (Path start : starts) {
      for (Path p = start; p != null; p = p.getParent()) {
        if (Files.isRegularFile(p.resolve("bench").resolve("pom.xml")) && Files.isRegularFile(p.resolve("app").resolve("pom.xml"))) {
          return p;
        }
      }
    }
    return Path.of("").toAbsolutePath();
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      Progress.say("could not delete %s: %s", dir, e.getMessage());
    }
  }
}
