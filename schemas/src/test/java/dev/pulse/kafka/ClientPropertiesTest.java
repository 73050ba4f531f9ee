package dev.pulse.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientPropertiesTest {

  @TempDir Path dir;

  @Test
  void a_scram_file_with_a_continued_jaas_line_gives_the_three_properties() throws Exception {
    Path file = write("""
        # pulse-ingest on the production cluster
        security.protocol=SASL_PLAINTEXT
        sasl.mechanism: SCRAM-SHA-512

        sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\
            username="pulse-ingest" \\
            password="s3cret";
        linger.ms=20
        """);
    Map<String, Object> p = ClientProperties.load(file);
    assertThat(p).containsOnlyKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config", "linger.ms");
    assertThat(p.get("sasl.jaas.config")).isEqualTo(
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"pulse-ingest\" password=\"s3cret\";");
    assertThat(ClientProperties.describe(p)).contains("sasl.mechanism=SCRAM-SHA-512", "sasl.jaas.config=[hidden]")
        .doesNotContain("s3cret");
  }

  @Test
  void a_jaas_option_cut_from_its_line_is_named_with_its_line_number() throws Exception {
    Path file = write("""
        security.protocol=SASL_PLAINTEXT
        sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required
        username="pulse-ingest" password="s3cret";
        """);
    assertThatThrownBy(() -> ClientProperties.load(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file + ", line 2: sasl.jaas.config must end with ';'");
  }

  @Test
  void a_misspelt_property_is_refused_with_the_file_and_line() throws Exception {
    Path file = write("""
        security.protocol=SASL_SSL

        sasl.mechansim=SCRAM-SHA-512
        """);
    assertThatThrownBy(() -> ClientProperties.load(file))
        .hasMessage(file + ", line 3: 'sasl.mechansim' is not a Kafka client property");
  }

  @Test
  void sasl_without_a_jaas_configuration_and_a_missing_file_are_refused() throws Exception {
    Path file = write("security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
    assertThatThrownBy(() -> ClientProperties.load(file)).hasMessageContaining(file.toString())
        .hasMessageContaining("no sasl.jaas.config");
    Path missing = dir.resolve("nowhere.properties");
    assertThatThrownBy(() -> ClientProperties.load(missing))
        .hasMessage("the Kafka client properties file " + missing + " does not exist");
  }

  @Test
  void a_property_set_twice_is_refused() throws Exception {
    Path file = write("linger.ms=5\nacks=all\nlinger.ms=10\n");
    assertThatThrownBy(() -> ClientProperties.load(file))
        .hasMessage(file + ", line 3: 'linger.ms' is set again (first on line 1)");
  }

  private Path write(String text) throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(file, text);
    return file;
  }
}
