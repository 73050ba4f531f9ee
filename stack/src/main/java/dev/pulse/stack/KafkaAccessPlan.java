package dev.pulse.stack;

import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what on Pulse's Kafka cluster: for each principal, the ACLs its work needs and no
 * more, each with the reason it is there. Applied with {@link #apply(Admin)} (what exists already
 * is left alone, so applying twice changes nothing), and rendered as the table of
 * docs/security.md and the {@code kafka-acls} lines of deploy/kafka-init.sh, which a test holds
 * to this plan.
 *
 * <p>Grants on views cover every view topic of the contract ({@link Topics#ALL_VIEWS}), also
 * one whose engine is still to come, so that shipping it needs no change to the ACLs.
 *
 * <p>Every {@code Read} and {@code Write} also grants {@code Describe} (Kafka implies it), and
 * {@code Write} on any topic lets a principal's producers be idempotent (KIP-679); so neither is
 * listed on its own.
 *
 * @param names the names outside the contract: internal topics, prefixes, groups
 * @param principals the SCRAM user of each role
 */
public record KafkaAccessPlan(Names names, Principals principals) {

  private static final Logger log = LoggerFactory.getLogger(KafkaAccessPlan.class);
  private static final Duration ACL_PROPAGATION = Duration.ofSeconds(30);

  /** The principals Pulse's cluster knows, each one kind of client. */
  public enum Role {
    /** The ingest gateway ({@code pulse up --role ingest}), {@code pulse import} and the simulator: they send branch records. */
    INGEST,
    /** The streams application ({@code --role streams}): computes the views, exactly once. */
    STREAMS,
    /** The views API ({@code --role api}): queries, live stream, dead letters, dashboard. */
    API,
    /** Dashboards of other teams: read the views, nothing else. */
    DASHBOARD,
    /** Analysts replaying the topics: read every contract topic, write none. */
    ANALYST,
    /** The Schema Registry: keeps the schemas in its own topic. */
    REGISTRY;

    /** The lower-case name used in docs and file names: {@code ingest}, {@code streams}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The names, outside SPEC.md's topics, that the grants are written on. They are decided in the
   * modules that use them ({@code TokenTopic}, {@code SchemaLog}, {@code BatchWriter},
   * {@code StreamsSettings}); a test of each module holds {@link #pulse()} to them.
   *
   * @param tokensTopic the compacted topic of access tokens
   * @param schemasTopic the Schema Registry's topic
   * @param streamsApplicationId the Kafka Streams application id: the prefix of its internal
   *     topics, consumer group and transactional ids; a reprocessing id that starts with it
   *     ({@code pulse-views-2}) is covered too
   * @param ingestTransactionalIdPrefixes the prefixes of the gateway's and the importer's
   *     transactional ids
   * @param analystGroupPrefix consumer groups analysts may use
   * @param registryGroupPrefix consumer groups of the Schema Registry (Confluent's elects its
   *     leader in one; Pulse's own uses none)
   * @param idOwnersTopic the gateway's compacted topic of which unit owns each record id
   */
  public record Names(String tokensTopic, String schemasTopic, String streamsApplicationId,
      List<String> ingestTransactionalIdPrefixes, String analystGroupPrefix, String registryGroupPrefix,
      String idOwnersTopic) {

    public Names {
      ingestTransactionalIdPrefixes = List.copyOf(ingestTransactionalIdPrefixes);
    }

    /** Pulse's names, as its modules write them. */
    public static Names pulse() {
      return new Names("_pulse-tokens", "_schemas", "pulse-views", List.of("pulse-ingest-", "pulse-import-"),
          "replay-", "schema-registry", "_pulse-id-owners");
    }

  }

  /** The SCRAM user name of each role. */
  public record Principals(Map<Role, String> users) {

    public Principals {
      users = Map.copyOf(users);
      for (Role r : Role.values()) {
        if (!users.containsKey(r)) throw new IllegalArgumentException("no user for the " + r.label() + " role");
      }
    }

    /**
     * pulse-ingest, pulse-streams, pulse-api, pulse-dashboard, analyst, schema-registry. An
     * instance that runs several roles ({@code --role streams,api}) logs in as a user mapped to
     * each of them: the user then holds the grants of every role.
     */
    public static Principals pulse() {
      Map<Role, String> m = new EnumMap<>(Role.class);
      m.put(Role.INGEST, "pulse-ingest");
      m.put(Role.STREAMS, "pulse-streams");
      m.put(Role.API, "pulse-api");
      m.put(Role.DASHBOARD, "pulse-dashboard");
      m.put(Role.ANALYST, "analyst");
      m.put(Role.REGISTRY, "schema-registry");
      return new Principals(m);
    }

    public String user(Role role) {
      return users.get(role);
    }

    /** {@code User:name}. */
    public String principal(Role role) {
      return "User:" + users.get(role);
    }
  }

  /**
   * One ACL of the plan: the role may perform the operation on the resource.
   *
   * @param why what in Pulse needs it, for the docs and the start-up log
   */
  public record Grant(Role role, ResourcePattern resource, AclOperation operation, String why) {

    /** The Kafka ACL that allows it to this principal, from any host. */
    public AclBinding binding(String principal) {
      return new AclBinding(resource, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
  }

  /** What {@link #apply} did. */
  public record Applied(List<AclBinding> created, List<AclBinding> present) {}

  /** Pulse's plan with its own names and users. */
  public static KafkaAccessPlan pulse() {
    return new KafkaAccessPlan(Names.pulse(), Principals.pulse());
  }

  /** Every grant, role by role in the order of {@link Role}. */
  public List<Grant> grants() {
    List<Grant> g = new ArrayList<>();
    for (Role r : Role.values()) g.addAll(grants(r));
    return g;
  }

  /** The grants of one role. */
  public List<Grant> grants(Role role) {
    List<Grant> g = new ArrayList<>();
    switch (role) {
      case INGEST -> {
        for (Topic<?> t : Topics.INPUTS) {
          g.add(grant(role, topic(t.name()), AclOperation.WRITE, "sends branch records (HTTP ingest, import, simulator)"));
        }
        g.add(grant(role, topic(Topics.UNITS.name()), AclOperation.READ,
            "the unit directory: token scopes and loops are checked against the tree"));
        g.add(grant(role, topic(names.tokensTopic()), AclOperation.READ, "the token cache: checks bearer tokens"));
        g.add(grant(role, topic(names.idOwnersTopic()), AclOperation.READ,
            "the id owners: a new version of an id must come from the subtree of its owner"));
        g.add(grant(role, topic(names.idOwnersTopic()), AclOperation.WRITE,
            "claims ids in the same transaction as the records"));
        for (String prefix : names.ingestTransactionalIdPrefixes()) {
          g.add(grant(role, prefixed(ResourceType.TRANSACTIONAL_ID, prefix), AclOperation.WRITE,
              "each request (or import batch) is written in one transaction"));
        }
      }
      case STREAMS -> {
        for (Topic<?> t : Topics.INPUTS) {
          g.add(grant(role, topic(t.name()), AclOperation.READ, "the views are computed from the inputs"));
        }
        for (Topic<?> t : Topics.ALL_VIEWS) {
          g.add(grant(role, topic(t.name()), AclOperation.WRITE, "publishes the view rows"));
        }
        g.add(grant(role, topic(Topics.DEAD_LETTERS.name()), AclOperation.WRITE,
            "records it cannot use go to the dead letters, in the same transaction"));
        String app = names.streamsApplicationId();
        g.add(grant(role, prefixed(ResourceType.TOPIC, app), AclOperation.ALL,
            "its internal repartition and changelog topics: create, read, write, configure, delete on reset"));
        g.add(grant(role, prefixed(ResourceType.GROUP, app), AclOperation.ALL,
            "its consumer group: join, commit, describe for lag, delete on reset"));
        g.add(grant(role, prefixed(ResourceType.TRANSACTIONAL_ID, app), AclOperation.WRITE,
            "exactly-once: its producers' transactional ids"));
      }
      case API -> {
        for (Topic<?> t : Topics.ALL_VIEWS) {
          g.add(grant(role, topic(t.name()), AclOperation.READ,
              "queries and the live stream read the view rows (assigned partitions, no consumer group)"));
        }
        g.add(grant(role, topic(Topics.DEAD_LETTERS.name()), AclOperation.READ, "the dead letters page"));
        g.add(grant(role, topic(Topics.UNITS.name()), AclOperation.READ,
            "the unit tree: drill-down and the live stream's parents"));
        g.add(grant(role, topic(names.tokensTopic()), AclOperation.READ, "the token cache: checks readers' tokens"));
      }
      case DASHBOARD -> {
        for (Topic<?> t : Topics.ALL_VIEWS) {
          g.add(grant(role, topic(t.name()), AclOperation.READ,
              "reads the view rows"));
        }
      }
      case ANALYST -> {
        for (Topic<?> t : Topics.ALL) {
          g.add(grant(role, topic(t.name()), AclOperation.READ, "replays the topics, which keep every event"));
        }
        g.add(grant(role, prefixed(ResourceType.GROUP, names.analystGroupPrefix()), AclOperation.READ,
            "consumer tools that commit their offsets (pulse replay itself uses none)"));
      }
      case REGISTRY -> {
        ResourcePattern schemas = topic(names.schemasTopic());
        g.add(grant(role, schemas, AclOperation.CREATE, "creates its topic on first start"));
        g.add(grant(role, schemas, AclOperation.DESCRIBE_CONFIGS, "checks that its topic is compacted"));
        g.add(grant(role, schemas, AclOperation.READ, "replays the schemas at start and follows them"));
        g.add(grant(role, schemas, AclOperation.WRITE, "records each new schema version"));
        g.add(grant(role, prefixed(ResourceType.GROUP, names.registryGroupPrefix()), AclOperation.READ,
            "Confluent's registry elects its leader in a consumer group"));
      }
    }
    return g;
  }

  /** The ACLs of every grant, for the principal of its role. */
  public List<AclBinding> bindings() {
    return grants().stream().map(g -> g.binding(principals.principal(g.role()))).toList();
  }

  /**
   * Creates the ACLs of the plan that the cluster lacks, and returns once the broker answering
   * enforces them; ACLs it has, the plan's or others, are left as they are.
   *
   * @param admin logged in as a super user (or a principal allowed to Alter the cluster)
   */
  public Applied apply(Admin admin) {
    try {
      Set<AclBinding> existing = new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get());
      List<AclBinding> missing = new ArrayList<>();
      List<AclBinding> present = new ArrayList<>();
      for (AclBinding b : bindings()) {
        if (existing.contains(b)) present.add(b); else missing.add(b);
      }
      if (!missing.isEmpty()) {
        admin.createAcls(missing).all().get();
        awaitVisible(admin, missing);
      }
      log.info("Kafka ACLs: {} created, {} present already ({} principals)", missing.size(), present.size(),
          Role.values().length);
      return new Applied(List.copyOf(missing), List.copyOf(present));
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not apply the ACLs of the access plan: " + e.getCause().getMessage()
          + " (the admin client must log in as a super user)", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while applying the ACLs", e);
    }
  }

  /**
   * Waits until the broker lists the new ACLs: the controller commits them to the metadata log,
   * which brokers apply a moment later, and a client that connects before that is refused.
   */
  private static void awaitVisible(Admin admin, List<AclBinding> created)
      throws ExecutionException, InterruptedException {
    long deadline = System.nanoTime() + ACL_PROPAGATION.toNanos();
    while (!admin.describeAcls(AclBindingFilter.ANY).values().get().containsAll(created)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the broker did not list the " + created.size() + " new ACLs within "
            + ACL_PROPAGATION.toSeconds() + " s of their creation");
      }
      Thread.sleep(50);
    }
  }

  /**
   * The plan as the Markdown table of docs/security.md: principal, resource, operation, why.
   */
  public String markdownTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| principal | resource | operation | why |\n");
    sb.append("|---|---|---|---|\n");
    for (Grant g : grants()) {
      sb.append("| `").append(principals.principal(g.role())).append("` | ")
          .append(describe(g.resource())).append(" | ")
          .append(operationName(g.operation())).append(" | ")
          .append(g.why()).append(" |\n");
    }
    return sb.toString();
  }

  /**
   * The plan as {@code kafka-acls} commands, one per grant, for a shell where {@code $KAFKA_ACLS}
   * runs the tool against the cluster as a super user (bootstrap server and command config).
   */
  public List<String> kafkaAclsCommands() {
    List<String> lines = new ArrayList<>();
    for (Grant g : grants()) {
      StringBuilder sb = new StringBuilder("$KAFKA_ACLS --add --allow-principal ")
          .append(principals.principal(g.role()))
          .append(" --operation ").append(operationName(g.operation()));
      ResourcePattern r = g.resource();
      sb.append(switch (r.resourceType()) {
        case TOPIC -> " --topic ";
        case GROUP -> " --group ";
        case TRANSACTIONAL_ID -> " --transactional-id ";
        default -> throw new IllegalStateException("the plan has no grant on a " + r.resourceType());
      }).append(r.name());
      if (r.patternType() == PatternType.PREFIXED) sb.append(" --resource-pattern-type prefixed");
      lines.add(sb.toString());
    }
    return lines;
  }

  private static String describe(ResourcePattern r) {
    String kind = switch (r.resourceType()) {
      case TOPIC -> "topic";
      case GROUP -> "group";
      case TRANSACTIONAL_ID -> "transactional id";
      default -> r.resourceType().name().toLowerCase(Locale.ROOT);
    };
    return kind + " `" + r.name() + (r.patternType() == PatternType.PREFIXED ? "*`" : "`");
  }

  /** Write, Read, DescribeConfigs, All: the spelling of {@code kafka-acls --operation}. */
  static String operationName(AclOperation op) {
    StringBuilder sb = new StringBuilder();
    for (String part : op.name().split("_")) {
      sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return sb.toString();
  }

  private static Grant grant(Role role, ResourcePattern resource, AclOperation op, String why) {
    return new Grant(role, resource, op, why);
  }

  private static ResourcePattern topic(String name) {
    return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
  }

  private static ResourcePattern prefixed(ResourceType type, String prefix) {
    return new ResourcePattern(type, prefix, PatternType.PREFIXED);
  }
}
