package dev.pulse.server.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a token, {@code pulse_<id>.<secret>}: a public id that names it in lists and logs,
 * and 32 random bytes that prove it. The prefix lets secret scanners recognise a leaked token.
 */
final class TokenSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern BEARER = Pattern.compile("pulse_([0-9a-f]{12})\\.([A-Za-z0-9_-]{43})");

  /** A token's text, split. */
  record Parts(String tokenId, String secret) {}

  private TokenSecrets() {}

  static String newTokenId() {
    byte[] id = new byte[6];
    RANDOM.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  static String newSecret() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  static String bearer(String tokenId, String secret) {
    return "pulse_" + tokenId + "." + secret;
  }

  static Optional<Parts> parse(String bearer) {
    Matcher m = BEARER.matcher(bearer == null ? "" : bearer.trim());
    return m.matches() ? Optional.of(new Parts(m.group(1), m.group(2))) : Optional.empty();
  }

  static String sha256(String secret) {
    return HexFormat.of().formatHex(digest(secret));
  }

  /** Compares in time independent of where the hashes differ, so timing tells nothing of the secret. */
  static boolean matches(String secret, String expectedSha256) {
    byte[] expected;
    try {
      expected = HexFormat.of().parseHex(expectedSha256);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(digest(secret), expected);
  }

  private static byte[] digest(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
