package dev.pulse.ingest;

import dev.pulse.avro.Membership;
import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The rules every input record obeys, however it was made (JSON through the gateway, a CSV row,
 * a builder of the producer library): every field that is not nullable is set, text is not
 * empty, identifiers can be used as keys, dates are of this world, a membership does not end
 * before it begins, a unit is not its own parent. Rules that need the unit tree are
 * {@link UnitTreeRules}'.
 */
public final class RecordRules {

  /** Identifiers are joined into view keys with '|' ({@code unitId|period}), so they may not hold one. */
  static final int MAX_ID_LENGTH = 128;
  static final int MAX_TEXT_LENGTH = 1_000;
  static final int MAX_LIST_LENGTH = 100;
  /** Dates outside these years are typing mistakes; they also keep Avro's millisecond longs in range. */
  static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
  static final LocalDate LATEST = LocalDate.of(2999, 12, 31);

  private RecordRules() {}

  /** The problems of one record, each at {@code index}; empty when it is valid. */
  public static List<Problem> check(IngestStream<?> stream, SpecificRecord record, int index) {
    List<Problem> problems = new ArrayList<>();
    Schema schema = record.getSchema();
    for (Schema.Field field : schema.getFields()) {
      checkValue(stream, field.schema(), record.get(field.pos()), field.name(), isIdentifier(field.name()),
          index, problems);
    }
    if (record instanceof Membership m && m.getJoinedOn() != null && m.getLeftOn() != null
        && m.getLeftOn().isBefore(m.getJoinedOn())) {
      problems.add(new Problem(index, "leftOn", "the membership ends (" + m.getLeftOn() + ") before it begins ("
          + m.getJoinedOn() + "); leftOn must be on or after joinedOn"));
    }
    if (record instanceof Unit u) {
      if (u.getUnitId() != null && u.getUnitId().equals(u.getParentId())) {
        problems.add(new Problem(index, "parentId", "a unit cannot be its own parent (" + u.getUnitId() + ")"));
      }
      if (u.getLevel() == UnitLevel.PROVINCE && u.getParentId() != null) {
        problems.add(new Problem(index, "parentId", "a PROVINCE is the root of the tree: its parentId must be null, not '"
            + u.getParentId() + "'"));
      }
      if (u.getLevel() != null && u.getLevel() != UnitLevel.PROVINCE && u.getParentId() == null) {
        problems.add(new Problem(index, "parentId", "a " + u.getLevel() + " needs a parentId: the unit it sits under"));
      }
    }
    return problems;
  }

  /** Keys, references to other records and the unit codes of the tree. */
  private static boolean isIdentifier(String field) {
    return field.endsWith("Id") || field.equals("recordedBy");
  }

  private static void checkValue(IngestStream<?> stream, Schema schema, Object value, String path, boolean identifier,
      int index, List<Problem> problems) {
    if (value == null) {
      if (!JsonToAvro.isNullable(schema)) {
        problems.add(new Problem(index, path, "missing; every " + stream.noun() + " needs one"));
      }
      return;
    }
    Schema type = JsonToAvro.nonNull(schema);
    switch (type.getType()) {
      case STRING -> checkText(value.toString(), path, identifier, index, problems);
      case INT -> {
        if (type.getLogicalType() instanceof LogicalTypes.Date && value instanceof LocalDate d) {
          checkRange(d, d.toString(), path, index, problems);
        }
      }
      case LONG -> {
        if (type.getLogicalType() instanceof LogicalTypes.TimestampMillis && value instanceof Instant i) {
          // Compare on the UTC date: a range of years, not a point in time, is what is meant.
          LocalDate d = i.isBefore(EARLIEST.atStartOfDay().toInstant(ZoneOffset.UTC)) ? LocalDate.MIN
              : i.isAfter(LATEST.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)) ? LocalDate.MAX
              : LocalDate.ofInstant(i, ZoneOffset.UTC);
          checkRange(d, i.toString(), path, index, problems);
        }
      }
      case ARRAY -> {
        List<?> items = (List<?>) value;
        if (items.size() > MAX_LIST_LENGTH) {
          problems.add(new Problem(index, path, "a list of " + items.size() + " is too long; at most "
              + MAX_LIST_LENGTH));
          return;
        }
        for (int i = 0; i < items.size(); i++) {
          checkValue(stream, type.getElementType(), items.get(i), path + "[" + i + "]", false, index, problems);
        }
      }
      default -> { }
    }
  }

  private static void checkText(String text, String path, boolean identifier, int index, List<Problem> problems) {
    if (text.isBlank()) {
      problems.add(new Problem(index, path, "must not be empty"));
      return;
    }
    int max = identifier ? MAX_ID_LENGTH : MAX_TEXT_LENGTH;
    if (text.length() > max) {
      problems.add(new Problem(index, path, "is " + text.length() + " characters long; at most " + max));
      return;
    }
    if (text.chars().anyMatch(Character::isISOControl)) {
      problems.add(new Problem(index, path, "holds a control character (a tab or a line break, say); remove it"));
      return;
    }
    if (identifier) {
      if (!text.equals(text.strip())) {
        problems.add(new Problem(index, path, "'" + text + "' begins or ends with spaces; remove them"));
      } else if (text.indexOf('|') >= 0) {
        problems.add(new Problem(index, path, "'" + text + "' holds '|', which Pulse uses to join keys;"
            + " use letters, digits, '-', '_' or '.'"));
      }
    }
  }

  private static void checkRange(LocalDate date, String text, String path, int index, List<Problem> problems) {
    if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
      problems.add(new Problem(index, path, "'" + text + "' is not between " + EARLIEST.getYear() + " and "
          + LATEST.getYear() + "; check the year"));
    }
  }
}
