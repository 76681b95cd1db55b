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

  static double rootMeanSquare(double[] y, double[] yhat) {
    return Math.sqrt(meanSquare(y, yhat));
  }

  static double meanSquare(double[] y, double[] yhat) {
    double[] squares = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      double e = y[i] - yhat[i];
      squares[i] = e * e;
    }
    return Sums.mean(squares);
  }

  static double meanAbsolute(double[] y, double[] yhat) {
    return Sums.mean(absoluteErrors(y, yhat));
  }

  static double medianAbsolute(double[] y, double[] yhat) {
    return Quantiles.median(absoluteErrors(y, yhat));
  }

  private static double[] absoluteErrors(double[] y, double[] yhat) {
    double[] errors = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      errors[i] = Math.abs(yhat[i] - y[i]);
    }
    return errors;
  }

  /** sklearn's {@code r2_score} with {@code force_finite=True}. */
  static double rSquared(double[] y, double[] yhat) {
    double mean = Sums.mean(y);
    double[] residual = new double[y.length];
    double[] total = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      double e = y[i] - yhat[i];
      residual[i] = e * e;
      double d = y[i] - mean;
      total[i] = d * d;
    }
    double numerator = Sums.sum(residual);
    double denominator = Sums.sum(total);
    if (denominator == 0.0) {
      return numerator == 0.0 ? 1.0 : 0.0;
    }
    return 1 - numerator / denominator;
  }

  static double meanAbsolutePercentage(double[] y, double[] yhat) {
    double[] ratios = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      ratios[i] = Math.abs(yhat[i] - y[i]) / Math.max(Math.abs(y[i]), LogLoss.EPS);
    }
    return Sums.mean(ratios);
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
