package org.mlengine.eval;

/**
 * The regression errors behind {@link Metrics} and {@link MetricFunctions}, as scikit-learn 1.2
 * computes them, with the checks they share. Package-private engine.
 */
final class RegressionErrors {
  static final String RMSE = "rmse";
  static final String MAE = "mae";
  static final String MSE = "mse";
  static final String MDAE = "median_absolute_error";
  static final String R2 = "r2";
  static final String MAPE = "mape";
  static final String ACPER = "acper";
  static final String EXPLAINED_VARIANCE = "explained_variance";
  static final String MAX_ERROR = "max_error";
  static final String MSLE = "msle";

  private RegressionErrors() {}

  /** Both arrays present, of one length, not empty, every value finite. */
  static void check(String metric, double[] y, String yName, double[] yhat, String yhatName) {
    Check.notNull(y, metric, yName, "a double[] with the true value of every row");
    Check.notNull(yhat, metric, yhatName, "a double[] with the predicted value of every row");
    Check.sameLength(metric, yName, y.length, yhatName, yhat.length);
    Check.notEmpty(metric, y.length);
    Check.finite(metric, yName, y, "true value", "drop the rows without a target");
    Check.finite(metric, yhatName, yhat, "prediction", Scoring.FIX_SCORE);
  }

  /** ACPER's relative tolerance: finite and at least 0. */
  static void checkTolerance(double p) {
    Check.argument(
        Double.isFinite(p) && p >= 0.0,
        "%s: p is %s; expected a finite relative tolerance >= 0 — e.g. 0.05 for within 5%% of |y|",
        ACPER, p);
  }

  /** MSLE's values: none below 0, as sklearn refuses them (log1p of −1 or less is undefined). */
  static void checkNonNegative(String metric, double[] values, String name) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] >= 0.0) {
        continue;
      }
      throw Check.failure(
          "%s: %s[%d] is %s; expected values >= 0 — the squared log error ln(1 + y) is for "
              + "non-negative targets such as counts or prices; use mse for targets that can be "
              + "negative",
          metric, name, i, values[i]);
    }
  }

  static double rootMeanSquare(double[] y, double[] yhat) {
    return Math.sqrt(meanSquare(y, yhat, null));
  }

  static double meanSquare(double[] y, double[] yhat) {
    return meanSquare(y, yhat, null);
  }

  /** {@code mean_squared_error(y, yhat, sample_weight=w)}; w null for unit weights. */
  static double meanSquare(double[] y, double[] yhat, double[] w) {
    double[] squares = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      double e = y[i] - yhat[i];
      squares[i] = e * e;
    }
    return Weights.mean(squares, w);
  }

  static double meanAbsolute(double[] y, double[] yhat) {
    return Sums.mean(absoluteErrors(y, yhat));
  }

  /** {@code mean_absolute_error(sample_weight=w)}. */
  static double meanAbsolute(double[] y, double[] yhat, double[] w) {
    return Weights.mean(absoluteErrors(y, yhat), w);
  }

  static double medianAbsolute(double[] y, double[] yhat) {
    return Quantiles.median(absoluteErrors(y, yhat));
  }

  /** {@code median_absolute_error(sample_weight=w)}: the lower weighted median, w not null. */
  static double medianAbsolute(double[] y, double[] yhat, double[] w) {
    return Weights.lowerMedian(absoluteErrors(y, yhat), w);
  }

  /** {@code mean_squared_log_error}: the MSE of ln(1 + y) against ln(1 + yhat). */
  static double meanSquaredLog(double[] y, double[] yhat, double[] w) {
    double[] ly = new double[y.length];
    double[] lyhat = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      ly[i] = Math.log1p(y[i]);
      lyhat[i] = Math.log1p(yhat[i]);
    }
    return meanSquare(ly, lyhat, w);
  }

  /** {@code max_error}: the largest |y − yhat|. */
  static double maxError(double[] y, double[] yhat) {
    double max = 0.0;
    for (int i = 0; i < y.length; i++) {
      max = Math.max(max, Math.abs(y[i] - yhat[i]));
    }
    return max;
  }

  /**
   * {@code explained_variance_score(force_finite=True)}: 1 − Var(y − yhat)/Var(y), the
   * variances weighted means of squared deviations; 1.0 or 0.0 when Var(y) is 0.
   */
  static double explainedVariance(double[] y, double[] yhat, double[] w) {
    double[] diff = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      diff[i] = y[i] - yhat[i];
    }
    double diffMean = Weights.mean(diff, w);
    double yMean = Weights.mean(y, w);
    double[] num = new double[y.length];
    double[] den = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      double e = y[i] - yhat[i] - diffMean;
      num[i] = e * e;
      double d = y[i] - yMean;
      den[i] = d * d;
    }
    return forceFinite(Weights.mean(num, w), Weights.mean(den, w));
  }

  /** sklearn's {@code _assemble_r2_explained_variance} for one output, force_finite. */
  private static double forceFinite(double numerator, double denominator) {
    if (denominator == 0.0) {
      return numerator == 0.0 ? 1.0 : 0.0;
    }
    return 1 - numerator / denominator;
  }

  private static double[] absoluteErrors(double[] y, double[] yhat) {
    double[] errors = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      errors[i] = Math.abs(yhat[i] - y[i]);
    }
    return errors;
  }

  static double rSquared(double[] y, double[] yhat) {
    return rSquared(y, yhat, null);
  }

  /** sklearn's {@code r2_score(sample_weight=w)} with {@code force_finite=True}. */
  static double rSquared(double[] y, double[] yhat, double[] w) {
    double mean = Weights.mean(y, w);
    double[] residual = new double[y.length];
    double[] total = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      double wi = w == null ? 1.0 : w[i];
      double e = y[i] - yhat[i];
      residual[i] = wi * (e * e);
      double d = y[i] - mean;
      total[i] = wi * (d * d);
    }
    return forceFinite(Sums.sum(residual), Sums.sum(total));
  }

  static double meanAbsolutePercentage(double[] y, double[] yhat) {
    return meanAbsolutePercentage(y, yhat, null);
  }

  /** {@code mean_absolute_percentage_error(sample_weight=w)}. */
  static double meanAbsolutePercentage(double[] y, double[] yhat, double[] w) {
    double[] ratios = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      ratios[i] = Math.abs(yhat[i] - y[i]) / Math.max(Math.abs(y[i]), LogLoss.EPS);
    }
    return Weights.mean(ratios, w);
  }

  /** Share of rows with |yhat − y| ≤ p·|y|. */
  static double almostCorrect(double[] y, double[] yhat, double p) {
    double[] within = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      within[i] = Math.abs(yhat[i] - y[i]) <= p * Math.abs(y[i]) ? 1.0 : 0.0;
    }
    return Sums.mean(within);
  }
}
