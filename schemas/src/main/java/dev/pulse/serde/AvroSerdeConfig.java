package dev.pulse.serde;

import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;

/**
 * How an Avro serde reaches the Schema Registry: the client, whether it registers schemas it has
 * not seen (else it only looks them up), and whether it handles keys or values, which picks the
 * subject {@code <topic>-key} or {@code <topic>-value} (Confluent's TopicNameStrategy).
 */
public record AvroSerdeConfig(SchemaRegistryClient client, boolean autoRegister, boolean isKey) {

  /** Confluent's name for the registry URL(s), comma-separated. */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  /** Confluent's name for the auto-registration switch; true when absent. */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  public AvroSerdeConfig {
    Objects.requireNonNull(client, "client");
  }

  /** A value serde's configuration, as built in code. */
  public static AvroSerdeConfig forValues(SchemaRegistryClient client, boolean autoRegister) {
    return new AvroSerdeConfig(client, autoRegister, false);
  }

  /**
   * Applies Kafka's {@code configure(configs, isKey)} on top of the configuration built in code, if
   * any. A client given in code is kept even when the map names a URL, so tests can inject one.
   */
  static AvroSerdeConfig configure(AvroSerdeConfig inCode, Map<String, ?> configs, boolean isKey) {
    SchemaRegistryClient client = inCode != null ? inCode.client() : clientFrom(configs);
    boolean autoRegister = configs.containsKey(AUTO_REGISTER_SCHEMAS)
        ? booleanFrom(configs.get(AUTO_REGISTER_SCHEMAS))
        : inCode == null || inCode.autoRegister();
    return new AvroSerdeConfig(client, autoRegister, isKey);
  }

  /** The registry subject for a topic. */
  String subject(String topic) {
    return topic + (isKey ? "-key" : "-value");
  }

  /** How errors name what they were handling, e.g. {@code topic branch.attendance.v1}. */
  String describe(String topic) {
    return "topic " + topic + (isKey ? " key" : "");
  }

  private static SchemaRegistryClient clientFrom(Map<String, ?> configs) {
    Object url = configs.get(SCHEMA_REGISTRY_URL);
    if (url == null || url.toString().isBlank()) {
      throw new ConfigException(SCHEMA_REGISTRY_URL, url,
          "the Avro serde needs the Schema Registry URL(s), or a SchemaRegistryClient given in code");
    }
    return new RestSchemaRegistryClient(url.toString());
  }

  private static boolean booleanFrom(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    String text = String.valueOf(value).trim();
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new ConfigException(AUTO_REGISTER_SCHEMAS, value, "expected true or false");
  }
}
