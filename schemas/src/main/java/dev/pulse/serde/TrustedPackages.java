package dev.pulse.serde;

import dev.pulse.avro.Unit;
import java.util.Arrays;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Makes Avro trust Pulse's generated classes. Since 1.12 Avro refuses to instantiate classes by
 * name outside the packages listed in the system property {@value #PROPERTY}, and decoding into a
 * generated record or enum does exactly that.
 */
final class TrustedPackages {

  static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";
  static final String PULSE_PACKAGE = Unit.class.getPackageName();

  private TrustedPackages() {}

  /** Adds Pulse's package to the property, and to Avro's validator if it already read the property. */
  static synchronized void ensure() {
    System.setProperty(PROPERTY, withPackage(System.getProperty(PROPERTY), PULSE_PACKAGE));
    // Avro reads the property once, when its validator loads; if a generated class was used before
    // any serde, that happened already and only widening the validator itself helps.
    ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
    if (!current.isTrusted(Unit.class)) {
      ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
          current, type -> type.getName().startsWith(PULSE_PACKAGE + ".")));
    }
  }

  /** A comma-separated package list that includes the package, appended when missing. */
  static String withPackage(String packages, String pkg) {
    if (packages == null || packages.isBlank()) {
      return pkg;
    }
    boolean present = Arrays.stream(packages.split(","))
        .map(String::trim)
        .anyMatch(p -> p.equals(pkg) || p.equals("*"));
    return present ? packages : packages + "," + pkg;
  }
}
