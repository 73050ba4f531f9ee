package dev.pulse.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * How a secured {@link EmbeddedKafka} authenticates and authorizes: clients log in with
 * SASL/SCRAM-SHA-512 on a SASL_PLAINTEXT listener, every request is checked by Kafka's
 * {@code StandardAuthorizer} against ACLs, and {@code admin} is the one super user (the broker
 * itself logs in as it, and so do the tools that create users, topics and ACLs).
 *
 * <p>Passwords travel in the clear on SASL_PLAINTEXT (SCRAM protects the password itself, not the
 * records): fine on one machine or a private network; anything wider wants SASL_SSL, see
 * docs/security.md.
 *
 * @param admin the super user
 * @param users the other users, one per principal of {@link KafkaAccessPlan}
 */
public record BrokerSecurity(User admin, List<User> users) {

  /** The SASL mechanism of the client listener. */
  public static final String MECHANISM = "SCRAM-SHA-512";
  /** The mechanism of the controller listener: KRaft controllers cannot check SCRAM credentials. */
  static final String CONTROLLER_MECHANISM = "PLAIN";

  /** A SCRAM user: the principal {@code User:name}. */
  public record User(String name, String password) {
    public User {
      if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9._-]+")) {
        // The name goes into a JAAS line and a '--add-scram' argument: keep it to characters neither has to quote.
        throw new IllegalArgumentException("a SCRAM user name is letters, digits, '.', '_' or '-', not '" + name + "'");
      }
      // kafka-storage's '--add-scram' splits on ',' and ']' even inside quotes, and JAAS ends a value at '"'.
      if (password == null || password.isEmpty() || !password.chars().allMatch(c -> c > ' ' && "\"\\,[]".indexOf(c) < 0)) {
        throw new IllegalArgumentException("the password of " + name
            + " must be non-empty, without spaces, quotes, backslashes, commas or brackets");
      }
    }

    /** {@code User:name}, as ACLs and {@code super.users} name it. */
    public String principal() {
      return "User:" + name;
    }

    @Override
    public String toString() {
      return "User[" + name + ", password hidden]";
    }
  }

  public BrokerSecurity {
    users = List.copyOf(users);
    List<String> names = new ArrayList<>();
    names.add(admin.name());
    for (User u : users) {
      if (names.contains(u.name())) throw new IllegalArgumentException("user " + u.name() + " is named twice");
      names.add(u.name());
    }
  }

  /** Security with this super user and these users. */
  public static BrokerSecurity scram(User admin, User... users) {
    return new BrokerSecurity(admin, List.of(users));
  }

  /** Every user, the super user first. */
  public List<User> allUsers() {
    List<User> all = new ArrayList<>();
    all.add(admin);
    all.addAll(users);
    return all;
  }

  /** The user of this name, the super user included. */
  public Optional<User> user(String name) {
    return allUsers().stream().filter(u -> u.name().equals(name)).findFirst();
  }

  /**
   * The properties a Kafka client (producer, consumer, admin, Kafka Streams) needs to log in as
   * this user on a SASL_PLAINTEXT listener with SCRAM-SHA-512; {@code bootstrap.servers} is left to
   * the caller.
   */
  public static Map<String, Object> clientProperties(String user, String password) {
    return clientProperties(user, password, "SASL_PLAINTEXT");
  }

  /**
   * Like {@link #clientProperties(String, String)} for another security protocol (SASL_SSL adds the
   * trust store settings of docs/security.md to these).
   */
  public static Map<String, Object> clientProperties(String user, String password, String securityProtocol) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
    p.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
    p.put(SaslConfigs.SASL_JAAS_CONFIG, scramJaas(user, password));
    return p;
  }

  static String scramJaas(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
        + "\" password=\"" + password + "\";";
  }

  /** The controller listener's JAAS line: logs in as the super user and knows only that user. */
  String controllerJaas() {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + admin.name()
        + "\" password=\"" + admin.password() + "\" user_" + admin.name() + "=\"" + admin.password() + "\";";
  }

  /** The {@code --add-scram} argument of {@code kafka-storage format} for one user. */
  static String addScramArgument(User user) {
    return MECHANISM + "=[name=" + user.name() + ",password=" + user.password() + "]";
  }
}
