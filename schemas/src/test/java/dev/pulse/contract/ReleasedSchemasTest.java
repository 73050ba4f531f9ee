package dev.pulse.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * The build refuses a change to an .avsc that branch systems, dashboards and analysts could not
 * live with: every schema must read what each released version of it wrote (BACKWARD, as the
 * registry enforces per subject), and no released schema may disappear. A release copies the
 * .avsc files to {@code src/test/resources/released/vN}; a breaking change is a new topic
 * ({@code .v2}), never an edit.
 */
class ReleasedSchemasTest {

  private static final Path CURRENT = Path.of("src/main/avro");
  private static final Path RELEASED = Path.of("src/test/resources/released");

  @Test
  void everySchemaReadsWhatEveryReleasedVersionOfItWrote() throws IOException {
    List<String> problems = new ArrayList<>();
    List<Path> released = releasedFiles();
    assertThat(released).as("released schemas under " + RELEASED).isNotEmpty();
    for (Path old : released) {
      Path now = CURRENT.resolve(old.getFileName());
      if (!Files.exists(now)) {
        problems.add(old + " was released but " + now + " is gone");
        continue;
      }
      Schema writer = new Schema.Parser().parse(old.toFile());
      Schema reader = new Schema.Parser().parse(now.toFile());
      var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
      if (result.getCompatibility() != SchemaCompatibilityType.COMPATIBLE) {
        problems.add(now + " cannot read what " + old + " wrote: " + result.getIncompatibilities());
      }
    }
    assertThat(problems).as("incompatible schema changes").isEmpty();
  }

  @Test
  void theCheckRefusesANewRequiredFieldAndAcceptsAnOptionalOne() {
    Schema v1 = new Schema.Parser().parse("""
        {"type":"record","name":"Attendance","namespace":"dev.pulse.avro","fields":[
          {"name":"attendanceId","type":"string"}]}""");
    Schema requiredFieldAdded = new Schema.Parser().parse("""
        {"type":"record","name":"Attendance","namespace":"dev.pulse.avro","fields":[
          {"name":"attendanceId","type":"string"},{"name":"venue","type":"string"}]}""");
    Schema optionalFieldAdded = new Schema.Parser().parse("""
        {"type":"record","name":"Attendance","namespace":"dev.pulse.avro","fields":[
          {"name":"attendanceId","type":"string"},{"name":"venue","type":["null","string"],"default":null}]}""");

    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(requiredFieldAdded, v1).getType())
        .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(optionalFieldAdded, v1).getType())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  private static List<Path> releasedFiles() throws IOException {
    try (Stream<Path> files = Files.walk(RELEASED)) {
      return files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList();
    }
  }
}
