package org.mlengine.eval;

import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Argument checks shared by the metrics. Every message starts with the metric's name and says
 * what was wrong, what was expected and how to fix it.
 */
final class Check {
  private Check() {}

  /**
   * Throws with the formatted message unless {@code ok}. The per-element checks below test their
   * condition first and format only for the element that fails: a call per element would box
   * its arguments and build the varargs array on every row of the metric's input (#15).
   */
  static void argument(boolean ok, String format, Object... args) {
    if (!ok) {
      throw failure(format, args);
    }
  }

  /** The exception {@link #argument} throws, for a check that has already found the failing element. */
  static IllegalArgumentException failure(String format, Object... args) {
    return new IllegalArgumentException(String.format(Locale.ROOT, format, args));
  }

  static void notNull(Object value, String metric, String name, String expected) {
    argument(value != null, "%s: %s is null; expected %s", metric, name, expected);
  }

  static void sameLength(String metric, String aName, int a, String bName, int b) {
    argument(
        a == b,
        "%s: %s has %d rows but %s has %d; expected one of each per row — pass %s and %s for "
            + "the same rows",
        metric, aName, a, bName, b, aName, bName);
  }

  static void notEmpty(String metric, int rows) {
    argument(
        rows > 0,
        "%s: no rows to evaluate; expected at least one row — evaluate on a non-empty "
            + "held-out part",
        metric);
  }

  /** Every value finite (not NaN, not infinite). */
  static void finite(String metric, String name, double[] values, String what, String fix) {
    for (int i = 0; i < values.length; i++) {
      if (Double.isFinite(values[i])) {
        continue;
      }
      throw failure(
          "%s: %s[%d] is %s; expected a finite %s in every row — %s",
          metric, name, i, values[i], what, fix);
    }
  }

