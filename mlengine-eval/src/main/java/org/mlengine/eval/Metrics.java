package org.mlengine.eval;

import java.util.List;
import java.util.function.IntFunction;
import org.mlengine.core.Metric;
import org.mlengine.core.Outcomes;
import org.mlengine.core.Task;

/**
 * The metrics, computed as scikit-learn 1.2 computes them: factories that return {@link Metric}
 * objects named like sklearn's scorers, and static functions of the same names on plain arrays.
 *
 * <pre>{@code
 * // As Metric objects: hand them to a pipeline, or evaluate held-out Outcomes.
 * Metric auc = Metrics.rocAuc();                       // name() is "roc_auc"
 * double value = auc.evaluate(outcomes);
 *
 * // On plain arrays.
 * Metrics.accuracy(new int[] {1, 0, 1}, new int[] {1, 1, 1});                      // 0.666...
 * Metrics.rocAuc(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.4, 0.35, 0.8});     // 0.75
 * Metrics.logLoss(new int[] {0, 1}, new double[] {0.2, 0.7});                      // 0.2899...
 * Metrics.rmse(new double[] {3, -0.5, 2}, new double[] {2.5, 0, 2});              // 0.4082...
 * }</pre>
 *
 * <p>Every function rejects input it cannot score and says why: arrays of different lengths, no
 * rows, NaN or infinite scores, probabilities outside [0, 1] for log loss, ROC AUC when the
 * held-out part has a single class, and a regression metric given classification outcomes (or
 * the other way round; see {@link Metric#supports(Task)}). The exception is an
 * {@link IllegalArgumentException} whose message says what was wrong, what was expected and how
 * to fix it.
 */
public final class Metrics {
  private static final String ACCURACY = "accuracy";
  private static final String ROC_AUC = "roc_auc";
  private static final String LOG_LOSS = "log_loss";
  private static final String RMSE = "rmse";
  private static final String MAE = "mae";

  private static final String PROBA_EXPECTED =
      "a double[][] with one probability per class in every row";
  private static final String FIX_SCORE =
      "drop or impute the rows the model could not score";
  private static final String FIX_BINARY_AUC =
      "for more than two classes pass one probability column per class to "
          + "Metrics.rocAuc(int[], double[][])";
  private static final String FIX_BINARY_LOG_LOSS =
      "for more than two classes pass one probability column per class to "
          + "Metrics.logLoss(int[], double[][])";

  private static final Metric ACCURACY_METRIC =
      new OutcomeMetric(ACCURACY, Task.CLASSIFICATION, Metrics::accuracyOf);
  private static final Metric ROC_AUC_METRIC =
      new OutcomeMetric(ROC_AUC, Task.CLASSIFICATION, Metrics::rocAucOf);
  private static final Metric LOG_LOSS_METRIC =
      new OutcomeMetric(LOG_LOSS, Task.CLASSIFICATION, Metrics::logLossOf);
  private static final Metric RMSE_METRIC =
      new OutcomeMetric(RMSE, Task.REGRESSION, Metrics::rmseOf);
  private static final Metric MAE_METRIC = new OutcomeMetric(MAE, Task.REGRESSION, Metrics::maeOf);

  private Metrics() {}

  // ---------------------------------------------------------------- Metric factories

  /**
   * Share of rows whose most probable class is the true class ({@code "accuracy"}); for
   * classification. On ties between classes the first class wins, as
   * {@link Outcomes#predictedClasses()}.
   *
   * @return the shared accuracy metric
   */
  public static Metric accuracy() {
    return ACCURACY_METRIC;
  }

  /**
   * Area under the ROC curve ({@code "roc_auc"}); for classification. With two classes, the AUC
   * of the second class's probability (for probabilities that sum to 1, the first class's gives
   * the same value). With more, the unweighted mean of every class's one-vs-rest AUC, as
   * sklearn's {@code roc_auc_score(multi_class="ovr", average="macro")}; every class must then
   * occur in the outcomes. Ties count 1/2.
   *
   * @return the shared ROC AUC metric
   */
  public static Metric rocAuc() {
    return ROC_AUC_METRIC;
  }

