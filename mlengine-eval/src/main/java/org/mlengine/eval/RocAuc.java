package org.mlengine.eval;

import java.util.Arrays;

/**
 * Area under the ROC curve, exactly: the share of (positive, negative) pairs that the score
 * orders correctly, a tie counting 1/2. This equals scikit-learn's trapezoidal area over the
 * distinct thresholds and the Mann–Whitney U statistic over n1·n0. Inputs are checked by the
 * caller: finite scores, both classes present.
 */
final class RocAuc {
  private RocAuc() {}

  /** AUC of {@code score} for the rows where {@code y[i] == positive} against all others. */
  static double oneVsRest(int[] y, int positive, double[] score) {
    int n1 = 0;
    for (int v : y) {
      if (v == positive) {
        n1++;
      }
    }
    double[] pos = new double[n1];
    double[] neg = new double[y.length - n1];
    int p = 0;
    int q = 0;
    for (int i = 0; i < y.length; i++) {
      if (y[i] == positive) {
        pos[p++] = score[i];
      } else {
        neg[q++] = score[i];
      }
    }
    return auc(pos, neg);
  }

  /** One-vs-rest AUC of every column, averaged without weights (sklearn average='macro'). */
  static double ovrMacro(int[] y, double[][] proba, int k) {
    double[] perClass = new double[k];
    double[] column = new double[y.length];
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < y.length; i++) {
        column[i] = proba[i][c];
      }
      perClass[c] = oneVsRest(y, c, column);
    }
    return Sums.mean(perClass);
  }

  /**
   * Counts, in halves, the pairs a positive wins (2) or ties (1): sort both sides, then for
   * each negative score in ascending order advance two cursors over the positives (those
   * below it, and those at or below it). Integer counts, so the only rounding is the division.
   */
  private static double auc(double[] pos, double[] neg) {
    Arrays.sort(pos);
    Arrays.sort(neg);
    long halves = 0;
    int below = 0;
    int atOrBelow = 0;
    for (double s : neg) {
      while (below < pos.length && pos[below] < s) {
        below++;
      }
      while (atOrBelow < pos.length && pos[atOrBelow] <= s) {
        atOrBelow++;
      }
      halves += 2L * (pos.length - atOrBelow) + (atOrBelow - below);
    }
    return halves / (2.0 * pos.length * neg.length);
  }
}