  /** Every value a probability: in [0, 1]. */
  static void probabilities(String metric, String name, double[] values) {
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (v >= 0.0 && v <= 1.0) {
        continue;
      }
      throw failure(
          "%s: %s[%d] is %s; expected a probability in [0, 1] — pass predicted probabilities, "
              + "not decision scores",
          metric, name, i, v);
    }
  }

  /** Every label 0 or 1. */
  static void binaryLabels(String metric, String name, int[] y, String fix) {
    for (int i = 0; i < y.length; i++) {
      if (y[i] == 0 || y[i] == 1) {
        continue;
      }
      throw failure(
          "%s: %s[%d] is %d; expected 0 or 1 (1 = positive) — %s",
          metric, name, i, y[i], fix);
    }
  }

  /**
   * A probability matrix with one row per example and the same number (at least 2) of finite
   * columns in every row; returns the number of columns.
   */
  static int probabilityMatrix(
      String metric, String name, double[][] proba, String oneColumnFix, boolean inUnitInterval) {
    for (int i = 0; i < proba.length; i++) {
      if (proba[i] != null) {
        continue;
      }
      throw failure(
          "%s: %s[%d] is null; expected one probability per class in every row",
          metric, name, i);
    }
    int k = proba[0].length;
    argument(
        k >= 2,
        "%s: %s has %d column%s; expected one column per class, at least 2 — %s",
        metric, name, k, k == 1 ? "" : "s", oneColumnFix);
    for (int i = 0; i < proba.length; i++) {
      if (proba[i].length != k) {
        throw failure(
            "%s: %s[%d] has %d columns but %s[0] has %d; expected one column per class in every row",
            metric, name, i, proba[i].length, name, k);
      }
      for (int c = 0; c < k; c++) {
        probability(metric, name, i, c, proba[i][c], inUnitInterval);
      }
    }
    return k;
  }

  /**
   * The two columns of a binary probability matrix checked as {@link #probabilityMatrix} checks
   * the matrix (finite values; the same message for the same first failing cell), without making
   * the matrix.
   */
  static void probabilityColumns(String metric, String name, double[] first, double[] second) {
    for (int i = 0; i < first.length; i++) {
      probability(metric, name, i, 0, first[i], false);
      probability(metric, name, i, 1, second[i], false);
    }
  }

  /** One cell of a probability matrix: finite, and in [0, 1] when {@code inUnitInterval}. */
  private static void probability(String metric, String name, int row, int column, double v, boolean inUnitInterval) {
    if (Double.isFinite(v) && (!inUnitInterval || (v >= 0.0 && v <= 1.0))) {
      return;
    }
    argument(
        Double.isFinite(v),
        "%s: %s[%d][%d] is %s; expected a finite probability in every row — "
            + "drop or impute the rows the model could not score",
        metric, name, row, column, v);
    argument(
        !inUnitInterval || (v >= 0.0 && v <= 1.0),
        "%s: %s[%d][%d] is %s; expected a probability in [0, 1] — pass predicted "
            + "probabilities, not decision scores",
        metric, name, row, column, v);
  }

  /** Every label a column index of a k-column probability matrix. */
  static void classIndices(String metric, String name, int[] y, int k, String matrixName) {
    for (int i = 0; i < y.length; i++) {
      if (y[i] >= 0 && y[i] < k) {
        continue;
      }
      throw failure(
          "%s: %s[%d] is %d but %s has %d columns; expected a class index in 0..%d — "
              + "column j of %s holds the probability of class j",
          metric, name, i, y[i], matrixName, k, k - 1, matrixName);
    }
  }

  /** Both classes of a binary problem present (ROC AUC is undefined otherwise). */
  static void bothClasses(String metric, int[] y01, IntFunction<String> label) {
    boolean zero = false;
    boolean one = false;
    for (int v : y01) {
      zero |= v == 0;
      one |= v == 1;
    }
    argument(
        zero && one,
        "%s is undefined when y_true has one class (all %s); the held-out part needs both "
            + "classes — use a stratified split",
        metric, label.apply(y01[0]));
  }

  /** Every one of k classes present (one-vs-rest ROC AUC is undefined otherwise). */
  static void everyClass(String metric, int[] y, int k, IntFunction<String> label) {
    boolean[] seen = new boolean[k];
    for (int v : y) {
      seen[v] = true;
    }
    for (int c = 0; c < k; c++) {
      argument(
          seen[c],
          "%s is undefined for class %s: y_true has no row of it, so its one-vs-rest AUC has no "
              + "positives; the held-out part needs every class — use a stratified split",
          metric, label.apply(c));
    }
  }

  /** Every row sums to 1 (NumPy allclose: |sum - 1| <= 1e-8 + 1e-5), as sklearn's ovr AUC. */
  static void rowsSumToOne(String metric, String name, double[][] proba) {
    for (int i = 0; i < proba.length; i++) {
      double sum = Sums.sum(proba[i]);
      if (Math.abs(sum - 1.0) <= 1e-8 + 1e-5) {
        continue;
      }
      throw failure(
          "%s: %s[%d] sums to %s; expected class probabilities that sum to 1 in every row "
              + "(one-vs-rest AUC) — pass the model's predicted probabilities, not raw scores",
          metric, name, i, sum);
    }
  }

  /** Every value finite and at least 0 (sample weights). */
  static void weights(String metric, String name, double[] w) {
    for (int i = 0; i < w.length; i++) {
      if (Double.isFinite(w[i]) && w[i] >= 0.0) {
        continue;
      }
      throw failure(
          "%s: %s[%d] is %s; expected a finite weight >= 0 in every row — give every row a "
              + "non-negative weight (0 drops the row)",
          metric, name, i, w[i]);
    }
  }

  /** At least one row with label 1 (a positive). */
  static void somePositive(String metric, int[] y01) {
    boolean one = false;
    for (int v : y01) {
      one |= v == 1;
    }
    argument(
        one,
        "%s is undefined when y_true has no positive row (all 0); expected at least one 1 — "
            + "evaluate on rows that include positives",
        metric);
  }

  /** Explicit labels: non-empty and distinct. */
  static void labels(String metric, int[] labels) {
    argument(
        labels.length > 0,
        "%s: labels is empty; expected at least one label — pass null to use the sorted labels "
            + "of yTrue and yPred",
        metric);
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int label : labels) {
      argument(
          seen.add(label),
          "%s: labels lists %d twice; expected each label once — remove the duplicate",
          metric, label);
    }
  }

  /** At least one explicit label occurs in yTrue (sklearn's confusion_matrix rule). */
  static void someLabelInTruth(String metric, int[] labels, int[] yTrue) {
    java.util.Set<Integer> truth = new java.util.HashSet<>();
    for (int v : yTrue) {
      truth.add(v);
    }
    boolean any = false;
    for (int label : labels) {
      any |= truth.contains(label);
    }
    argument(
        any,
        "%s: none of the labels %s occurs in yTrue; expected at least one — pass labels that "
            + "occur in the data, or null to use the sorted labels of yTrue and yPred",
        metric, java.util.Arrays.toString(labels));
  }

  /** A probability-like parameter in [0, 1]. */
  static void unitInterval(String metric, String name, double value, String meaning) {
    argument(
        value >= 0.0 && value <= 1.0,
        "%s: %s is %s; expected a value in [0, 1] — %s",
        metric, name, value, meaning);
  }
}
