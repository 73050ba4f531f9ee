package dev.pulse.replay.export;

import dev.pulse.avro.Activity;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes a Parquet file as {@code pulse replay} does, in a JVM whose class path has no Hadoop
 * (started by {@link ParquetWithoutHadoopTest}): exit 0 written, 3 Hadoop was there after all.
 */
public final class ParquetWithoutHadoop {

  public static void main(String[] args) throws Exception {
    try {
      Class.forName("org.apache.hadoop.conf.Configuration");
      System.exit(3);
    } catch (ClassNotFoundException expected) {
      // the point of this JVM
    }
    Schema schema = Activity.SCHEMA$;
    try (RowWriter out = ExportFormat.PARQUET.open(Path.of(args[0]), schema)) {
      for (Activity a : rows()) {
        out.write(generic(a, schema));
      }
      out.finish();
    }
  }

  static List<Activity> rows() {
    return List.of(
        new Activity("a1", "DB-01", "Họp chi hội", dev.pulse.avro.ActivityKind.MEETING, dev.pulse.avro.ActivityMode.IN_PERSON,
            java.time.Instant.parse("2023-03-08T01:00:00Z"), List.of(dev.pulse.avro.Channel.ZALO), List.of("5 no, 3 clean"),
            dev.pulse.avro.ActivityStatus.HELD, java.time.Instant.parse("2023-03-08T05:00:00Z")),
        new Activity("a2", "DB-02", "Tập huấn", dev.pulse.avro.ActivityKind.TRAINING, dev.pulse.avro.ActivityMode.ONLINE,
            java.time.Instant.parse("2023-10-20T02:30:00Z"), List.of(), List.of(),
            dev.pulse.avro.ActivityStatus.CANCELLED, java.time.Instant.parse("2023-10-21T00:00:00Z")));
  }

  /** The activity in Avro's own representation, as the export decodes values. */
  static GenericRecord generic(Activity a, Schema schema) {
    GenericData.Record r = new GenericData.Record(schema);
    r.put("activityId", a.getActivityId());
    r.put("unitId", a.getUnitId());
    r.put("title", a.getTitle());
    r.put("kind", new GenericData.EnumSymbol(schema.getField("kind").schema(), a.getKind().name()));
    r.put("mode", new GenericData.EnumSymbol(schema.getField("mode").schema(), a.getMode().name()));
    r.put("startsAt", a.getStartsAt().toEpochMilli());
    Schema channel = schema.getField("channels").schema().getElementType();
    r.put("channels", a.getChannels().stream().map(c -> new GenericData.EnumSymbol(channel, c.name())).toList());
    r.put("campaigns", a.getCampaigns());
    r.put("status", new GenericData.EnumSymbol(schema.getField("status").schema(), a.getStatus().name()));
    r.put("recordedAt", a.getRecordedAt().toEpochMilli());
    return r;
  }
}
