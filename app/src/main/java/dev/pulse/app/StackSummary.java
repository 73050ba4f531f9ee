package dev.pulse.app;

import dev.pulse.server.Health;
import java.nio.file.Path;
import java.util.Locale;

/** The block {@code pulse up} prints once everything answers: what runs where. */
final class StackSummary {

  private StackSummary() {}

  static String of(PulseStack stack) {
    StackOptions o = stack.options();
    StringBuilder b = new StringBuilder("\n");
    b.append(String.format(Locale.ROOT, "Pulse is up, started in %.1f s%n", stack.startupTime().toMillis() / 1000.0));
    row(b, "Kafka bootstrap", stack.bootstrapServers(), o.embedsKafka()
        ? "embedded broker, log in " + shortPath(stack.dataDir().resolve("kafka").resolve("broker.log"))
        : "existing cluster");
    row(b, "Schema Registry", stack.schemaRegistryUrl(), o.embedsRegistry() ? "embedded" : "existing registry");
    row(b, "HTTP API", stack.httpUrl() + "/api/v1",
        o.readingIsOpen() ? "reading open to all, writing needs a token" : "every call needs a token");
    if (stack.httpRoutes().contains("dashboard")) {
      row(b, "Dashboard", stack.httpUrl() + "/", "");
    }
    row(b, "Health", stack.httpUrl() + "/health", "");
    if (!o.roles().equals(Role.ALL)) {
      row(b, "Roles", o.roles().stream().map(Role::label).sorted().toList().toString(), "this instance only");
    }
    row(b, "Data directory", shortPath(stack.dataDir()), "kept across starts");
    stack.demoAdminToken().ifPresent(token -> {
      row(b, "Admin token", token, "admin of the province " + Demo.PROVINCE);
      row(b, "Simulator", "Điện Biên province, " + Math.round(Demo.RECORDS_PER_SECOND) + " records/s",
          "after its initial load");
    });
    if (stack.demoAdminToken().isEmpty()) {
      b.append("  Tokens: ./pulse token create --unit <unitId> --role admin|emitter|reader")
          .append(o.embedsKafka() ? "" : " --bootstrap-servers " + stack.bootstrapServers()).append('\n');
    }
    if (!o.listensLocallyOnly()) warnAboutTheNetwork(b, o);
    b.append("Ctrl-C stops Pulse.\n\n");
    return b.toString();
  }

  /** Said plainly, since nothing else tells the operator what listening beyond localhost exposes. */
  private static void warnAboutTheNetwork(StringBuilder b, StackOptions o) {
    b.append("  WARNING  the HTTP API").append(o.embedsRegistry() ? " and the Schema Registry" : "")
        .append(" listen on ").append(o.listenAddress())
        .append(": other machines reach them (--listen). Tokens cross the network in clear text unless TLS"
            + " fronts them.\n");
    if (o.kafkaConfig() == null) {
      b.append("  WARNING  Pulse's Kafka clients do not log in (no --kafka-config). If the cluster at ")
          .append(o.bootstrapServers())
          .append(" lets anyone in, anyone who reaches it reads the token hashes in _pulse-tokens and can"
              + " write a token there that Pulse accepts. Use SASL/SCRAM and ACLs (docs/security.md).\n");
    } else {
      b.append("  Tokens   _pulse-tokens is safe only while the cluster's ACLs give it to Pulse's principals"
          + " alone (docs/security.md).\n");
    }
  }

  private static void row(StringBuilder b, String what, String where, String note) {
    b.append(String.format(Locale.ROOT, "  %-16s %s%s%n", what, where, note.isEmpty() ? "" : "   (" + note + ")"));
  }

  /** Relative to the working directory when inside it: shorter, and what the user typed. */
  private static String shortPath(Path path) {
    Path here = Path.of("").toAbsolutePath();
    return path.startsWith(here) ? here.relativize(path).toString() : path.toString();
  }
}
