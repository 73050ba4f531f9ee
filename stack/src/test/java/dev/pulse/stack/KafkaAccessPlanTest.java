package dev.pulse.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.stack.KafkaAccessPlan.Grant;
import dev.pulse.stack.KafkaAccessPlan.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * The plan's shape, and the two places outside the code that repeat it: the ACL table of
 * docs/security.md and the lines deploy/kafka-init.sh runs. On a mismatch the message holds the
 * lines to paste.
 */
class KafkaAccessPlanTest {

  private static final KafkaAccessPlan PLAN = KafkaAccessPlan.pulse();
  private static final Path REPOSITORY = Path.of("..");

  @Test
  void analysts_and_dashboards_write_nothing_and_only_the_streams_own_a_prefix() {
    for (Grant g : PLAN.grants()) {
      if (g.role() == Role.ANALYST || g.role() == Role.DASHBOARD) {
        assertThat(g.operation()).as(g.toString()).isEqualTo(AclOperation.READ);
      }
      if (g.operation() == AclOperation.ALL) {
        assertThat(g.role()).as(g.toString()).isEqualTo(Role.STREAMS);
        assertThat(g.resource().name()).isEqualTo(PLAN.names().streamsApplicationId());
      }
    }
    assertThat(PLAN.grants(Role.DASHBOARD)).extracting(g -> g.resource().name())
        .containsExactlyElementsOf(Topics.ALL_VIEWS.stream().map(Topic::name).toList());
    assertThat(PLAN.grants(Role.INGEST)).filteredOn(g -> g.operation() == AclOperation.WRITE
            && g.resource().resourceType() == ResourceType.TOPIC)
        .extracting(g -> g.resource().name())
        .containsExactlyElementsOf(java.util.stream.Stream.concat(Topics.INPUTS.stream().map(Topic::name),
            java.util.stream.Stream.of(PLAN.names().idOwnersTopic())).toList());
  }

  @Test
  void the_security_page_shows_the_plans_table() throws Exception {
    String page = Files.readString(REPOSITORY.resolve("docs/security.md"));
    assertThat(page).as("docs/security.md must hold this table, as KafkaAccessPlan.markdownTable() renders it:\n"
        + PLAN.markdownTable()).contains(PLAN.markdownTable());
  }

  @Test
  void the_init_script_creates_the_contracts_topics_and_the_plans_acls() throws Exception {
    String script = Files.readString(REPOSITORY.resolve("deploy/kafka-init.sh"));
    List<Topic<?>> topics = new ArrayList<>(Topics.ALL);
    topics.add(new Topic<>(PLAN.names().tokensTopic(), byte[].class, Topic.Retention.COMPACTED, 1));
    topics.add(new Topic<>(PLAN.names().idOwnersTopic(), byte[].class, Topic.Retention.COMPACTED, 6));
    List<String> expectedTopics = TopicSetup.kafkaTopicsCommands(topics);
    assertThat(between(script, "topics")).as("deploy/kafka-init.sh, between '# BEGIN topics' and '# END topics':\n"
        + String.join("\n", expectedTopics)).isEqualTo(expectedTopics);
    List<String> expectedAcls = PLAN.kafkaAclsCommands();
    assertThat(between(script, "acls")).as("deploy/kafka-init.sh, between '# BEGIN acls' and '# END acls':\n"
        + String.join("\n", expectedAcls)).isEqualTo(expectedAcls);
  }

  @Test
  void the_init_script_creates_a_scram_user_for_every_principal() throws Exception {
    String script = Files.readString(REPOSITORY.resolve("deploy/kafka-init.sh"));
    for (Role r : Role.values()) {
      assertThat(script).as(r.label()).containsPattern("(?m)^scram_user " + PLAN.principals().user(r) + " ");
    }
  }

  private static List<String> between(String text, String block) {
    List<String> lines = text.lines().toList();
    int begin = lines.indexOf("# BEGIN " + block);
    int end = lines.indexOf("# END " + block);
    assertThat(begin).as("'# BEGIN " + block + "' line").isNotNegative();
    assertThat(end).as("'# END " + block + "' line").isGreaterThan(begin);
    return lines.subList(begin + 1, end);
  }
}
