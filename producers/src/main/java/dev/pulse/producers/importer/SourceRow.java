package dev.pulse.producers.importer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One row of an input file as a JSON record of the ingest API, or why it could not be read.
 *
 * @param row the row number as a spreadsheet shows it (the CSV header is row 1) or the NDJSON line
 * @param json the record; null when {@code unreadable} says why
 */
record SourceRow(long row, ObjectNode json, String unreadable) {

  static SourceRow of(long row, ObjectNode json) {
    return new SourceRow(row, json, null);
  }

  static SourceRow unreadable(long row, String why) {
    return new SourceRow(row, null, why);
  }
}
