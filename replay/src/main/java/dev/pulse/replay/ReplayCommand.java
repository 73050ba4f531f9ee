package dev.pulse.replay;

import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.registry.SchemaRegistryException;
import dev.pulse.replay.export.CampaignSelection;
import dev.pulse.replay.export.ExportFormat;
import dev.pulse.replay.export.ExportSummary;
import dev.pulse.replay.export.ReadPlan;
import dev.pulse.replay.export.TimeRange;
import dev.pulse.replay.export.TopicExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import org.apache.kafka.common.KafkaException;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pulse replay}: a topic between two instants, as CSV, JSON lines, Avro or Parquet. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {
        "Export the records of a topic whose Kafka timestamp lies in [--from, --to): --from inclusive,"
            + " --to exclusive, so that consecutive ranges export each record once.",
        "Exact: read_committed, up to the end offsets taken at the start; each record once.",
        "Values are decoded through the Schema Registry with the topic's current schema; the dead letters"
            + " export their raw bytes in base64 with their headers.",
        "CSV: a header of the Avro field names; arrays joined with ';'; maps as JSON; instants ISO-8601 (UTC);"
            + " dates ISO; an empty cell is null.",
        "Exit status: 0 done, 2 done but some records could not be read (left out), 1 failed."})
public final class ReplayCommand implements Callable<Integer> {

  static final int SOME_UNREADABLE = 2;
  private static final int WARNINGS_SHOWN = 10;

  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin ClusterOptions cluster;

  @Option(names = "--topic", required = true, paramLabel = "TOPIC",
      description = "A topic of SPEC.md, e.g. branch.attendance.v1.")
  String topicName;

  @Option(names = "--from", paramLabel = "INSTANT", converter = InstantConverter.class,
      description = "First record time, inclusive (default: the beginning). ISO-8601, e.g. 2024-01-01T00:00:00+07:00,"
          + " or a date (local midnight, Asia/Ho_Chi_Minh).")
  Instant from;

  @Option(names = "--to", paramLabel = "INSTANT", converter = InstantConverter.class,
      description = "End of the range, exclusive (default: the records there are now).")
  Instant to;

  @Option(names = "--unit", paramLabel = "UNIT",
      description = "Only records of this unit's subtree in the current org.units.v1: unitId (units, activities,"
          + " views), branchId (memberships, household-status), recordedBy (attendance).")
  String unit;

  @Option(names = "--campaign", paramLabel = "NAME",
      description = "Only records of this campaign (SPEC.md §5b; repeat it for several: any of them), named as"
          + " activities list it, matched exactly once trimmed: on branch.activities.v1 every version of each"
          + " activity whose standing version (the latest recordedAt) lists it; on branch.attendance.v1 the attendance"
          + " records at those activities, whoever organised or recorded them; on view.campaigns.v1 the campaign's"
          + " rows. With --unit, records must satisfy both.")
  List<String> campaigns;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "csv, jsonl, avro or parquet (default: from the --output extension, else csv).")
  ExportFormat format;

  @Option(names = "--output", required = true, paramLabel = "FILE",
      description = "The file to write ('-': standard output, csv and jsonl only). It appears when complete.")
  String output;

  @Option(names = "--metadata",
      description = "Add kafkaPartition, kafkaOffset, kafkaTimestamp and kafkaKey to each row, and export deletions"
          + " (null values) as rows.")
  boolean metadata;

  @Option(names = "--strict", description = "Stop at the first record that cannot be decoded instead of leaving it out.")
  boolean strict;

  @Option(names = "--no-progress", description = "Do not draw the progress bar.")
  boolean noProgress;

  @Override
  public Integer call() throws IOException {
    Topic<?> topic = Topics.byName(topicName).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
        "--topic must be a topic of SPEC.md (" + Topics.ALL.stream().map(Topic::name).collect(Collectors.joining(", "))
            + "), not '" + topicName + "'"));
    boolean toStdout = output.equals("-");
    ExportFormat fileFormat = format != null ? format : formatOf(output);
    if (toStdout && !fileFormat.isText()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          fileFormat.extension() + " is binary: give --output FILE rather than '-'");
    }
    TimeRange range;
    try {
      range = new TimeRange(from, to);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    List<String> campaignNames;
    try {
      campaignNames = campaigns == null ? List.of() : CampaignSelection.names(campaigns);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!campaignNames.isEmpty() && !CampaignSelection.TOPICS.contains(topic)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--campaign works on "
          + CampaignSelection.TOPICS.stream().map(Topic::name).collect(Collectors.joining(", ")) + ", not on "
          + topic.name());
    }
    TopicExport.Request request = new TopicExport.Request(topic, range, unit, campaignNames, fileFormat,
        toStdout ? null : Path.of(output), metadata, strict);
    // With the rows on standard output, everything else goes to standard error.
    PrintWriter report = toStdout ? spec.commandLine().getErr() : spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Progress progress = new Progress(!noProgress, err);
    ExportSummary summary;
    try {
      summary = TopicExport.run(cluster.connection(), cluster.registry(), request, progress);
    } catch (IllegalArgumentException | TopicExport.UndecodableRecordException | KafkaException
        | SchemaRegistryException e) {
      err.println("Export stopped: " + e.getMessage());
      err.flush();
      return 1;
    } finally {
      progress.close();
    }
    report.print(summary);
    report.flush();
    return summary.undecodable() > 0 ? SOME_UNREADABLE : 0;
  }

  private static ExportFormat formatOf(String output) {
    String name = output.toLowerCase(Locale.ROOT);
    for (ExportFormat f : ExportFormat.values()) {
      if (name.endsWith("." + f.extension())) return f;
    }
    if (name.endsWith(".ndjson")) return ExportFormat.JSONL;
    return ExportFormat.CSV;
  }

  /** The progress bar (offsets passed, records/s, ETA) and the warnings about unreadable records. */
  private static final class Progress implements TopicExport.Listener {
    private final boolean draw;
    private final PrintWriter err;
    private ProgressBar bar;
    private long warnings;

    Progress(boolean draw, PrintWriter err) {
      this.draw = draw;
      this.err = err;
    }

    @Override
    public void planned(ReadPlan plan) {
      if (!draw) return;
      bar = new ProgressBarBuilder()
          .setTaskName("Exporting")
          .setInitialMax(plan.offsets())
          .setUnit(" rec", 1)
          .showSpeed(new java.text.DecimalFormat("#,##0"))
          .setStyle(ProgressBarStyle.ASCII)
          .setConsumer(new ConsoleProgressBarConsumer(System.err))
          .setUpdateIntervalMillis(500)
          .build();
    }

    @Override
    public void offsetsDone(long done) {
      if (bar != null) bar.stepTo(done);
    }

    @Override
    public void undecodable(String message) {
      if (++warnings <= WARNINGS_SHOWN) {
        err.println("Left out: " + message);
      } else if (warnings == WARNINGS_SHOWN + 1) {
        err.println("Left out: more records that cannot be read (counted in the summary)");
      }
      err.flush();
    }

    void close() {
      if (bar != null) bar.close();
    }
  }
}
