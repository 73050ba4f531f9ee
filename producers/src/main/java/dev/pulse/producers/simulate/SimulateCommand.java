package dev.pulse.producers.simulate;

import dev.pulse.kafka.KafkaOptions;
import dev.pulse.registry.RegistryOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pulse simulate --rate 200 --duration 10m --seed 7}: a living province sent to Kafka, in
 * the Confluent wire format, schemas registered in the Schema Registry. The topics are expected
 * to exist ({@code pulse up} creates them).
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {
        "Send a living province to Kafka: the unit tree of Điện Biên, memberships, activities, attendance and",
        "household assessments, with the duplicates, corrections, late and out-of-order records real branches send.",
        "The initial load (tree, memberships, history) goes at full speed, then the province lives at --rate.",
        "Runs until Ctrl-C, or for --duration. The same --seed sends the same records in the same order."})
public final class SimulateCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--rate", defaultValue = "200", paramLabel = "RECORDS_PER_SECOND",
      description = "Records per second once the province is live (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Stop after this long: 90s, 10m, 2h, 1h30m or ISO-8601 (PT10M). Default: until stopped.")
  Duration duration;

  @Mixin KafkaOptions kafka;
  @Mixin RegistryOptions registry;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of the province (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--scale", defaultValue = "dien-bien-2023", paramLabel = "SCALE", converter = ScaleConverter.class,
      description = "small, province or dien-bien-2023 (default: ${DEFAULT-VALUE}: 1,300 branches, 120,000 members, "
          + "the 2023 report's poverty figures).")
  Scale scale;

  @Option(names = "--tidy", description = "No mess: every record once, in causal order, no late records.")
  boolean tidy;

  @Option(names = "--initial-load-at-rate", description = "Send the initial load at --rate too, not at full speed.")
  boolean initialLoadAtRate;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Simulator.Options options = new Simulator.Options(scale, tidy ? Mess.none() : Mess.standard(), seed, rate, duration,
        !initialLoadAtRate);
    try (KafkaSink sink = KafkaSink.connect(kafka.bootstrapServers(), kafka.clientProperties(), registry.url())) {
      Simulator simulator = Simulator.start(sink, options);
      // Ctrl-C: stop sending and flush what was sent before the JVM goes.
      Thread stopOnExit = new Thread(simulator::stop, "pulse-simulate-stop");
      Runtime.getRuntime().addShutdownHook(stopOnExit);
      while (!simulator.awaitTermination(Duration.ofSeconds(1))) {
        // waiting for the duration, Ctrl-C or a failure
      }
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running already
      }
      if (simulator.failure().isPresent()) {
        spec.commandLine().getErr().println("pulse simulate: stopped after " + simulator.sent() + " records: "
            + simulator.failure().get().getMessage());
        return 1;
      }
      out.printf("Sent %,d records to %s%n", simulator.sent(), kafka.bootstrapServers());
      return 0;
    }
  }

  /** 90s, 10m, 2h, 1h30m, or ISO-8601 (PT10M). */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    @Override
    public Duration convert(String value) {
      Matcher m = SHORT.matcher(value.trim().toLowerCase(Locale.ROOT));
      if (m.matches() && (m.group(1) != null || m.group(2) != null || m.group(3) != null)) {
        return Duration.ofHours(parse(m.group(1))).plusMinutes(parse(m.group(2))).plusSeconds(parse(m.group(3)));
      }
      try {
        return Duration.parse(value.trim());
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a duration: expected 90s, 10m, 2h, 1h30m or PT10M");
      }
    }

    private static long parse(String digits) {
      return digits == null ? 0 : Long.parseLong(digits);
    }
  }

  /** small, province or dien-bien-2023. */
  static final class ScaleConverter implements CommandLine.ITypeConverter<Scale> {
    @Override
    public Scale convert(String value) {
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "small" -> Scale.small();
        case "province" -> Scale.province();
        case "dien-bien-2023", "dienbien2023" -> Scale.dienBien2023();
        default -> throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a scale: expected small, province or dien-bien-2023");
      };
    }
  }
}
