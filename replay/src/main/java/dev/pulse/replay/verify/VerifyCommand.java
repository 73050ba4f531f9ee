package dev.pulse.replay.verify;

import dev.pulse.batch.Verification;
import dev.pulse.replay.ClusterOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pulse verify}: recompute every view from the input topics and print every row that differs. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Recompute every view from the input topics (plain code, no Streams) and print each row"
        + " of view.participation.v1, view.poverty.v1 and view.activities.v1 that differs. Exit code 0 when"
        + " all agree, 1 otherwise.")
public final class VerifyCommand implements Callable<Integer> {

  @Mixin ClusterOptions cluster;

  @Option(names = "--max-rows", defaultValue = "50", description = "Differences to print at most (default: ${DEFAULT-VALUE})")
  int maxRows;

  @Override
  public Integer call() {
    long started = System.nanoTime();
    Verification.Result r = Verification.run(cluster.bootstrapServers(), cluster.clientProperties(), cluster.registry());
    long ms = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("Read %,d input records and %,d view rows; recomputed every view in %,d ms.%n",
        r.inputRecords(), r.rowsCompared(), ms);
    if (r.matches()) {
      System.out.println("Every row of every view equals the recomputation.");
      return 0;
    }
    System.out.printf("%,d rows differ:%n", r.differences().size());
    r.differences().stream().limit(maxRows).forEach(d -> System.out.println("  " + d));
    if (r.differences().size() > maxRows) System.out.printf("  … and %,d more%n", r.differences().size() - maxRows);
    return 1;
  }


}
