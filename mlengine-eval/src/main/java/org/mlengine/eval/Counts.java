package org.mlengine.eval;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * Label counting for the classification metrics, as scikit-learn 1.2's
 * {@code confusion_matrix}, {@code precision_recall_fscore_support}, {@code cohen_kappa_score},
 * {@code matthews_corrcoef} and {@code balanced_accuracy_score}. Inputs are checked by the
 * caller.
 */
final class Counts {
  private Counts() {}

  /** The distinct labels of both arrays, ascending ({@code unique_labels}). */
  static int[] sortedLabels(int[] a, int[] b) {
    TreeSet<Integer> set = new TreeSet<>();
    for (int v : a) {
      set.add(v);
    }
    for (int v : b) {
      set.add(v);
    }
    return set.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Position of each label in {@code labels}, or −1. */
  private static int position(int[] labels, int label) {
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == label) {
        return i;
      }
    }
    return -1;
  }

  /** Rows true, columns predicted; pairs with a label outside {@code labels} are not counted. */
  static long[][] confusion(int[] yTrue, int[] yPred, int[] labels) {
    double[][] weighted = confusion(yTrue, yPred, labels, null);
    long[][] c = new long[labels.length][labels.length];
    for (int i = 0; i < labels.length; i++) {
      for (int j = 0; j < labels.length; j++) {
        c[i][j] = (long) weighted[i][j];
      }
    }
    return c;
  }

  /**
   * {@code confusion_matrix(sample_weight=w)}: each pair adds its row's weight (1 when w is
   * null), summed in row order.
   */
  static double[][] confusion(int[] yTrue, int[] yPred, int[] labels, double[] w) {
    double[][] c = new double[labels.length][labels.length];
    int[] sorted = labels.clone();
    Arrays.sort(sorted);
    int[] sortedToPosition = new int[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      sortedToPosition[i] = position(labels, sorted[i]);
    }
    for (int i = 0; i < yTrue.length; i++) {
      int t = Arrays.binarySearch(sorted, yTrue[i]);
      int p = Arrays.binarySearch(sorted, yPred[i]);
      if (t >= 0 && p >= 0) {
        c[sortedToPosition[t]][sortedToPosition[p]] += w == null ? 1.0 : w[i];
      }
    }
    return c;
  }

  /** Per-label sufficient statistics: true positives, predicted, true (support). */
  record LabelSums(double[] tp, double[] predicted, double[] actual) {}

  static LabelSums perLabel(int[] yTrue, int[] yPred, int[] labels) {
    return perLabel(yTrue, yPred, labels, null);
  }

  /** Weighted sums ({@code multilabel_confusion_matrix(sample_weight=w)}); w null: counts. */
  static LabelSums perLabel(int[] yTrue, int[] yPred, int[] labels, double[] w) {
    double[] tp = new double[labels.length];
    double[] pred = new double[labels.length];
    double[] actual = new double[labels.length];
    for (int i = 0; i < yTrue.length; i++) {
      double wi = w == null ? 1.0 : w[i];
      for (int l = 0; l < labels.length; l++) {
        boolean t = yTrue[i] == labels[l];
        boolean p = yPred[i] == labels[l];
        if (t && p) {
          tp[l] += wi;
        }
        if (p) {
          pred[l] += wi;
        }
        if (t) {
          actual[l] += wi;
        }
      }
    }
    return new LabelSums(tp, pred, actual);
  }

  /** Precision, recall and F-beta per entry of the sums; {@code _prf_divide} semantics. */
  record Scores(double[] precision, double[] recall, double[] f) {}

  static Scores scores(LabelSums s, double beta, double zeroDivision) {
    int n = s.tp().length;
    double[] precision = new double[n];
    double[] recall = new double[n];
    double[] f = new double[n];
    double beta2 = beta * beta;
    for (int i = 0; i < n; i++) {
      precision[i] = s.predicted()[i] == 0.0 ? zeroDivision : s.tp()[i] / s.predicted()[i];
      recall[i] = s.actual()[i] == 0.0 ? zeroDivision : s.tp()[i] / s.actual()[i];
      if (Double.isInfinite(beta)) {
        f[i] = recall[i];
      } else {
        double denom = beta2 * precision[i] + recall[i];
        if (denom == 0.0) {
          denom = 1.0;
        }
        f[i] = (1 + beta2) * precision[i] * recall[i] / denom;
      }
    }
    return new Scores(precision, recall, f);
  }

  /** sklearn's {@code cohen_kappa_score}: 1 − Σ w∘O / Σ w∘E, weights by label position. */
  static double kappa(int[] y1, int[] y2, int[] labels, KappaWeights weights, double[] w) {
    double[][] c = confusion(y1, y2, labels, w);
    int k = labels.length;
    double[] colSums = new double[k];
    double[] rowSums = new double[k];
    double total = 0.0;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        colSums[j] += c[i][j];
        rowSums[i] += c[i][j];
      }
    }
    for (double v : colSums) {
      total += v;
    }
    double[] observed = new double[k * k];
    double[] expected = new double[k * k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double dw = weight(weights, i, j);
        observed[i * k + j] = dw * c[i][j];
        expected[i * k + j] = dw * (colSums[i] * rowSums[j] / total);
      }
    }
    return 1 - Sums.sum(observed) / Sums.sum(expected);
  }

  /** Σ w∘E of {@link #kappa}: zero means kappa is undefined (0/0). */
  static double expectedDisagreement(
      int[] y1, int[] y2, int[] labels, KappaWeights weights, double[] w) {
    double[][] c = confusion(y1, y2, labels, w);
    int k = labels.length;
    double[] colSums = new double[k];
    double[] rowSums = new double[k];
    double total = 0.0;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        colSums[j] += c[i][j];
        rowSums[i] += c[i][j];
        total += c[i][j];
      }
    }
    double sum = 0.0;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        sum += weight(weights, i, j) * colSums[i] * rowSums[j];
      }
    }
    return total == 0.0 ? 0.0 : sum;
  }

  private static double weight(KappaWeights weights, int i, int j) {
    switch (weights) {
      case LINEAR:
        return Math.abs(i - j);
      case QUADRATIC:
        return (double) (i - j) * (i - j);
      default:
        return i == j ? 0.0 : 1.0;
    }
  }

  /** sklearn's {@code matthews_corrcoef} (multi-class form; 0 when a variance is 0). */
  static double mcc(int[] yTrue, int[] yPred) {
    return mcc(yTrue, yPred, null);
  }

  /** {@code matthews_corrcoef(sample_weight=w)}: the same form on the weighted confusion. */
  static double mcc(int[] yTrue, int[] yPred, double[] w) {
    int[] labels = sortedLabels(yTrue, yPred);
    double[][] c = confusion(yTrue, yPred, labels, w);
    int k = labels.length;
    double[] t = new double[k];
    double[] p = new double[k];
    double correct = 0.0;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        t[i] += c[i][j];
        p[j] += c[i][j];
      }
      correct += c[i][i];
    }
    double n = Sums.sum(p);
    double tp = dot(t, p);
    double covYtYp = correct * n - tp;
    double covYpYp = n * n - dot(p, p);
    double covYtYt = n * n - dot(t, t);
    if (covYpYp * covYtYt == 0) {
      return 0.0;
    }
    return covYtYp / Math.sqrt(covYtYt * covYpYp);
  }

  /**
   * {@code np.average(yTrue == yPred, weights=w)} ({@code equal}) or of {@code yTrue != yPred}
   * ({@code hamming_loss}).
   */
  static double agreement(int[] yTrue, int[] yPred, double[] w, boolean equal) {
    double[] hits = new double[yTrue.length];
    for (int i = 0; i < yTrue.length; i++) {
      hits[i] = (yTrue[i] == yPred[i]) == equal ? 1.0 : 0.0;
    }
    return Weights.mean(hits, w);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0.0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** sklearn's {@code balanced_accuracy_score}: mean recall over the labels that occur in yTrue. */
  static double balancedAccuracy(int[] yTrue, int[] yPred) {
    return balancedAccuracy(yTrue, yPred, null);
  }

  /**
   * {@code balanced_accuracy_score(sample_weight=w)}: the mean recall over the labels whose true
   * rows keep some weight.
   */
  static double balancedAccuracy(int[] yTrue, int[] yPred, double[] w) {
    int[] labels = sortedLabels(yTrue, yPred);
    double[][] c = confusion(yTrue, yPred, labels, w);
    double[] perClass = new double[labels.length];
    int m = 0;
    for (int i = 0; i < labels.length; i++) {
      double row = Sums.sum(c[i]);
      if (row > 0) {
        perClass[m++] = c[i][i] / row;
      }
    }
    return Sums.mean(Arrays.copyOf(perClass, m));
  }
}
