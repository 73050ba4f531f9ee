package dev.pulse.server.access;

import dev.pulse.kafka.KafkaOptions;
import dev.pulse.server.access.IssuedToken;
import dev.pulse.server.access.Role;
import dev.pulse.server.access.StoredToken;
import dev.pulse.server.access.TokenStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pulse token create|revoke|list}: the access tokens of branch systems, readers and admins. */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Create, revoke and list access tokens. A token is scoped to a unit: it may send and change"
        + " records only for that unit's subtree.",
    subcommands = {TokenCommand.Create.class, TokenCommand.Revoke.class, TokenCommand.ListTokens.class})
public final class TokenCommand implements Runnable {

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a token and print it once; Pulse keeps only its hash.")
  static final class Create implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin KafkaOptions kafka;

    @Option(names = "--unit", required = true, paramLabel = "UNIT", description = "The unit whose subtree the token covers, e.g. DB-01-03.")
    String unit;

    @Option(names = "--role", required = true, paramLabel = "ROLE",
        description = "reader (reads views), emitter (also sends records) or admin (also changes units).")
    String role;

    @Option(names = "--note", paramLabel = "TEXT", description = "What the token is for, shown by 'pulse token list'.")
    String note;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Role parsed = Role.parse(role).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
          "--role must be reader, emitter or admin, not '" + role + "'"));
      try (TokenStore store = new TokenStore(kafka.bootstrapServers(), kafka.clientProperties())) {
        IssuedToken issued = store.create(unit, parsed, note);
        out.printf("Created %s token %s for unit %s.%n%n", parsed.label(), issued.token().tokenId(), unit);
        out.printf("    %s%n%n", issued.bearer());
        out.println("This is the only time the token is shown: keep it now. Send it as");
        out.println("    Authorization: Bearer <token>");
        out.printf("Revoke it with: pulse token revoke %s%n", issued.token().tokenId());
        out.flush();
        return 0;
      }
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token; it is refused from then on.")
  static final class Revoke implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin KafkaOptions kafka;

    @Parameters(paramLabel = "ID", description = "The token's id, as 'pulse token list' shows it.")
    String tokenId;

    @Override
    public Integer call() {
      try (TokenStore store = new TokenStore(kafka.bootstrapServers(), kafka.clientProperties())) {
        StoredToken revoked = store.revoke(tokenId);
        spec.commandLine().getOut().printf("Revoked token %s (%s of %s) at %s.%n", revoked.tokenId(),
            revoked.role().label(), revoked.unitId(), revoked.revokedAt());
        spec.commandLine().getOut().flush();
        return 0;
      } catch (NoSuchElementException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens, without their secrets.")
  static final class ListTokens implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin KafkaOptions kafka;

    @Option(names = "--all", description = "Show revoked tokens too.")
    boolean all;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<StoredToken> tokens;
      try (TokenStore store = new TokenStore(kafka.bootstrapServers(), kafka.clientProperties())) {
        tokens = store.list().stream().filter(t -> all || !t.isRevoked()).toList();
      }
      if (tokens.isEmpty()) {
        out.println(all ? "No tokens." : "No valid tokens ('--all' shows revoked ones).");
      } else {
        String format = "%-12s  %-14s  %-7s  %-20s  %-20s  %s%n";
        out.printf(format, "ID", "UNIT", "ROLE", "CREATED", "REVOKED", "NOTE");
        for (StoredToken t : tokens) {
          out.printf(format, t.tokenId(), t.unitId(), t.role().label(), t.createdAt().toString().substring(0, 19) + "Z",
              t.revokedAt() == null ? "-" : t.revokedAt().toString().substring(0, 19) + "Z",
              t.note() == null ? "" : t.note());
        }
      }
      out.flush();
      return 0;
    }
  }
}