  /**
   * Mean negative natural-log probability of the true class ({@code "log_loss"}, lower is
   * better); for classification. Probabilities are clipped and rows renormalised as in
   * {@link #logLoss(int[], double[][])}.
   *
   * @return the shared log-loss metric
   */
  public static Metric logLoss() {
    return LOG_LOSS_METRIC;
  }

  /**
   * Root mean squared error ({@code "rmse"}, lower is better); for regression.
   *
   * @return the shared RMSE metric
   */
  public static Metric rmse() {
    return RMSE_METRIC;
  }

  /**
   * Mean absolute error ({@code "mae"}, lower is better); for regression.
   *
   * @return the shared MAE metric
   */
  public static Metric mae() {
    return MAE_METRIC;
  }

  // ---------------------------------------------------------------- functions on arrays

  /**
   * The share of rows where {@code yPred[i] == yTrue[i]}, as sklearn's {@code accuracy_score}.
   *
   * @param yTrue each row's true class (any int coding)
   * @param yPred each row's predicted class, in the same coding
   * @return a value in [0, 1]
   * @throws IllegalArgumentException if an array is null, the lengths differ or there are no rows
   */
  public static double accuracy(int[] yTrue, int[] yPred) {
    Check.notNull(yTrue, ACCURACY, "yTrue", "an int[] with the true class of every row");
    Check.notNull(yPred, ACCURACY, "yPred", "an int[] with the predicted class of every row");
    Check.sameLength(ACCURACY, "yTrue", yTrue.length, "yPred", yPred.length);
    Check.notEmpty(ACCURACY, yTrue.length);
    return correctShare(yTrue, yPred);
  }

  /**
   * Binary ROC AUC of a score, as sklearn's {@code roc_auc_score(yTrue, score)}: the share of
   * (positive, negative) pairs in which the positive has the higher score, a tie counting 1/2.
   *
   * @param yTrue each row's label, 0 or 1 (1 = positive)
   * @param score each row's score for the positive class (a probability or any finite number;
   *     only the order matters)
   * @return a value in [0, 1]; 0.5 is chance
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     a label is not 0/1, a score is NaN or infinite, or only one class is present
   */
  public static double rocAuc(int[] yTrue, double[] score) {
    Check.notNull(yTrue, ROC_AUC, "yTrue", "an int[] with the 0/1 label of every row");
    Check.notNull(score, ROC_AUC, "score", "a double[] with the positive-class score of every row");
    Check.sameLength(ROC_AUC, "yTrue", yTrue.length, "score", score.length);
    Check.notEmpty(ROC_AUC, yTrue.length);
    Check.binaryLabels(ROC_AUC, "yTrue", yTrue, FIX_BINARY_AUC);
    Check.finite(ROC_AUC, "score", score, "score", FIX_SCORE);
    Check.bothClasses(ROC_AUC, yTrue, String::valueOf);
    return RocAuc.oneVsRest(yTrue, 1, score);
  }

  /**
   * ROC AUC from class probabilities, as sklearn's
   * {@code roc_auc_score(yTrue, proba, multi_class="ovr", average="macro")}: with two columns
   * the binary AUC of column 1; with more, the unweighted mean over classes of the one-vs-rest
   * AUC of that class's column. Ties count 1/2.
   *
   * @param yTrue each row's true class index; column j of {@code proba} is class j
   * @param proba each row's probability per class; with more than two classes the rows must sum
   *     to 1 (within NumPy's {@code allclose} tolerance) and every class must occur in yTrue
   * @return a value in [0, 1]; 0.5 is chance
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     fewer than two columns, ragged rows, a class index out of range, a NaN or infinite
   *     probability, a row not summing to 1, or a class absent from yTrue
   */
  public static double rocAuc(int[] yTrue, double[][] proba) {
    Check.notNull(yTrue, ROC_AUC, "yTrue", "an int[] with the true class index of every row");
    Check.notNull(proba, ROC_AUC, "proba", PROBA_EXPECTED);
    Check.sameLength(ROC_AUC, "yTrue", yTrue.length, "proba", proba.length);
    Check.notEmpty(ROC_AUC, yTrue.length);
    int k =
        Check.probabilityMatrix(
            ROC_AUC,
            "proba",
            proba,
            "for a single positive-class score use Metrics.rocAuc(int[], double[])",
            false);
    Check.classIndices(ROC_AUC, "yTrue", yTrue, k, "proba");
    return rocAucChecked(yTrue, proba, k, "proba", String::valueOf);
  }

