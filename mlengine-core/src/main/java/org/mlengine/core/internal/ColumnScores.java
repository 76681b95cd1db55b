package org.mlengine.core.internal;

import org.mlengine.runtime.internal.ValueCounts;
import java.util.Arrays;

/**
 * The statistics {@link LeakageAudit}'s single-column check scores a column by: the ROC AUC of
 * its scores against a two-class target, and Pearson's correlation against a numeric one.
 *
 * <pre>{@code
 * double auc = ColumnScores.auc(new double[] {.1, .4, .35, .8}, new double[] {0, 0, 1, 1});
 * }</pre>
 */
final class ColumnScores {
  private ColumnScores() {}

  /**
   * The ROC AUC of scores against 0/1 labels (the Mann–Whitney statistic, ties at half), or NaN
   * with fewer than {@link LeakageAudit#MIN_SCORED} rows or without both labels.
   */
  static double auc(double[] scores, double[] labels) {
    int n = scores.length;
    if (n < LeakageAudit.MIN_SCORED) {
      return Double.NaN;
    }
    int positives = 0;
    for (double l : labels) {
      positives += l == 1 ? 1 : 0;
    }
    int negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    double[] pos = new double[positives];
    double[] neg = new double[negatives];
    int p = 0;
    int q = 0;
    for (int i = 0; i < n; i++) {
      if (labels[i] == 1) {
        pos[p++] = scores[i];
      } else {
        neg[q++] = scores[i];
      }
    }
    return twiceU(pos, neg) / 2.0 / ((double) positives * negatives);
  }

  /**
   * Twice the Mann-Whitney U: per positive, 2 × (negatives below it) + (negatives tied with it).
   * An integer, so counting it over the distinct scores (when there are few, as for categories
   * scored by their means or whole-number columns) gives the same number as over the sorted scores.
   */
  private static long twiceU(double[] pos, double[] neg) {
    ValueCounts p = ValueCounts.of(pos, pos.length / 2);
    ValueCounts q = p == null ? null : ValueCounts.of(neg, neg.length / 2);
    long twiceU = 0;
    if (q != null) {
      long below = 0;
      int j = 0;
      for (int i = 0; i < p.size(); i++) {
        double s = p.value(i);
        while (j < q.size() && q.value(j) < s) {
          below += q.count(j++);
        }
        long tied = 0;
        for (int k = j; k < q.size() && q.value(k) == s; k++) {
          tied += q.count(k);   // -0.0 ties 0.0, as <= has it
        }
        twiceU += p.count(i) * (2 * below + tied);
      }
      return twiceU;
    }
    Arrays.sort(pos);
    Arrays.sort(neg);
    int negatives = neg.length;
    int below = 0;
    int atOrBelow = 0;
    for (double s : pos) {
      while (below < negatives && neg[below] < s) {
        below++;
      }
      while (atOrBelow < negatives && neg[atOrBelow] <= s) {
        atOrBelow++;
      }
      twiceU += below + atOrBelow;
    }
    return twiceU;
  }

  /** Pearson's correlation, or NaN when either side is constant. */
  static double pearson(double[] x, double[] y) {
    int n = x.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
  }
}
