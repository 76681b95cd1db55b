package org.mlengine.eval;

import java.util.Arrays;

/**
 * Binary classifier curves exactly as scikit-learn 1.2's {@code _binary_clf_curve},
 * {@code roc_curve}, {@code precision_recall_curve}, {@code average_precision_score} and
 * {@code auc} (NumPy's {@code trapz}). Inputs are checked by the caller: labels 0/1, finite
 * scores, finite non-negative weights.
 */
final class Curves {
  private Curves() {}

  /** Counts at each distinct threshold, descending: false and true positives, thresholds. */
  record Counts(double[] fps, double[] tps, double[] thresholds) {}

  /**
   * sklearn's {@code _binary_clf_curve}: drops zero-weight rows, sorts the scores descending
   * (NumPy's stable ascending mergesort, reversed), and accumulates positives and negatives at
   * each distinct score.
   *
   * @param weights null for unit weights
   */
  static Counts binaryCounts(int[] y, double[] score, double[] weights) {
    int n = 0;
    for (int i = 0; i < y.length; i++) {
      if (weights == null || weights[i] != 0.0) {
        n++;
      }
    }
    Integer[] order = new Integer[n];
    int m = 0;
    for (int i = 0; i < y.length; i++) {
      if (weights == null || weights[i] != 0.0) {
        order[m++] = i;
      }
    }
    // Stable ascending sort, then reversed: descending, ties (-0.0 and 0.0 too) in reverse row
    // order, as NumPy's mergesort.
    Arrays.sort(order, (a, b) -> Ties.compare(score[a], score[b]));
    double[] s = new double[n];
    double[] pos = new double[n];
    double[] neg = new double[n];
    for (int i = 0; i < n; i++) {
      int row = order[n - 1 - i];
      s[i] = score[row];
      double w = weights == null ? 1.0 : weights[row];
      pos[i] = y[row] == 1 ? w : 0.0;
      neg[i] = y[row] == 1 ? 0.0 : w;
    }
    int distinct = 0;
    for (int i = 0; i + 1 < n; i++) {
      if (s[i + 1] - s[i] != 0.0) {
        distinct++;
      }
    }
    int[] thresholdIdx = new int[distinct + 1];
    int t = 0;
    for (int i = 0; i + 1 < n; i++) {
      if (s[i + 1] - s[i] != 0.0) {
        thresholdIdx[t++] = i;
      }
    }
    thresholdIdx[t] = n - 1;
    double[] cumPos = cumsum(pos);
    double[] cumNeg = weights == null ? null : cumsum(neg);
    double[] tps = new double[thresholdIdx.length];
    double[] fps = new double[thresholdIdx.length];
    double[] thresholds = new double[thresholdIdx.length];
    for (int i = 0; i < thresholdIdx.length; i++) {
      int idx = thresholdIdx[i];
      tps[i] = cumPos[idx];
      fps[i] = weights == null ? 1 + idx - tps[i] : cumNeg[idx];
      thresholds[i] = s[idx];
    }
    return new Counts(fps, tps, thresholds);
  }

  /** NumPy's {@code cumsum}: sequential. */
  static double[] cumsum(double[] values) {
    double[] out = new double[values.length];
    double acc = 0.0;
    for (int i = 0; i < values.length; i++) {
      acc += values[i];
      out[i] = acc;
    }
    return out;
  }

  /** sklearn 1.2's {@code roc_curve}; both classes are present (checked by the caller). */
  static RocCurve roc(int[] y, double[] score, double[] weights, boolean dropIntermediate) {
    Counts c = binaryCounts(y, score, weights);
    double[] fps = c.fps();
    double[] tps = c.tps();
    double[] thr = c.thresholds();
    if (dropIntermediate && fps.length > 2) {
      boolean[] keep = new boolean[fps.length];
      keep[0] = true;
      keep[fps.length - 1] = true;
      int kept = 2;
      for (int i = 1; i + 1 < fps.length; i++) {
        double d2f = (fps[i + 1] - fps[i]) - (fps[i] - fps[i - 1]);
        double d2t = (tps[i + 1] - tps[i]) - (tps[i] - tps[i - 1]);
        keep[i] = d2f != 0.0 || d2t != 0.0;
        if (keep[i]) {
          kept++;
        }
      }
      double[] f = new double[kept];
      double[] t = new double[kept];
      double[] h = new double[kept];
      int j = 0;
      for (int i = 0; i < fps.length; i++) {
        if (keep[i]) {
          f[j] = fps[i];
          t[j] = tps[i];
          h[j] = thr[i];
          j++;
        }
      }
      fps = f;
      tps = t;
      thr = h;
    }
    int n = fps.length + 1;
    double[] fpr = new double[n];
    double[] tpr = new double[n];
    double[] thresholds = new double[n];
    double lastF = fps[fps.length - 1];
    double lastT = tps[tps.length - 1];
    thresholds[0] = thr[0] + 1;
    for (int i = 1; i < n; i++) {
      fpr[i] = fps[i - 1] / lastF;
      tpr[i] = tps[i - 1] / lastT;
      thresholds[i] = thr[i - 1];
    }
    return new RocCurve(Lists.of(fpr), Lists.of(tpr), Lists.of(thresholds));
  }

  /** {@code np.trapz(y, x)} with sklearn's {@code auc} direction check (x monotone). */
  static double trapezoid(double[] x, double[] y) {
    boolean anyDown = false;
    boolean allDown = true;
    for (int i = 0; i + 1 < x.length; i++) {
      double dx = x[i + 1] - x[i];
      anyDown |= dx < 0;
      allDown &= dx <= 0;
    }
    double direction = anyDown ? -1.0 : 1.0;
    if (anyDown && !allDown) {
      throw new IllegalArgumentException(
          "auc: x is neither increasing nor decreasing; expected a monotone curve");
    }
    double[] terms = new double[Math.max(0, x.length - 1)];
    for (int i = 0; i + 1 < x.length; i++) {
      terms[i] = (x[i + 1] - x[i]) * (y[i + 1] + y[i]) / 2.0;
    }
    return direction * Sums.sum(terms);
  }

