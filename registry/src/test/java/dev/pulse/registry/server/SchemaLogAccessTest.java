package dev.pulse.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.stack.KafkaAccessPlan;
import org.junit.jupiter.api.Test;

/** The access plan grants the registry principal its topic under the name the registry uses. */
class SchemaLogAccessTest {

  @Test
  void the_registry_principal_owns_the_topic_the_registry_keeps_its_schemas_in() {
    KafkaAccessPlan plan = KafkaAccessPlan.pulse();
    assertThat(plan.names().schemasTopic()).isEqualTo(SchemaLog.TOPIC);
    assertThat(plan.grants(KafkaAccessPlan.Role.REGISTRY))
        .filteredOn(g -> g.resource().name().equals(SchemaLog.TOPIC))
        .extracting(g -> g.operation().name())
        .contains("CREATE", "READ", "WRITE");
  }
}
