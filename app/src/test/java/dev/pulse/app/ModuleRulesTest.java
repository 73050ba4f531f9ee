package dev.pulse.app;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arrows between the modules run one way (README, "Where things are"): app → server, replay,
 * producers, registry, stack; replay → streams, batch; everything → schemas, the contract. Checked
 * over the production classes of every module on app's classpath.
 */
class ModuleRulesTest {

  static JavaClasses classes;

  /** Production classes only: not test classes, nor the test jars other modules publish. */
  static final class ProductionClasses implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/test-classes/") && !location.contains("-tests.jar");
    }
  }

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(new ProductionClasses()).importPackages("dev.pulse");
  }

  @Test
  void each_module_is_used_only_by_the_modules_above_it() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("schemas").definedBy("dev.pulse.avro..", "dev.pulse.contract..", "dev.pulse.serde..", "dev.pulse.kafka..",
            "dev.pulse.registry")
        .layer("stack").definedBy("dev.pulse.stack..")
        .layer("registry").definedBy("dev.pulse.registry.server..")
        .layer("server").definedBy("dev.pulse.server..")
        .layer("producers").definedBy("dev.pulse.producers..")
        .layer("batch").definedBy("dev.pulse.batch..")
        .layer("streams").definedBy("dev.pulse.streams..")
        .layer("replay").definedBy("dev.pulse.replay..")
        .layer("app").definedBy("dev.pulse.app..")
        .whereLayer("app").mayNotBeAccessedByAnyLayer()
        .whereLayer("replay").mayOnlyBeAccessedByLayers("app")
        .whereLayer("server").mayOnlyBeAccessedByLayers("app")
        .whereLayer("producers").mayOnlyBeAccessedByLayers("app")
        .whereLayer("registry").mayOnlyBeAccessedByLayers("app")
        .whereLayer("stack").mayOnlyBeAccessedByLayers("app")
        .whereLayer("streams").mayOnlyBeAccessedByLayers("replay", "app")
        .whereLayer("batch").mayOnlyBeAccessedByLayers("replay", "app")
        .check(classes);
  }

  @Test
  void the_http_face_reaches_the_views_without_kafka_streams_types() {
    noClasses().that().resideInAPackage("dev.pulse.server..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.streams..")
        .check(classes);
  }

  @Test
  void the_engine_and_the_recomputation_carry_no_http_library() {
    noClasses().that().resideInAnyPackage("dev.pulse.streams..", "dev.pulse.batch..", "dev.pulse.producers..")
        .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "jakarta.servlet..", "org.eclipse.jetty..")
        .check(classes);
  }

  @Test
  void the_independent_recomputation_shares_no_code_with_the_engine() {
    noClasses().that().resideInAPackage("dev.pulse.batch..")
        .should().dependOnClassesThat().resideInAPackage("dev.pulse.streams..")
        .check(classes);
  }

  @Test
  void the_contract_depends_on_no_module() {
    noClasses().that().resideInAnyPackage("dev.pulse.contract..", "dev.pulse.serde..", "dev.pulse.kafka..", "dev.pulse.avro..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.pulse.server..", "dev.pulse.streams..", "dev.pulse.batch..",
            "dev.pulse.producers..", "dev.pulse.replay..", "dev.pulse.app..", "dev.pulse.stack..", "dev.pulse.registry.server..")
        .check(classes);
  }
}
