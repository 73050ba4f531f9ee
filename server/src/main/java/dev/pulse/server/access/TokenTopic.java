package dev.pulse.server.access;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pulse.contract.Topic;
import dev.pulse.kafka.InternalTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code _pulse-tokens}: Pulse's own compacted topic of access tokens, keyed by token id, JSON
 * values. It is internal (not in SPEC.md): a running server and the {@code pulse token} command
 * meet there, and several servers share it.
 */
public final class TokenTopic {

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
    InternalTopics.ensure(bootstrapServers, clientProperties, TOPIC, "access tokens");
  }

}
