package dev.pulse.server.access;

import java.time.Instant;

/**
 * A token just created: the only moment its full text exists outside the caller's hands.
 *
 * @param bearer what a client sends as {@code Authorization: Bearer <bearer>}
 */
public record IssuedToken(StoredToken token, String bearer) {

  /**
   * Makes a new token with a fresh random secret; nothing is stored ({@link TokenStore#create}
   * stores it).
   */
  public static IssuedToken generate(String unitId, Role role, String note, Instant now) {
    String secret = TokenSecrets.newSecret();
    StoredToken token = new StoredToken(TokenSecrets.newTokenId(), unitId, role, TokenSecrets.sha256(secret), now,
        note, null);
    return new IssuedToken(token, TokenSecrets.bearer(token.tokenId(), secret));
  }

  /** The value of the Authorization header that presents this token. */
  public String authorizationHeader() {
    return "Bearer " + bearer;
  }

  @Override
  public String toString() {
    // Never log the secret by accident.
    return "IssuedToken[" + token.tokenId() + " of " + token.unitId() + ", " + token.role().label() + "]";
  }
}
