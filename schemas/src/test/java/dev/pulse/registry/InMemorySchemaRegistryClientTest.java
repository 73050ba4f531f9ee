package dev.pulse.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.avro.Attendance;
import dev.pulse.avro.Unit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryClientTest {

  private static final Schema V1 = SchemaBuilder.record("Visit").namespace("test").fields()
      .requiredString("visitId").endRecord();
  /** V1 plus an optional field: BACKWARD compatible. */
  private static final Schema V2 = SchemaBuilder.record("Visit").namespace("test").fields()
      .requiredString("visitId").optionalString("note").endRecord();
  /** V1 plus a required field without default: the new schema cannot read V1 data. */
  private static final Schema REQUIRED_ADDED = SchemaBuilder.record("Visit").namespace("test").fields()
      .requiredString("visitId").requiredInt("minutes").endRecord();

  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

  private static void assertRegistryError(ThrowingCallable call, int httpStatus, int errorCode) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(httpStatus);
          assertThat(e.errorCode()).isEqualTo(errorCode);
        });
  }

  @Test
  void theSameSchemaHasOneGlobalIdUnderEverySubject() {
    int first = registry.register("a-value", Unit.getClassSchema());

    assertThat(registry.register("a-value", Unit.getClassSchema())).isEqualTo(first);
    assertThat(registry.register("b-value", Unit.getClassSchema())).isEqualTo(first);
    assertThat(registry.register("c-value", Attendance.getClassSchema())).isEqualTo(first + 1);
    assertThat(registry.versions("a-value")).containsExactly(1);
    assertThat(registry.version("b-value", 1)).isEqualTo(new RegisteredSchema("b-value", 1, first, Unit.getClassSchema()));
    assertThat(registry.subjects()).containsExactly("a-value", "b-value", "c-value");
    assertThat(registry.byId(first)).isEqualTo(Unit.getClassSchema());
  }

  @Test
  void aCompatibleSchemaBecomesTheNextVersion() {
    int v1 = registry.register("visits-value", V1);
    assertThat(registry.isCompatible("visits-value", V2)).isTrue();

    int v2 = registry.register("visits-value", V2);

    assertThat(v2).isNotEqualTo(v1);
    assertThat(registry.versions("visits-value")).containsExactly(1, 2);
    assertThat(registry.latest("visits-value")).isEqualTo(new RegisteredSchema("visits-value", 2, v2, V2));
    assertThat(registry.lookup("visits-value", V1)).isEqualTo(v1);
  }

  @Test
  void anIncompatibleSchemaIsRefusedWith409AndTheReason() {
    registry.register("visits-value", V1);

    assertThat(registry.isCompatible("visits-value", REQUIRED_ADDED)).isFalse();
    assertRegistryError(() -> registry.register("visits-value", REQUIRED_ADDED), 409, 409);
    assertThatThrownBy(() -> registry.register("visits-value", REQUIRED_ADDED))
        .hasMessageContaining("visits-value")
        .hasMessageContaining("BACKWARD")
        .hasMessageContaining("minutes");
    assertThat(registry.versions("visits-value")).containsExactly(1);
  }

  @Test
  void unknownThingsAreRefusedWithConfluentErrorCodes() {
    registry.register("visits-value", V1);

    assertRegistryError(() -> registry.lookup("nobody-value", V1), 404, 40401);
    assertRegistryError(() -> registry.lookup("visits-value", V2), 404, 40403);
    assertRegistryError(() -> registry.byId(99), 404, 40403);
    assertRegistryError(() -> registry.versions("nobody-value"), 404, 40401);
    assertRegistryError(() -> registry.latest("nobody-value"), 404, 40401);
    assertRegistryError(() -> registry.version("visits-value", 2), 404, 40402);
  }

  @Test
  void aNewSubjectIsCompatibleWithAnything() {
    assertThat(registry.isCompatible("new-value", REQUIRED_ADDED)).isTrue();
  }

  @Test
  void compatibilityIsBackwardByDefaultAndCanBeSetPerSubject() {
    registry.register("visits-value", V1);
    registry.setCompatibility("visits-value", "none");

    assertThat(registry.compatibility(null)).isEqualTo("BACKWARD");
    assertThat(registry.compatibility("visits-value")).isEqualTo("NONE");
    assertThat(registry.compatibility("other-value")).isEqualTo("BACKWARD");
    assertThat(registry.register("visits-value", REQUIRED_ADDED)).isPositive();
    assertRegistryError(() -> registry.setCompatibility(null, "SIDEWAYS"), 422, 42203);
  }

  @Test
  void forwardCompatibilityLetsOldReadersReadNewData() {
    registry.setCompatibility(null, "FORWARD");
    registry.register("visits-value", V2);
    Schema withoutNote = V1;

    // Old readers (V2) read data written with V1: note takes its default.
    assertThat(registry.isCompatible("visits-value", withoutNote)).isTrue();
    // A reader of V2 cannot read a visitId that became an int.
    Schema idAsInt = SchemaBuilder.record("Visit").namespace("test").fields().requiredInt("visitId").endRecord();
    assertThat(registry.isCompatible("visits-value", idAsInt)).isFalse();
    // Adding a required field is fine for old readers, which ignore it.
    assertThat(registry.isCompatible("visits-value", REQUIRED_ADDED)).isTrue();
  }

  @Test
  void fullCompatibilityNeedsBothDirections() {
    registry.setCompatibility("visits-value", "FULL");
    registry.register("visits-value", V1);

    assertThat(registry.isCompatible("visits-value", V2)).isTrue();
    assertThat(registry.isCompatible("visits-value", REQUIRED_ADDED)).isFalse();
  }

  @Test
  void transitiveLevelsCheckEveryEarlierVersionNotOnlyTheLatest() {
    Schema countAsInt = SchemaBuilder.record("Tally").fields().requiredInt("count").endRecord();
    Schema noCount = SchemaBuilder.record("Tally").fields().endRecord();
    Schema countAsText = SchemaBuilder.record("Tally").fields()
        .name("count").type().stringType().stringDefault("").endRecord();
    registry.register("tally-value", countAsInt);
    registry.register("tally-value", noCount);

    // Reading the latest version (no count) is fine; reading version 1 (an int count) as text is not.
    assertThat(registry.isCompatible("tally-value", countAsText)).isTrue();
    registry.setCompatibility("tally-value", "BACKWARD_TRANSITIVE");
    assertThat(registry.isCompatible("tally-value", countAsText)).isFalse();
    assertRegistryError(() -> registry.register("tally-value", countAsText), 409, 409);
  }
}
