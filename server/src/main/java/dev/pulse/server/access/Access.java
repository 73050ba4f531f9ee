package dev.pulse.server.access;

import dev.pulse.kafka.KafkaConfigs;
import dev.pulse.kafka.TopicMirror;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call: checks the bearer tokens of requests against an in-memory copy of
 * {@code _pulse-tokens}, fed by a consumer, so that a token created or revoked by the command is
 * seen by every running server.
 */
public final class Access implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Access.class);
  /** How long a request with a token this server has not seen yet waits for the topic to be read. */
  private static final Duration UNKNOWN_TOKEN_WAIT = Duration.ofSeconds(2);

  /** The answer to a request's Authorization header. */
  public sealed interface Verdict permits Granted, Refused {
    default Optional<Principal> caller() {
      return this instanceof Granted g ? Optional.of(g.principal()) : Optional.empty();
    }
  }

  public record Granted(Principal principal) implements Verdict {}

  /** @param reason why, for the 401 answer: never anything that helps guess a secret */
  public record Refused(String reason) implements Verdict {}

  private final Map<String, StoredToken> tokens = new ConcurrentHashMap<>();
  private TopicMirror<StoredToken> mirror;

  private Access() {}

  /** Access checked against these tokens only (tests, tools). */
  public static Access of(Collection<StoredToken> tokens) {
    Access a = new Access();
    tokens.forEach(t -> a.tokens.put(t.tokenId(), t));
    return a;
  }

  /**
   * Access that follows {@code _pulse-tokens} (created if missing), after waiting up to
   * {@code initialLoad} for the tokens already there.
   */
  public static Access follow(String bootstrapServers, Duration initialLoad) {
    return follow(bootstrapServers, Map.of(), initialLoad);
  }

  /**
   * {@link #follow(String, Duration)} logging in with these client properties: the principal needs
   * Read on {@code _pulse-tokens}.
   */
  public static Access follow(String bootstrapServers, Map<String, Object> clientProperties, Duration initialLoad) {
    TokenTopic.ensure(bootstrapServers, clientProperties);
    Access a = new Access();
    a.mirror = TopicMirror.start(TokenTopic.TOPIC.name(), KafkaConfigs.mirrorConsumer(bootstrapServers, clientProperties),
        TokenTopic::decode, a::apply);
    if (a.mirror.awaitCaughtUp(initialLoad)) {
      log.info("Access: {} tokens loaded from {}", a.tokens.size(), TokenTopic.TOPIC.name());
    } else {
      log.warn("Access: {} not read within {} s; tokens will be accepted as they are read",
          TokenTopic.TOPIC.name(), initialLoad.toSeconds());
    }
    return a;
  }

  private void apply(String tokenId, StoredToken token) {
    if (token == null) tokens.remove(tokenId); else tokens.put(tokenId, token);
  }

  /** The caller of a request with this Authorization header, if its token is valid. */
  public Optional<Principal> authenticate(String authorizationHeader) {
    return check(authorizationHeader).caller();
  }

  /** Like {@link #authenticate}, saying why a header is refused. */
  public Verdict check(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      return new Refused("no token: send the header 'Authorization: Bearer <token>'");
    }
    String header = authorizationHeader.trim();
    if (!header.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
      return new Refused("the Authorization header must be 'Bearer <token>'");
    }
    Optional<TokenSecrets.Parts> parts = TokenSecrets.parse(header.substring("bearer ".length()));
    if (parts.isEmpty()) {
      return new Refused("this is not a Pulse token (they look like pulse_<id>.<secret>)");
    }
    StoredToken token = tokens.get(parts.get().tokenId());
    if (token == null && mirror != null) {
      // Perhaps created a moment ago by 'pulse token create': read the topic up to now, once.
      mirror.awaitCaughtUp(UNKNOWN_TOKEN_WAIT);
      token = tokens.get(parts.get().tokenId());
    }
    if (token == null || !TokenSecrets.matches(parts.get().secret(), token.secretSha256())) {
      return new Refused("unknown token");
    }
    if (token.isRevoked()) {
      return new Refused("token " + token.tokenId() + " was revoked at " + token.revokedAt());
    }
    return new Granted(token.principal());
  }

  /** Waits until every token written before the call has been read (tests, after a revocation). */
  public boolean awaitCaughtUp(Duration timeout) {
    return mirror == null || mirror.awaitCaughtUp(timeout);
  }

  @Override
  public void close() {
    if (mirror != null) mirror.close();
  }
}
