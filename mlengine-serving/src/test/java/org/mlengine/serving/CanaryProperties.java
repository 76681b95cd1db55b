package org.mlengine.serving;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

/** The canary's split: a fixed place in [0, 1) per key, so a key's side depends only on the share. */
class CanaryProperties {

  @Property(tries = 1000)
  void bucket_isInTheUnitIntervalAndTheSameEveryTime(@ForAll String key) {
    double b = Buckets.routing(key);
    if (!(b >= 0 && b < 1) || b != Buckets.routing(new String(key.toCharArray()))) {
      throw new AssertionError("bucket(" + key + ") = " + b);
    }
  }

  @Property(tries = 1000)
  void growingTheShare_keepsEveryCanaryKeyOnTheCanary(@ForAll String key,
      @ForAll @DoubleRange(min = 0.01, max = 0.99) double share, @ForAll @DoubleRange(min = 0, max = 0.5) double more) {
    boolean before = Buckets.routing(key) < share;
    boolean after = Buckets.routing(key) < Math.min(0.99, share + more);
    if (before && !after) {
      throw new AssertionError(key + " left the canary when its share grew from " + share);
    }
  }

  @Property(tries = 20)
  void sequentialRequestIds_splitNearTheShare(@ForAll @DoubleRange(min = 0.05, max = 0.95) double share,
      @ForAll("prefixes") String prefix) {
    int n = 20_000;
    int canary = 0;
    for (int i = 1; i <= n; i++) {
      canary += Buckets.routing(prefix + i) < share ? 1 : 0;
    }
    // 5 standard deviations of a binomial share at n = 20,000 is at most 0.018.
    if (Math.abs(canary / (double) n - share) > 0.018) {
      throw new AssertionError(canary + " of " + n + " ids with prefix " + prefix + " on a canary of share " + share);
    }
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> prefixes() {
    return net.jqwik.api.Arbitraries.integers().map(i -> String.format("%08x-", i));
  }
}
