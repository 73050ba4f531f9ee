package dev.pulse.server.access;

import dev.pulse.kafka.KafkaConfigs;
import dev.pulse.kafka.TopicMirror;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, revokes and lists tokens in {@code _pulse-tokens} (what {@code pulse token} does). A
 * revoked token stays in the topic with its revocation time, so that the list shows it.
 */
public final class TokenStore implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TokenStore.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final String bootstrapServers;
  private final Map<String, Object> clientProperties;
  private final Clock clock;
  private final KafkaProducer<String, byte[]> producer;

  public TokenStore(String bootstrapServers) {
    this(bootstrapServers, Map.of(), Clock.systemUTC());
  }

  /**
   * A store logging in with these client properties: on a secured cluster, the admin's (no Pulse
   * role may write tokens).
   */
  public TokenStore(String bootstrapServers, Map<String, Object> clientProperties) {
    this(bootstrapServers, clientProperties, Clock.systemUTC());
  }

  TokenStore(String bootstrapServers, Clock clock) {
    this(bootstrapServers, Map.of(), clock);
  }

  TokenStore(String bootstrapServers, Map<String, Object> clientProperties, Clock clock) {
    this.bootstrapServers = bootstrapServers;
    this.clientProperties = Map.copyOf(clientProperties);
    this.clock = clock;
    TokenTopic.ensure(bootstrapServers, clientProperties);
    this.producer = new KafkaProducer<>(KafkaConfigs.durableProducer(bootstrapServers, clientProperties, TIMEOUT));
  }

  /**
   * Creates a token. Its secret is in the answer only: the topic keeps its hash.
   *
   * @param note what the token is for (the branch system, the person); may be null
   */
  public IssuedToken create(String unitId, Role role, String note) {
    if (unitId == null || unitId.isBlank()) throw new IllegalArgumentException("a token needs the unit it is scoped to");
    IssuedToken issued = IssuedToken.generate(unitId.trim(), role, note == null || note.isBlank() ? null : note.trim(),
        clock.instant());
    write(issued.token());
    log.info("Created {} token {} for unit {}", role.label(), issued.token().tokenId(), issued.token().unitId());
    return issued;
  }

  /**
   * Revokes a token; revoking it again changes nothing.
   *
   * @throws NoSuchElementException when no token has that id
   */
  public StoredToken revoke(String tokenId) {
    StoredToken token = list().stream().filter(t -> t.tokenId().equals(tokenId)).findFirst()
        .orElseThrow(() -> new NoSuchElementException("there is no token " + tokenId + " ('pulse token list' shows them)"));
    if (token.isRevoked()) return token;
    StoredToken revoked = token.revoked(clock.instant());
    write(revoked);
    log.info("Revoked token {} of unit {}", tokenId, token.unitId());
    return revoked;
  }

  /** Every token, revoked ones too, oldest first; without secrets, which are not kept. */
  public List<StoredToken> list() {
    Map<String, StoredToken> tokens = new ConcurrentHashMap<>();
    try (TopicMirror<StoredToken> mirror = TopicMirror.start(TokenTopic.TOPIC.name(),
        KafkaConfigs.mirrorConsumer(bootstrapServers, clientProperties), TokenTopic::decode,
        (id, t) -> { if (t == null) tokens.remove(id); else tokens.put(id, t); })) {
      if (!mirror.awaitCaughtUp(TIMEOUT)) {
        throw new IllegalStateException("could not read " + TokenTopic.TOPIC.name() + " from " + bootstrapServers
            + " within " + TIMEOUT.toSeconds() + " s; is Kafka running?");
      }
    }
    return tokens.values().stream()
        .sorted(Comparator.comparing(StoredToken::createdAt).thenComparing(StoredToken::tokenId))
        .toList();
  }

  private void write(StoredToken token) {
    try {
      producer.send(new ProducerRecord<>(TokenTopic.TOPIC.name(), token.tokenId(), TokenTopic.encode(token)))
          .get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not write token " + token.tokenId() + " to " + TokenTopic.TOPIC.name()
          + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka at " + bootstrapServers + " did not take token " + token.tokenId()
          + " in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing token " + token.tokenId(), e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
