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
  ACTIVITIES(Topics.ACTIVITIES_VIEW);

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

  /** The name of the view and of its CSV file: participation, poverty, activities. */
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

  /** Every non-zero row of the view, sorted by unit and then period. */
  public List<GenericRecord> rows(BatchViews views) {
    Map<String, ? extends SpecificRecord> byKey = switch (this) {
      case PARTICIPATION -> views.participation();
      case POVERTY -> views.poverty();
      case ACTIVITIES -> views.activities();
    };
    List<GenericRecord> rows = new ArrayList<>(byKey.size());
    byKey.values().forEach(r -> rows.add(toRow(r)));
    rows.sort(Comparator.<GenericRecord, String>comparing(r -> r.get("unitId").toString())
        .thenComparing(this::periodOf));
    return rows;
  }

  /** The row of a unit in a period, zeros when nothing counts there. */
  public GenericRecord row(BatchViews views, String unitId, Period period) {
    SpecificRecord r = switch (this) {
      case PARTICIPATION -> views.participation(unitId, period);
      case POVERTY -> views.poverty(unitId, period.year());
      case ACTIVITIES -> views.activities(unitId, period);
    };
    return toRow(r);
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
