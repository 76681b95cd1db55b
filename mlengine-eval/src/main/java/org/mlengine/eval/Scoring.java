package org.mlengine.eval;

import java.util.function.IntFunction;

/**
 * Checks and dispatch for the metrics of scores and probabilities behind {@link Metrics} and
 * {@link MetricFunctions}: binary scores, probability matrices, the ROC AUC variants and the
 * Brier score. Package-private engine; the curves and areas themselves are in {@link Curves}
 * and {@link RocAuc}.
 */
final class Scoring {
  static final String ROC_AUC = "roc_auc";
  static final String ROC_AUC_OVR = "roc_auc_ovr";
  static final String ROC_AUC_OVO = "roc_auc_ovo";
  static final String PROBA_EXPECTED = "a double[][] with one probability per class in every row";
  static final String FIX_SCORE = "drop or impute the rows the model could not score";
  static final String FIX_BINARY_AUC =
      "for more than two classes pass one probability column per class to "
          + "MetricFunctions.rocAuc(int[], double[][])";
  static final String FIX_BINARY_LOG_LOSS =
      "for more than two classes pass one probability column per class to "
          + "MetricFunctions.logLoss(int[], double[][])";
  static final String FIX_ONE_COLUMN_AP =
      "for a single positive-class score use averagePrecision(int[], double[])";
  static final String FIX_ONE_COLUMN =
      "for a single positive-class score use MetricFunctions.rocAuc(int[], double[])";

  private Scoring() {}

  /**
   * 0/1 labels and finite scores of one length with both classes; with weights, finite
   * non-negative weights of that length that leave both classes some weight.
   */
  static void checkBinaryScores(String metric, int[] yTrue, double[] score, double[] weights) {
    Check.notNull(yTrue, metric, "yTrue", "an int[] with the 0/1 label of every row");
    Check.notNull(score, metric, "score", "a double[] with the positive-class score of every row");
    Check.sameLength(metric, "yTrue", yTrue.length, "score", score.length);
    Check.notEmpty(metric, yTrue.length);
    Check.binaryLabels(metric, "yTrue", yTrue, FIX_BINARY_AUC);
    Check.finite(metric, "score", score, "score", FIX_SCORE);
    if (weights == null) {
      Check.bothClasses(metric, yTrue, String::valueOf);
      return;
    }
    Check.sameLength(metric, "yTrue", yTrue.length, "sampleWeight", weights.length);
    Check.weights(metric, "sampleWeight", weights);
    double positive = 0.0;
    double negative = 0.0;
    for (int i = 0; i < yTrue.length; i++) {
      if (yTrue[i] == 1) {
        positive += weights[i];
      } else {
        negative += weights[i];
      }
    }
    Check.argument(
        positive > 0.0 && negative > 0.0,
        "%s is undefined when one class has no weight (positives %s, negatives %s); expected "
            + "both classes with positive weight — give some rows of each class a weight above 0",
        metric, positive, negative);
  }

  /** 0/1 labels and finite scores of one length with at least one positive. */
  static void checkPositiveScores(String metric, int[] yTrue, double[] score) {
    Check.notNull(yTrue, metric, "yTrue", "an int[] with the 0/1 label of every row");
    Check.notNull(score, metric, "score", "a double[] with the positive-class score of every row");
    Check.sameLength(metric, "yTrue", yTrue.length, "score", score.length);
    Check.notEmpty(metric, yTrue.length);
    Check.binaryLabels(metric, "yTrue", yTrue, "recode the positive class as 1, the rest as 0");
    Check.finite(metric, "score", score, "score", FIX_SCORE);
    Check.somePositive(metric, yTrue);
  }

  /** 0/1 labels and probabilities in [0, 1] of one length. */
  static void checkBinaryProbabilities(String metric, int[] y01, double[] p, String fixLabels) {
    Check.notNull(y01, metric, "yTrue01", "an int[] with the 0/1 label of every row");
    Check.notNull(p, metric, "pPositive", "a double[] with each row's probability of class 1");
    Check.sameLength(metric, "yTrue01", y01.length, "pPositive", p.length);
    Check.notEmpty(metric, y01.length);
    Check.binaryLabels(metric, "yTrue01", y01, fixLabels);
    Check.finite(metric, "pPositive", p, "probability", FIX_SCORE);
    Check.probabilities(metric, "pPositive", p);
  }

  /** Class indices and a probability matrix of one length; returns the number of classes. */
  static int checkProbaMatrix(
      String metric, int[] yTrue, double[][] proba, String fixOneColumn, boolean logLoss) {
    Check.notNull(yTrue, metric, "yTrue", "an int[] with the true class index of every row");
    Check.notNull(proba, metric, "proba", PROBA_EXPECTED);
    Check.sameLength(metric, "yTrue", yTrue.length, "proba", proba.length);
    Check.notEmpty(metric, yTrue.length);
    int k = Check.probabilityMatrix(metric, "proba", proba, fixOneColumn, logLoss);
    Check.classIndices(metric, "yTrue", yTrue, k, "proba");
    return k;
  }

