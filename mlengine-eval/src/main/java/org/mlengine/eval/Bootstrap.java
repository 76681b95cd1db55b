package org.mlengine.eval;

/**
 * How {@link Bounds} bootstraps a metric: the number of resamples, the confidence level and the
 * seed of the {@link java.util.SplittableRandom} that draws them. The same plan on the same
 * outcomes always gives the same interval.
 *
 * <pre>{@code
 * Interval ci = Bounds.bootstrapBca(Metrics.rocAuc(), outcomes, Bootstrap.seeded(42));
 * Bootstrap quick = Bootstrap.seeded(7).withResamples(1000).withConfidence(0.9);
 * }</pre>
 *
 * @param resamples the number of resamples, at least 1 (SciPy's default is 9999)
 * @param confidence the coverage, in (0, 1)
 * @param seed the seed of the resampling
 */
public record Bootstrap(int resamples, double confidence, long seed) {
  /**
   * Checks the plan.
   *
   * @throws IllegalArgumentException if resamples is below 1 or confidence not in (0, 1)
   */
  public Bootstrap {
    Check.argument(
        resamples >= 1,
        "Bootstrap: resamples is %d; expected at least 1 — 1000 to 10000 is usual",
        resamples);
    Check.argument(
        confidence > 0.0 && confidence < 1.0,
        "Bootstrap: confidence is %s; expected a value in (0, 1), e.g. 0.95",
        confidence);
  }

  /**
   * SciPy's defaults (9999 resamples, 95%) with the given seed.
   *
   * @param seed the seed
   * @return the plan
   */
  public static Bootstrap seeded(long seed) {
    return new Bootstrap(9999, 0.95, seed);
  }

  /**
   * A copy with another number of resamples.
   *
   * @param count at least 1
   * @return the changed copy
   */
  public Bootstrap withResamples(int count) {
    return new Bootstrap(count, confidence, seed);
  }

  /**
   * A copy with another confidence level.
   *
   * @param level in (0, 1)
   * @return the changed copy
   */
  public Bootstrap withConfidence(double level) {
    return new Bootstrap(resamples, level, seed);
  }
}