  /**
   * Log loss (cross-entropy) of class probabilities, as sklearn 1.2's {@code log_loss}: the
   * mean over rows of −ln(probability of the true class), natural log. Each probability is
   * first clipped to [ε, 1 − ε] with ε = 2.220446049250313E-16 (the double machine epsilon,
   * sklearn's {@code eps="auto"}), then each row is divided by its sum — so a probability of 0
   * for the true class costs about 36.04, not infinity.
   *
   * @param yTrue each row's true class index; column j of {@code proba} is class j
   * @param proba each row's probability per class, each in [0, 1]
   * @return a value ≥ 0; lower is better
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     fewer than two columns, ragged rows, a class index out of range, or a probability that
   *     is NaN or outside [0, 1]
   */
  public static double logLoss(int[] yTrue, double[][] proba) {
    Check.notNull(yTrue, LOG_LOSS, "yTrue", "an int[] with the true class index of every row");
    Check.notNull(proba, LOG_LOSS, "proba", PROBA_EXPECTED);
    Check.sameLength(LOG_LOSS, "yTrue", yTrue.length, "proba", proba.length);
    Check.notEmpty(LOG_LOSS, yTrue.length);
    int k =
        Check.probabilityMatrix(
            LOG_LOSS,
            "proba",
            proba,
            "for a binary model's positive-class probabilities use "
                + "Metrics.logLoss(int[], double[])",
            true);
    Check.classIndices(LOG_LOSS, "yTrue", yTrue, k, "proba");
    return LogLoss.multiClass(yTrue, proba, k);
  }

  /**
   * Binary log loss, as sklearn 1.2's {@code log_loss(yTrue01, pPositive)}: each row's
   * probabilities are {1 − p, p}, clipped and renormalised as in
   * {@link #logLoss(int[], double[][])}.
   *
   * @param yTrue01 each row's label, 0 or 1
   * @param pPositive each row's predicted probability of class 1, in [0, 1]
   * @return a value ≥ 0; lower is better
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     a label is not 0/1, or a probability is NaN or outside [0, 1]
   */
  public static double logLoss(int[] yTrue01, double[] pPositive) {
    Check.notNull(yTrue01, LOG_LOSS, "yTrue01", "an int[] with the 0/1 label of every row");
    Check.notNull(
        pPositive, LOG_LOSS, "pPositive", "a double[] with each row's probability of class 1");
    Check.sameLength(LOG_LOSS, "yTrue01", yTrue01.length, "pPositive", pPositive.length);
    Check.notEmpty(LOG_LOSS, yTrue01.length);
    Check.binaryLabels(LOG_LOSS, "yTrue01", yTrue01, FIX_BINARY_LOG_LOSS);
    Check.finite(LOG_LOSS, "pPositive", pPositive, "probability", FIX_SCORE);
    Check.probabilities(LOG_LOSS, "pPositive", pPositive);
    return LogLoss.binary(yTrue01, pPositive);
  }

  /**
   * Root mean squared error, √(mean((y − yhat)²)), as sklearn's
   * {@code mean_squared_error(y, yhat, squared=False)}.
   *
   * @param y each row's true value
   * @param yhat each row's predicted value
   * @return a value ≥ 0, in the unit of y; never below {@link #mae(double[], double[])}
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     or a value is NaN or infinite
   */
  public static double rmse(double[] y, double[] yhat) {
    checkRegression(RMSE, y, "y", yhat, "yhat");
    return rootMeanSquare(y, yhat);
  }