  /** sklearn's {@code _binary_roc_auc_score} with sample weights (max_fpr None). */
  static double weightedAuc(int[] y, double[] score, double[] weights) {
    RocCurve roc = roc(y, score, weights, true);
    return roc.auc();
  }

  /**
   * sklearn's {@code _binary_roc_auc_score(max_fpr=m)}: the area up to FPR m (a point added at
   * m by linear interpolation), standardized by McClish: ½·(1 + (A − m²/2)/(m − m²/2)).
   */
  static double partialAuc(int[] y, double[] score, double maxFpr) {
    RocCurve roc = roc(y, score, null, true);
    double[] fpr = Lists.toArray(roc.fpr());
    double[] tpr = Lists.toArray(roc.tpr());
    if (maxFpr == 1.0) {
      return Curves.trapezoid(fpr, tpr);
    }
    // np.searchsorted(fpr, max_fpr, "right")
    int stop = 0;
    while (stop < fpr.length && fpr[stop] <= maxFpr) {
      stop++;
    }
    double x0 = fpr[stop - 1];
    double x1 = fpr[stop];
    double y0 = tpr[stop - 1];
    double y1 = tpr[stop];
    double slope = (y1 - y0) / (x1 - x0);
    double yAt = slope * (maxFpr - x0) + y0;
    double[] x = Arrays.copyOf(fpr, stop + 1);
    double[] t = Arrays.copyOf(tpr, stop + 1);
    x[stop] = maxFpr;
    t[stop] = yAt;
    double partial = trapezoid(x, t);
    double minArea = 0.5 * maxFpr * maxFpr;
    double maxArea = maxFpr;
    return 0.5 * (1 + (partial - minArea) / (maxArea - minArea));
  }

  /** sklearn 1.2's {@code precision_recall_curve}; at least one positive (checked by caller). */
  static PrecisionRecallCurve precisionRecall(int[] y, double[] score) {
    return precisionRecall(y, score, null);
  }

  /** The curve with sample weights (null: unit); some positive weight (checked by caller). */
  static PrecisionRecallCurve precisionRecall(int[] y, double[] score, double[] weights) {
    Counts c = binaryCounts(y, score, weights);
    double[] tps = c.tps();
    double[] fps = c.fps();
    int n = tps.length;
    double[] precision = new double[n + 1];
    double[] recall = new double[n + 1];
    double[] thresholds = new double[n];
    double lastT = tps[n - 1];
    for (int i = 0; i < n; i++) {
      int src = n - 1 - i;
      double ps = tps[src] + fps[src];
      precision[i] = ps != 0.0 ? tps[src] / ps : 0.0;
      recall[i] = tps[src] / lastT;
      thresholds[i] = c.thresholds()[src];
    }
    precision[n] = 1.0;
    recall[n] = 0.0;
    return new PrecisionRecallCurve(Lists.of(precision), Lists.of(recall), Lists.of(thresholds));
  }

  /** −Σ (recall[i+1] − recall[i])·precision[i], sklearn's step-function average precision. */
  static double averagePrecision(int[] y, double[] score) {
    return averagePrecision(y, score, null);
  }

  /** Average precision with sample weights (null: unit weights). */
  static double averagePrecision(int[] y, double[] score, double[] weights) {
    PrecisionRecallCurve pr = precisionRecall(y, score, weights);
    double[] p = Lists.toArray(pr.precision());
    double[] r = Lists.toArray(pr.recall());
    double[] terms = new double[r.length - 1];
    for (int i = 0; i + 1 < r.length; i++) {
      terms[i] = (r[i + 1] - r[i]) * p[i];
    }
    return -Sums.sum(terms);
  }

  /**
   * Average precision of class probabilities, as sklearn's {@code average_precision_score}
   * on {@code label_binarize(y, classes=range(k))}: per column c the binary AP of (y == c);
   * MACRO their mean, WEIGHTED their mean weighted by each class's (weighted) support, MICRO
   * one AP over every (row, class) cell, a cell weighing its row's weight. Every class has
   * positive weight (checked by the caller).
   */
  static double averagePrecisionOvr(int[] y, double[][] proba, int k, Average average, double[] w) {
    if (average == Average.MICRO) {
      int[] flatY = new int[y.length * k];
      double[] flatScore = new double[y.length * k];
      double[] flatW = w == null ? null : new double[y.length * k];
      for (int i = 0; i < y.length; i++) {
        for (int c = 0; c < k; c++) {
          flatY[i * k + c] = y[i] == c ? 1 : 0;
          flatScore[i * k + c] = proba[i][c];
          if (w != null) {
            flatW[i * k + c] = w[i];
          }
        }
      }
      return averagePrecision(flatY, flatScore, flatW);
    }
    double[] perClass = new double[k];
    double[] support = new double[k];
    int[] yc = new int[y.length];
    double[] column = new double[y.length];
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < y.length; i++) {
        yc[i] = y[i] == c ? 1 : 0;
        column[i] = proba[i][c];
        support[c] += yc[i] * (w == null ? 1.0 : w[i]);
      }
      perClass[c] = averagePrecision(yc, column, w);
    }
    return average == Average.WEIGHTED
        ? RocAuc.weightedMean(perClass, support)
        : Sums.mean(perClass);
  }
}
