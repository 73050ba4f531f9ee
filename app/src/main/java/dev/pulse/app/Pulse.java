package dev.pulse.app;

import dev.pulse.producers.importer.ImportCommand;
import dev.pulse.server.access.TokenCommand;
import dev.pulse.replay.RebuildCommand;
import dev.pulse.replay.ReplayCommand;
import dev.pulse.replay.ReprocessCommand;
import dev.pulse.producers.simulate.SimulateCommand;
import dev.pulse.replay.verify.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pulse} command: runs the stack, and the operator's and analyst's tools. */
@Command(
    name = "pulse",
    mixinStandardHelpOptions = true,
    versionProvider = Pulse.Version.class,
    description = "Activity analytics for the Women's Union: Kafka, Avro and Kafka Streams.",
    subcommands = {
        UpCommand.class,
        TokenCommand.class,
        ImportCommand.class,
        SimulateCommand.class,
        VerifyCommand.class,
        ReplayCommand.class,
        RebuildCommand.class,
        ReprocessCommand.class,
        CommandLine.HelpCommand.class})
public final class Pulse implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with every subcommand, as {@code main} runs it (tests use it too). */
  public static CommandLine commandLine() {
    return new CommandLine(new Pulse()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    // "pulse" alone: say what it can do rather than fail.
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version Maven wrote into the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Pulse.class.getPackage().getImplementationVersion();
      return new String[] {"pulse " + (v == null ? "(development build)" : v)};
    }
  }
}
