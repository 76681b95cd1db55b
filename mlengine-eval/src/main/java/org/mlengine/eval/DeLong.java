package org.mlengine.eval;

import java.util.Arrays;

/**
 * DeLong's variance of the ROC AUC and his paired test of two AUCs on the same rows (DeLong,
 * DeLong and Clarke-Pearson 1988), in the fast O(n log n) form of Sun and Xu (2014). Their
 * structural components come from midranks: for a positive row i, V10(i) = (Tz(i) − Tx(i)) / n0,
 * which is the share of negatives scored below it (a tie counting 1/2); for a negative row j,
 * V01(j) = 1 − (Tz(j) − Ty(j)) / n1, the share of positives scored above it. Here both shares
 * are counted by binary search in the sorted scores of the other class, which gives the same
 * numbers without ranking the rows. Then AUC = mean V10, and
 * Var(AUC) = S10 / n1 + S01 / n0 with S the sample (co)variances (ddof 1) of the components.
 * Inputs are checked by the caller: finite scores, at least two rows of each class.
 */
final class DeLong {
  private DeLong() {}

  /**
   * The structural components of one score, in row order.
   *
   * @param auc the AUC, exactly as {@link RocAuc} counts it
   * @param v10 V10 of each positive row
   * @param v01 V01 of each negative row
   */
  record Components(double auc, double[] v10, double[] v01) {}

  /** The components of {@code score} for the rows with {@code positive[i]} against the others. */
  static Components components(boolean[] positive, double[] score) {
    int n1 = 0;
    for (boolean p : positive) {
      n1 += p ? 1 : 0;
    }
    int n0 = positive.length - n1;
    double[] pos = new double[n1];
    double[] neg = new double[n0];
    for (int i = 0, p = 0, q = 0; i < score.length; i++) {
      if (positive[i]) {
        pos[p++] = score[i];
      } else {
        neg[q++] = score[i];
      }
    }
    Arrays.sort(pos);
    Arrays.sort(neg);
    double[] v10 = new double[n1];
    double[] v01 = new double[n0];
    long halves = 0;
    // Each row's counts in the other class's sorted scores; a run of rows with the score of the row
    // before (a baseline's constant score, a tree's leaf value) reuses that row's counts.
    Counts inNeg = new Counts(neg);
    Counts inPos = new Counts(pos);
    for (int i = 0, p = 0, q = 0; i < score.length; i++) {
      double s = score[i];
      if (positive[i]) {
        inNeg.find(s);
        long h = 2L * inNeg.below + (inNeg.atOrBelow - inNeg.below);
        halves += h;
        v10[p++] = h / (2.0 * n0);
      } else {
        inPos.find(s);
        v01[q++] = (2.0 * (n1 - inPos.atOrBelow) + (inPos.atOrBelow - inPos.below)) / (2.0 * n1);
      }
    }
    return new Components(halves / (2.0 * n1 * n0), v10, v01);
  }

  /** How many of one class's sorted scores are below, and at or below, the score last asked for. */
  private static final class Counts {
    private final double[] sorted;
    private double last = Double.NaN;
    int below;
    int atOrBelow;

    Counts(double[] sorted) {
      this.sorted = sorted;
    }

    /**
     * Counts for {@code s}: one binary search, and a second only when {@code s} is tied with a
     * score of the class; nothing when {@code s} is the score asked for last (finite scores only,
     * as the caller checked, so NaN never matches).
     */
    void find(double s) {
      if (s == last) {   // -0.0 and 0.0 count the same: < and <= do not tell them apart
        return;
      }
      last = s;
      below = below(sorted, s);
      atOrBelow = below < sorted.length && sorted[below] <= s ? atOrBelow(sorted, s) : below;
    }
  }

  /** DeLong's variance of the AUC: S10 / n1 + S01 / n0. */
  static double variance(Components c) {
    return Sums.variance(c.v10(), 1) / c.v10().length + Sums.variance(c.v01(), 1) / c.v01().length;
  }

  /** Var(AUC_a − AUC_b) for two scores of the same rows: Var a + Var b − 2 Cov(a, b). */
  static double differenceVariance(Components a, Components b) {
    double cov = covariance(a.v10(), b.v10()) / a.v10().length + covariance(a.v01(), b.v01()) / a.v01().length;
    return variance(a) + variance(b) - 2 * cov;
  }

  /** The sample covariance (ddof 1) of two arrays of the same length, as {@code np.cov}. */
  static double covariance(double[] x, double[] y) {
    double mx = Sums.mean(x);
    double my = Sums.mean(y);
    double[] products = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      products[i] = (x[i] - mx) * (y[i] - my);
    }
    return Sums.sum(products) / (x.length - 1);
  }

  /** How many of the sorted values are below s. */
  private static int below(double[] sorted, double s) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < s) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** How many of the sorted values are at or below s. */
  private static int atOrBelow(double[] sorted, double s) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= s) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
