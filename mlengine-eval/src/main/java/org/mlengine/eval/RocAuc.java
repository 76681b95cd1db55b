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

  /** One-vs-rest AUC of every column (sklearn multi_class='ovr', average=None). */
  static double[] ovrPerClass(int[] y, double[][] proba, int k) {
    double[] perClass = new double[k];
    double[] column = new double[y.length];
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < y.length; i++) {
        column[i] = proba[i][c];
      }
      perClass[c] = oneVsRest(y, c, column);
    }
    return perClass;
  }

  /** One-vs-rest AUCs weighted by class support (sklearn average='weighted'). */
  static double ovrWeighted(int[] y, double[][] proba, int k) {
    double[] perClass = ovrPerClass(y, proba, k);
    double[] support = new double[k];
    for (int v : y) {
      support[v]++;
    }
    return weightedMean(perClass, support);
  }

  /**
   * One AUC over every (row, class) cell of the binarized labels against the flattened
   * probabilities (sklearn average='micro').
   */
  static double ovrMicro(int[] y, double[][] proba, int k) {
    int[] flatY = new int[y.length * k];
    double[] flatScore = new double[y.length * k];
    for (int i = 0; i < y.length; i++) {
      for (int c = 0; c < k; c++) {
        flatY[i * k + c] = y[i] == c ? 1 : 0;
        flatScore[i * k + c] = proba[i][c];
      }
    }
    return oneVsRest(flatY, 1, flatScore);
  }

  /**
   * Hand and Till's one-vs-one AUC (sklearn multi_class='ovo'): for each pair of classes (a, b),
   * on the rows of a or b, the mean of AUC(a vs b on column a) and AUC(b vs a on column b);
   * then the mean over pairs, unweighted or weighted by the pair's share of rows.
   */
  static double ovo(int[] y, double[][] proba, int k, boolean weighted) {
    int pairs = k * (k - 1) / 2;
    double[] scores = new double[pairs];
    double[] prevalence = new double[pairs];
    int ix = 0;
    for (int a = 0; a < k; a++) {
      for (int b = a + 1; b < k; b++) {
        int n = 0;
        for (int v : y) {
          if (v == a || v == b) {
            n++;
          }
        }
        int[] sub = new int[n];
        double[] colA = new double[n];
        double[] colB = new double[n];
        int j = 0;
        for (int i = 0; i < y.length; i++) {
          if (y[i] == a || y[i] == b) {
            sub[j] = y[i];
            colA[j] = proba[i][a];
            colB[j] = proba[i][b];
            j++;
          }
        }
        scores[ix] = (oneVsRest(sub, a, colA) + oneVsRest(sub, b, colB)) / 2;
        prevalence[ix] = (double) n / y.length;
        ix++;
      }
    }
    return weighted ? weightedMean(scores, prevalence) : Sums.mean(scores);
  }

  /** {@code np.average(values, weights=w)}: Σ v·w / Σ w, both sums pairwise. */
  static double weightedMean(double[] values, double[] weights) {
    double[] products = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      products[i] = values[i] * weights[i];
    }
    return Sums.sum(products) / Sums.sum(weights);
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
