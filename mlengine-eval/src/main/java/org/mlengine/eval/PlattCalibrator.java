package org.mlengine.eval;

/**
 * A fitted Platt sigmoid: P(y = 1 | f) = 1 / (1 + exp(a·f + b)) for a decision value f, as
 * scikit-learn's {@code _SigmoidCalibration} ({@code a_}, {@code b_}). An immutable value; fit
 * one with {@link Calibration#platt(double[], int[])}.
 *
 * <pre>{@code
 * PlattCalibrator platt = Calibration.platt(decisionValues, labels);
 * double p = platt.apply(0.7);
 * var same = new PlattCalibrator(platt.a(), platt.b());   // restore from saved numbers
 * }</pre>
 *
 * @param a the slope (negative when higher decision values mean class 1)
 * @param b the intercept
 */
public record PlattCalibrator(double a, double b) {
  /**
   * Checks the parameters.
   *
   * @throws IllegalArgumentException if a or b is NaN or infinite
   */
  public PlattCalibrator {
    Check.argument(
        Double.isFinite(a) && Double.isFinite(b),
        "PlattCalibrator: a = %s, b = %s; expected finite numbers — refit with "
            + "Calibration.platt(...)",
        a, b);
  }

  /**
   * The calibrated probability of class 1.
   *
   * @param decision the model's decision value (or uncalibrated score)
   * @return 1 / (1 + exp(a·decision + b)), in [0, 1]; NaN for a NaN decision
   */
  public double apply(double decision) {
    double z = a * decision + b;
    if (z >= 0) {
      double e = Math.exp(-z);
      return e / (1.0 + e);
    }
    return 1.0 / (1.0 + Math.exp(z));
  }
}
