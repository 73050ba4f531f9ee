package dev.pulse.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import dev.pulse.stack.KafkaAccessPlan.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access plan on a real secured broker (SASL_PLAINTEXT, SCRAM-SHA-512, the standard
 * authorizer): each principal does what its role needs and is refused the rest, with real
 * producers, consumers, admins and a real exactly-once streams application.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaSecurityTest {

  private static final KafkaAccessPlan PLAN = KafkaAccessPlan.pulse();
  private static final KafkaAccessPlan.Principals USERS = PLAN.principals();
  private static final String ADMIN = "admin";
  /** The tokens topic as the producers module declares it (stack cannot see that module). */
  private static final Topic<byte[]> TOKENS =
      new Topic<>(PLAN.names().tokensTopic(), byte[].class, Topic.Retention.COMPACTED, 1);
  private static final String APP = PLAN.names().streamsApplicationId();
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir static Path dataDir;
  static EmbeddedKafka kafka;
  static final List<String[]> matrix = new ArrayList<>();
  static long begun;

  @BeforeAll
  static void startSecuredBrokerAndApplyThePlan() throws Exception {
    begun = System.nanoTime();
    List<BrokerSecurity.User> users = new ArrayList<>();
    for (Role r : Role.values()) users.add(new BrokerSecurity.User(USERS.user(r), "pw-" + r.label() + "-" + UUID.randomUUID()));
    kafka = EmbeddedKafka.startSecured(dataDir, 0,
        new BrokerSecurity(new BrokerSecurity.User(ADMIN, "admin-secret"), users));
    try (Admin admin = admin(ADMIN)) {
      List<Topic<?>> topics = new ArrayList<>(Topics.ALL);
      topics.add(TOKENS);
      TopicSetup.ensure(admin, topics, (short) 1);
      KafkaAccessPlan.Applied first = PLAN.apply(admin);
      assertThat(first.created()).hasSameSizeAs(PLAN.bindings());
      KafkaAccessPlan.Applied second = PLAN.apply(admin);
      assertThat(second.created()).as("applying the plan again").isEmpty();
      assertThat(second.present()).hasSameSizeAs(PLAN.bindings());
      System.out.printf("Secured broker up and %d ACLs applied (again: %d created) in %d ms%n",
          first.created().size(), second.created().size(), (System.nanoTime() - begun) / 1_000_000);
    }
    // One record in every topic, so that an allowed read has something to read.
    for (Topic<?> t : List.of(Topics.UNITS, Topics.MEMBERSHIPS, Topics.ATTENDANCE, Topics.HOUSEHOLD_STATUS,
        Topics.PARTICIPATION_VIEW, Topics.POVERTY_VIEW, Topics.ACTIVITIES_VIEW, Topics.DEAD_LETTERS, TOKENS)) {
      produce(ADMIN, t.name(), null);
    }
  }

  @AfterAll
  static void printMatrixAndStop() {
    if (kafka != null) kafka.close();
    System.out.println();
    System.out.printf("%-22s %-62s %s%n", "principal", "operation", "outcome");
    for (String[] row : matrix) System.out.printf("%-22s %-62s %s%n", row[0], row[1], row[2]);
    System.out.printf("%d checks, %d allowed, %d refused, in %.1f s (load average %s)%n", matrix.size(),
        matrix.stream().filter(r -> r[2].startsWith("allowed")).count(),
        matrix.stream().filter(r -> r[2].startsWith("refused")).count(),
        (System.nanoTime() - begun) / 1e9, loadAverage());
  }

  @Test
  @Order(1)
  void ingestWritesTheInputsInTransactionsAndReadsItsCachesOnly() {
    String ingest = USERS.user(Role.INGEST);
    for (Topic<?> t : Topics.INPUTS) {
      allowed(ingest, "transactional write " + t.name(), () -> produce(ingest, t.name(), "pulse-ingest-check-0"));
    }
    allowed(ingest, "transactional write via pulse-import-*", () ->
        produce(ingest, Topics.ATTENDANCE.name(), "pulse-import-pulse-ingest-check-0"));
    allowed(ingest, "read " + Topics.UNITS.name() + " (unit directory)", () -> readSome(ingest, Topics.UNITS.name()));
    allowed(ingest, "read " + TOKENS.name() + " (token cache)", () -> readSome(ingest, TOKENS.name()));
    refused(ingest, "write " + Topics.PARTICIPATION_VIEW.name(), TopicAuthorizationException.class,
        () -> produce(ingest, Topics.PARTICIPATION_VIEW.name(), null));
    refused(ingest, "write " + TOKENS.name(), TopicAuthorizationException.class,
        () -> produce(ingest, TOKENS.name(), null));
    refused(ingest, "read " + Topics.ATTENDANCE.name(), TopicAuthorizationException.class,
        () -> readSome(ingest, Topics.ATTENDANCE.name()));
    refused(ingest, "transactional id other-app-0", TransactionalIdAuthorizationException.class,
        () -> produce(ingest, Topics.ACTIVITIES.name(), "other-app-0"));
    refused(ingest, "commit offsets in group any-group", GroupAuthorizationException.class,
        () -> commitOffset(ingest, "any-group", Topics.UNITS.name()));
    refused(ingest, "create topic stray.topic", TopicAuthorizationException.class, () -> createTopic(ingest, "stray.topic"));
  }

  @Test
  @Order(2)
  void streamsRunsExactlyOnceOnItsPrefixAndWritesTheViews() throws Exception {
    String streams = USERS.user(Role.STREAMS);
    // A real streams application: a repartition topic, a changelog, the group and exactly-once
    // transactions, all created and used by the streams principal under the application id.
    for (int i = 0; i < 5; i++) produce(USERS.user(Role.INGEST), Topics.ACTIVITIES.name(), "pulse-ingest-check-1");
    long sent = countRecords(ADMIN, Topics.ACTIVITIES.name());
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(Topics.ACTIVITIES.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .selectKey((key, value) -> "all")
        .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName("ledger").withNumberOfPartitions(1))
        .groupByKey(Grouped.with(Serdes.String(), Serdes.ByteArray()))
        .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("counts")
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
        .toStream()
        .mapValues(n -> Long.toString(n).getBytes(StandardCharsets.UTF_8))
        .to(Topics.ACTIVITIES_VIEW.name(), Produced.with(Serdes.String(), Serdes.ByteArray()));
    Properties p = new Properties();
    p.putAll(kafka.clientProperties(streams));
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, dataDir.resolve("streams").toString());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    long started = System.nanoTime();
    try (KafkaStreams app = new KafkaStreams(builder.build(), p)) {
      app.start();
      String dashboard = USERS.user(Role.DASHBOARD);
      await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
        assertThat(app.state()).as("streams state").isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
        assertThat(latestCount(dashboard, Topics.ACTIVITIES_VIEW.name())).isEqualTo(sent);
      });
      row(streams, "exactly-once streams app " + APP + ": " + sent + " records → view", "allowed, as expected ("
          + (System.nanoTime() - started) / 1_000_000 + " ms)");
      try (Admin admin = admin(ADMIN)) {
        List<String> internal = admin.listTopics().names().get().stream().filter(n -> n.startsWith(APP)).sorted().toList();
        assertThat(internal).contains(APP + "-ledger-repartition", APP + "-counts-changelog");
        row(streams, "created internal topics " + internal.size() + " (" + APP + "-*)", "allowed, as expected");
      }
    }
    for (Topic<?> t : Topics.ALL_VIEWS) {
      allowed(streams, "transactional write " + t.name(), () -> produce(streams, t.name(), APP + "-check-0"));
    }
    allowed(streams, "transactional write " + Topics.DEAD_LETTERS.name(),
        () -> produce(streams, Topics.DEAD_LETTERS.name(), APP + "-check-0"));
    allowed(streams, "commit offsets in group " + APP + "-2 (reprocessing)",
        () -> commitOffset(streams, APP + "-2", Topics.MEMBERSHIPS.name()));
    refused(streams, "write " + Topics.MEMBERSHIPS.name(), TopicAuthorizationException.class,
        () -> produce(streams, Topics.MEMBERSHIPS.name(), null));
    refused(streams, "transactional id pulse-ingest-0", TransactionalIdAuthorizationException.class,
        () -> produce(streams, Topics.ACTIVITIES_VIEW.name(), "pulse-ingest-0"));
    refused(streams, "commit offsets in group replay-x", GroupAuthorizationException.class,
        () -> commitOffset(streams, "replay-x", Topics.MEMBERSHIPS.name()));
    refused(streams, "create topic view.extra.v1", TopicAuthorizationException.class,
        () -> createTopic(streams, "view.extra.v1"));
    refused(streams, "read " + PLAN.names().schemasTopic(), TopicAuthorizationException.class,
        () -> readSome(streams, PLAN.names().schemasTopic()));
    refused(streams, "read " + TOKENS.name(), TopicAuthorizationException.class, () -> readSome(streams, TOKENS.name()));
  }

  @Test
  @Order(3)
  void apiReadsViewsDeadLettersUnitsAndTokens() {
    String api = USERS.user(Role.API);
    for (Topic<?> t : List.of(Topics.PARTICIPATION_VIEW, Topics.POVERTY_VIEW, Topics.ACTIVITIES_VIEW,
        Topics.DEAD_LETTERS, Topics.UNITS, TOKENS)) {
      allowed(api, "read " + t.name() + " (assigned, no group)", () -> readSome(api, t.name()));
    }
    refused(api, "read " + Topics.ATTENDANCE.name(), TopicAuthorizationException.class,
        () -> readSome(api, Topics.ATTENDANCE.name()));
    refused(api, "write " + Topics.ACTIVITIES_VIEW.name(), ClusterAuthorizationException.class,
        () -> produce(api, Topics.ACTIVITIES_VIEW.name(), null));
    refused(api, "commit offsets in group " + APP, GroupAuthorizationException.class,
        () -> commitOffset(api, APP, Topics.POVERTY_VIEW.name()));
  }

  @Test
  @Order(4)
  void dashboardReadsTheViewsOnly() {
    String dashboard = USERS.user(Role.DASHBOARD);
    for (Topic<?> t : Topics.ALL_VIEWS) {
      allowed(dashboard, "read " + t.name() + " (assigned, no group)", () -> readSome(dashboard, t.name()));
    }
    refused(dashboard, "read " + Topics.ATTENDANCE.name(), TopicAuthorizationException.class,
        () -> readSome(dashboard, Topics.ATTENDANCE.name()));
    refused(dashboard, "read " + TOKENS.name(), TopicAuthorizationException.class, () -> readSome(dashboard, TOKENS.name()));
    refused(dashboard, "read " + Topics.DEAD_LETTERS.name(), TopicAuthorizationException.class,
        () -> readSome(dashboard, Topics.DEAD_LETTERS.name()));
    // A principal that may write no topic at all cannot even open an idempotent producer (KIP-679).
    refused(dashboard, "write " + Topics.POVERTY_VIEW.name(), ClusterAuthorizationException.class,
        () -> produce(dashboard, Topics.POVERTY_VIEW.name(), null));
    refused(dashboard, "commit offsets in group dashboard", GroupAuthorizationException.class,
        () -> commitOffset(dashboard, "dashboard", Topics.POVERTY_VIEW.name()));
  }

  @Test
  @Order(5)
  void analystReadsEveryContractTopicAndWritesNone() {
    String analyst = USERS.user(Role.ANALYST);
    for (Topic<?> t : Topics.ALL) {
      allowed(analyst, "read " + t.name(), () -> readSome(analyst, t.name()));
    }
    allowed(analyst, "commit offsets in group replay-2023", () -> commitOffset(analyst, "replay-2023", Topics.ACTIVITIES.name()));
    refused(analyst, "commit offsets in group " + APP, GroupAuthorizationException.class,
        () -> commitOffset(analyst, APP, Topics.ACTIVITIES.name()));
    refused(analyst, "write " + Topics.ACTIVITIES.name(), ClusterAuthorizationException.class,
        () -> produce(analyst, Topics.ACTIVITIES.name(), null));
    refused(analyst, "write " + Topics.ACTIVITIES_VIEW.name() + " (not idempotent)", TopicAuthorizationException.class,
        () -> produceWithoutIdempotence(analyst, Topics.ACTIVITIES_VIEW.name()));
    refused(analyst, "read " + TOKENS.name(), TopicAuthorizationException.class, () -> readSome(analyst, TOKENS.name()));
  }

  @Test
  @Order(6)
  void registryOwnsItsTopic() {
    String registry = USERS.user(Role.REGISTRY);
    String schemas = PLAN.names().schemasTopic();
    allowed(registry, "create topic " + schemas, () -> createTopic(registry, schemas));
    allowed(registry, "write " + schemas, () -> produce(registry, schemas, null));
    allowed(registry, "read " + schemas, () -> readSome(registry, schemas));
    allowed(registry, "commit offsets in group schema-registry", () -> commitOffset(registry, "schema-registry", schemas));
    refused(registry, "read " + Topics.UNITS.name(), TopicAuthorizationException.class,
        () -> readSome(registry, Topics.UNITS.name()));
    refused(registry, "write " + Topics.UNITS.name(), TopicAuthorizationException.class,
        () -> produce(registry, Topics.UNITS.name(), null));
  }

  @Test
  @Order(7)
  void aWrongPasswordOrAnUnknownUserIsNotLetIn() {
    Map<String, Object> wrong = BrokerSecurity.clientProperties(USERS.user(Role.ANALYST), "not-the-password");
    refused(USERS.user(Role.ANALYST), "log in with a wrong password", SaslAuthenticationException.class,
        () -> listTopics(wrong));
    Map<String, Object> stranger = BrokerSecurity.clientProperties("mallory", "guess");
    refused("mallory", "log in as an unknown user", SaslAuthenticationException.class, () -> listTopics(stranger));
    refused("(no login)", "connect without SASL", org.apache.kafka.common.errors.TimeoutException.class, () -> {
      Map<String, Object> plain = new HashMap<>();
      plain.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
      plain.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
      listTopics(plain);
    });
  }

  // --- the checks -------------------------------------------------------------------------------

  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  private static void allowed(String principal, String operation, Action action) {
    try {
      action.run();
    } catch (Exception e) {
      row(principal, operation, "REFUSED, expected allowed: " + e);
      throw new AssertionError(principal + " should be allowed to " + operation + " but was refused: " + e, e);
    }
    row(principal, operation, "allowed, as expected");
  }

  private static void refused(String principal, String operation, Class<? extends Exception> expected, Action action) {
    try {
      action.run();
    } catch (Exception e) {
      Throwable cause = e;
      while (cause != null && !expected.isInstance(cause)) cause = cause.getCause();
      if (cause == null) {
        row(principal, operation, "refused, but by " + e.getClass().getSimpleName());
        throw new AssertionError(principal + ": " + operation + " failed with " + e + ", not " + expected.getSimpleName(), e);
      }
      row(principal, operation, "refused, as expected (" + cause.getClass().getSimpleName() + ")");
      return;
    }
    row(principal, operation, "ALLOWED, expected refused");
    throw new AssertionError(principal + " should not be allowed to " + operation);
  }

  private static synchronized void row(String principal, String operation, String outcome) {
    matrix.add(new String[] {principal, operation, outcome});
  }

  // --- clients ----------------------------------------------------------------------------------

  private static Map<String, Object> client(String user) {
    Map<String, Object> c = new HashMap<>(kafka.clientProperties(user));
    c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return c;
  }

  private static Admin admin(String user) {
    Map<String, Object> c = client(user);
    c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    return Admin.create(c);
  }

  @Test
  @Order(7)
  void theTokensTopicIsPulsesOwnEveryOtherPrincipalCanNeitherReadNorMintTokens() {
    // A record in the tokens topic whose hash is that of a chosen secret is a working token, and the hashes
    // themselves are worth guessing at: only the token caches of Pulse's ingest and api read it, only the
    // admin ('pulse token create') writes it.
    Set<Role> tokenCaches = EnumSet.of(Role.INGEST, Role.API);
    for (KafkaAccessPlan.Grant g : PLAN.grants()) {
      ResourcePattern r = g.resource();
      boolean covers = r.resourceType() == ResourceType.TOPIC && (r.name().equals("*")
          || (r.patternType() == PatternType.LITERAL && r.name().equals(TOKENS.name()))
          || (r.patternType() == PatternType.PREFIXED && TOKENS.name().startsWith(r.name())));
      if (covers) {
        assertThat(tokenCaches).as("grant " + g).contains(g.role());
        assertThat(g.operation()).as("grant " + g).isEqualTo(AclOperation.READ);
      }
    }
    for (Role role : Role.values()) {
      String user = USERS.user(role);
      if (tokenCaches.contains(role)) {
        allowed(user, "read " + TOKENS.name() + " (token cache)", () -> readSome(user, TOKENS.name()));
      } else {
        refused(user, "read " + TOKENS.name() + " (token hashes)", TopicAuthorizationException.class,
            () -> readSome(user, TOKENS.name()));
      }
      refused(user, "write " + TOKENS.name() + " (mint a token)", TopicAuthorizationException.class,
          () -> produceWithoutIdempotence(user, TOKENS.name()));
    }
    allowed(ADMIN, "write " + TOKENS.name() + " (pulse token create)", () -> produce(ADMIN, TOKENS.name(), null));
  }

  /** One record to a topic as this user; in a transaction of its own when a transactional id is given. */
  private static void produce(String user, String topic, String transactionalId) throws Exception {
    Map<String, Object> c = client(user);
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
    c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    if (transactionalId != null) c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    byte[] value = ("from " + user).getBytes(StandardCharsets.UTF_8);
    try (var producer = new KafkaProducer<>(c, Serdes.String().serializer(), Serdes.ByteArray().serializer())) {
      if (transactionalId != null) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, "k-" + UUID.randomUUID(), value));
        producer.commitTransaction();
      } else {
        producer.send(new ProducerRecord<>(topic, "k-" + UUID.randomUUID(), value)).get();
      }
    }
  }

  /** A plain producer, which needs no producer id: the refusal is then the topic's own. */
  private static void produceWithoutIdempotence(String user, String topic) throws Exception {
    Map<String, Object> c = client(user);
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    try (var producer = new KafkaProducer<>(c, Serdes.String().serializer(), Serdes.ByteArray().serializer())) {
      producer.send(new ProducerRecord<>(topic, "k", new byte[] {1})).get();
    }
  }

  private static KafkaConsumer<String, byte[]> consumer(String user, String groupId) {
    Map<String, Object> c = client(user);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    if (groupId != null) c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    return new KafkaConsumer<>(c, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
  }

  /** Reads a topic from the beginning, without a group, until at least one record arrives. */
  private static void readSome(String user, String topic) {
    try (KafkaConsumer<String, byte[]> c = consumer(user, null)) {
      List<TopicPartition> partitions = c.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        if (!c.poll(Duration.ofMillis(200)).isEmpty()) return;
      }
      throw new AssertionError("nothing read from " + topic + " within " + WAIT.toSeconds() + " s");
    }
  }

  /** The last count the test topology published, read committed. */
  private static long latestCount(String user, String topic) {
    long[] latest = {-1};
    readToEnd(user, topic, r -> {
      String v = new String(r.value(), StandardCharsets.UTF_8);
      if (v.matches("\\d+")) latest[0] = Math.max(latest[0], Long.parseLong(v));
    });
    return latest[0];
  }

  /** How many committed records a topic holds. */
  private static long countRecords(String user, String topic) {
    long[] n = {0};
    readToEnd(user, topic, r -> n[0]++);
    return n[0];
  }

  private static void readToEnd(String user, String topic,
      java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
    try (KafkaConsumer<String, byte[]> c = consumer(user, null)) {
      List<TopicPartition> partitions = c.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(each);
      }
    }
  }

  /** Commits offset 0 of a topic's first partition in a consumer group, as a group consumer does. */
  private static void commitOffset(String user, String groupId, String topic) {
    try (KafkaConsumer<String, byte[]> c = consumer(user, groupId)) {
      TopicPartition tp = new TopicPartition(topic, 0);
      c.assign(List.of(tp));
      c.commitSync(Map.of(tp, new OffsetAndMetadata(0)));
    }
  }

  private static void createTopic(String user, String name) throws Exception {
    try (Admin admin = admin(user)) {
      admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
    }
  }

  private static void listTopics(Map<String, Object> properties) throws ExecutionException, InterruptedException {
    Map<String, Object> c = new HashMap<>(properties);
    c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    c.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    c.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    try (Admin admin = Admin.create(c)) {
      admin.listTopics().names().get();
    }
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim().toLowerCase(Locale.ROOT);
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
