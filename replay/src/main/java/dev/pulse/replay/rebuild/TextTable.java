package dev.pulse.replay.rebuild;

import java.util.ArrayList;
import java.util.List;

/** A plain text table for a terminal: a header, a rule, rows; numbers right-aligned. */
final class TextTable {

  private final List<String> header;
  private final boolean[] rightAligned;
  private final List<List<String>> rows = new ArrayList<>();
  /** Row indexes before which a rule is drawn. */
  private final List<Integer> rules = new ArrayList<>();

  TextTable(List<String> header, boolean[] rightAligned) {
    this.header = List.copyOf(header);
    this.rightAligned = rightAligned.clone();
  }

  TextTable row(List<String> cells) {
    if (cells.size() != header.size()) {
      throw new IllegalArgumentException("a row of " + cells.size() + " cells in a table of " + header.size() + " columns");
    }
    rows.add(List.copyOf(cells));
    return this;
  }

  /** Draws a rule between the rows so far and the next. */
  TextTable rule() {
    rules.add(rows.size());
    return this;
  }

  @Override
  public String toString() {
    int[] width = new int[header.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = header.get(c).length();
      for (List<String> r : rows) width[c] = Math.max(width[c], r.get(c).length());
    }
    StringBuilder b = new StringBuilder();
    line(b, header, width);
    rule(b, width);
    for (int i = 0; i < rows.size(); i++) {
      if (i > 0 && rules.contains(i)) rule(b, width);
      line(b, rows.get(i), width);
    }
    return b.toString();
  }

  private void line(StringBuilder b, List<String> cells, int[] width) {
    StringBuilder l = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) l.append("  ");
      String cell = cells.get(c);
      String pad = " ".repeat(width[c] - cell.length());
      l.append(rightAligned[c] ? pad + cell : cell + pad);
    }
    b.append(l.toString().stripTrailing()).append('\n');
  }

  private static void rule(StringBuilder b, int[] width) {
    int total = 0;
    for (int w : width) total += w;
    b.append("-".repeat(total + 2 * (width.length - 1))).append('\n');
  }
}
