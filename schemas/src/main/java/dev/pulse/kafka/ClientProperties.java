package dev.pulse.kafka;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * Reads a Kafka client properties file — the one {@code kafka-console-consumer --consumer.config}
 * or {@code kafka-acls --command-config} take — into the client properties Pulse lays over its own
 * ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}, tuning). Mistakes that Kafka would
 * report late, or obscurely, are reported here with the file and the line: a name that is no
 * client property (a typo, or a JAAS option cut from its line), a JAAS line without its closing
 * ';', a SASL protocol without a mechanism.
 */
public final class ClientProperties {

  /** Every property a producer, consumer or admin client knows. */
  private static final Set<String> KNOWN = known();

  private ClientProperties() {}

  /**
   * The properties of the file, in its order.
   *
   * @throws IllegalArgumentException naming the file, and the line where there is one, when the
   *     file cannot be read or holds something that is not a Kafka client property
   */
  public static Map<String, Object> load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("the Kafka client properties file " + file + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the Kafka client properties file " + file + ": " + e.getMessage(), e);
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    Map<String, Integer> lineOf = new LinkedHashMap<>();
    for (LogicalLine line : logicalLines(lines)) {
      Properties one = new Properties();
      try {
        one.load(new StringReader(line.text()));
      } catch (IOException | IllegalArgumentException e) {
        throw error(file, line.number(), "cannot be read: " + e.getMessage());
      }
      for (String key : one.stringPropertyNames()) {
        String value = one.getProperty(key).trim();
        if (!KNOWN.contains(key)) {
          throw error(file, line.number(), "'" + key + "' is not a Kafka client property"
              + (key.contains("=") || value.isEmpty() ? " (a line is 'name=value'; a long value goes on with '\\' at the end of the line)" : ""));
        }
        if (value.isEmpty()) throw error(file, line.number(), "'" + key + "' has no value");
        if (properties.containsKey(key)) {
          throw error(file, line.number(), "'" + key + "' is set again (first on line " + lineOf.get(key) + ")");
        }
        if (key.equals(SaslConfigs.SASL_JAAS_CONFIG) && !value.endsWith(";")) {
          throw error(file, line.number(), "sasl.jaas.config must end with ';' (e.g. ...ScramLoginModule required"
              + " username=\"pulse-ingest\" password=\"...\";)");
        }
        properties.put(key, value);
        lineOf.put(key, line.number());
      }
    }
    String protocol = String.valueOf(properties.getOrDefault("security.protocol", "PLAINTEXT")).toUpperCase(Locale.ROOT);
    if (protocol.startsWith("SASL_") && !properties.containsKey(SaslConfigs.SASL_JAAS_CONFIG)) {
      throw new IllegalArgumentException("the Kafka client properties file " + file + " sets security.protocol="
          + protocol + " but no sasl.jaas.config: the client would have no user to log in as");
    }
    return properties;
  }

  /**
   * The properties as they may be logged: every password, key and JAAS configuration is shown as
   * {@code [hidden]}.
   */
  public static String describe(Map<String, Object> properties) {
    List<String> parts = new ArrayList<>();
    properties.forEach((k, v) -> parts.add(k + "=" + (isSecret(k) ? "[hidden]" : v)));
    return String.join(", ", parts);
  }

  private static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password") || k.contains("jaas") || k.endsWith(".key") || k.contains("secret");
  }

  private record LogicalLine(int number, String text) {}

  /** Lines joined where one ends with an odd number of '\' (the properties format's continuation). */
  private static List<LogicalLine> logicalLines(List<String> lines) {
    List<LogicalLine> out = new ArrayList<>();
    StringBuilder current = null;
    int start = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (current == null) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) continue;
        current = new StringBuilder();
        start = i + 1;
      }
      current.append(line).append('\n');
      if (!continues(line)) {
        out.add(new LogicalLine(start, current.toString()));
        current = null;
      }
    }
    if (current != null) out.add(new LogicalLine(start, current.toString()));
    return out;
  }

  private static boolean continues(String line) {
    int backslashes = 0;
    for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) backslashes++;
    return backslashes % 2 == 1;
  }

  private static IllegalArgumentException error(Path file, int line, String what) {
    return new IllegalArgumentException(file + ", line " + line + ": " + what);
  }

  private static Set<String> known() {
    Set<String> names = new HashSet<>();
    names.addAll(ProducerConfig.configNames());
    names.addAll(ConsumerConfig.configNames());
    names.addAll(AdminClientConfig.configNames());
    return Set.copyOf(names);
  }
}
