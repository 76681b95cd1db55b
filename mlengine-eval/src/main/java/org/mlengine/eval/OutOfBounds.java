package org.mlengine.eval;

/**
 * What an {@link IsotonicCalibrator} returns for a score outside the range it was fitted on, as
 * scikit-learn's {@code IsotonicRegression(out_of_bounds=...)}.
 *
 * <pre>{@code
 * IsotonicCalibrator c = Calibration.isotonic(x, y).withOutOfBounds(OutOfBounds.NAN);
 * }</pre>
 */
public enum OutOfBounds {
  /** The value at the nearer end ({@code "clip"}); what CalibratedClassifierCV uses. */
  CLIP,
  /** NaN ({@code "nan"}, sklearn's default for a standalone IsotonicRegression). */
  NAN,
  /** An {@link IllegalArgumentException} ({@code "raise"}). */
  RAISE
}
