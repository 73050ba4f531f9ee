package dev.pulse.replay.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet exports need no Hadoop at run time (the app does not ship it): a JVM without any Hadoop
 * jar writes a file, and parquet-avro's own reader, with Hadoop's Snappy codec, reads it back.
 */
class ParquetWithoutHadoopTest {

  @TempDir Path dir;

  @Test
  void aJvmWithoutHadoopWritesParquetThatParquetReads() throws Exception {
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.contains(File.separator + "hadoop" + File.separator)) // org/apache/hadoop/…, not parquet-hadoop
        .collect(Collectors.joining(File.pathSeparator));
    Path file = dir.resolve("activities.parquet");
    Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.pulse.avro", "-cp", classPath,
        ParquetWithoutHadoop.class.getName(), file.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("jvm.log").toFile())
        .start();
    assertThat(java.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(java.exitValue()).as(Files.readString(dir.resolve("jvm.log"))).isZero();

    assertThat(dev.pulse.replay.Rows.readParquet(file))
        .isEqualTo(ParquetWithoutHadoop.rows().stream().map(dev.pulse.replay.Rows::of).toList());
    assertThat(file.resolveSibling("activities.parquet.part")).doesNotExist();
  }
}
