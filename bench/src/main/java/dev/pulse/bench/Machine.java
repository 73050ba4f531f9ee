package dev.pulse.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine a run took its figures on: what a reader needs to judge them, and the load average
 * before and after, since the figures of a shared machine are only as quiet as its neighbours.
 *
 * @param host the host name, also part of the result files' names
 * @param cpuModel {@code model name} of {@code /proc/cpuinfo}, or the JVM's architecture elsewhere
 * @param cores processors available to the JVM
 * @param ramBytes {@code MemTotal} of {@code /proc/meminfo}, or -1 where there is none
 * @param os operating system, version and architecture
 * @param java the Java runtime's version and vendor
 * @param loadBefore 1, 5 and 15-minute load averages when the run began
 * @param loadAfter the same when it ended, or null before then
 */
public record Machine(String host, String cpuModel, int cores, long ramBytes, String os, String java,
    LoadAverage loadBefore, LoadAverage loadAfter) {

  /** The machine now, load average as it stands (the "after" is filled in at the end). */
  public static Machine describe() {
    return new Machine(hostName(), readCpuModel(), Runtime.getRuntime().availableProcessors(), readRamBytes(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        System.getProperty("java.runtime.version", System.getProperty("java.version")) + " ("
            + System.getProperty("java.vm.vendor") + ")",
        LoadAverage.now(), null);
  }

  public Machine withLoadAfter(LoadAverage after) {
    return new Machine(host, cpuModel, cores, ramBytes, os, java, loadBefore, after);
  }

  /** One line for the table's heading: "2 × Intel(R) Xeon(R) …, 23.4 GiB, Linux …, Java 17.0.15". */
  public String summary() {
    return String.format(Locale.ROOT, "%s: %d × %s, %s RAM, %s, Java %s", host, cores, cpuModel,
        ramBytes < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", ramBytes / (double) (1L << 30)), os, java);
  }

  /** The three load averages of {@code /proc/loadavg}. */
  public record LoadAverage(double oneMinute, double fiveMinutes, double fifteenMinutes) {

    /** Now, or -1s where the system does not say (not Linux). */
    public static LoadAverage now() {
      return readFirstLine(Path.of("/proc/loadavg")).map(line -> {
        String[] f = line.trim().split("\\s+");
        return new LoadAverage(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
      }).orElse(new LoadAverage(-1, -1, -1));
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.2f %.2f %.2f", oneMinute, fiveMinutes, fifteenMinutes);
    }
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) return env.trim();
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  private static String readCpuModel() {
    return lines(Path.of("/proc/cpuinfo")).stream()
        .filter(l -> l.startsWith("model name"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .findFirst()
        .orElse(System.getProperty("os.arch"));
  }

  private static long readRamBytes() {
    return lines(Path.of("/proc/meminfo")).stream()
        .filter(l -> l.startsWith("MemTotal:"))
        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
        .findFirst()
        .orElse(-1L);
  }

  private static Optional<String> readFirstLine(Path file) {
    return lines(file).stream().findFirst();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
