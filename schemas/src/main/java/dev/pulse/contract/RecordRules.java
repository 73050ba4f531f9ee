package dev.pulse.contract;

import dev.pulse.avro.Activity;
import dev.pulse.avro.Membership;
import dev.pulse.contract.DateBounds;
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
 * empty, identifiers can be used as keys, campaign names are {@link CampaignNames}, dates are of
 * this world, a membership does not end before it begins, a unit is not its own parent. Rules
 * that need the unit tree are {@link UnitTreeRules}'.
 */
public final class RecordRules {

  /** Identifiers are joined into view keys with '|' ({@code unitId|period}), so they may not hold one. */
  static final int MAX_ID_LENGTH = 128;
  static final int MAX_TEXT_LENGTH = 1_000;
  static final int MAX_LIST_LENGTH = 100;
  /** Dates outside these years are typing mistakes; they also keep Avro's millisecond longs in range. */
  static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
  static final LocalDate LATEST = LocalDate.of(2999, 12, 31);

  /**
   * What an identifier may hold: letters, digits (any script) and {@code . _ - : @ + ~ = #}. No
   * space, slash, '|', control or invisible character: an id travels in URLs, keys and view keys.
   */
  static final java.util.regex.Pattern ID_CHARS = java.util.regex.Pattern.compile("[\\p{L}\\p{M}\\p{N}._:@+~=#-]+");

  private RecordRules() {}

  /** Why this text cannot be an identifier, or null when it can (the same rule as the fields'). */
  public static String identifierProblem(String text) {
    List<Problem> problems = new ArrayList<>();
    checkText(text, null, true, 0, problems);
    return problems.isEmpty() ? null : problems.get(0).message();
  }

  /**
   * The problems of one record sent now, each at {@code index}; empty when it is valid. Its dates
   * are held to the default bounds (views from {@value DateBounds#DEFAULT_FIRST_YEAR} on).
   */
  public static List<Problem> check(IngestStream<?> stream, SpecificRecord record, int index) {
    return check(stream, record, index, DateBounds.DEFAULT, Instant.now());
  }

  /**
   * The problems of one record, each at {@code index}; empty when it is valid.
   *
   * @param bounds the dates an event may carry (SPEC.md §2)
   * @param sentAt when the record is sent: the request's time
   */
  public static List<Problem> check(IngestStream<?> stream, SpecificRecord record, int index, DateBounds bounds,
      Instant sentAt) {
    List<Problem> problems = new ArrayList<>();
    Schema schema = record.getSchema();
    for (Schema.Field field : schema.getFields()) {
      if (record instanceof Activity && field.name().equals("campaigns") && record.get(field.pos()) != null) {
        checkCampaigns((List<?>) record.get(field.pos()), index, problems);
        continue;
      }
      checkValue(stream, field.schema(), record.get(field.pos()), field.name(), isIdentifier(field.name()),
          index, problems);
    }
    if (record instanceof Membership m && m.getJoinedOn() != null && m.getLeftOn() != null
        && m.getLeftOn().isBefore(m.getJoinedOn())) {
      problems.add(new Problem(index, "leftOn", "the membership ends (" + m.getLeftOn() + ") before it begins ("
          + m.getJoinedOn() + "); leftOn must be on or after joinedOn"));
    }
    if (problems.isEmpty()) {
      DateBounds.Violation outOfBounds = bounds.check(record, sentAt);
      if (outOfBounds != null) problems.add(new Problem(index, outOfBounds.field(), outOfBounds.message()));
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

  /** The names of SPEC.md §5b, each judged by {@link CampaignNames}, at {@code campaigns[i]}. */
  private static void checkCampaigns(List<?> names, int index, List<Problem> problems) {
    if (names.size() > MAX_LIST_LENGTH) {
      problems.add(new Problem(index, "campaigns", "a list of " + names.size() + " is too long; at most "
          + MAX_LIST_LENGTH));
      return;
    }
    for (int i = 0; i < names.size(); i++) {
      String problem = CampaignNames.problem((CharSequence) names.get(i));
      if (problem != null) problems.add(new Problem(index, "campaigns[" + i + "]", problem));
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
    if (text.codePoints().anyMatch(cp -> Character.getType(cp) == Character.SURROGATE)) {
      problems.add(new Problem(index, path, "is not valid Unicode text (it holds a lone surrogate); send it as UTF-8"));
      return;
    }
    if (identifier) {
      if (!text.equals(text.strip())) {
        problems.add(new Problem(index, path, "'" + text + "' begins or ends with spaces; remove them"));
      } else if (text.indexOf('|') >= 0) {
        problems.add(new Problem(index, path, "'" + text + "' holds '|', which Pulse uses to join keys;"
            + " use letters, digits, '-', '_' or '.'"));
      } else if (!ID_CHARS.matcher(text).matches()) {
        int bad = text.codePoints().filter(cp -> !ID_CHARS.matcher(new String(Character.toChars(cp))).matches())
            .findFirst().orElse('?');
        problems.add(new Problem(index, path, "'" + text + "' holds " + String.format("U+%04X", bad)
            + ", which an id may not hold; ids are letters, digits and . _ - : @ + ~ = #"));
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
