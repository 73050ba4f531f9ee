package dev.pulse.streams;

import java.util.Locale;

/**
 * Which views engine the streams application runs.
 *
 * <ul>
 *   <li>{@link #PARTITIONED}: the work spread over the input topics' partitions — members,
 *       households and activities each in the task of their key, the unit tree and the covered
 *       years broadcast to every task, row tasks keyed by unit summing their contributions
 *       (docs/engine-design.md). Scales with threads and instances; every instance answers
 *       queries from the published view topics.
 *   <li>{@link #SINGLE}: every input merged into one partition and one task, which holds every
 *       fact ({@code ViewsTopology}). Kept to compare with and to upgrade from; it cannot use more
 *       than one core.
 * </ul>
 */
public enum Engine {
  PARTITIONED,
  SINGLE;

  /** The engine named on a command line: {@code partitioned} or {@code single}. */
  public static Engine named(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("engine must be 'partitioned' or 'single', was '" + name + "'", e);
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
