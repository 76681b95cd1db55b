package org.mlengine.eval;

/**
 * Mean negative log-likelihood of the true class (natural log), computed as scikit-learn 1.2.1
 * does it: clip every probability to [eps, 1 − eps] with eps = the float64 machine epsilon
 * (2.220446049250313E-16, sklearn's {@code eps="auto"} since 1.2; it was 1e-15 before), then
 * divide each row by its sum, then average. Inputs are checked by the caller.
 */
final class LogLoss {
  /** {@code np.finfo(np.float64).eps}. */
  static final double EPS = Math.ulp(1.0);

  private LogLoss() {}

  /** Binary: {@code pPositive[i]} is the probability of class 1; the row is {1 − p, p}. */
  static double binary(int[] y01, double[] pPositive) {
    return binary(y01, pPositive, null);
  }

  /** Binary, each row's loss weighted ({@code np.average(loss, weights=w)}); w null: the mean. */
  static double binary(int[] y01, double[] pPositive, double[] w) {
    double[] loss = new double[y01.length];
    for (int i = 0; i < y01.length; i++) {
      double p1 = clip(pPositive[i]);
      double p0 = 1.0 - p1;
      double sum = p0 + p1;
      loss[i] = -Math.log((y01[i] == 1 ? p1 : p0) / sum);
    }
    return Weights.mean(loss, w);
  }

  /** Multi-class: column j of {@code proba} is the probability of class j. */
  static double multiClass(int[] y, double[][] proba, int k) {
    return multiClass(y, proba, k, null);
  }

  /** Multi-class with sample weights; w null for the plain mean. */
  static double multiClass(int[] y, double[][] proba, int k, double[] w) {
    return Weights.mean(rowLosses(y, proba, k), w);
  }

  /** Each row's loss, −ln(clipped p of the true class / the clipped row's sum); their mean is the log loss. */
  static double[] rowLosses(int[] y, double[][] proba, int k) {
    double[] loss = new double[y.length];
    double[] row = new double[k];
    for (int i = 0; i < y.length; i++) {
      for (int c = 0; c < k; c++) {
        row[c] = clip(proba[i][c]);
      }
      loss[i] = -Math.log(row[y[i]] / Sums.sum(row));
    }
    return loss;
  }

  private static double clip(double p) {
    return Math.min(Math.max(p, EPS), 1.0 - EPS);
  }
}
