package dev.pulse.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.Unit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

class TrustedPackagesTest {

  @Test
  void thePulsePackageIsAppendedToThePropertyOnlyWhenMissing() {
    assertThat(TrustedPackages.withPackage(null, "dev.pulse.avro")).isEqualTo("dev.pulse.avro");
    assertThat(TrustedPackages.withPackage("", "dev.pulse.avro")).isEqualTo("dev.pulse.avro");
    assertThat(TrustedPackages.withPackage("com.acme.avro", "dev.pulse.avro")).isEqualTo("com.acme.avro,dev.pulse.avro");
    assertThat(TrustedPackages.withPackage("com.acme.avro, dev.pulse.avro", "dev.pulse.avro"))
        .isEqualTo("com.acme.avro, dev.pulse.avro");
    assertThat(TrustedPackages.withPackage("*", "dev.pulse.avro")).isEqualTo("*");
  }

  @Test
  void afterEnsuringAvroTrustsTheGeneratedClasses() {
    TrustedPackages.ensure();

    assertThat(System.getProperty(TrustedPackages.PROPERTY)).contains("dev.pulse.avro");
    assertThat(ClassSecurityValidator.getGlobal().isTrusted(Unit.class)).isTrue();
  }

  @Test
  void aJvmStartedWithoutThePropertyDecodesEvenWhenAvroWasUsedBeforeTheSerde() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), FreshJvmDecode.class.getName())
        .redirectErrorStream(true)
        .start();

    String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(jvm.waitFor()).as(output).isZero();
    assertThat(output).contains("trusted before the serde: false").contains("decoded equal: true");
  }
}
