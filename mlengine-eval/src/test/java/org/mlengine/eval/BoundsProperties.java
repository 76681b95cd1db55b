package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.internal.SpecialFunctions;

/** Invariants of the intervals over generated inputs. */
class BoundsProperties {

  @Property
  void wilson_anyCounts_containsTheEstimateInsideUnitInterval(
      @ForAll @LongRange(min = 1, max = 1_000_000) long trials,
      @ForAll @DoubleRange(min = 0, max = 1) double share,
      @ForAll @DoubleRange(min = 0.5, max = 0.99) double confidence) {
    long successes = Math.round(share * trials);
    Interval ci = Bounds.wilson(successes, trials, confidence);
    double estimate = (double) successes / trials;
    assertTrue(ci.contains(estimate) || Math.abs(estimate - ci.lower()) < 1e-12
        || Math.abs(estimate - ci.upper()) < 1e-12, ci + " misses " + estimate);
    assertTrue(ci.lower() >= 0 && ci.upper() <= 1, ci.toString());
  }

  @Property(tries = 300)
  void clopperPearson_anyCounts_containsTheEstimateAndCoversItsEnds(
      @ForAll @LongRange(min = 1, max = 5000) long trials,
      @ForAll @DoubleRange(min = 0, max = 1) double share) {
    long successes = Math.round(share * trials);
    Interval ci = Bounds.clopperPearson(successes, trials, 0.95);
    double estimate = (double) successes / trials;
    assertTrue(ci.contains(estimate), ci + " misses " + estimate);
    if (successes > 0) {
      // P(X >= k | p = lower) = 2.5%
      assertEquals(0.025, SpecialFunctions.betaCdf(ci.lower(), successes, trials - successes + 1), 1e-9);
    }
  }

  @Property
  void tInterval_anySample_isCenteredOnTheMean(
      @ForAll @Size(min = 2, max = 30) List<@DoubleRange(min = -1e3, max = 1e3) Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Interval ci = Bounds.tInterval(v, 0.9);
    assertEquals(Sums.mean(v), (ci.lower() + ci.upper()) / 2, 1e-9 * (1 + Math.abs(Sums.mean(v))));
  }

  @Property(tries = 30)
  void bootstrapPercentile_sameSeed_isDeterministic(
      @ForAll @Size(min = 2, max = 25) List<@DoubleRange(min = -10, max = 10) Double> errors,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 60) int resamples) {
    double[] y = errors.stream().mapToDouble(Double::doubleValue).toArray();
    Outcomes o = Outcomes.regression(y, new double[y.length]);
    Bootstrap plan = Bootstrap.seeded(seed).withResamples(resamples);
    Interval first = Bounds.bootstrapPercentile(Metrics.mae(), o, plan);
    assertEquals(first, Bounds.bootstrapPercentile(Metrics.mae(), o, plan));
    double lo = java.util.Arrays.stream(y).map(Math::abs).min().orElseThrow();
    double hi = java.util.Arrays.stream(y).map(Math::abs).max().orElseThrow();
    assertTrue(first.lower() >= lo - 1e-12 && first.upper() <= hi + 1e-12, first.toString());
  }
}
