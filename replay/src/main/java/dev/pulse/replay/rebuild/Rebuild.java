package dev.pulse.replay.rebuild;

import dev.pulse.avro.Unit;
import dev.pulse.batch.BatchViews;
import dev.pulse.batch.History;
import dev.pulse.batch.LogRecord;
import dev.pulse.contract.Period;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.replay.export.ClusterConnection;
import dev.pulse.replay.export.ExportFormat;
import dev.pulse.replay.export.RowWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Every view as it stood on the data recorded up to an instant: {@link AsOfHistory} read from the
 * input topics, recomputed by {@link BatchViews}, the plain-code recomputation {@code pulse verify}
 * checks the live views against.
 */
public final class Rebuild {

  private final AsOfHistory.Snapshot snapshot;
  private final BatchViews views;
  private final Map<String, Unit> units;
  private final Duration readTime;
  private final Duration computeTime;

  private Rebuild(AsOfHistory.Snapshot snapshot, BatchViews views, Duration readTime, Duration computeTime) {
    this.snapshot = snapshot;
    this.views = views;
    this.units = standingUnits(snapshot.history());
    this.readTime = readTime;
    this.computeTime = computeTime;
  }

  public static Rebuild asOf(ClusterConnection cluster, SchemaRegistryClient registry, Instant asOf) {
    long t0 = System.nanoTime();
    AsOfHistory.Snapshot snapshot = AsOfHistory.read(cluster, registry, asOf);
    long t1 = System.nanoTime();
    BatchViews views = BatchViews.compute(snapshot.history());
    long t2 = System.nanoTime();
    return new Rebuild(snapshot, views, Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1));
  }

  public AsOfHistory.Snapshot snapshot() {
    return snapshot;
  }

  public BatchViews views() {
    return views;
  }

  /** The unit as it stood at the instant, if it existed then. */
  public Optional<Unit> unit(String unitId) {
    return Optional.ofNullable(units.get(unitId));
  }

  /** The units whose parent was this unit at the instant, by unitId. */
  public List<Unit> children(String unitId) {
    return units.values().stream()
        .filter(u -> unitId.equals(u.getParentId()) && !u.getUnitId().equals(unitId))
        .sorted(java.util.Comparator.comparing(Unit::getUnitId))
        .toList();
  }

  /** Writes one CSV file per view into the directory ({@code participation.csv}, …) and answers the rows of each. */
  public Map<ViewTable, Integer> writeCsv(Path dir, Collection<ViewTable> tables) throws IOException {
    Map<ViewTable, Integer> written = new java.util.EnumMap<>(ViewTable.class);
    for (ViewTable table : tables) {
      List<GenericRecord> rows = table.rows(views);
      try (RowWriter out = ExportFormat.CSV.open(dir.resolve(table.label() + ".csv"), table.schema())) {
        for (GenericRecord row : rows) out.write(row);
        out.finish();
      }
      written.put(table, rows.size());
    }
    return written;
  }

  /**
   * The view's rows of a unit and of each of its children in a period, as a text table: the unit
   * first, then a rule, then the children. For campaigns, the unit's campaigns instead, one row
   * each ({@link #campaignTable}).
   */
  public String table(ViewTable table, String unitId, Period period) {
    if (table == ViewTable.CAMPAIGNS) return campaignTable(unitId, period);
    List<Schema.Field> figures = figures(table);
    List<String> header = new ArrayList<>(List.of("unitId", "name"));
    figures.forEach(f -> header.add(f.name()));
    boolean[] right = new boolean[header.size()];
    for (int i = 2; i < right.length; i++) right[i] = true;
    TextTable text = new TextTable(header, right);
    text.row(cells(table, unitId, period, figures));
    List<Unit> children = children(unitId);
    if (!children.isEmpty()) {
      text.rule();
      children.forEach(c -> text.row(cells(table, c.getUnitId(), period, figures)));
    }
    return text.toString();
  }

  /**
   * One campaign's row of a unit and of each of its children in a period, as a text table laid out
   * like {@link #table}: the dashboard's drill-down for a campaign ({@code GET
   * /api/v1/campaigns/{unit}/{period}/{campaign}/children}). A unit the campaign reached nothing in
   * has zeros but for its branches.
   *
   * @param campaign the name as the view holds it: trimmed
   */
  public String campaignChildrenTable(String unitId, Period period, String campaign) {
    List<Schema.Field> figures = new ArrayList<>(figures(ViewTable.CAMPAIGNS));
    figures.removeIf(f -> f.name().equals("campaign"));
    List<String> header = new ArrayList<>(List.of("unitId", "name"));
    figures.forEach(f -> header.add(f.name()));
    boolean[] right = new boolean[header.size()];
    for (int i = 2; i < right.length; i++) right[i] = true;
    TextTable text = new TextTable(header, right);
    text.row(campaignCells(unitId, period, campaign, figures));
    List<Unit> children = children(unitId);
    if (!children.isEmpty()) {
      text.rule();
      children.forEach(c -> text.row(campaignCells(c.getUnitId(), period, campaign, figures)));
    }
    return text.toString();
  }

  /** Whether any unit's row in any period names this campaign. */
  public boolean hasCampaign(String campaign) {
    return views.campaigns().values().stream().anyMatch(r -> r.getCampaign().equals(campaign));
  }

  private List<String> campaignCells(String unitId, Period period, String campaign, List<Schema.Field> figures) {
    var row = views.campaigns(unitId, period, campaign);
    List<String> cells = new ArrayList<>(List.of(unitId, unit(unitId).map(u -> u.getName().toString()).orElse("")));
    figures.forEach(f -> cells.add(figure(f.name(), row.get(row.getSchema().getField(f.name()).pos()))));
    return cells;
  }

  /**
   * The campaigns of a unit in a period as a text table, a row per campaign in the order of SPEC.md
   * §6 (held, then participants, both descending); empty when no campaign was held or attended there.
   */
  private String campaignTable(String unitId, Period period) {
    List<GenericRecord> rows = ViewTable.CAMPAIGNS.rows(views, unitId, period);
    if (rows.isEmpty()) return "";
    List<Schema.Field> figures = figures(ViewTable.CAMPAIGNS);
    List<String> header = figures.stream().map(Schema.Field::name).toList();
    boolean[] right = new boolean[header.size()];
    for (int i = 0; i < right.length; i++) right[i] = !header.get(i).equals("campaign");
    TextTable text = new TextTable(header, right);
    for (GenericRecord row : rows) {
      text.row(figures.stream().map(f -> figure(f.name(), row.get(f.pos()))).toList());
    }
    return text.toString();
  }

  /** The columns of a table of the view: its fields but the unit and the period. */
  private static List<Schema.Field> figures(ViewTable table) {
    List<Schema.Field> figures = new ArrayList<>();
    for (Schema.Field f : table.schema().getFields()) {
      if (!f.name().equals("unitId") && !f.name().equals("period") && !f.name().equals("year")) figures.add(f);
    }
    return figures;
  }

  private List<String> cells(ViewTable table, String unitId, Period period, List<Schema.Field> figures) {
    GenericRecord row = table.rows(views, unitId, period).get(0);
    List<String> cells = new ArrayList<>();
    cells.add(unitId);
    cells.add(unit(unitId).map(u -> u.getName().toString()).orElse(""));
    for (Schema.Field f : figures) {
      cells.add(figure(f.name(), row.get(f.pos())));
    }
    return cells;
  }

  private static String figure(String field, Object value) {
    if (value == null) return "-";
    if (field.equals("rate")) return String.format(Locale.ROOT, "%.1f%%", 100 * (Double) value);
    if (value instanceof Map<?, ?> byChannel) {
      if (byChannel.isEmpty()) return "-";
      StringBuilder b = new StringBuilder();
      new java.util.TreeMap<>(byChannel).forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
      return b.toString();
    }
    if (value instanceof Long n) return String.format(Locale.ROOT, "%,d", n);
    return value.toString();
  }

  public Duration readTime() {
    return readTime;
  }

  public Duration computeTime() {
    return computeTime;
  }

  /** The units standing in the history: per key the last version in the log, none after a deletion. */
  private static Map<String, Unit> standingUnits(History history) {
    Map<String, LogRecord<Unit>> last = new HashMap<>();
    for (LogRecord<Unit> r : history.units()) {
      LogRecord<Unit> before = last.get(r.key());
      if (before == null || r.logPosition() > before.logPosition()) last.put(r.key(), r);
    }
    Map<String, Unit> units = new HashMap<>();
    last.forEach((k, r) -> {
      if (r.value() != null) units.put(k, r.value());
    });
    return units;
  }
}
