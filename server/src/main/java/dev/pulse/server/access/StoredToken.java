package dev.pulse.server.access;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * A token as {@code _pulse-tokens} keeps it: never the secret, only its SHA-256.
 *
 * @param secretSha256 the SHA-256 of the secret's UTF-8 bytes, hex
 * @param note what the token is for, as its creator wrote it (may be null)
 * @param revokedAt when it was revoked; null while it is valid
 */
public record StoredToken(String tokenId, String unitId, Role role, String secretSha256, Instant createdAt,
    String note, Instant revokedAt) {

  @JsonIgnore
  public boolean isRevoked() {
    return revokedAt != null;
  }

  public StoredToken revoked(Instant at) {
    return new StoredToken(tokenId, unitId, role, secretSha256, createdAt, note, at);
  }

  public Principal principal() {
    return new Principal(tokenId, unitId, role);
  }
}
