package dev.pulse.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessTest {

  final IssuedToken emitter = IssuedToken.generate("DB-01-03", Role.EMITTER, "commune system", Instant.now());
  final IssuedToken revoked = IssuedToken.generate("DB-01", Role.ADMIN, null, Instant.now());
  final Access access = Access.of(List.of(emitter.token(), revoked.token().revoked(Instant.parse("2024-01-02T03:04:05Z"))));

  @Test
  void a_valid_token_names_its_unit_and_role() {
    assertThat(access.authenticate(emitter.authorizationHeader()))
        .contains(new Principal(emitter.token().tokenId(), "DB-01-03", Role.EMITTER));
    assertThat(access.authenticate("bearer " + emitter.bearer())).isPresent();
  }

  @Test
  void only_the_hash_of_the_secret_is_kept() {
    String secret = emitter.bearer().substring(emitter.bearer().indexOf('.') + 1);
    assertThat(emitter.token().secretSha256()).hasSize(64).doesNotContain(secret);
    assertThat(emitter.token().toString()).doesNotContain(secret);
    assertThat(emitter.toString()).doesNotContain(secret);
  }

  @Test
  void a_missing_malformed_forged_or_revoked_token_is_refused_with_a_reason() {
    assertThat(access.check(null)).isEqualTo(new Access.Refused("no token: send the header 'Authorization: Bearer <token>'"));
    assertThat(access.check("Basic dXNlcjpwYXNz")).isInstanceOf(Access.Refused.class);
    assertThat(access.check("Bearer not-a-token")).isEqualTo(
        new Access.Refused("this is not a Pulse token (they look like pulse_<id>.<secret>)"));
    // The right id with another secret.
    String forged = emitter.bearer().substring(0, emitter.bearer().indexOf('.') + 1) + "A".repeat(43);
    assertThat(access.check("Bearer " + forged)).isEqualTo(new Access.Refused("unknown token"));
    assertThat(access.check(revoked.authorizationHeader())).isEqualTo(new Access.Refused(
        "token " + revoked.token().tokenId() + " was revoked at 2024-01-02T03:04:05Z"));
  }

  @Test
  void roles_grant_reading_emitting_and_administering_in_turn() {
    assertThat(Role.READER.mayEmit()).isFalse();
    assertThat(Role.EMITTER.mayEmit()).isTrue();
    assertThat(Role.EMITTER.mayAdminister()).isFalse();
    assertThat(Role.ADMIN.mayEmit()).isTrue();
    assertThat(Role.parse("Admin")).contains(Role.ADMIN);
    assertThat(Role.parse("owner")).isEmpty();
  }

  @Test
  void tokens_round_trip_through_the_topics_json() {
    StoredToken t = revoked.token().revoked(Instant.parse("2024-01-02T03:04:05Z"));
    assertThat(TokenTopic.decode(TokenTopic.encode(t))).isEqualTo(t);
  }
}
