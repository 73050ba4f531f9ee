package dev.pulse.server.ingest;

import dev.pulse.contract.Problem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The problems of one request, kept so that a hostile body costs little: the first
 * {@link #MAX_LISTED} are listed, every one is counted (SPEC.md §6: {@code errors} holds at most
 * the first 100, {@code errorCount} says how many there were).
 */
public final class Problems {

  /** The most problems one answer lists. */
  public static final int MAX_LISTED = 100;

  private final List<Problem> listed = new ArrayList<>();
  private int count;

  public Problems() {}

  /** Problems holding these. */
  public static Problems of(Collection<Problem> problems) {
    Problems p = new Problems();
    problems.forEach(p::add);
    return p;
  }

  public void add(Problem problem) {
    count++;
    if (listed.size() < MAX_LISTED) listed.add(problem);
  }

  public void addAll(Collection<Problem> problems) {
    problems.forEach(this::add);
  }

  public boolean isEmpty() {
    return count == 0;
  }

  /** How many problems there were, listed or not. */
  public int count() {
    return count;
  }

  /** The first {@link #MAX_LISTED} problems, ordered by record index (request-wide ones first). */
  public List<Problem> listed() {
    List<Problem> out = new ArrayList<>(listed);
    out.sort(Comparator.comparing(Problem::index, Comparator.nullsFirst(Comparator.naturalOrder())));
    return out;
  }

  @Override
  public String toString() {
    return count + " problem(s): " + listed();
  }
}
