package dev.pulse.access;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pulse.contract.Topic;
import dev.pulse.producers.kafka.KafkaConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code _pulse-tokens}: Pulse's own compacted topic of access tokens, keyed by token id, JSON
 * values. It is internal (not in SPEC.md): a running server and the {@code pulse token} command
 * meet there, and several servers share it.
 */
public final class TokenTopic {

  private static final Logger log = LoggerFactory.getLogger(TokenTopic.class);

  /** The topic; one partition, since it holds a few hundred small records at most. */
  public static final Topic<byte[]> TOPIC = new Topic<>("_pulse-tokens", byte[].class, Topic.Retention.COMPACTED, 1);

  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      // A later Pulse may add fields; an older server still reads the token.
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private TokenTopic() {}

  static byte[] encode(StoredToken token) {
    try {
      return JSON.writeValueAsBytes(token);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write token " + token.tokenId() + " as JSON", e);
    }
  }

  static StoredToken decode(byte[] bytes) {
    try {
      return JSON.readValue(bytes, StoredToken.class);
    } catch (IOException e) {
      throw new UncheckedIOException("not a token record: " + e.getMessage(), e);
    }
  }

  /** Creates the topic if it is missing, with the cluster's default replication factor. */
  public static void ensure(String bootstrapServers) {
    ensure(bootstrapServers, Map.of());
  }

  /**
   * {@link #ensure(String)} logging in with these client properties. A principal that may read the
   * topic sees it and creates nothing; on a secured cluster the admin creates it beforehand.
   */
  public static void ensure(String bootstrapServers, Map<String, Object> clientProperties) {
    try (Admin admin = Admin.create(KafkaConfigs.admin(bootstrapServers, clientProperties))) {
      if (admin.listTopics().names().get().contains(TOPIC.name())) return;
      admin.createTopics(List.of(new NewTopic(TOPIC.name(), Optional.of(TOPIC.partitions()), Optional.empty())
          .configs(TOPIC.config()))).all().get();
      log.info("Created topic {} for access tokens", TOPIC.name());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) return;
      throw new IllegalStateException("could not create topic " + TOPIC.name() + " on " + bootstrapServers + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating " + TOPIC.name(), e);
    }
  }
}
