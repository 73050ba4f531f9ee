package dev.pulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.server.access.Role;
import dev.pulse.server.access.TokenStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pulse up} as an operator runs it, in a process of its own: started, watched until it
 * answers, asked for its memory, stopped as Ctrl-C stops it.
 */
final class PulseProcess implements AutoCloseable {

  private static final Pattern UP_LINE = Pattern.compile("Pulse is up, started in ([\\d.]+) s");
  private static final Pattern HEAP_USED = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} (\\S+)");
  private static final Pattern HEAP_MAX = Pattern.compile("(?m)^jvm_memory_max_bytes\\{[^}]*area=\"heap\"[^}]*} (\\S+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final long launchedNanos;
  private final Path output;
  private final int httpPort;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** /metrics and the parts of /health need an admin token (SPEC.md §6); null until one is made. */
  private volatile String adminBearer;

  private PulseProcess(Process process, long launchedNanos, Path output, int httpPort) {
    this.process = process;
    this.launchedNanos = launchedNanos;
    this.output = output;
    this.httpPort = httpPort;
  }

  /** How the process is started: from the app's jar when built, else from this class path. */
  record Launcher(Path pulseJar) {

    List<String> command(List<String> upArguments) {
      List<String> cmd = new ArrayList<>();
      cmd.add(ChildJvm.javaExecutable());
      cmd.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.pulse.avro");
      if (Files.isRegularFile(pulseJar)) {
        cmd.add("-jar");
        cmd.add(pulseJar.toString());
      } else {
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.pulse.app.Pulse");
      }
      cmd.add("up");
      cmd.addAll(upArguments);
      return cmd;
    }

    String describe() {
      return Files.isRegularFile(pulseJar) ? "java -jar " + pulseJar + " up"
          : "java -cp <the bench's class path> dev.pulse.app.Pulse up (no " + pulseJar + ")";
    }
  }

  static PulseProcess launch(Launcher launcher, List<String> upArguments, int httpPort, Path output) throws IOException {
    List<String> cmd = launcher.command(upArguments);
    long begun = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    return new PulseProcess(p, begun, output, httpPort);
  }

  /** A port nobody listens on now (the process binds it a moment later). */
  static int freePort() {
    return dev.pulse.stack.FreePorts.next();
  }

  /**
   * Makes an admin token through the token topic of the cluster this Pulse uses, as an operator's
   * {@code pulse token create} would, so that /metrics and /health answer in full.
   */
  void createAdminToken(String bootstrapServers) {
    try (TokenStore tokens = new TokenStore(bootstrapServers)) {
      adminBearer = tokens.create("BENCH", Role.ADMIN, "pulse bench reads /metrics and /health").bearer();
    }
  }

  private HttpRequest.Builder asAdmin(HttpRequest.Builder request) {
    return adminBearer == null ? request : request.header("Authorization", "Bearer " + adminBearer);
  }

  long pid() {
    return process.pid();
  }

  double secondsSinceLaunch() {
    return (System.nanoTime() - launchedNanos) / 1e9;
  }

  /** Waits until every port answers a TCP connection and returns the seconds since launch. */
  double awaitPorts(List<Integer> ports, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ports.stream().allMatch(PulseProcess::answers)) {
      checkAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("pulse up did not answer on " + ports + " within " + timeout.toSeconds()
            + " s; see " + output);
      }
      Thread.sleep(20);
    }
    return secondsSinceLaunch();
  }

  /** Waits until /health says the streams are RUNNING with nothing left to read; seconds since launch. */
  double awaitStreamsCaughtUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int inARow = 0;
    while (true) {
      checkAlive();
      JsonNode health = health();
      long lag = health == null ? -1 : health.path("lag").asLong(-1);
      boolean caughtUp = health != null && "RUNNING".equals(health.path("streams").asText())
          && lag >= 0 && lag <= 1;
      inARow = caughtUp ? inARow + 1 : 0;
      if (inARow >= 3) return secondsSinceLaunch();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("pulse up's streams did not catch up within " + timeout.toSeconds()
            + " s (last /health: " + health + "); see " + output);
      }
      Thread.sleep(200);
    }
  }

  /**
   * Waits until a view row read without a token (the demo reads openly) says the unit has
   * eligible members, and returns the seconds since launch: when the dashboard has figures to show.
   */
  double awaitFigures(String rowPath, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      checkAlive();
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + rowPath))
            .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && JSON.readTree(r.body()).path("eligible").asLong() > 0) return secondsSinceLaunch();
      } catch (IOException e) {
        // not answering yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("GET " + rowPath + " showed no eligible members within " + timeout.toSeconds()
            + " s; see " + output);
      }
      Thread.sleep(100);
    }
  }

  /** The seconds Pulse itself said it took to start ("Pulse is up, started in 7.6 s"), once printed. */
  Optional<Double> saidStartSeconds() {
    try {
      Matcher m = UP_LINE.matcher(Files.readString(output, StandardCharsets.UTF_8));
      return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Heap from /metrics, after a full GC (through jcmd) where the JDK has it, and RSS from /proc. */
  StartResult.Memory memory() throws IOException, InterruptedException {
    String before = metrics();
    long used = sum(HEAP_USED, before);
    long max = sum(HEAP_MAX, before);
    long afterGc = -1;
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (Files.isExecutable(jcmd)) {
      Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.run")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (gc.waitFor(60, TimeUnit.SECONDS) && gc.exitValue() == 0) afterGc = sum(HEAP_USED, metrics());
    }
    return new StartResult.Memory(used >> 20, afterGc < 0 ? -1 : afterGc >> 20, max >> 20, rssKiB() >> 10);
  }

  private long rssKiB() throws IOException {
    Path status = Path.of("/proc", Long.toString(pid()), "status");
    if (!Files.exists(status)) return -1;
    return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmRSS:"))
        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1L);
  }

  private String metrics() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(asAdmin(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/metrics")))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IllegalStateException("GET /metrics answered " + r.statusCode());
    return r.body();
  }

  private JsonNode health() {
    try {
      HttpResponse<String> r = http.send(asAdmin(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/health")))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(r.body());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static long sum(Pattern p, String text) {
    Matcher m = p.matcher(text);
    double total = 0;
    boolean any = false;
    while (m.find()) {
      double v = Double.parseDouble(m.group(1));
      if (v > 0) total += v;
      any = true;
    }
    if (!any) throw new IllegalStateException("/metrics has no " + p.pattern().replaceAll("\\\\.*", "") + " figures");
    return (long) total;
  }

  private void checkAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException("pulse up exited with code " + process.exitValue() + "; see " + output);
    }
  }

  private static boolean answers(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("localhost", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops it as Ctrl-C does (SIGTERM: Pulse stops its parts in order), forcibly if it will not. */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    // The embedded broker is Pulse's own child: never leave it running behind a Pulse that did not stop.
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
