package org.mlengine.eval;

/**
 * How {@link Drift#percentile(double[], double, QuantileMethod)} picks a percentile between
 * observations, as NumPy's {@code np.percentile(method=...)}.
 *
 * <pre>{@code
 * Drift.percentile(latenciesMs, 95, QuantileMethod.LINEAR);         // NumPy's default
 * Drift.percentile(latenciesMs, 95, QuantileMethod.INVERTED_CDF);   // nearest rank
 * }</pre>
 */
public enum QuantileMethod {
  /** Linear interpolation at index (n − 1)·q (Hyndman and Fan's R-7; NumPy's default). */
  LINEAR,
  /** The observation at index ⌈(n − 1)·q⌉. */
  HIGHER,
  /** The smallest observation whose empirical CDF reaches q: the nearest-rank percentile. */
  INVERTED_CDF
}
