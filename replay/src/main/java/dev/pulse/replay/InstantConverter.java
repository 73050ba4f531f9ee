package dev.pulse.replay;

import dev.pulse.contract.Period;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An instant on the command line: ISO-8601 with an offset ({@code 2024-01-31T23:59:59+07:00},
 * {@code 2024-01-31T16:59:59Z}), or without one, or a bare date, read in the union's time zone
 * (Asia/Ho_Chi_Minh, where SPEC.md places periods): {@code 2024-02-01} is local midnight.
 */
public final class InstantConverter implements ITypeConverter<Instant> {

  @Override
  public Instant convert(String text) {
    return parse(text);
  }

  public static Instant parse(String text) {
    String t = text.trim();
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      // not with an offset: try the local forms
    }
    try {
      return LocalDateTime.parse(t).atZone(Period.ZONE).toInstant();
    } catch (DateTimeParseException e) {
      // not a local date-time
    }
    try {
      return LocalDate.parse(t).atStartOfDay(Period.ZONE).toInstant();
    } catch (DateTimeParseException e) {
      throw new TypeConversionException("'" + text + "' is not an instant: expected ISO-8601 such as"
          + " 2024-01-31T23:59:59+07:00, 2024-01-31T16:59:59Z, or a date such as 2024-02-01 (local midnight in "
          + Period.ZONE + ")");
    }
  }
}
