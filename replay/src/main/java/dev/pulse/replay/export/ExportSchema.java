package dev.pulse.replay.export;

import dev.pulse.contract.Topic;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The schema of the rows an export writes: the Avro field names become CSV columns, JSON fields,
 * Avro and Parquet fields.
 *
 * <p>For Avro topics the rows are the values read with the topic's schema as the registry has it
 * now (the latest version of {@code <topic>-value}): BACKWARD compatibility guarantees it reads
 * every older version, so a topic written over years under several schema versions exports as one
 * table. For the dead letters, whose values are whatever could not be read, the rows are the raw
 * bytes in base64 with the record's headers ({@link #DEAD_LETTER}).
 *
 * <p>With metadata, four fields come first — partition, offset, timestamp and key of the record —
 * and every value field may be null, so that a deletion (a null value) is a row too.
 */
public final class ExportSchema {

  public static final String PARTITION = "kafkaPartition";
  public static final String OFFSET = "kafkaOffset";
  public static final String TIMESTAMP = "kafkaTimestamp";
  public static final String KEY = "kafkaKey";
  static final String NAMESPACE = "dev.pulse.replay";

  /**
   * A record of pipeline.dead-letters.v1: its key as text, its value in base64 (the original bytes,
   * which could not be read), and its headers by name (the source topic, partition, offset, the
   * error and when; see Topics.DeadLetterHeaders).
   */
  public static final Schema DEAD_LETTER = SchemaBuilder.record("DeadLetter").namespace(NAMESPACE)
      .doc("A record of pipeline.dead-letters.v1 as received.")
      .fields()
      .name("key").doc("The record key as UTF-8 text; 'base64:' and the bytes when they are not UTF-8.")
          .type().unionOf().nullType().and().stringType().endUnion().nullDefault()
      .name("value").doc("The original value bytes, base64 (RFC 4648, with padding).")
          .type().unionOf().nullType().and().stringType().endUnion().nullDefault()
      .name("headers").doc("Header values by name, as UTF-8 text ('base64:' and the bytes when not UTF-8);"
              + " of a name given twice, the last; null for a header without a value.")
          .type().map().values().nullable().stringType().noDefault()
      .endRecord();

  private ExportSchema() {}

  /** The value schema the registry has now for the topic, or the contract's when none is registered yet. */
  public static Schema currentValueSchema(Topic<?> topic, SchemaRegistryClient registry) {
    if (!topic.isAvro()) {
      return DEAD_LETTER;
    }
    try {
      return registry.latest(topic.valueSubject()).schema();
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND) {
        return topic.valueSchema();
      }
      throw e;
    }
  }

  /** The row schema: the value schema, or with metadata the Kafka fields first and every value field optional. */
  public static Schema rows(Schema value, boolean metadata) {
    if (!metadata) {
      return value;
    }
    List<Schema.Field> fields = new ArrayList<>();
    Schema timestamp = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
    // Defaults let the metadata fields be part of the reader schema: the decoder fills them after reading.
    fields.add(new Schema.Field(PARTITION, Schema.create(Schema.Type.INT), "Kafka partition of the record.", 0));
    fields.add(new Schema.Field(OFFSET, Schema.create(Schema.Type.LONG), "Kafka offset of the record.", 0L));
    fields.add(new Schema.Field(TIMESTAMP, timestamp, "Kafka timestamp of the record.", 0L));
    fields.add(new Schema.Field(KEY, optional(Schema.create(Schema.Type.STRING)), "Kafka key of the record.",
        JsonProperties.NULL_VALUE));
    for (Schema.Field f : value.getFields()) {
      if (f.name().equals(PARTITION) || f.name().equals(OFFSET) || f.name().equals(TIMESTAMP) || f.name().equals(KEY)) {
        throw new IllegalArgumentException("schema " + value.getFullName() + " has a field named " + f.name()
            + ", which the metadata columns use; export without --metadata");
      }
      Schema.Field copy = new Schema.Field(f.name(), optional(f.schema()), f.doc(), JsonProperties.NULL_VALUE);
      f.aliases().forEach(copy::addAlias);
      fields.add(copy);
    }
    Schema rows = Schema.createRecord(value.getName() + "WithMetadata", value.getDoc(), NAMESPACE, false, fields);
    // The alias lets Avro resolve values written as the topic's record into this one.
    rows.addAlias(value.getFullName());
    return rows;
  }

  /** The schema or null, null first so that null can be the default. */
  private static Schema optional(Schema s) {
    List<Schema> branches = new ArrayList<>();
    branches.add(Schema.create(Schema.Type.NULL));
    if (s.getType() == Schema.Type.UNION) {
      s.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).forEach(branches::add);
    } else {
      branches.add(s);
    }
    return Schema.createUnion(branches);
  }
}
