package dev.pulse.replay.verify;

import dev.pulse.batch.BatchViews;
import dev.pulse.batch.LiveHistory;
import dev.pulse.batch.PublishedViews;
import dev.pulse.batch.UsableRecords;
import dev.pulse.batch.ViewDiff;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.kafka.KafkaConfigs;
import dev.pulse.replay.ClusterOptions;
import dev.pulse.replay.reprocess.InputOffsets;
import dev.pulse.streams.EngineShape;
import dev.pulse.streams.StreamsSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pulse verify}: recompute every view from the input topics and print every row that
 * differs — at a consistent cut, so that a live system's lag is not taken for a difference.
 *
 * <p>It reads the input topics, then waits (up to {@code --settle}) until the views application
 * has processed every input record there was by then and drained its repartition topics, and only
 * then reads the view topics. Records that arrive meanwhile (a live system) can make the views run
 * ahead of the records read: each differing row is therefore compared once more with a
 * recomputation of everything there is after the views were read, and told apart — a row equal to
 * it, or whose every figure lies between the two recomputations, only differed by records in
 * flight; any other is a real difference.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Recompute every view from the input topics (plain code, no Streams) and print each row"
        + " of view.participation.v1, view.poverty.v1, view.activities.v1 and view.campaigns.v1 that differs, once"
        + " the views application has processed the records read (see --settle). Exit code 0 when all agree,"
        + " 1 otherwise.",
        "view.campaigns.v1 is compared once an engine publishes it (its topic holds a row; the single engine"
            + " does not) or with --campaigns; until then the report says it was left out."})
public final class VerifyCommand implements Callable<Integer> {

  @Mixin ClusterOptions cluster;

  @Option(names = "--max-rows", defaultValue = "50", description = "Differences to print at most (default: ${DEFAULT-VALUE})")
  int maxRows;

  @Option(names = "--application-id", defaultValue = StreamsSettings.DEFAULT_APPLICATION_ID, paramLabel = "ID",
      description = "The views application whose progress to wait for (default: ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(names = "--rounds", defaultValue = "3", paramLabel = "N",
      description = "On a busy system, check a row that differs again up to N times in all, and report it only if"
          + " every round finds it different beyond the records in flight (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--campaigns",
      description = "Compare view.campaigns.v1 even when its topic holds no row: every campaign row of the"
          + " recomputation is then a difference (by default it is compared once an engine publishes it).")
  boolean campaigns;

  @Option(names = "--settle", defaultValue = "60", paramLabel = "SECONDS",
      description = "Wait at most this long for the views to reach the input records read (default: ${DEFAULT-VALUE}).")
  int settleSeconds;

  @Override
  public Integer call() throws InterruptedException {
    long started = System.nanoTime();
    Map<String, Object> props = cluster.clientProperties();
    String servers = cluster.bootstrapServers();
    var history = UsableRecords.of(LiveHistory.inputs(servers, props, cluster.registry()));
    BatchViews batch = BatchViews.compute(history);
    long inputs = history.units().size() + history.memberships().size() + history.activities().size()
        + history.attendance().size() + history.households().size();

    String progress = awaitViews(servers, props);
    PublishedViews views = read(servers, props);
    List<ViewDiff.Difference> diffs = views.compare(batch);
    long ms = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("Read %,d input records and %,d view rows; recomputed every view in %,d ms.%n", inputs,
        views.rows(), ms);
    System.out.println(progress);
    views.notCompared(batch).ifPresent(why -> System.out.println(why + " --campaigns compares it anyway."));
    if (diffs.isEmpty()) {
      System.out.println(views.comparesCampaigns() ? "Every row of every view equals the recomputation."
          : "Every row of the views compared equals the recomputation.");
      return 0;
    }

    // Records that arrived after the input was read may already be in the views. Recompute with
    // everything there is now (a superset of what the views have seen): a row that equals that, or
    // whose every figure lies between the two recomputations, only differed by records in flight.
    // On a busy system a row can also move back and forth within the window, so a row left over
    // is checked again in further rounds, and called a difference only if every round finds one.
    List<ViewDiff.Difference> real = stillDiffering(diffs, views, servers, props);
    int inFlight = diffs.size() - real.size();
    for (int round = 2; round <= rounds && !real.isEmpty(); round++) {
      var again = UsableRecords.of(LiveHistory.inputs(servers, props, cluster.registry()));
      awaitViews(servers, props);
      PublishedViews later = read(servers, props);
      Set<String> left = ids(real);
      List<ViewDiff.Difference> candidates = later.compare(BatchViews.compute(again)).stream()
          .filter(d -> left.contains(id(d))).toList();
      Set<String> differing = ids(stillDiffering(candidates, later, servers, props));
      real = real.stream().filter(d -> differing.contains(id(d))).toList();
    }
    inFlight = diffs.size() - real.size();
    if (inFlight > 0) {
      System.out.printf("%,d rows differed only by records that arrived while verifying (each figure lies between"
          + " the recomputation of the records read and that of everything there is after the views were read,"
          + " in one of %d rounds at most).%n", inFlight, rounds);
    }
    if (real.isEmpty()) {
      System.out.println("No real difference: every other row equals the recomputation.");
      return 0;
    }
    System.out.printf("%,d rows differ:%n", real.size());
    real.stream().limit(maxRows).forEach(d -> System.out.println("  " + d));
    if (real.size() > maxRows) System.out.printf("  … and %,d more%n", real.size() - maxRows);
    return 1;
  }

