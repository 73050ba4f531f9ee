package dev.pulse.replay;

import dev.pulse.contract.CampaignNames;

import dev.pulse.contract.Period;
import dev.pulse.replay.rebuild.AsOfHistory;
import dev.pulse.replay.rebuild.Rebuild;
import dev.pulse.replay.rebuild.ViewTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pulse rebuild --as-of INSTANT}: every view as it stood on the data recorded up to an instant. */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
    description = {
        "Recompute every view as it stood on the data recorded up to an instant: activities, attendance and"
            + " household events with recordedAt at or before --as-of, and units and memberships from their log"
            + " up to --as-of (by Kafka timestamp). The same batch recomputation as pulse verify.",
        "Writes one CSV file per view (--output DIR) and/or prints a unit's row and its children's rows in a"
            + " period (--unit U --period P); for campaigns, the unit's row of each campaign in the period, or with"
            + " --campaign NAME that campaign's row of the unit and of its children.",
        "Example: pulse rebuild --as-of 2024-01-31T23:59:59+07:00 --view poverty --unit DB --period 2023"})
public final class RebuildCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin ClusterOptions cluster;

  @Option(names = "--as-of", required = true, paramLabel = "INSTANT", converter = InstantConverter.class,
      description = "The instant, inclusive: ISO-8601 such as 2024-01-31T23:59:59+07:00.")
  Instant asOf;

  @Option(names = "--output", paramLabel = "DIR",
      description = "Write participation.csv, poverty.csv, activities.csv and campaigns.csv (every non-zero row)"
          + " into DIR.")
  Path output;

  @Option(names = "--view", paramLabel = "VIEW", split = ",",
      description = "participation, poverty, activities and/or campaigns (default: all four).")
  Set<ViewTable> views;

  @Option(names = "--unit", paramLabel = "UNIT", description = "Print this unit's row and its children's rows…")
  String unit;

  @Option(names = "--period", paramLabel = "PERIOD", description = "…in this period: 2023, 2023-Q4 or 2023-11.")
  String period;

  @Option(names = "--campaign", paramLabel = "NAME",
      description = "With --unit and --period: this campaign's row of the unit and of each of its children (the"
          + " dashboard's drill-down), zeros where it reached nothing, instead of the unit's list of campaigns.")
  String campaign;

  @Override
  public Integer call() throws IOException {
    if ((unit == null) != (period == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--unit and --period go together");
    }
    if (output == null && unit == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "nothing to do: give --output DIR, or --unit and --period, or both");
    }
    if (campaign != null && unit == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--campaign goes with --unit and --period");
    }
    if (campaign != null && CampaignNames.problem(campaign) != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--campaign: " + CampaignNames.problem(campaign));
    }
    String campaignName = campaign == null ? null : CampaignNames.trimmed(campaign);
    Period p = period == null ? null : parsePeriod(period);
    Set<ViewTable> tables = views == null || views.isEmpty() ? EnumSet.allOf(ViewTable.class) : EnumSet.copyOf(views);
    if (p != null && views != null && tables.stream().noneMatch(t -> t.covers(p))) {
      throw new CommandLine.ParameterException(spec.commandLine(), "poverty is yearly: give a year such as 2023");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    Rebuild rebuild = Rebuild.asOf(cluster.connection(), cluster.registry(), asOf);
    AsOfHistory.Snapshot s = rebuild.snapshot();
    out.printf(Locale.ROOT, "As of %s: %,d of the %,d input records were recorded by then (read in %.1f s);"
            + " recomputed every view in %.1f s.%n", asOf, s.recordsKept(), s.recordsRead(),
        rebuild.readTime().toMillis() / 1000.0, rebuild.computeTime().toMillis() / 1000.0);
    if (s.undecodable() > 0) {
      out.printf(Locale.ROOT, "%,d records could not be read and count nowhere, as in the streams.%n", s.undecodable());
    }
    if (output != null) {
      Map<ViewTable, Integer> written = rebuild.writeCsv(output, tables);
      written.forEach((t, n) -> out.printf(Locale.ROOT, "Wrote %s (%,d rows)%n", output.resolve(t.label() + ".csv"), n));
    }
    if (unit != null) {
      if (rebuild.unit(unit).isEmpty()) {
        err.println("Unit " + unit + " did not exist as of " + asOf + " (not in org.units.v1 up to then, or deleted).");
        err.flush();
        out.flush();
        return 1;
      }
      for (ViewTable t : tables) {
        out.println();
        if (!t.covers(p)) {
          out.println(t.label() + ": yearly only; give a year such as " + p.year() + " to see it.");
          continue;
        }
        String name = rebuild.unit(unit).get().getName().toString();
        if (t == ViewTable.CAMPAIGNS && campaignName != null) {
          out.printf("campaign '%s' in %s (%s) and its children in %s, as of %s:%s%n", campaignName, unit, name, p,
              asOf, rebuild.hasCampaign(campaignName) ? "" : " no activity recorded by then lists it.");
          out.print(rebuild.campaignChildrenTable(unit, p, campaignName));
          continue;
        }
        if (t == ViewTable.CAMPAIGNS) {
          String table = rebuild.table(t, unit, p);
          out.printf("campaigns of %s (%s) in %s, as of %s:%s%n", unit, name, p, asOf,
              table.isEmpty() ? " none held or attended there." : "");
          out.print(table);
          continue;
        }
        out.printf("%s of %s (%s) and its children in %s, as of %s:%n", t.label(), unit, name, p, asOf);
        out.print(rebuild.table(t, unit, p));
      }
    }
    out.flush();
    return 0;
  }

  private Period parsePeriod(String text) {
    try {
      return Period.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
