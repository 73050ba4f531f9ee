package dev.pulse.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Start time and memory of {@code pulse up} in a process of its own: fresh and empty on free
 * ports, then — when the pipeline section has left the province's views on the run's broker —
 * restarted on that broker, to weigh a Pulse that holds a province.
 */
final class StartBench {

  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  private StartBench() {}

  static StartResult run(PulseProcess.Launcher launcher, Path workDir, BenchBroker provinceBroker, Duration catchUpTimeout)
      throws Exception {
    Files.createDirectories(workDir);
    int http = PulseProcess.freePort();
    int registry = PulseProcess.freePort();
    int kafka = PulseProcess.freePort();
    int controller = PulseProcess.freePort();
    Progress.say("launching %s on free ports (HTTP %d, registry %d, Kafka %d)", launcher.describe(), http, registry, kafka);
    double ready;
    double said;
    StartResult.Memory empty;
    try (PulseProcess pulse = PulseProcess.launch(launcher, List.of("--http-port", Integer.toString(http),
        "--registry-port", Integer.toString(registry), "--kafka-port", Integer.toString(kafka),
        "--controller-port", Integer.toString(controller), "--data-dir", workDir.resolve("fresh").toString()),
        http, workDir.resolve("pulse-up-fresh.log"))) {
      ready = pulse.awaitPorts(List.of(kafka, registry, http), READY_TIMEOUT);
      pulse.createAdminToken("localhost:" + kafka);
      said = awaitSaid(pulse);
      empty = pulse.memory();
    }
    Progress.say("pulse up answered on every port %.1f s after launch", ready);
    StartResult.ProvinceRestart province = null;
    if (provinceBroker != null) {
      int restartHttp = PulseProcess.freePort();
      Progress.say("restarting Pulse on the run's broker to restore the province's views and weigh them");
      try (PulseProcess pulse = PulseProcess.launch(launcher, List.of("--http-port", Integer.toString(restartHttp),
          "--bootstrap-servers", provinceBroker.bootstrapServers(), "--schema-registry", provinceBroker.registryUrl(),
          "--data-dir", workDir.resolve("province").toString()), restartHttp, workDir.resolve("pulse-up-province.log"))) {
        double serving = pulse.awaitPorts(List.of(restartHttp), READY_TIMEOUT);
        pulse.createAdminToken(provinceBroker.bootstrapServers());
        double caughtUp = pulse.awaitStreamsCaughtUp(catchUpTimeout);
        province = new StartResult.ProvinceRestart(serving, caughtUp, pulse.memory());
      }
    }
    return new StartResult(launcher.describe(), ready, said, empty, province);
  }

  /** Pulse prints its line just after its ports answer; give it a moment. */
  private static double awaitSaid(PulseProcess pulse) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      var said = pulse.saidStartSeconds();
      if (said.isPresent()) return said.get();
      Thread.sleep(50);
    }
    return -1;
  }
}
