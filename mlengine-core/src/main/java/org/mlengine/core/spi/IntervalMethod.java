package org.mlengine.core.spi;

import org.apiguardian.api.API;

/**
 * How the pipeline puts a confidence interval around each held-out metric, in place of the
 * metrics' own analytic intervals ({@link Metric#analyticInterval(Outcomes, double)}, the
 * default). {@code bootstrap(n)} gives a seeded percentile bootstrap over the held-out rows;
 * mlengine-eval's {@code Bounds} offers BCa and, for proportions, Wilson and Clopper-Pearson.
 *
 * <pre>{@code
 * Pipeline.builder()...intervals(Bounds.bca(2000)).build();
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface IntervalMethod {

  /** A short description for reports, e.g. {@code "bootstrap percentile (1000)"}. */
  String name();

  /**
   * The two ends of the interval of {@code metric} on {@code outcomes} at confidence
   * {@code level} (e.g. 0.95), using {@code seed} for any randomness.
   */
  double[] interval(Metric metric, Outcomes outcomes, double level, long seed);
}