  /** The differences that records in flight do not explain (see {@link #between}). */
  private List<ViewDiff.Difference> stillDiffering(List<ViewDiff.Difference> diffs, PublishedViews views, String servers,
      Map<String, Object> props) {
    if (diffs.isEmpty()) return diffs;
    BatchViews now = BatchViews.compute(UsableRecords.of(LiveHistory.inputs(servers, props, cluster.registry())));
    Map<String, ViewDiff.Difference> againstNow = views.compare(now).stream()
        .collect(Collectors.toMap(VerifyCommand::id, d -> d));
    List<ViewDiff.Difference> out = new ArrayList<>();
    for (ViewDiff.Difference d : diffs) {
      ViewDiff.Difference later = againstNow.get(id(d));
      if (later != null && !between(d.expected(), later.expected(), d.actual())) out.add(d);
    }
    return out;
  }

  private static String id(ViewDiff.Difference d) {
    return d.view() + " " + d.key();
  }

  private static Set<String> ids(List<ViewDiff.Difference> diffs) {
    return diffs.stream().map(VerifyCommand::id).collect(Collectors.toSet());
  }

  /**
   * Whether every number of the row lies between its value in the two recomputations (a map of
   * counts, such as byChannel, key by key; anything else equals one of them).
   */
  static boolean between(Map<String, Object> before, Map<String, Object> after, Map<String, Object> actual) {
    java.util.Set<String> keys = new java.util.HashSet<>(actual.keySet());
    if (before != null) keys.addAll(before.keySet());
    if (after != null) keys.addAll(after.keySet());
    for (String k : keys) {
      Object b = before == null ? null : before.get(k);
      Object a = after == null ? null : after.get(k);
      Object v = actual.get(k);
      if (!fieldBetween(b, a, v)) return false;
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static boolean fieldBetween(Object b, Object a, Object v) {
    if (isCount(v) && isCount(b) && isCount(a)) {
      double x = number(v);
      return x >= Math.min(number(b), number(a)) && x <= Math.max(number(b), number(a));
    }
    if ((v == null || v instanceof Map) && (b == null || b instanceof Map) && (a == null || a instanceof Map)) {
      return between((Map<String, Object>) b, (Map<String, Object>) a,
          v == null ? Map.of() : (Map<String, Object>) v);
    }
    return java.util.Objects.equals(v, b) || java.util.Objects.equals(v, a);
  }

  /** A number, or absent (a count of zero). */
  private static boolean isCount(Object o) {
    return o == null || o instanceof Number;
  }

  private static double number(Object o) {
    return o == null ? 0 : ((Number) o).doubleValue();
  }

  /** The view topics as they are now. */
  private PublishedViews read(String servers, Map<String, Object> props) {
    return PublishedViews.read(servers, props, cluster.registry(),
        campaigns ? PublishedViews.Campaigns.ALWAYS : PublishedViews.Campaigns.WHEN_PUBLISHED);
  }

  /**
   * Waits until the views application has committed, on every input partition, at least the end
   * offsets there were after the input was read, and its repartition topics hold nothing it has
   * not processed; then a second more, for the rows of its last commit to be published. Says how it went.
   */
  private String awaitViews(String servers, Map<String, Object> props) throws InterruptedException {
    try (Admin admin = Admin.create(KafkaConfigs.admin(servers, props))) {
      InputOffsets offsets = new InputOffsets(admin);
      Collection<TopicPartition> inputs = offsets.partitions(Topics.INPUTS.stream().map(Topic::name).toList());
      Map<TopicPartition, Long> read = offsets.ends(inputs);
      long deadline = System.nanoTime() + settleSeconds * 1_000_000_000L;
      long waitedFrom = System.nanoTime();
      // First the input: every record read processed. Then what that sent between the stages:
      // the repartition topics up to their ends at that moment (later records keep arriving on a
      // live system, so their ends now would never be reached).
      Map<TopicPartition, Long> internalGoal = null;
      long behind;
      while (true) {
        Map<TopicPartition, Long> committed = offsets.committed(applicationId);
        behind = 0;
        for (TopicPartition tp : inputs) behind += Math.max(0, read.get(tp) - committed.getOrDefault(tp, 0L));
        if (behind == 0 && internalGoal == null) internalGoal = internalEnds(offsets);
        if (internalGoal != null) {
          for (var goal : internalGoal.entrySet()) {
            // The application writes these in transactions: a commit marker takes one offset no record holds.
            behind += Math.max(0, goal.getValue() - committed.getOrDefault(goal.getKey(), 0L) - 1);
          }
          if (behind == 0) break;
        }
        if (System.nanoTime() > deadline) break;
        Thread.sleep(200);
      }
      double waited = (System.nanoTime() - waitedFrom) / 1e9;
      if (behind > 0) {
        return String.format("The views application %s was still %,d records behind the input read after %d s:"
            + " rows they touch may differ by lag.", applicationId, behind, settleSeconds);
      }
      Thread.sleep(1_000);
      return String.format("The views application %s had processed every input record read (waited %.1f s).",
          applicationId, waited);
    } catch (RuntimeException e) {
      return "The views application's progress could not be read (" + e.getMessage() + "): compared the view"
          + " topics as they were; rows may differ by lag.";
    }
  }

  /** The end offsets of the views application's repartition topics now, whichever engine it runs. */
  private Map<TopicPartition, Long> internalEnds(InputOffsets offsets) {
    Map<TopicPartition, Long> ends = new java.util.HashMap<>();
    for (var engine : dev.pulse.streams.Engine.values()) {
      List<String> topics = List.copyOf(EngineShape.repartitionTopics(engine, applicationId));
      try {
        ends.putAll(offsets.ends(offsets.partitions(topics)));
      } catch (IllegalStateException e) {
        // this engine's topics do not exist: the application runs the other one
      }
    }
    return ends;
  }
}
