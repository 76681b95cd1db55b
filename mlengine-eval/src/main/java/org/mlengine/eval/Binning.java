package org.mlengine.eval;

/**
 * How a reliability curve bins predicted probabilities, as scikit-learn's
 * {@code calibration_curve(strategy=...)}.
 *
 * <pre>{@code
 * Calibration.reliabilityCurve(y, p, 10, Binning.QUANTILE);
 * }</pre>
 */
public enum Binning {
  /** Equal-width bins over [0, 1] ({@code "uniform"}). */
  UNIFORM,
  /** Bins with (about) the same number of predictions, edges at percentiles ({@code "quantile"}). */
  QUANTILE
}
