package dev.pulse.bench;

import dev.pulse.app.Demo;
import dev.pulse.producers.simulate.Scale;
import dev.pulse.streams.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Start time and memory of {@code pulse up} in a process of its own: fresh and empty on free
 * ports, then — when the pipeline section has left the province's views on the run's broker —
 * restarted on that broker, to weigh a Pulse that holds a province and to time how it follows a
 * new event year and a district's move ({@link ChangesBench}).
 */
final class StartBench {

  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  private StartBench() {}

  /**
   * The province the pipeline section left on the run's broker: Pulse restarts on it under the
   * application id and thread count of that run, so that it restores those views.
   */
  record Province(BenchBroker broker, PipelineResult.Run views, int year, long inputRecords) {}

  static StartResult run(PulseProcess.Launcher launcher, Engine engine, Path workDir, Province province,
      Duration catchUpTimeout) throws Exception {
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
        "--controller-port", Integer.toString(controller), "--data-dir", workDir.resolve("fresh").toString(),
        "--engine", engine.label()),
        http, workDir.resolve("pulse-up-fresh.log"))) {
      ready = pulse.awaitPorts(List.of(kafka, registry, http), READY_TIMEOUT);
      pulse.createAdminToken("localhost:" + kafka);
      said = awaitSaid(pulse);
      empty = pulse.memory();
    }
    Progress.say("pulse up answered on every port %.1f s after launch", ready);
    double demoFigures = demoFigures(launcher, engine, workDir);
    StartResult.ProvinceRestart restart = null;
    if (province != null) {
      int restartHttp = PulseProcess.freePort();
      BenchBroker broker = province.broker();
      Progress.say("restarting Pulse on the run's broker (application id %s, %d stream threads) to restore the"
          + " province's views and weigh them", province.views().applicationId(), province.views().threads());
      try (PulseProcess pulse = PulseProcess.launch(launcher, List.of("--http-port", Integer.toString(restartHttp),
          "--bootstrap-servers", broker.bootstrapServers(), "--schema-registry", broker.registryUrl(),
          "--data-dir", workDir.resolve("province").toString(), "--engine", engine.label(),
          "--application-id", province.views().applicationId(),
          "--stream-threads", Integer.toString(province.views().threads())),
          restartHttp, workDir.resolve("pulse-up-province.log"))) {
        double serving = pulse.awaitPorts(List.of(restartHttp), READY_TIMEOUT);
        pulse.createAdminToken(broker.bootstrapServers());
        double caughtUp = pulse.awaitStreamsCaughtUp(catchUpTimeout);
        StartResult.Memory memory = pulse.memory();
        ChangesResult changes = ChangesBench.run(broker, province.views().applicationId(), province.year(),
            province.inputRecords(), catchUpTimeout);
        restart = new StartResult.ProvinceRestart(serving, caughtUp, memory, changes);
      }
    }
    return new StartResult(launcher.describe() + " --engine " + engine.label(), ready, said, empty, demoFigures,
        restart);
  }

  /**
   * {@code pulse up --demo} fresh on free ports: the seconds from launch until the province's row
   * of its year has eligible members, which is when the dashboard first shows its figures.
   */
  private static double demoFigures(PulseProcess.Launcher launcher, Engine engine, Path workDir) throws Exception {
    int http = PulseProcess.freePort();
    String row = "/api/v1/participation/" + Demo.PROVINCE + "/" + Scale.dienBien2023().year();
    Progress.say("launching %s --demo and reading GET %s until the province has figures", launcher.describe(), row);
    try (PulseProcess pulse = PulseProcess.launch(launcher, List.of("--http-port", Integer.toString(http),
        "--registry-port", Integer.toString(PulseProcess.freePort()),
        "--kafka-port", Integer.toString(PulseProcess.freePort()),
        "--controller-port", Integer.toString(PulseProcess.freePort()),
        "--data-dir", workDir.resolve("demo").toString(), "--engine", engine.label(), "--demo"),
        http, workDir.resolve("pulse-up-demo.log"))) {
      double seconds = pulse.awaitFigures(row, READY_TIMEOUT);
      Progress.say("the demo's province had figures %.1f s after launch", seconds);
      return seconds;
    }
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
