package dev.pulse.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.batch.SyntheticProvince;
import dev.pulse.streams.PulseStreams;
import dev.pulse.streams.StreamsSettings;
import dev.pulse.batch.Verification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pulse reprocess} beside a running server application ({@code pulse-views}, as the server
 * runs it): the new application reads every input topic from the beginning, publishes into the
 * view topics, reports when it has caught up, and then every view equals the batch
 * recomputation. The old application's topics can be deleted only once it has stopped, and
 * deleting them leaves the new one's alone although their names share the prefix.
 */
class ReprocessTest {

  @TempDir static Path dir;
  static TestCluster cluster;
  static PulseStreams server;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(dir);
    cluster.send(cluster.records(SyntheticProvince.generate(SyntheticProvince.Shape.small(), 5),
        (topic, r) -> System.currentTimeMillis()));
    server = PulseStreams.start(StreamsSettings.local(cluster.bootstrapServers(), cluster.registryUrl(),
        dir.resolve("server-state")), cluster.registry());
    server.awaitRunning(Duration.ofSeconds(120));
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (cluster != null) cluster.close();
  }

  @Test
  void theNewApplicationCatchesUpAndTheViewsEqualTheRecomputation() {
    TestCluster.Run run = TestCluster.run(new ReprocessCommand(), "--bootstrap-servers", cluster.bootstrapServers(),
        "--schema-registry", cluster.registryUrl(), "--state-dir", dir.resolve("reprocess-state").toString(),
        "--timeout", "300", "--no-progress", "--verify");
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    Matcher id = Pattern.compile("as application (pulse-views-\\d{8}-\\d{6})").matcher(run.out());
    assertThat(id.find()).as(run.out()).isTrue();
    String newId = id.group(1);
    assertThat(run.out()).contains("Caught up in").contains("Published the rebuilt views").contains("every row agrees")
        .contains("pulse reprocess --delete-application pulse-views");

    Verification.Result verified = Verification.run(cluster.bootstrapServers(), Map.of(), cluster.registry());
    assertThat(verified.differences()).isEmpty();
    assertThat(verified.rowsCompared()).isGreaterThan(100);

    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
      Set<String> before = topics(admin);
      assertThat(before).contains(newId + "-pt-rows-repartition", "pulse-views-pt-rows-repartition");

      TestCluster.Run refused = deleteApplication("pulse-views");
      assertThat(refused.exit()).isEqualTo(1);
      assertThat(refused.err()).contains("pulse-views is still running");
      assertThat(topics(admin)).isEqualTo(before);

      // As a server that stops cleanly: it leaves the group (else it stays a member until its session times out).
      server.kafkaStreams().close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
      server.close();
      server = null;
      TestCluster.Run deleted = deleteApplication("pulse-views");
      assertThat(deleted.exit()).as(deleted.err()).isZero();
      assertThat(deleted.out()).contains("pulse-views-pt-rows-repartition", "pulse-views-pt-members-changelog")
          .doesNotContain(newId);
      Set<String> after = topics(admin);
      assertThat(after).noneMatch(t -> t.startsWith("pulse-views-") && !t.startsWith(newId))
          .contains(newId + "-pt-rows-repartition", newId + "-pt-pending-changelog");
    }
  }

  private static TestCluster.Run deleteApplication(String id) {
    return TestCluster.run(new ReprocessCommand(), "--bootstrap-servers", cluster.bootstrapServers(),
        "--schema-registry", cluster.registryUrl(), "--delete-application", id);
  }

  private static Set<String> topics(Admin admin) {
    try {
      return admin.listTopics().names().get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
