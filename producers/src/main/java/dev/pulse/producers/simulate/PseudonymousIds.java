package dev.pulse.producers.simulate;

/**
 * Pseudonymous identifiers: {@code prefix-} and twelve consonants, e.g. {@code mem-kxbtrzqhwpdc}.
 *
 * <p>The n-th id of a prefix is a keyed permutation of n over 48 bits, so ids are unique per
 * prefix, reproducible from the seed, and carry nothing of the index. The alphabet has no digits
 * (an id never looks like a phone number or a national id) and no vowels (nor like a name).
 */
final class PseudonymousIds {

  private static final char[] ALPHABET = "bcdfghjklmnpqrstvwxz".toCharArray();
  private static final int LENGTH = 12; // 20^12 > 2^48
  private static final long MASK = (1L << 48) - 1;

  private final long seed;

  PseudonymousIds(long seed) {
    this.seed = seed;
  }

  /** The id of the {@code index}-th entity of a kind; distinct indexes give distinct ids. */
  String of(String prefix, long index) {
    if (index < 0 || index > MASK) {
      throw new IllegalArgumentException("id index " + index + " for '" + prefix + "' outside 0..2^48-1");
    }
    long x = permute48(index, keyFor(prefix));
    char[] out = new char[LENGTH];
    for (int i = LENGTH - 1; i >= 0; i--) {
      out[i] = ALPHABET[(int) (x % ALPHABET.length)];
      x /= ALPHABET.length;
    }
    return prefix + "-" + new String(out);
  }

  private long keyFor(String prefix) {
    return mix64(seed ^ mix64(prefix.hashCode() * 0x9E3779B97F4A7C15L));
  }

  /** Each step is a bijection on 48 bits: add a key, xor-shift right, multiply by an odd number. */
  private static long permute48(long x, long key) {
    x = (x + key) & MASK;
    x ^= x >>> 23;
    x = (x * 0x5DEECE66DL) & MASK;
    x ^= x >>> 19;
    x = (x + (key >>> 16)) & MASK;
    x = (x * 0xB5AD4ECEDA1CE2A9L) & MASK;
    x ^= x >>> 24;
    return x;
  }

  /** The SplitMix64 finaliser: spreads a seed over 64 bits. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
