package org.mlengine.serving;

/**
 * Values in [0, 1) from a string's hash (String.hashCode is specified, so they are fixed for a
 * string), spread by a 64-bit mix: one for routing a request ({@link #routing}: the canary takes
 * the keys below its share, the shadow the request ids below its own) and one, independent of it,
 * for sampling a prediction log ({@link #logging}). The log needs its own: sampling on the routing
 * value would keep the lowest buckets past its rate, which are the canary's, so that a log at one
 * request in 16 beside a 10% canary would hold only canary records.
 *
 * <pre>{@code
 * boolean toCanary = Buckets.routing(key) < 0.1;
 * boolean logged = Buckets.logging(requestId) < 1.0 / 16;   // champion and shadow record alike
 * }</pre>
 */
final class Buckets {
  private Buckets() {}

  /** Where a deployment routes the request or key: the same value for the same string. */
  static double routing(String key) {
    return spread(key.hashCode() * 0x9E3779B97F4A7C15L);
  }

  /** Whether a log samples the request: a differently seeded mix of the id's hash, so independent of {@link #routing}. */
  static double logging(String requestId) {
    return spread(requestId.hashCode() * 0xD1B54A32D192ED03L + 0x632BE59BD9B4E019L);
  }

  private static double spread(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    z ^= z >>> 33;
    return (z >>> 11) * 0x1.0p-53;
  }
}
