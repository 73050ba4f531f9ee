package dev.pulse.producers.importer;

import dev.pulse.kafka.KafkaOptions;
import dev.pulse.registry.RegistryOptions;
import dev.pulse.producers.importer.ImportException;
import dev.pulse.producers.importer.ImportSummary;
import dev.pulse.producers.importer.Importer;
import dev.pulse.producers.importer.InputFormat;
import dev.pulse.contract.IngestStream;
import dev.pulse.registry.RestSchemaRegistryClient;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pulse import --stream attendance FILE}: a CSV or NDJSON file into an input stream, through
 * the gateway ({@code --url}, {@code --token}) or straight to Kafka.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {
        "Import a CSV or NDJSON file into a stream, checking each row as the gateway does.",
        "CSV: a header row naming the fields; lists (channels, campaigns, supports) as ZALO;FACEBOOK; an empty cell is null.",
        "Rejected rows go to FILE.rejects.csv (row, field, message). Running an import twice is safe.",
        "Exit status: 0 all rows imported, 2 some rows rejected, 1 the import stopped."})
public final class ImportCommand implements Callable<Integer> {

  static final int SOME_REJECTED = 2;

  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Option(names = "--stream", required = true, paramLabel = "STREAM",
      description = "units, memberships, activities, attendance or household-status.")
  String stream;

  @Parameters(paramLabel = "FILE", description = "The file: .csv, or .ndjson/.jsonl (one JSON object per line).")
  Path file;

  @Option(names = "--format", paramLabel = "FORMAT", description = "csv or ndjson, when the extension does not say.")
  InputFormat format;

  @Option(names = "--url", paramLabel = "URL", description = "Send through the gateway at this URL, e.g. http://localhost:8080.")
  String url;

  @Option(names = "--token", paramLabel = "TOKEN", description = "The token for the gateway (or set PULSE_TOKEN).",
      defaultValue = "${env:PULSE_TOKEN}")
  String token;

  @Mixin RegistryOptions registry;

  @Option(names = "--batch-size", defaultValue = "" + Importer.DEFAULT_BATCH_SIZE, paramLabel = "N",
      description = "Rows per request or transaction (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--no-progress", description = "Do not draw the progress bar.")
  boolean noProgress;

  @Override
  public Integer call() {
    IngestStream<?> target = IngestStream.byName(stream).orElseThrow(() -> new CommandLine.ParameterException(
        spec.commandLine(), "--stream must be one of " + IngestStream.names() + ", not '" + stream + "'"));
    InputFormat fileFormat = format != null ? format : InputFormat.of(file).orElseThrow(() ->
        new CommandLine.ParameterException(spec.commandLine(), "cannot tell the format of " + file
            + " from its name; add --format csv or --format ndjson"));
    if (url != null && (token == null || token.isBlank())) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--url needs --token (or PULSE_TOKEN)");
    }
    try (Importer importer = url != null
        ? Importer.viaGateway(url, token, batchSize)
        : Importer.viaKafka(kafka.bootstrapServers(), kafka.clientProperties(), registry.client(),
            batchSize)) {
      ImportSummary summary;
      if (noProgress) {
        summary = importer.run(target, file, fileFormat, done -> { });
      } else {
        try (ProgressBar bar = progressBar(target, fileFormat)) {
          summary = importer.run(target, file, fileFormat, progressTo(bar));
        }
      }
      spec.commandLine().getOut().println(summary);
      spec.commandLine().getOut().flush();
      return summary.rejected() > 0 ? SOME_REJECTED : 0;
    } catch (ImportException e) {
      spec.commandLine().getErr().println("Import stopped: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
  }

  private ProgressBar progressBar(IngestStream<?> target, InputFormat fileFormat) throws ImportException {
    return new ProgressBarBuilder()
        .setTaskName("Importing " + target.name())
        .setInitialMax(Importer.countRows(file, fileFormat))
        .setUnit(" rows", 1)
        .showSpeed()
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .build();
  }

  private static LongConsumer progressTo(ProgressBar bar) {
    return bar::stepTo;
  }
}
