package dev.pulse.producers.simulate;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Decides which records get which mess. A kind with a rate above zero is applied at least once
 * (to its fourth candidate, if chance has not picked one by then), so that even a small year
 * carries every kind; {@link #applied()} tells how often each was.
 */
final class MessDice {

  /** The kinds of mess, as counted. */
  enum Kind {
    DUPLICATE, CORRECTION, RETRACTION, RECONFIRMATION, CANCELLATION, LATE, OLD_VERSION_ARRIVES_LAST,
    MISTAKEN_MEMBERSHIP
  }

  private static final int FORCED_CANDIDATE = 3;

  private final long[] candidates = new long[Kind.values().length];
  private final long[] applied = new long[Kind.values().length];

  /** Whether this candidate gets the mess, with probability {@code rate}. */
  boolean roll(Kind kind, double rate, SplittableRandom rng) {
    if (rate <= 0) return false;
    int k = kind.ordinal();
    long seen = candidates[k]++;
    boolean yes = rng.nextDouble() < rate || (seen == FORCED_CANDIDATE && applied[k] == 0);
    if (yes) applied[k]++;
    return yes;
  }

  /** How many times each kind was applied so far. */
  Map<Kind, Long> applied() {
    Map<Kind, Long> out = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      if (applied[kind.ordinal()] > 0) out.put(kind, applied[kind.ordinal()]);
    }
    return out;
  }
}
