package dev.pulse.bench;

import dev.pulse.contract.Topics;
import dev.pulse.registry.InMemorySchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link SerdeBenchmark} with JMH's programmatic runner, in one forked JVM. */
final class SerdeBench {

  /** What JMH runs. */
  record Plan(int warmupIterations, Duration warmupTime, int measurementIterations, Duration measurementTime) {}

  private SerdeBench() {}

  static SerdeResult run(Plan plan, Path log) throws RunnerException {
    Progress.say("JMH: encode and decode of one attendance record (%d × %s warm-up, %d × %s measured, 1 fork; log in %s)",
        plan.warmupIterations(), DurationConverter.format(plan.warmupTime()), plan.measurementIterations(),
        DurationConverter.format(plan.measurementTime()), log);
    Options options = new OptionsBuilder()
        .include(SerdeBenchmark.class.getName() + "\\.")
        .forks(1)
        .warmupIterations(plan.warmupIterations())
        .warmupTime(TimeValue.milliseconds(plan.warmupTime().toMillis()))
        .measurementIterations(plan.measurementIterations())
        .measurementTime(TimeValue.milliseconds(plan.measurementTime().toMillis()))
        .jvmArgsAppend("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.pulse.avro", "-Xmx512m",
            "-Dlogback.configurationFile=" + PulseBench.LOGBACK_CONFIG)
        .shouldFailOnError(true)
        .output(log.toString())
        .build();
    Collection<RunResult> results = new Runner(options).run();
    double encode = Double.NaN;
    double encodeError = Double.NaN;
    double decode = Double.NaN;
    double decodeError = Double.NaN;
    for (RunResult r : results) {
      String method = r.getParams().getBenchmark();
      double score = r.getPrimaryResult().getScore();
      double error = r.getPrimaryResult().getScoreError();
      if (method.endsWith(".encode")) {
        encode = score;
        encodeError = error;
      } else if (method.endsWith(".decode")) {
        decode = score;
        decodeError = error;
      }
    }
    if (Double.isNaN(encode) || Double.isNaN(decode)) {
      throw new IllegalStateException("JMH gave no figure for encode or decode; see " + log);
    }
    int size = AvroSerdes.forTopic(Topics.ATTENDANCE, new InMemorySchemaRegistryClient()).serializer()
        .serialize(Topics.ATTENDANCE.name(), SerdeBenchmark.sampleAttendance()).length;
    String settings = String.format(Locale.ROOT, "1 fork, %d × %s warm-up, %d × %s measured", plan.warmupIterations(),
        DurationConverter.format(plan.warmupTime()), plan.measurementIterations(),
        DurationConverter.format(plan.measurementTime()));
    return new SerdeResult(size, encode, encodeError, decode, decodeError, settings);
  }
}
