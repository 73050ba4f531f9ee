package dev.pulse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java program run in a JVM of its own on this process's class path, its output kept in a file:
 * Kafka's tools end with {@code Exit.exit}, which must not end the bench.
 */
final class ChildJvm {

  private ChildJvm() {}

  /** The command that runs {@code mainClass} with {@code args} on this process's class path. */
  static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable());
    // The tools print figures with the default locale: keep the decimal point a point.
    cmd.add("-Duser.language=en");
    cmd.add("-Duser.country=US");
    cmd.add("-Dlogback.configurationFile=" + PulseBench.LOGBACK_CONFIG);
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }

  static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Runs the program to its end and returns what it printed on standard output.
   *
   * @param log where both its outputs are kept, for a reader when the figures look wrong
   */
  static String run(String mainClass, List<String> args, Path log, Duration timeout) {
    List<String> cmd = command(List.of("-Xmx512m"), mainClass, args);
    Path out = log.resolveSibling(log.getFileName() + ".out");
    try {
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(mainClass + " did not finish within " + timeout.toSeconds() + " s; see " + log);
      }
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      Files.writeString(log, "\n--- standard output ---\n" + stdout, StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.APPEND);
      Files.deleteIfExists(out);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(mainClass + " exited with code " + p.exitValue() + "; see " + log);
      }
      return stdout;
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + mainClass + " (" + String.join(" ", cmd) + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + mainClass + " ran", e);
    }
  }
}
