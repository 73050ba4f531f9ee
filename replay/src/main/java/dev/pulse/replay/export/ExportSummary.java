package dev.pulse.replay.export;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What an export did, partition by partition.
 *
 * @param unit the unit whose subtree was kept, or null
 * @param campaigns the campaigns whose records were kept, or empty
 * @param output the file written, or "-" for standard output
 */
public record ExportSummary(String topic, TimeRange range, String unit, List<String> campaigns, ExportFormat format,
    String output, List<PartitionCount> partitions, Duration elapsed) {

  /**
   * One partition's records.
   *
   * @param start the first offset read (the first at or after --from)
   * @param stop the end offset taken when the export began: nothing at or after it was read
   * @param exported rows written
   * @param outsideRange records read whose timestamp is outside the range
   * @param outsideUnit records outside the unit's subtree
   * @param outsideCampaign records in the unit's subtree (any record, without a unit) but of none of the campaigns
   * @param nullValues records with a null value (deletions), written only with metadata and no unit nor campaign
   * @param undecodable records whose value could not be read, left out (or the export stopped, when strict)
   */
  public record PartitionCount(int partition, long start, long stop, long exported, long outsideRange,
      long outsideUnit, long outsideCampaign, long nullValues, long undecodable) {}

  public ExportSummary {
    campaigns = campaigns == null ? List.of() : List.copyOf(campaigns);
    partitions = List.copyOf(partitions);
  }

  public long exported() {
    return partitions.stream().mapToLong(PartitionCount::exported).sum();
  }

  public long undecodable() {
    return partitions.stream().mapToLong(PartitionCount::undecodable).sum();
  }

  public long nullValues() {
    return partitions.stream().mapToLong(PartitionCount::nullValues).sum();
  }

  /** Rows written per second of the whole export (planning, reading, decoding and writing). */
  public double rowsPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds == 0 ? 0 : exported() / seconds;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Exported %,d rows of %s %s%s%s as %s to %s in %.1f s (%,.0f rows/s).%n",
        exported(), topic, range, unit == null ? "" : " in the subtree of " + unit,
        campaigns.isEmpty() ? "" : " of the campaign" + (campaigns.size() > 1 ? "s " : " ")
            + campaigns.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", ")),
        format.extension(), output, elapsed.toMillis() / 1000.0, rowsPerSecond()));
    b.append(String.format(Locale.ROOT, "  %9s %12s %12s %12s %12s %12s %15s %12s %12s%n", "partition", "from offset",
        "to offset", "exported", "out of range", "out of unit", "out of campaign", "null values", "undecodable"));
    for (PartitionCount p : partitions) {
      b.append(String.format(Locale.ROOT, "  %9d %12d %12d %,12d %,12d %,12d %,15d %,12d %,12d%n", p.partition(),
          p.start(), p.stop(), p.exported(), p.outsideRange(), p.outsideUnit(), p.outsideCampaign(), p.nullValues(),
          p.undecodable()));
    }
    if (nullValues() > 0) {
      b.append("  Null values are deletions on the compacted topics; they are rows only with --metadata (and no --unit"
          + " nor --campaign).\n");
    }
    if (undecodable() > 0) {
      b.append(String.format(Locale.ROOT, "  %,d records could not be read and are not in the export;"
          + " the streams sent them to the dead letters (export pipeline.dead-letters.v1 to see their bytes).%n",
          undecodable()));
    }
    return b.toString();
  }
}
