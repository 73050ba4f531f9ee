package dev.pulse.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What `pulse up` makes of its command line, without starting anything. */
class PulseCommandLineTest {

  @Test
  void upWithoutOptionsRunsEverythingEmbeddedOnTheContractPorts() {
    StackOptions o = parseUp();
    assertThat(o).isEqualTo(StackOptions.defaults());
    assertThat(o.httpPort()).isEqualTo(8080);
    assertThat(o.registryPort()).isEqualTo(8081);
    assertThat(o.kafkaPort()).isEqualTo(9092);
    assertThat(o.controllerPort()).isZero();
    assertThat(o.dataDir()).isEqualTo(Path.of("pulse-data"));
    assertThat(o.embedsKafka()).isTrue();
    assertThat(o.embedsRegistry()).isTrue();
    assertThat(o.readingIsOpen()).isFalse();
    assertThat(o.applicationId()).isEqualTo("pulse-views");
    assertThat(o.engine()).isEqualTo(dev.pulse.streams.StreamsSettings.DEFAULT_ENGINE);
    assertThat(o.streamThreads()).isEqualTo(2);
  }

  @Test
  void engineAndThreadsAreOptionsAndABadEngineIsNamed() {
    StackOptions o = parseUp("--engine", "single", "--stream-threads", "4");
    assertThat(o.engine()).isEqualTo(dev.pulse.streams.Engine.SINGLE);
    assertThat(o.streamThreads()).isEqualTo(4);
    assertThat(parseUp("--engine", "PARTITIONED").engine()).isEqualTo(dev.pulse.streams.Engine.PARTITIONED);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parseUp("--engine", "fast"))
        .hasMessageContaining("engine must be 'partitioned' or 'single', was 'fast'");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parseUp("--stream-threads", "0"))
        .hasMessageContaining("--stream-threads must be 1 or more");
  }

  @Test
  void anotherApplicationIdSwitchesToTheViewsRebuiltUnderIt() {
    assertThat(parseUp("--application-id", "pulse-views-2").applicationId()).isEqualTo("pulse-views-2");
  }

  @Test
  void anExistingClusterAndRegistryReplaceTheEmbeddedOnes() {
    StackOptions o = parseUp("--bootstrap-servers", "kafka-1:9092,kafka-2:9092",
        "--schema-registry", "http://registry:8081", "--replication-factor", "3", "--data-dir", "/var/lib/pulse");
    assertThat(o.embedsKafka()).isFalse();
    assertThat(o.embedsRegistry()).isFalse();
    assertThat(o.bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
    assertThat(o.schemaRegistryUrl()).isEqualTo("http://registry:8081");
    assertThat(o.replicationFactor()).isEqualTo((short) 3);
    assertThat(o.dataDir()).isEqualTo(Path.of("/var/lib/pulse"));
  }

  @Test
  void theDemoOpensReadingAndSoDoesOpenReadingAlone() {
    assertThat(parseUp("--demo").readingIsOpen()).isTrue();
    assertThat(parseUp("--open-reading").readingIsOpen()).isTrue();
    assertThat(parseUp("--open-reading").demo()).isFalse();
  }

  @Test
  void portsAreChecked() {
    StringWriter err = new StringWriter();
    CommandLine cmd = Pulse.commandLine().setErr(new PrintWriter(err));
    int exit = cmd.execute("up", "--http-port", "70000");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("http port must be between 0 and 65535, was 70000");
  }

  @Test
  void helpNamesEveryOptionOfUp() {
    StringWriter out = new StringWriter();
    CommandLine cmd = Pulse.commandLine().setOut(new PrintWriter(out));
    assertThat(cmd.execute("up", "--help")).isZero();
    assertThat(out.toString()).contains("--http-port", "--registry-port", "--kafka-port", "--controller-port",
        "--data-dir", "--bootstrap-servers", "--schema-registry", "--replication-factor", "--demo", "--open-reading", "--application-id");
  }

  private static StackOptions parseUp(String... args) {
    UpCommand up = new UpCommand();
    new CommandLine(up).parseArgs(args);
    return up.options();
  }
}
