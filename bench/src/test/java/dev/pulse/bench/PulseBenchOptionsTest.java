package dev.pulse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.streams.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --engine} and {@code --threads}, parsed without running anything; and the state's size on disk. */
class PulseBenchOptionsTest {

  @Test
  void byDefaultThePartitionedEngineRunsOnOneAndTwoThreads() {
    PulseBench bench = parse();

    assertThat(bench.engine).isEqualTo(Engine.PARTITIONED);
    assertThat(bench.threadCounts()).containsExactly(1, 2);
  }

  @Test
  void theEngineAndTheThreadCountsAreChosen() {
    PulseBench bench = parse("--engine", "single", "--threads", "1,2,4,2");

    assertThat(bench.engine).isEqualTo(Engine.SINGLE);
    assertThat(bench.threadCounts()).containsExactly(1, 2, 4);
  }

  @Test
  void anUnknownEngineOrNoThreadIsRefused() {
    assertThatThrownBy(() -> parse("--engine", "sharded")).isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("partitioned").hasMessageContaining("sharded");
    PulseBench zero = parse("--threads", "0,2");
    assertThatThrownBy(zero::threadCounts).isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--threads").hasMessageContaining("was 0");
  }

  @Test
  void eachThreadCountRunsUnderAnApplicationIdOfItsOwn() {
    assertThat(List.of(1, 2, 4).stream().map(PipelineBench::applicationId))
        .containsExactly("pulse-views-t1", "pulse-views-t2", "pulse-views-t4");
  }

  @Test
  void theStateOnDiskIsTheBytesOfItsFiles(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("CURRENT"), new byte[100]);
    Path store = Files.createDirectories(dir.resolve("0_1").resolve("rocksdb").resolve("members"));
    Files.write(store.resolve("000012.sst"), new byte[4096]);

    assertThat(PipelineBench.bytesOnDisk(dir)).isEqualTo(4196);
    assertThat(PipelineBench.bytesOnDisk(dir.resolve("absent"))).isEqualTo(-1);
  }

  private static PulseBench parse(String... args) {
    PulseBench bench = new PulseBench();
    new CommandLine(bench).parseArgs(args);
    return bench;
  }
}
