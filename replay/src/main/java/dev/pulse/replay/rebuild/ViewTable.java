package dev.pulse.replay.rebuild;

import dev.pulse.batch.BatchViews;
import dev.pulse.contract.Period;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * One view of SPEC.md as a table of recomputed rows: the view's fields but {@code updatedAt}, which
 * says when a live row last changed and has no meaning for a recomputation.
 */
public enum ViewTable {
  PARTICIPATION(Topics.PARTICIPATION_VIEW),
  POVERTY(Topics.POVERTY_VIEW),
  ACTIVITIES(Topics.ACTIVITIES_VIEW),
  CAMPAIGNS(Topics.CAMPAIGNS_VIEW);

  static final String UPDATED_AT = "updatedAt";

  private final Topic<? extends SpecificRecord> topic;
  private final Schema schema;

  ViewTable(Topic<? extends SpecificRecord> topic) {
    this.topic = topic;
    Schema view = topic.valueSchema();
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : view.getFields()) {
      if (!f.name().equals(UPDATED_AT)) fields.add(new Schema.Field(f, f.schema()));
    }
    this.schema = Schema.createRecord(view.getName(), view.getDoc(), view.getNamespace(), false, fields);
  }

  /** The name of the view and of its CSV file: participation, poverty, activities, campaigns. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public Topic<? extends SpecificRecord> topic() {
    return topic;
  }

  /** The columns: the view's fields but updatedAt. */
  public Schema schema() {
    return schema;
  }

  /** Whether the view has rows for this period: poverty is yearly. */
  public boolean covers(Period period) {
    return this != POVERTY || period.kind() == Period.Kind.YEAR;
  }

  /** Every non-zero row of the view, sorted by unit, then period (then campaign). */
  public List<GenericRecord> rows(BatchViews views) {
    Map<String, ? extends SpecificRecord> byKey = switch (this) {
      case PARTICIPATION -> views.participation();
      case POVERTY -> views.poverty();
      case ACTIVITIES -> views.activities();
      case CAMPAIGNS -> views.campaigns();
    };
    List<GenericRecord> rows = new ArrayList<>(byKey.size());
    byKey.values().forEach(r -> rows.add(toRow(r)));
    Comparator<GenericRecord> order = Comparator.<GenericRecord, String>comparing(r -> r.get("unitId").toString())
        .thenComparing(this::periodOf);
    if (this == CAMPAIGNS) order = order.thenComparing(r -> r.get("campaign").toString());
    rows.sort(order);
    return rows;
  }

  /**
   * The rows of a unit in a period: one, zeros when nothing counts there; for campaigns, one per
   * campaign of the unit in the period, as SPEC.md §6 orders them (held, then participants, both
   * descending), none when it has none.
   */
  public List<GenericRecord> rows(BatchViews views, String unitId, Period period) {
    return switch (this) {
      case PARTICIPATION -> List.of(toRow(views.participation(unitId, period)));
      case POVERTY -> List.of(toRow(views.poverty(unitId, period.year())));
      case ACTIVITIES -> List.of(toRow(views.activities(unitId, period)));
      case CAMPAIGNS -> views.campaigns(unitId, period).stream().map(this::toRow).toList();
    };
  }

  private Period periodOf(GenericRecord row) {
    return this == POVERTY ? Period.year((Integer) row.get("year")) : Period.parse(row.get("period").toString());
  }

  private GenericRecord toRow(SpecificRecord view) {
    GenericData.Record row = new GenericData.Record(schema);
    Schema viewSchema = view.getSchema();
    for (Schema.Field f : schema.getFields()) {
      row.put(f.pos(), view.get(viewSchema.getField(f.name()).pos()));
    }
    return row;
  }
}