  /**
   * Mean absolute error, mean(|y − yhat|), as sklearn's {@code mean_absolute_error(y, yhat)}.
   *
   * @param y each row's true value
   * @param yhat each row's predicted value
   * @return a value ≥ 0, in the unit of y
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     or a value is NaN or infinite
   */
  public static double mae(double[] y, double[] yhat) {
    checkRegression(MAE, y, "y", yhat, "yhat");
    return meanAbsolute(y, yhat);
  }

  // ---------------------------------------------------------------- engine

  private static void checkRegression(
      String metric, double[] y, String yName, double[] yhat, String yhatName) {
    Check.notNull(y, metric, yName, "a double[] with the true value of every row");
    Check.notNull(yhat, metric, yhatName, "a double[] with the predicted value of every row");
    Check.sameLength(metric, yName, y.length, yhatName, yhat.length);
    Check.notEmpty(metric, y.length);
    Check.finite(metric, yName, y, "true value", "drop the rows without a target");
    Check.finite(metric, yhatName, yhat, "prediction", FIX_SCORE);
  }

  private static double correctShare(int[] yTrue, int[] yPred) {
    int correct = 0;
    for (int i = 0; i < yTrue.length; i++) {
      if (yTrue[i] == yPred[i]) {
        correct++;
      }
    }
    return (double) correct / yTrue.length;
  }

  /** ROC AUC once the shape and the class indices are known to be right. */
  private static double rocAucChecked(
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

  private static double rootMeanSquare(double[] y, double[] yhat) {
    double[] squares = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      double e = y[i] - yhat[i];
      squares[i] = e * e;
    }
    return Math.sqrt(Sums.mean(squares));
  }

  private static double meanAbsolute(double[] y, double[] yhat) {
    double[] errors = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      errors[i] = Math.abs(yhat[i] - y[i]);
    }
    return Sums.mean(errors);
  }

  // ---------------------------------------------------------------- on Outcomes

  private static double accuracyOf(Outcomes o) {
    return correctShare(o.trueClasses(), o.predictedClasses());
  }

  private static double rocAucOf(Outcomes o) {
    int k = o.classes().size();
    double[][] proba = probabilityMatrix(o, k);
    Check.probabilityMatrix(ROC_AUC, "probabilities", proba, "", false);
    return rocAucChecked(o.trueClasses(), proba, k, "probabilities", className(o.classes()));
  }

  private static double logLossOf(Outcomes o) {
    int k = o.classes().size();
    double[][] proba = probabilityMatrix(o, k);
    Check.probabilityMatrix(LOG_LOSS, "probabilities", proba, "", true);
    return LogLoss.multiClass(o.trueClasses(), proba, k);
  }

  private static double rmseOf(Outcomes o) {
    double[] y = o.actualValues();
    double[] yhat = o.predictedValues();
    checkRegression(RMSE, y, "actualValues", yhat, "predictedValues");
    return rootMeanSquare(y, yhat);
  }

  private static double maeOf(Outcomes o) {
    double[] y = o.actualValues();
    double[] yhat = o.predictedValues();
    checkRegression(MAE, y, "actualValues", yhat, "predictedValues");
    return meanAbsolute(y, yhat);
  }

  /** Rows × classes, from the outcomes' per-class columns. */
  private static double[][] probabilityMatrix(Outcomes o, int k) {
    double[][] proba = new double[o.size()][k];
    for (int c = 0; c < k; c++) {
      double[] column = o.probabilities(c);
      for (int i = 0; i < column.length; i++) {
        proba[i][c] = column[i];
      }
    }
    return proba;
  }

  private static IntFunction<String> className(List<String> classes) {
    return c -> "'" + classes.get(c) + "'";
  }
}
