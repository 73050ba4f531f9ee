package dev.pulse.contract;

/**
 * One thing wrong with one record of a request or a file, said so that the volunteer who typed it
 * can mend it.
 *
 * @param index the record's position in the request (0-based), or null when the problem is with
 *     the request as a whole
 * @param field the field at fault ({@code channels[1]} inside an array), or null when the
 *     problem is with the record as a whole
 * @param message what is wrong and what was expected
 */
public record Problem(Integer index, String field, String message) {

  /** A problem with the request as a whole, not with one record. */
  public static Problem ofRequest(String message) {
    return new Problem(null, null, message);
  }

  /** The same problem at another position (records of a file are renumbered into rows). */
  public Problem at(Integer newIndex) {
    return new Problem(newIndex, field, message);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    if (index != null) s.append("record ").append(index).append(": ");
    if (field != null) s.append(field).append(": ");
    return s.append(message).toString();
  }
}