  /** mean((y − p)²). */
  static double brier(int[] y01, double[] p) {
    return brier(y01, p, null);
  }

  /** {@code brier_score_loss(sample_weight=w)}: the weighted mean of (y − p)². */
  static double brier(int[] y01, double[] p, double[] w) {
    return Weights.mean(brierRows(y01, p), w);
  }

  /** Each row's (y − p)²; their mean is the Brier score. */
  static double[] brierRows(int[] y01, double[] p) {
    double[] squares = new double[y01.length];
    for (int i = 0; i < y01.length; i++) {
      double e = y01[i] - p[i];
      squares[i] = e * e;
    }
    return squares;
  }

  /** An averaging one-vs-rest (MACRO, WEIGHTED, MICRO) or one-vs-one (MACRO, WEIGHTED) takes. */
  static void checkAucAverage(String metric, Average average, boolean micro) {
    String allowed = micro ? "MACRO, WEIGHTED or MICRO" : "MACRO or WEIGHTED";
    Check.notNull(average, metric, "average", "Average." + allowed);
    Check.argument(
        average == Average.MACRO
            || average == Average.WEIGHTED
            || (micro && average == Average.MICRO),
        "%s: average is %s; expected %s — for a binary score use "
            + "MetricFunctions.rocAuc(int[], double[])",
        metric, average, allowed);
  }

  /** ROC AUC once the shape and the class indices are known to be right. */
  static double rocAuc(
      int[] y, double[][] proba, int k, String probaName, IntFunction<String> label) {
    if (k == 2) {
      Check.bothClasses(ROC_AUC, y, label);
      double[] second = new double[y.length];
      for (int i = 0; i < y.length; i++) {
        second[i] = proba[i][1];
      }
      return RocAuc.oneVsRest(y, 1, second);
    }
    Check.rowsSumToOne(ROC_AUC, probaName, proba);
    Check.everyClass(ROC_AUC, y, k, label);
    return RocAuc.ovrMacro(y, proba, k);
  }

  /** One-vs-rest AUC, averaged, once the shape is known to be right. */
  static double ovr(
      String metric,
      int[] y,
      double[][] proba,
      int k,
      Average average,
      String probaName,
      IntFunction<String> label) {
    Check.rowsSumToOne(metric, probaName, proba);
    Check.everyClass(metric, y, k, label);
    switch (average) {
      case WEIGHTED:
        return RocAuc.ovrWeighted(y, proba, k);
      case MICRO:
        return RocAuc.ovrMicro(y, proba, k);
      default:
        return RocAuc.ovrMacro(y, proba, k);
    }
  }

  /** Hand and Till's one-vs-one AUC, once the shape is known to be right. */
  static double ovo(
      String metric,
      int[] y,
      double[][] proba,
      int k,
      Average average,
      String probaName,
      IntFunction<String> label) {
    Check.rowsSumToOne(metric, probaName, proba);
    Check.everyClass(metric, y, k, label);
    return RocAuc.ovo(y, proba, k, average == Average.WEIGHTED);
  }

  /**
   * The rows of class {@code label} keep some weight (w null: at least one row); the curve of
   * that class is undefined otherwise.
   */
  static void checkClassWeight(String metric, int[] y, int label, double[] w, String name) {
    double total = 0.0;
    for (int i = 0; i < y.length; i++) {
      if (y[i] == label) {
        total += w == null ? 1.0 : w[i];
      }
    }
    Check.argument(
        total > 0.0,
        "%s is undefined for class %s: its rows in y_true have total weight 0, so it has no "
            + "positives; expected some weight on every class — give some of its rows a weight "
            + "above 0",
        metric, name);
  }

  /** Multi-class average precision's input; returns the number of classes. */
  static int checkAveragePrecision(int[] y, double[][] proba, Average average, double[] w) {
    String metric = "average_precision";
    Check.notNull(average, metric, "average", "Average.MACRO, WEIGHTED or MICRO");
    Check.argument(
        average != Average.BINARY,
        "%s: average is BINARY, which scores one class; expected MACRO, WEIGHTED or MICRO — "
            + "for a binary score use averagePrecision(int[], double[])",
        metric);
    int k = checkProbaMatrix(metric, y, proba, FIX_ONE_COLUMN_AP, false);
    Check.argument(
        k >= 3,
        "%s: proba has 2 columns; expected at least 3 classes — for a binary problem pass "
            + "column 1 to averagePrecision(int[], double[])",
        metric);
    Weights.checkLength(metric, w, y.length, "row");
    for (int c = 0; c < k; c++) {
      checkClassWeight(metric, y, c, w, String.valueOf(c));
    }
    return k;
  }
}
