package org.mlengine.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.mlengine.core.Metric;
import org.mlengine.core.Outcomes;
import org.mlengine.runtime.Task;

/**
 * The metrics, computed as scikit-learn 1.2 computes them: factories that return {@link Metric}
 * objects named like sklearn's scorers, and static functions of the same names on plain arrays.
 *
 * <ul>
 *   <li>Regression: {@code mse}, {@code rmse}, {@code mae}, {@code medianAbsoluteError},
 *       {@code r2}, {@code mape}, {@code acper} / {@code almostCorrectShare}.
 *   <li>Labels: {@code accuracy}, {@code balancedAccuracy}, {@code confusionMatrix},
 *       {@code precision}, {@code recall}, {@code f1}, {@code fBeta} (with {@link Average},
 *       labels and zero-division), {@code classScores}, {@code cohenKappa} (with
 *       {@link KappaWeights}), {@code matthewsCorrelation}.
 *   <li>Scores and probabilities: {@code rocAuc} (binary, weighted, multi-class),
 *       {@code partialRocAuc}, {@code rocAucOvr}, {@code rocAucOvo}, {@code rocCurve},
 *       {@code precisionRecallCurve}, {@code averagePrecision}, {@code logLoss},
 *       {@code brierScore}.
 *   <li>Ranking: {@code dcg}, {@code ndcg} (with {@link Ranking}).
 * </ul>
 *
 * <pre>{@code
 * // As Metric objects: hand them to a pipeline, or evaluate held-out Outcomes.
 * Metric auc = Metrics.rocAuc();                       // name() is "roc_auc"
 * double value = auc.evaluate(outcomes);
 * Metric f1 = Metrics.f1(Average.MACRO);               // "f1_macro"
 *
 * // On plain arrays.
 * Metrics.accuracy(new int[] {1, 0, 1}, new int[] {1, 1, 1});                      // 0.666...
 * Metrics.rocAuc(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.4, 0.35, 0.8});     // 0.75
 * Metrics.fBeta(yTrue, yPred, 2.0, Average.WEIGHTED);
 * Metrics.cohenKappa(rater1, rater2, KappaWeights.QUADRATIC);
 * Metrics.ndcg(relevance, scores, Ranking.top(10));
 * RocCurve roc = Metrics.rocCurve(y, score);
 * }</pre>
 *
 * <p>Every function rejects input it cannot score and says why: arrays of different lengths, no
 * rows, NaN or infinite scores, probabilities outside [0, 1], ROC AUC when the held-out part has
 * a single class, an averaging that does not fit the labels, and a regression metric given
 * classification outcomes (or the other way round; see {@link Metric#supports(Task)}). The
 * exception is an {@link IllegalArgumentException} whose message says what was wrong, what was
 * expected and how to fix it. On {@link Outcomes}, classification metrics of labels use the most
 * probable class ({@link Outcomes#predictedClasses()}); binary ones take the second class as
 * positive.
 */
public final class Metrics {
  private static final String ACCURACY = "accuracy";
  private static final String ROC_AUC = "roc_auc";
  private static final String LOG_LOSS = "log_loss";
  private static final String RMSE = "rmse";
  private static final String MAE = "mae";
  private static final String MSE = "mse";
  private static final String MDAE = "median_absolute_error";
  private static final String R2 = "r2";
  private static final String MAPE = "mape";
  private static final String ACPER = "acper";
  private static final String CONFUSION_MATRIX = "confusion_matrix";
  private static final String PRECISION = "precision";
  private static final String RECALL = "recall";
  private static final String F1 = "f1";
  private static final String FBETA = "fbeta";
  private static final String BALANCED_ACCURACY = "balanced_accuracy";
  private static final String COHEN_KAPPA = "cohen_kappa";
  private static final String MCC = "matthews_corrcoef";
  private static final String ROC_CURVE = "roc_curve";
  private static final String ROC_AUC_OVR = "roc_auc_ovr";
  private static final String ROC_AUC_OVO = "roc_auc_ovo";
  private static final String PR_CURVE = "precision_recall_curve";
  private static final String AVERAGE_PRECISION = "average_precision";
  private static final String BRIER = "brier_score";
  private static final String DCG = "dcg";
  private static final String NDCG = "ndcg";

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
      new OutcomeMetric(ACCURACY, Task.CLASSIFICATION, true, true, Metrics::accuracyOf);
  private static final Metric ROC_AUC_METRIC =
      new OutcomeMetric(ROC_AUC, Task.CLASSIFICATION, Metrics::rocAucOf);
  private static final Metric LOG_LOSS_METRIC =
      new OutcomeMetric(LOG_LOSS, Task.CLASSIFICATION, false, Metrics::logLossOf);
  private static final Metric RMSE_METRIC =
      new OutcomeMetric(RMSE, Task.REGRESSION, false, Metrics::rmseOf);
  private static final Metric MAE_METRIC =
      new OutcomeMetric(MAE, Task.REGRESSION, false, Metrics::maeOf);
  private static final Metric MSE_METRIC =
      new OutcomeMetric(MSE, Task.REGRESSION, false, Metrics::mseOf);
  private static final Metric MDAE_METRIC =
      new OutcomeMetric(MDAE, Task.REGRESSION, false, Metrics::mdaeOf);
  private static final Metric R2_METRIC = new OutcomeMetric(R2, Task.REGRESSION, Metrics::r2Of);
  private static final Metric MAPE_METRIC =
      new OutcomeMetric(MAPE, Task.REGRESSION, false, Metrics::mapeOf);
  // Not a proportion: the mean of per-class recalls, not a share of the rows.
  private static final Metric BALANCED_ACCURACY_METRIC =
      new OutcomeMetric(
          BALANCED_ACCURACY, Task.CLASSIFICATION, true, false, Metrics::balancedAccuracyOf);
  private static final Metric MCC_METRIC =
      new OutcomeMetric(MCC, Task.CLASSIFICATION, Metrics::mccOf);
  private static final Metric BRIER_METRIC =
      new OutcomeMetric(BRIER, Task.CLASSIFICATION, false, Metrics::brierOf);
  private static final Metric AVERAGE_PRECISION_METRIC =
      new OutcomeMetric(AVERAGE_PRECISION, Task.CLASSIFICATION, Metrics::averagePrecisionOf);

  private Metrics() {}

  // ---------------------------------------------------------------- Metric factories

  /**
   * Share of rows whose most probable class is the true class ({@code "accuracy"}); for
   * classification. On ties between classes the first class wins, as
   * {@link Outcomes#predictedClasses()}. A proportion of rows: {@link Bounds#wilson()} and
   * {@link Bounds#clopperPearson()} give its interval.
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


  /**
   * Mean squared error ({@code "mse"}, lower is better); for regression.
   *
   * @return the shared MSE metric
   */
  public static Metric mse() {
    return MSE_METRIC;
  }

  /**
   * Median absolute error ({@code "median_absolute_error"}, lower is better); for regression.
   *
   * @return the shared median-absolute-error metric
   */
  public static Metric medianAbsoluteError() {
    return MDAE_METRIC;
  }

  /**
   * Coefficient of determination R² ({@code "r2"}, higher is better); for regression.
   *
   * @return the shared R² metric
   */
  public static Metric r2() {
    return R2_METRIC;
  }

  /**
   * Mean absolute percentage error as a fraction ({@code "mape"}, lower is better); for
   * regression. See {@link #mape(double[], double[])}.
   *
   * @return the shared MAPE metric
   */
  public static Metric mape() {
    return MAPE_METRIC;
  }

  /**
   * ACPER, the share of predictions that are not almost correct ({@code "acper_<p>"}, lower is
   * better); for regression. See {@link #acper(double[], double[], double)}. A proportion of
   * rows: {@link Bounds#wilson()} and {@link Bounds#clopperPearson()} give its interval.
   *
   * @param p the relative tolerance, e.g. 0.05 for 5%
   * @return an ACPER metric with that tolerance
   * @throws IllegalArgumentException if p is negative, NaN or infinite
   */
  public static Metric acper(double p) {
    checkTolerance(p);
    return new OutcomeMetric(
        ACPER + "_" + p, Task.REGRESSION, false, true, o -> 1.0 - almostCorrectOf(o, p, ACPER));
  }

  /**
   * Balanced accuracy, the mean recall over classes ({@code "balanced_accuracy"}); for
   * classification, on the most probable class.
   *
   * @return the shared balanced-accuracy metric
   */
  public static Metric balancedAccuracy() {
    return BALANCED_ACCURACY_METRIC;
  }

  /**
   * Precision on the most probable class ({@code "precision"}, {@code "precision_micro"},
   * {@code "precision_macro"}, {@code "precision_weighted"}); for classification. With
   * {@link Average#BINARY} the outcomes need exactly two classes and the second is positive.
   * A class with no predicted row scores 0.
   *
   * @param average how classes are combined
   * @return a precision metric
   */
  public static Metric precision(Average average) {
    return prfMetric(PRECISION, average, 1.0, 0);
  }

  /**
   * Recall on the most probable class ({@code "recall"}, {@code "recall_micro"}, ...); for
   * classification. See {@link #precision(Average)}.
   *
   * @param average how classes are combined
   * @return a recall metric
   */
  public static Metric recall(Average average) {
    return prfMetric(RECALL, average, 1.0, 1);
  }

  /**
   * F1 on the most probable class ({@code "f1"}, {@code "f1_micro"}, {@code "f1_macro"},
   * {@code "f1_weighted"}); for classification. See {@link #precision(Average)}.
   *
   * @param average how classes are combined
   * @return an F1 metric
   */
  public static Metric f1(Average average) {
    return prfMetric(F1, average, 1.0, 2);
  }

  /**
   * Cohen's kappa between the true and the most probable class ({@code "cohen_kappa"},
   * {@code "cohen_kappa_linear"}, {@code "cohen_kappa_quadratic"}); for classification. The
   * weights use the class positions in {@link Outcomes#classes()}.
   *
   * @param weights the disagreement weights
   * @return a kappa metric
   */
  public static Metric cohenKappa(KappaWeights weights) {
    Check.notNull(weights, COHEN_KAPPA, "weights", "KappaWeights.NONE, LINEAR or QUADRATIC");
    String name =
        weights == KappaWeights.NONE
            ? COHEN_KAPPA
            : COHEN_KAPPA + "_" + weights.name().toLowerCase(Locale.ROOT);
    return new OutcomeMetric(
        name,
        Task.CLASSIFICATION,
        o -> {
          int[] labels = indices(o.classes().size());
          return kappaChecked(name, o.trueClasses(), o.predictedClasses(), labels, weights);
        });
  }

  /**
   * Matthews correlation coefficient on the most probable class ({@code "matthews_corrcoef"});
   * for classification.
   *
   * @return the shared MCC metric
   */
  public static Metric matthewsCorrelation() {
    return MCC_METRIC;
  }

  /**
   * Brier score of the positive (second) class's probability ({@code "brier_score"}, lower is
   * better); for binary classification.
   *
   * @return the shared Brier metric
   */
  public static Metric brierScore() {
    return BRIER_METRIC;
  }

  /**
   * Average precision of the positive (second) class's probability
   * ({@code "average_precision"}); for binary classification.
   *
   * @return the shared average-precision metric
   */
  public static Metric averagePrecision() {
    return AVERAGE_PRECISION_METRIC;
  }

  /**
   * One-vs-rest ROC AUC of a multi-class classifier ({@code "roc_auc_ovr"},
   * {@code "roc_auc_ovr_weighted"}, {@code "roc_auc_ovr_micro"}); every class must occur.
   *
   * @param average {@link Average#MACRO}, {@link Average#WEIGHTED} or {@link Average#MICRO}
   * @return a one-vs-rest AUC metric
   * @throws IllegalArgumentException for {@link Average#BINARY}
   */
  public static Metric rocAucOvr(Average average) {
    checkAucAverage(ROC_AUC_OVR, average, true);
    String name = ROC_AUC_OVR + (average == Average.MACRO ? "" : "_" + average.sklearnName());
    return new OutcomeMetric(
        name,
        Task.CLASSIFICATION,
        o -> {
          int k = o.classes().size();
          double[][] proba = probabilityMatrix(o, k);
          Check.probabilityMatrix(name, "probabilities", proba, "", false);
          return multiClassAucChecked(
              name, o.trueClasses(), proba, k, average, false, "probabilities",
              className(o.classes()));
        });
  }

  /**
   * Hand and Till's one-vs-one ROC AUC ({@code "roc_auc_ovo"}, {@code "roc_auc_ovo_weighted"});
   * every class must occur.
   *
   * @param average {@link Average#MACRO} or {@link Average#WEIGHTED}
   * @return a one-vs-one AUC metric
   * @throws IllegalArgumentException for {@link Average#BINARY} or {@link Average#MICRO}
   */
  public static Metric rocAucOvo(Average average) {
    checkAucAverage(ROC_AUC_OVO, average, false);
    String name = ROC_AUC_OVO + (average == Average.MACRO ? "" : "_" + average.sklearnName());
    return new OutcomeMetric(
        name,
        Task.CLASSIFICATION,
        o -> {
          int k = o.classes().size();
          double[][] proba = probabilityMatrix(o, k);
          Check.probabilityMatrix(name, "probabilities", proba, "", false);
          return multiClassAucChecked(
              name, o.trueClasses(), proba, k, average, true, "probabilities",
              className(o.classes()));
        });
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

  /**
   * Mean squared error, mean((y − yhat)²), as sklearn's {@code mean_squared_error(y, yhat)}.
   *
   * @param y each row's true value
   * @param yhat each row's predicted value
   * @return a value ≥ 0, in the square of y's unit
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     or a value is NaN or infinite
   */
  public static double mse(double[] y, double[] yhat) {
    checkRegression(MSE, y, "y", yhat, "yhat");
    return meanSquare(y, yhat);
  }

  /**
   * Median absolute error, median(|y − yhat|), as sklearn's {@code median_absolute_error}
   * ({@code np.median}: with an even number of rows, the mean of the two middle errors).
   *
   * @param y each row's true value
   * @param yhat each row's predicted value
   * @return a value ≥ 0, in the unit of y; robust to a few wild errors
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     or a value is NaN or infinite
   */
  public static double medianAbsoluteError(double[] y, double[] yhat) {
    checkRegression(MDAE, y, "y", yhat, "yhat");
    return medianAbsolute(y, yhat);
  }

  /**
   * Coefficient of determination, 1 − Σ(y − yhat)² / Σ(y − mean y)², as sklearn's
   * {@code r2_score}: when every y is the same, 1.0 for a perfect prediction and 0.0 otherwise
   * ({@code force_finite=True}).
   *
   * @param y each row's true value
   * @param yhat each row's predicted value
   * @return at most 1; 0 is the mean's score, and it is unbounded below
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     or a value is NaN or infinite
   */
  public static double r2(double[] y, double[] yhat) {
    checkRegression(R2, y, "y", yhat, "yhat");
    return rSquared(y, yhat);
  }

  /**
   * Mean absolute percentage error as a fraction (not a percentage), as sklearn's
   * {@code mean_absolute_percentage_error}: mean(|y − yhat| / max(|y|, ε)) with ε the double
   * machine epsilon 2.220446049250313E-16 — so a row with y = 0 and a wrong prediction weighs
   * about 4.5e15 times its error.
   *
   * @param y each row's true value
   * @param yhat each row's predicted value
   * @return a value ≥ 0; 0.25 means 25%
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     or a value is NaN or infinite
   */
  public static double mape(double[] y, double[] yhat) {
    checkRegression(MAPE, y, "y", yhat, "yhat");
    return meanAbsolutePercentage(y, yhat);
  }

  /**
   * ACPER (Burkov's almost-correct prediction error rate): the share of rows whose prediction is
   * <em>not</em> almost correct, i.e. with |yhat − y| &gt; p·|y|; equal to
   * 1 − {@link #almostCorrectShare(double[], double[], double)}, so lower is better. The bound
   * uses |y|, so it stays an interval around y when y is negative (the book's
   * y(1 − p) ≤ yhat ≤ y(1 + p) would invert there). For y = 0 the tolerance is 0: only an
   * exact prediction is almost correct.
   *
   * @param y each row's true value
   * @param yhat each row's predicted value
   * @param p the relative tolerance, ≥ 0; 0.05 means within 5% of |y|
   * @return a value in [0, 1]
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     a value is NaN or infinite, or p is negative, NaN or infinite
   */
  public static double acper(double[] y, double[] yhat, double p) {
    checkRegression(ACPER, y, "y", yhat, "yhat");
    checkTolerance(p);
    return 1.0 - almostCorrect(y, yhat, p);
  }

  /**
   * The share of rows whose prediction is almost correct: |yhat − y| ≤ p·|y| (for y = 0 only
   * yhat = 0). See {@link #acper(double[], double[], double)}.
   *
   * @param y each row's true value
   * @param yhat each row's predicted value
   * @param p the relative tolerance, ≥ 0
   * @return a value in [0, 1]; higher is better
   * @throws IllegalArgumentException as {@link #acper(double[], double[], double)}
   */
  public static double almostCorrectShare(double[] y, double[] yhat, double p) {
    checkRegression(ACPER, y, "y", yhat, "yhat");
    checkTolerance(p);
    return almostCorrect(y, yhat, p);
  }

  // ---------------------------------------------------------------- classification on labels

  /**
   * The confusion matrix, as sklearn's {@code confusion_matrix(yTrue, yPred)}: rows are true
   * labels, columns predicted labels, both in ascending label order over yTrue and yPred.
   *
   * @param yTrue each row's true label (any int coding)
   * @param yPred each row's predicted label, in the same coding
   * @return the counts with their labels
   * @throws IllegalArgumentException if an array is null, the lengths differ or there are no rows
   */
  public static ConfusionMatrix confusionMatrix(int[] yTrue, int[] yPred) {
    checkLabels(CONFUSION_MATRIX, yTrue, yPred);
    int[] labels = Counts.sortedLabels(yTrue, yPred);
    return ConfusionMatrix.of(labels, Counts.confusion(yTrue, yPred, labels));
  }

  /**
   * The confusion matrix over the given labels, in the given order, as sklearn's
   * {@code confusion_matrix(yTrue, yPred, labels=labels)}: rows whose true or predicted label
   * is not listed are not counted, and a listed label that never occurs gets zeros.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param labels the labels to count, distinct, at least one of them in yTrue
   * @return the counts with their labels
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     labels is empty or repeats a label, or no label occurs in yTrue
   */
  public static ConfusionMatrix confusionMatrix(int[] yTrue, int[] yPred, int... labels) {
    checkLabels(CONFUSION_MATRIX, yTrue, yPred);
    Check.notNull(labels, CONFUSION_MATRIX, "labels", "the labels to count, in row order");
    Check.labels(CONFUSION_MATRIX, labels);
    Check.someLabelInTruth(CONFUSION_MATRIX, labels, yTrue);
    return ConfusionMatrix.of(labels.clone(), Counts.confusion(yTrue, yPred, labels));
  }

  /**
   * Binary precision tp / (tp + fp) of label 1, as sklearn's {@code precision_score(yTrue,
   * yPred)}; 0 when nothing is predicted positive.
   *
   * @param yTrue each row's true label, at most two distinct labels over both arrays, one of
   *     them 1 (the positive class)
   * @param yPred each row's predicted label
   * @return a value in [0, 1]
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     there are more than two labels, or two labels of which neither is 1
   */
  public static double precision(int[] yTrue, int[] yPred) {
    return prf(PRECISION, yTrue, yPred, 1.0, Average.BINARY, null, 0.0, 0);
  }

  /**
   * Precision averaged over labels, as sklearn's {@code precision_score(yTrue, yPred,
   * average=...)} with zero_division 0.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param average how per-label precisions are combined
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #fBeta(int[], int[], double, Average, int[],
   *     double)}
   */
  public static double precision(int[] yTrue, int[] yPred, Average average) {
    return prf(PRECISION, yTrue, yPred, 1.0, average, null, 0.0, 0);
  }

  /**
   * Precision with every option of sklearn's {@code precision_score}. See
   * {@link #fBeta(int[], int[], double, Average, int[], double)} for labels and zeroDivision.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param average how per-label precisions are combined
   * @param labels the labels to score, or null for the sorted labels of yTrue and yPred
   * @param zeroDivision the precision of a label that is never predicted, in [0, 1]
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #fBeta(int[], int[], double, Average, int[],
   *     double)}
   */
  public static double precision(
      int[] yTrue, int[] yPred, Average average, int[] labels, double zeroDivision) {
    return prf(PRECISION, yTrue, yPred, 1.0, average, labels, zeroDivision, 0);
  }

  /**
   * Binary recall tp / (tp + fn) of label 1, as sklearn's {@code recall_score(yTrue, yPred)}.
   *
   * @param yTrue each row's true label; see {@link #precision(int[], int[])}
   * @param yPred each row's predicted label
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #precision(int[], int[])}
   */
  public static double recall(int[] yTrue, int[] yPred) {
    return prf(RECALL, yTrue, yPred, 1.0, Average.BINARY, null, 0.0, 1);
  }

  /**
   * Recall averaged over labels, as sklearn's {@code recall_score(average=...)}. Macro recall
   * is balanced accuracy.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param average how per-label recalls are combined
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #fBeta(int[], int[], double, Average, int[],
   *     double)}
   */
  public static double recall(int[] yTrue, int[] yPred, Average average) {
    return prf(RECALL, yTrue, yPred, 1.0, average, null, 0.0, 1);
  }

  /**
   * Recall with every option of sklearn's {@code recall_score}.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param average how per-label recalls are combined
   * @param labels the labels to score, or null for the sorted labels of yTrue and yPred
   * @param zeroDivision the recall of a label that never occurs in yTrue, in [0, 1]
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #fBeta(int[], int[], double, Average, int[],
   *     double)}
   */
  public static double recall(
      int[] yTrue, int[] yPred, Average average, int[] labels, double zeroDivision) {
    return prf(RECALL, yTrue, yPred, 1.0, average, labels, zeroDivision, 1);
  }

  /**
   * Binary F1 of label 1, the harmonic mean of precision and recall, as sklearn's
   * {@code f1_score(yTrue, yPred)}.
   *
   * @param yTrue each row's true label; see {@link #precision(int[], int[])}
   * @param yPred each row's predicted label
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #precision(int[], int[])}
   */
  public static double f1(int[] yTrue, int[] yPred) {
    return prf(F1, yTrue, yPred, 1.0, Average.BINARY, null, 0.0, 2);
  }

  /**
   * F1 averaged over labels, as sklearn's {@code f1_score(average=...)}. Macro F1 is the mean
   * of per-label F1, not the F1 of macro precision and recall; for single-label data over all
   * labels, micro F1 equals accuracy.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param average how per-label scores are combined
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #fBeta(int[], int[], double, Average, int[],
   *     double)}
   */
  public static double f1(int[] yTrue, int[] yPred, Average average) {
    return prf(F1, yTrue, yPred, 1.0, average, null, 0.0, 2);
  }

  /**
   * F1 with every option of sklearn's {@code f1_score}.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param average how per-label scores are combined
   * @param labels the labels to score, or null for the sorted labels of yTrue and yPred
   * @param zeroDivision the precision or recall that replaces a 0/0, in [0, 1]
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #fBeta(int[], int[], double, Average, int[],
   *     double)}
   */
  public static double f1(
      int[] yTrue, int[] yPred, Average average, int[] labels, double zeroDivision) {
    return prf(F1, yTrue, yPred, 1.0, average, labels, zeroDivision, 2);
  }

  /**
   * Binary F-beta of label 1, (1 + β²)·P·R / (β²·P + R), as sklearn's
   * {@code fbeta_score(yTrue, yPred, beta=beta)}: β &gt; 1 favours recall, β &lt; 1 precision.
   *
   * @param yTrue each row's true label; see {@link #precision(int[], int[])}
   * @param yPred each row's predicted label
   * @param beta the weight of recall, ≥ 0 (0 gives precision, infinity recall)
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #precision(int[], int[])}, or if beta is
   *     negative or NaN
   */
  public static double fBeta(int[] yTrue, int[] yPred, double beta) {
    return prf(FBETA, yTrue, yPred, beta, Average.BINARY, null, 0.0, 2);
  }

  /**
   * F-beta averaged over labels, as sklearn's {@code fbeta_score(beta=..., average=...)}.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param beta the weight of recall, ≥ 0
   * @param average how per-label scores are combined
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #fBeta(int[], int[], double, Average, int[],
   *     double)}
   */
  public static double fBeta(int[] yTrue, int[] yPred, double beta, Average average) {
    return prf(FBETA, yTrue, yPred, beta, average, null, 0.0, 2);
  }

  /**
   * F-beta with every option of sklearn's {@code fbeta_score}. Per label, precision is
   * tp / (tp + fp) and recall tp / (tp + fn); a 0/0 in either is replaced by
   * {@code zeroDivision} (sklearn's {@code zero_division}; it accepts 0 or 1, this accepts any
   * value between), and F is 0 when β²·P + R is 0. A label listed in {@code labels} that never
   * occurs in yTrue nor yPred still counts in the average, with P = R = F = zeroDivision.
   * {@link Average#BINARY} scores label 1 alone and takes no labels; with
   * {@link Average#WEIGHTED} and no true row of any listed label the result is zeroDivision
   * (precision 0 if something was predicted).
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param beta the weight of recall, ≥ 0 (0 gives precision, infinity recall)
   * @param average how per-label scores are combined
   * @param labels the labels to score, distinct, or null for the sorted labels of yTrue and
   *     yPred
   * @param zeroDivision the value that replaces a 0/0 precision or recall, in [0, 1]
   * @return a value in [0, 1]
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     beta is negative or NaN, zeroDivision is outside [0, 1], labels is empty, repeats a
   *     label or is given with BINARY, or BINARY meets more than two labels or two labels
   *     without 1
   */
  public static double fBeta(
      int[] yTrue, int[] yPred, double beta, Average average, int[] labels, double zeroDivision) {
    return prf(FBETA, yTrue, yPred, beta, average, labels, zeroDivision, 2);
  }

  /**
   * Per-label precision, recall, F-beta and support over the sorted labels of yTrue and yPred,
   * as sklearn's {@code precision_recall_fscore_support(yTrue, yPred, beta=beta)}.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param beta the weight of recall, ≥ 0
   * @return the scores per label
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     or beta is negative or NaN
   */
  public static ClassScores classScores(int[] yTrue, int[] yPred, double beta) {
    return classScores(yTrue, yPred, beta, null, 0.0);
  }

  /**
   * Per-label scores over the given labels, with sklearn's {@code zero_division}.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param beta the weight of recall, ≥ 0
   * @param labels the labels to score, distinct, or null for the sorted labels of the data
   * @param zeroDivision the value that replaces a 0/0 precision or recall, in [0, 1]
   * @return the scores per label
   * @throws IllegalArgumentException as {@link #fBeta(int[], int[], double, Average, int[],
   *     double)}
   */
  public static ClassScores classScores(
      int[] yTrue, int[] yPred, double beta, int[] labels, double zeroDivision) {
    checkLabels(FBETA, yTrue, yPred);
    checkPrfOptions(FBETA, beta, zeroDivision);
    int[] l = labels == null ? Counts.sortedLabels(yTrue, yPred) : labels.clone();
    if (labels != null) {
      Check.labels(FBETA, l);
    }
    Counts.LabelSums s = Counts.perLabel(yTrue, yPred, l);
    Counts.Scores sc = Counts.scores(s, beta, zeroDivision);
    long[] support = new long[l.length];
    for (int i = 0; i < l.length; i++) {
      support[i] = (long) s.actual()[i];
    }
    return new ClassScores(
        Lists.ofInts(l),
        Lists.of(sc.precision()),
        Lists.of(sc.recall()),
        Lists.of(sc.f()),
        Lists.ofLongs(support));
  }

  /**
   * Balanced accuracy, the mean over true labels of each label's recall, as sklearn's
   * {@code balanced_accuracy_score} (Burkov's "per-class accuracy"): labels that are only
   * predicted, never true, are left out.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @return a value in [0, 1]
   * @throws IllegalArgumentException if an array is null, the lengths differ or there are no rows
   */
  public static double balancedAccuracy(int[] yTrue, int[] yPred) {
    checkLabels(BALANCED_ACCURACY, yTrue, yPred);
    return Counts.balancedAccuracy(yTrue, yPred);
  }

  /**
   * Cohen's kappa between two labelings, as sklearn's {@code cohen_kappa_score(y1, y2)}:
   * (pₒ − pₑ)/(1 − pₑ).
   *
   * @param y1 the first rater's label per row (e.g. the truth)
   * @param y2 the second rater's label per row
   * @return a value ≤ 1; 1 is perfect agreement, 0 chance
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     or both raters use a single, identical label (kappa is 0/0)
   */
  public static double cohenKappa(int[] y1, int[] y2) {
    return cohenKappa(y1, y2, KappaWeights.NONE, null);
  }

  /**
   * Weighted Cohen's kappa, as sklearn's {@code cohen_kappa_score(y1, y2, weights=...)}: the
   * weight of a disagreement is the distance between the two labels' positions in the sorted
   * label list, not between their values.
   *
   * @param y1 the first rater's label per row
   * @param y2 the second rater's label per row
   * @param weights the disagreement weights
   * @return a value ≤ 1
   * @throws IllegalArgumentException as {@link #cohenKappa(int[], int[])}
   */
  public static double cohenKappa(int[] y1, int[] y2, KappaWeights weights) {
    return cohenKappa(y1, y2, weights, null);
  }

  /**
   * Weighted Cohen's kappa over the given labels, in the given order (which sets the positions
   * the weights use), as sklearn's {@code cohen_kappa_score(y1, y2, labels=..., weights=...)}.
   *
   * @param y1 the first rater's label per row
   * @param y2 the second rater's label per row
   * @param weights the disagreement weights
   * @param labels the labels, distinct, at least one in y1; or null for the sorted labels
   * @return a value ≤ 1
   * @throws IllegalArgumentException as {@link #cohenKappa(int[], int[])}, or for bad labels as
   *     {@link #confusionMatrix(int[], int[], int...)}
   */
  public static double cohenKappa(int[] y1, int[] y2, KappaWeights weights, int[] labels) {
    Check.notNull(y1, COHEN_KAPPA, "y1", "an int[] with the first rater's label of every row");
    Check.notNull(y2, COHEN_KAPPA, "y2", "an int[] with the second rater's label of every row");
    Check.sameLength(COHEN_KAPPA, "y1", y1.length, "y2", y2.length);
    Check.notEmpty(COHEN_KAPPA, y1.length);
    Check.notNull(weights, COHEN_KAPPA, "weights", "KappaWeights.NONE, LINEAR or QUADRATIC");
    int[] l = labels == null ? Counts.sortedLabels(y1, y2) : labels.clone();
    if (labels != null) {
      Check.labels(COHEN_KAPPA, l);
      Check.someLabelInTruth(COHEN_KAPPA, l, y1);
    }
    return kappaChecked(COHEN_KAPPA, y1, y2, l, weights);
  }

  /**
   * Matthews correlation coefficient, as sklearn's {@code matthews_corrcoef} (the multi-class
   * form, which reduces to (tp·tn − fp·fn)/√(...) for two labels); 0 when either labeling is
   * constant.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @return a value in [−1, 1]
   * @throws IllegalArgumentException if an array is null, the lengths differ or there are no rows
   */
  public static double matthewsCorrelation(int[] yTrue, int[] yPred) {
    checkLabels(MCC, yTrue, yPred);
    return Counts.mcc(yTrue, yPred);
  }

  // ---------------------------------------------------------------- curves and AUC variants

  /**
   * The ROC curve, as sklearn 1.2's {@code roc_curve(yTrue, score)}: collinear intermediate
   * points dropped ({@code drop_intermediate=True}), first threshold = highest score + 1.
   *
   * @param yTrue each row's label, 0 or 1, both present
   * @param score each row's score for class 1 (only the order matters)
   * @return fpr, tpr and thresholds
   * @throws IllegalArgumentException as {@link #rocAuc(int[], double[])}
   */
  public static RocCurve rocCurve(int[] yTrue, double[] score) {
    return rocCurve(yTrue, score, null, true);
  }

  /**
   * The ROC curve, keeping every distinct threshold when {@code dropIntermediate} is false.
   *
   * @param yTrue each row's label, 0 or 1, both present
   * @param score each row's score for class 1
   * @param dropIntermediate sklearn's {@code drop_intermediate}
   * @return fpr, tpr and thresholds
   * @throws IllegalArgumentException as {@link #rocAuc(int[], double[])}
   */
  public static RocCurve rocCurve(int[] yTrue, double[] score, boolean dropIntermediate) {
    return rocCurve(yTrue, score, null, dropIntermediate);
  }

  /**
   * The ROC curve with sample weights ({@code roc_curve(..., sample_weight=w)}): rows of weight
   * 0 are dropped, the rates are weighted sums.
   *
   * @param yTrue each row's label, 0 or 1, both present with positive weight
   * @param score each row's score for class 1
   * @param sampleWeight each row's weight, finite and ≥ 0; or null for unit weights
   * @param dropIntermediate sklearn's {@code drop_intermediate}
   * @return fpr, tpr and thresholds
   * @throws IllegalArgumentException as {@link #rocAuc(int[], double[], double[])}
   */
  public static RocCurve rocCurve(
      int[] yTrue, double[] score, double[] sampleWeight, boolean dropIntermediate) {
    checkBinaryScores(ROC_CURVE, yTrue, score, sampleWeight);
    return Curves.roc(yTrue, score, sampleWeight, dropIntermediate);
  }

  /**
   * Binary ROC AUC with sample weights, as sklearn's {@code roc_auc_score(yTrue, score,
   * sample_weight=w)}: a pair counts with the product of its rows' weights.
   *
   * @param yTrue each row's label, 0 or 1
   * @param score each row's score for class 1
   * @param sampleWeight each row's weight, finite and ≥ 0 (0 drops the row)
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #rocAuc(int[], double[])}, or if a weight is
   *     negative, NaN or infinite, its length differs, or a class keeps no weight
   */
  public static double rocAuc(int[] yTrue, double[] score, double[] sampleWeight) {
    Check.notNull(sampleWeight, ROC_AUC, "sampleWeight", "a double[] with every row's weight");
    checkBinaryScores(ROC_AUC, yTrue, score, sampleWeight);
    return Curves.weightedAuc(yTrue, score, sampleWeight);
  }

  /**
   * Standardized partial ROC AUC up to a false positive rate, as sklearn's
   * {@code roc_auc_score(yTrue, score, max_fpr=maxFpr)}: the area A under the curve for
   * FPR ≤ m (with a point interpolated at m), mapped by McClish's correction
   * ½·(1 + (A − m²/2)/(m − m²/2)) so that chance is 0.5 and perfect 1.
   *
   * @param yTrue each row's label, 0 or 1, both present
   * @param score each row's score for class 1
   * @param maxFpr the largest false positive rate that counts, in (0, 1]; 1 gives the full AUC
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #rocAuc(int[], double[])}, or if maxFpr is not in
   *     (0, 1]
   */
  public static double partialRocAuc(int[] yTrue, double[] score, double maxFpr) {
    checkBinaryScores(ROC_AUC, yTrue, score, null);
    Check.argument(
        maxFpr > 0.0 && maxFpr <= 1.0,
        "%s: maxFpr is %s; expected a false positive rate in (0, 1] — e.g. 0.1 for the area "
            + "up to 10%% false positives",
        ROC_AUC, maxFpr);
    return Curves.partialAuc(yTrue, score, maxFpr);
  }

  /**
   * One-vs-rest ROC AUC of class probabilities, as sklearn's {@code roc_auc_score(yTrue, proba,
   * multi_class="ovr", average=...)}: {@link Average#MACRO} the mean of the classes' AUCs,
   * {@link Average#WEIGHTED} weighted by class support, {@link Average#MICRO} one AUC over every
   * (row, class) cell.
   *
   * @param yTrue each row's true class index; column j of {@code proba} is class j, and every
   *     class must occur
   * @param proba each row's probability per class, at least 2 columns, rows summing to 1
   * @param average MACRO, WEIGHTED or MICRO
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #rocAuc(int[], double[][])}, or for
   *     {@link Average#BINARY}
   */
  public static double rocAucOvr(int[] yTrue, double[][] proba, Average average) {
    checkAucAverage(ROC_AUC_OVR, average, true);
    int k = checkProbaMatrix(ROC_AUC_OVR, yTrue, proba);
    return multiClassAucChecked(
        ROC_AUC_OVR, yTrue, proba, k, average, false, "proba", String::valueOf);
  }

  /**
   * Each class's one-vs-rest ROC AUC, as sklearn's {@code roc_auc_score(multi_class="ovr",
   * average=None)}.
   *
   * @param yTrue each row's true class index, every class present
   * @param proba each row's probability per class, rows summing to 1
   * @return one AUC per column
   * @throws IllegalArgumentException as {@link #rocAuc(int[], double[][])}
   */
  public static List<Double> rocAucOvrPerClass(int[] yTrue, double[][] proba) {
    int k = checkProbaMatrix(ROC_AUC_OVR, yTrue, proba);
    Check.rowsSumToOne(ROC_AUC_OVR, "proba", proba);
    Check.everyClass(ROC_AUC_OVR, yTrue, k, String::valueOf);
    return Lists.of(RocAuc.ovrPerClass(yTrue, proba, k));
  }

  /**
   * Hand and Till's one-vs-one ROC AUC, as sklearn's {@code roc_auc_score(yTrue, proba,
   * multi_class="ovo", average=...)}: for each pair of classes (a, b), on the rows of a or b,
   * the mean of AUC(a vs b on column a) and AUC(b vs a on column b); {@link Average#MACRO}
   * averages the pairs, {@link Average#WEIGHTED} weighs each by its share of rows.
   *
   * @param yTrue each row's true class index, every class present
   * @param proba each row's probability per class, rows summing to 1
   * @param average MACRO or WEIGHTED
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #rocAuc(int[], double[][])}, or for
   *     {@link Average#BINARY} or {@link Average#MICRO}
   */
  public static double rocAucOvo(int[] yTrue, double[][] proba, Average average) {
    checkAucAverage(ROC_AUC_OVO, average, false);
    int k = checkProbaMatrix(ROC_AUC_OVO, yTrue, proba);
    return multiClassAucChecked(
        ROC_AUC_OVO, yTrue, proba, k, average, true, "proba", String::valueOf);
  }

  /**
   * Precision and recall at every distinct threshold, as sklearn 1.2's
   * {@code precision_recall_curve(yTrue, score)}.
   *
   * @param yTrue each row's label, 0 or 1, at least one 1
   * @param score each row's score for class 1
   * @return precision, recall and thresholds
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     a label is not 0/1, a score is NaN or infinite, or no row is positive
   */
  public static PrecisionRecallCurve precisionRecallCurve(int[] yTrue, double[] score) {
    checkPositiveScores(PR_CURVE, yTrue, score);
    return Curves.precisionRecall(yTrue, score);
  }

  /**
   * Average precision, the step-function area under the precision–recall curve
   * Σ (Rₙ − Rₙ₋₁)·Pₙ, as sklearn's {@code average_precision_score(yTrue, score)} (no
   * interpolation).
   *
   * @param yTrue each row's label, 0 or 1, at least one 1
   * @param score each row's score for class 1
   * @return a value in [0, 1]; the share of positives is chance
   * @throws IllegalArgumentException as {@link #precisionRecallCurve(int[], double[])}
   */
  public static double averagePrecision(int[] yTrue, double[] score) {
    checkPositiveScores(AVERAGE_PRECISION, yTrue, score);
    return Curves.averagePrecision(yTrue, score);
  }

  /**
   * Brier score, mean((p − y)²), as sklearn's {@code brier_score_loss(yTrue, pPositive)}.
   *
   * @param yTrue01 each row's label, 0 or 1
   * @param pPositive each row's predicted probability of class 1, in [0, 1]
   * @return a value in [0, 1]; lower is better
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     a label is not 0/1, or a probability is NaN or outside [0, 1]
   */
  public static double brierScore(int[] yTrue01, double[] pPositive) {
    checkBinaryProbabilities(BRIER, yTrue01, pPositive);
    return brier(yTrue01, pPositive);
  }

  // ---------------------------------------------------------------- ranking

  /**
   * Discounted cumulative gain, averaged over queries, as sklearn's
   * {@code dcg_score(relevance, scores)}: per query Σ relᵢ / log₂(rankᵢ + 1) with the items
   * ranked by descending score and tied scores sharing their mean gain. The gain is the
   * relevance itself (for the exponential gain 2^rel − 1 pass that as the relevance).
   *
   * @param relevance per query (row), each item's true relevance
   * @param scores per query, each item's predicted score; same shape as relevance
   * @return the mean DCG over queries
   * @throws IllegalArgumentException if an array is null, the shapes differ, there is no query or
   *     an empty one, or a value is NaN or infinite
   */
  public static double dcg(double[][] relevance, double[][] scores) {
    return dcg(relevance, scores, Ranking.full());
  }

  /**
   * DCG with a cut-off, log base or tie rule, as {@code dcg_score(k=..., log_base=...,
   * ignore_ties=...)}.
   *
   * @param relevance per query, each item's true relevance
   * @param scores per query, each item's predicted score
   * @param ranking the cut-off, base and tie rule
   * @return the mean DCG over queries
   * @throws IllegalArgumentException as {@link #dcg(double[][], double[][])}
   */
  public static double dcg(double[][] relevance, double[][] scores, Ranking ranking) {
    checkRanking(DCG, relevance, scores, ranking, false);
    double[] perQuery = new double[relevance.length];
    for (int q = 0; q < relevance.length; q++) {
      perQuery[q] = Ranks.dcg(relevance[q], scores[q], ranking);
    }
    return Sums.mean(perQuery);
  }

  /**
   * Normalized DCG, averaged over queries, as sklearn's {@code ndcg_score(relevance, scores)}:
   * per query DCG / DCG of the ideal order; a query whose relevances are all 0 scores 0.
   *
   * @param relevance per query, each item's true relevance, ≥ 0
   * @param scores per query, each item's predicted score
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #dcg(double[][], double[][])}, or if a relevance
   *     is negative
   */
  public static double ndcg(double[][] relevance, double[][] scores) {
    return ndcg(relevance, scores, Ranking.full());
  }

  /**
   * nDCG with a cut-off or tie rule, as {@code ndcg_score(k=..., ignore_ties=...)} (the log base
   * cancels out).
   *
   * @param relevance per query, each item's true relevance, ≥ 0
   * @param scores per query, each item's predicted score
   * @param ranking the cut-off and tie rule
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #ndcg(double[][], double[][])}
   */
  public static double ndcg(double[][] relevance, double[][] scores, Ranking ranking) {
    checkRanking(NDCG, relevance, scores, ranking, true);
    double[] perQuery = new double[relevance.length];
    for (int q = 0; q < relevance.length; q++) {
      perQuery[q] = Ranks.ndcg(relevance[q], scores[q], ranking);
    }
    return Sums.mean(perQuery);
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

  private static void checkTolerance(double p) {
    Check.argument(
        Double.isFinite(p) && p >= 0.0,
        "%s: p is %s; expected a finite relative tolerance >= 0 — e.g. 0.05 for within 5%% of |y|",
        ACPER, p);
  }

  private static double meanSquare(double[] y, double[] yhat) {
    double[] squares = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      double e = y[i] - yhat[i];
      squares[i] = e * e;
    }
    return Sums.mean(squares);
  }

  private static double medianAbsolute(double[] y, double[] yhat) {
    double[] errors = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      errors[i] = Math.abs(yhat[i] - y[i]);
    }
    return Quantiles.median(errors);
  }

  private static double rSquared(double[] y, double[] yhat) {
    double mean = Sums.mean(y);
    double[] residual = new double[y.length];
    double[] total = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      double e = y[i] - yhat[i];
      residual[i] = e * e;
      double d = y[i] - mean;
      total[i] = d * d;
    }
    double numerator = Sums.sum(residual);
    double denominator = Sums.sum(total);
    if (denominator == 0.0) {
      return numerator == 0.0 ? 1.0 : 0.0;
    }
    return 1 - numerator / denominator;
  }

  private static double meanAbsolutePercentage(double[] y, double[] yhat) {
    double[] ratios = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      ratios[i] = Math.abs(yhat[i] - y[i]) / Math.max(Math.abs(y[i]), LogLoss.EPS);
    }
    return Sums.mean(ratios);
  }

  /** Share of rows with |yhat − y| ≤ p·|y|. */
  private static double almostCorrect(double[] y, double[] yhat, double p) {
    double[] within = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      within[i] = Math.abs(yhat[i] - y[i]) <= p * Math.abs(y[i]) ? 1.0 : 0.0;
    }
    return Sums.mean(within);
  }

  private static void checkLabels(String metric, int[] yTrue, int[] yPred) {
    Check.notNull(yTrue, metric, "yTrue", "an int[] with the true label of every row");
    Check.notNull(yPred, metric, "yPred", "an int[] with the predicted label of every row");
    Check.sameLength(metric, "yTrue", yTrue.length, "yPred", yPred.length);
    Check.notEmpty(metric, yTrue.length);
  }

  private static void checkPrfOptions(String metric, double beta, double zeroDivision) {
    Check.argument(
        beta >= 0.0,
        "%s: beta is %s; expected beta >= 0 — 1 weighs precision and recall equally, 2 favours "
            + "recall, 0.5 precision",
        metric, beta);
    Check.unitInterval(
        metric,
        "zeroDivision",
        zeroDivision,
        "it replaces a precision or recall whose denominator is 0 (sklearn accepts 0 or 1)");
  }

  /** Precision (which = 0), recall (1) or F-beta (2), checked. */
  private static double prf(
      String metric,
      int[] yTrue,
      int[] yPred,
      double beta,
      Average average,
      int[] labels,
      double zeroDivision,
      int which) {
    checkLabels(metric, yTrue, yPred);
    Check.notNull(average, metric, "average", "Average.BINARY, MICRO, MACRO or WEIGHTED");
    checkPrfOptions(metric, beta, zeroDivision);
    int[] l;
    if (average == Average.BINARY) {
      Check.argument(
          labels == null,
          "%s: labels %s given with Average.BINARY, which scores label 1 alone; expected "
              + "labels = null — or choose Average.MICRO, MACRO or WEIGHTED to score chosen labels",
          metric, Arrays.toString(labels));
      checkBinaryLabelSet(metric, Counts.sortedLabels(yTrue, yPred));
      l = new int[] {1};
    } else if (labels == null) {
      l = Counts.sortedLabels(yTrue, yPred);
    } else {
      Check.labels(metric, labels);
      l = labels.clone();
    }
    return Counts.averaged(yTrue, yPred, l, average, beta, zeroDivision, which);
  }

  private static void checkBinaryLabelSet(String metric, int[] present) {
    Check.argument(
        present.length <= 2,
        "%s: Average.BINARY scores label 1 of a two-label problem but yTrue and yPred hold %d "
            + "labels %s; expected at most two — choose Average.MACRO, MICRO or WEIGHTED for "
            + "more than two classes",
        metric, present.length, Arrays.toString(present));
    boolean hasOne = false;
    for (int v : present) {
      hasOne |= v == 1;
    }
    Check.argument(
        hasOne || present.length < 2,
        "%s: Average.BINARY scores label 1 but yTrue and yPred hold labels %s; expected 1 to "
            + "be the positive label — recode the positive class as 1",
        metric, Arrays.toString(present));
  }

  private static double kappaChecked(
      String metric, int[] y1, int[] y2, int[] labels, KappaWeights weights) {
    Check.argument(
        Counts.expectedDisagreement(y1, y2, labels, weights) != 0.0,
        "%s is undefined here: the chance disagreement is 0 (both raters use one and the same "
            + "label, or no row has a listed label); expected at least two labels in use — "
            + "evaluate on rows with more than one class",
        metric);
    return Counts.kappa(y1, y2, labels, weights);
  }

  private static void checkBinaryScores(
      String metric, int[] yTrue, double[] score, double[] weights) {
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

  private static void checkPositiveScores(String metric, int[] yTrue, double[] score) {
    Check.notNull(yTrue, metric, "yTrue", "an int[] with the 0/1 label of every row");
    Check.notNull(score, metric, "score", "a double[] with the positive-class score of every row");
    Check.sameLength(metric, "yTrue", yTrue.length, "score", score.length);
    Check.notEmpty(metric, yTrue.length);
    Check.binaryLabels(metric, "yTrue", yTrue, "recode the positive class as 1, the rest as 0");
    Check.finite(metric, "score", score, "score", FIX_SCORE);
    Check.somePositive(metric, yTrue);
  }

  private static void checkBinaryProbabilities(String metric, int[] y01, double[] p) {
    Check.notNull(y01, metric, "yTrue01", "an int[] with the 0/1 label of every row");
    Check.notNull(p, metric, "pPositive", "a double[] with each row's probability of class 1");
    Check.sameLength(metric, "yTrue01", y01.length, "pPositive", p.length);
    Check.notEmpty(metric, y01.length);
    Check.binaryLabels(metric, "yTrue01", y01, "recode the positive class as 1, the rest as 0");
    Check.finite(metric, "pPositive", p, "probability", FIX_SCORE);
    Check.probabilities(metric, "pPositive", p);
  }

  private static double brier(int[] y01, double[] p) {
    double[] squares = new double[y01.length];
    for (int i = 0; i < y01.length; i++) {
      double e = y01[i] - p[i];
      squares[i] = e * e;
    }
    return Sums.mean(squares);
  }

  private static void checkAucAverage(String metric, Average average, boolean micro) {
    Check.notNull(
        average, metric, "average", micro ? "Average.MACRO, WEIGHTED or MICRO" : "Average.MACRO or WEIGHTED");
    Check.argument(
        average == Average.MACRO || average == Average.WEIGHTED || (micro && average == Average.MICRO),
        "%s: average is %s; expected %s — for a binary score use Metrics.rocAuc(int[], double[])",
        metric, average, micro ? "MACRO, WEIGHTED or MICRO" : "MACRO or WEIGHTED");
  }

  private static int checkProbaMatrix(String metric, int[] yTrue, double[][] proba) {
    Check.notNull(yTrue, metric, "yTrue", "an int[] with the true class index of every row");
    Check.notNull(proba, metric, "proba", PROBA_EXPECTED);
    Check.sameLength(metric, "yTrue", yTrue.length, "proba", proba.length);
    Check.notEmpty(metric, yTrue.length);
    int k =
        Check.probabilityMatrix(
            metric,
            "proba",
            proba,
            "for a single positive-class score use Metrics.rocAuc(int[], double[])",
            false);
    Check.classIndices(metric, "yTrue", yTrue, k, "proba");
    return k;
  }

  private static double multiClassAucChecked(
      String metric,
      int[] y,
      double[][] proba,
      int k,
      Average average,
      boolean ovo,
      String probaName,
      IntFunction<String> label) {
    Check.rowsSumToOne(metric, probaName, proba);
    Check.everyClass(metric, y, k, label);
    if (ovo) {
      return RocAuc.ovo(y, proba, k, average == Average.WEIGHTED);
    }
    switch (average) {
      case WEIGHTED:
        return RocAuc.ovrWeighted(y, proba, k);
      case MICRO:
        return RocAuc.ovrMicro(y, proba, k);
      default:
        return RocAuc.ovrMacro(y, proba, k);
    }
  }

  private static void checkRanking(
      String metric, double[][] relevance, double[][] scores, Ranking ranking, boolean ndcg) {
    Check.notNull(relevance, metric, "relevance", "a double[][] with one row of relevances per query");
    Check.notNull(scores, metric, "scores", "a double[][] with one row of scores per query");
    Check.notNull(ranking, metric, "ranking", "Ranking.full() or Ranking.top(k)");
    Check.sameLength(metric, "relevance", relevance.length, "scores", scores.length);
    Check.argument(
        relevance.length > 0,
        "%s: no queries to evaluate; expected at least one row — pass one row per query",
        metric);
    for (int q = 0; q < relevance.length; q++) {
      Check.argument(
          relevance[q] != null && scores[q] != null,
          "%s: query %d is null; expected a row of relevances and a row of scores per query",
          metric, q);
      Check.argument(
          relevance[q].length == scores[q].length && relevance[q].length > 0,
          "%s: query %d has %d relevances and %d scores; expected one of each per item, at "
              + "least one item",
          metric, q, relevance[q].length, scores[q].length);
      Check.finite(metric, "relevance[" + q + "]", relevance[q], "relevance", "drop unjudged items");
      Check.finite(metric, "scores[" + q + "]", scores[q], "score", FIX_SCORE);
      if (ndcg) {
        for (int i = 0; i < relevance[q].length; i++) {
          Check.argument(
              relevance[q][i] >= 0.0,
              "%s: relevance[%d][%d] is %s; expected a relevance >= 0 — nDCG is not defined "
                  + "for negative gains",
              metric, q, i, relevance[q][i]);
        }
      }
    }
  }

  private static Metric prfMetric(String base, Average average, double beta, int which) {
    Check.notNull(average, base, "average", "Average.BINARY, MICRO, MACRO or WEIGHTED");
    String name = average == Average.BINARY ? base : base + "_" + average.sklearnName();
    return new OutcomeMetric(
        name,
        Task.CLASSIFICATION,
        o -> {
          int[] yTrue = o.trueClasses();
          int[] yPred = o.predictedClasses();
          if (average == Average.BINARY) {
            Check.argument(
                o.classes().size() == 2,
                "%s scores the second class of a binary classifier but the outcomes have %d "
                    + "classes %s; expected 2 — use %s(Average.MACRO), MICRO or WEIGHTED",
                name, o.classes().size(), o.classes(), "Metrics." + base);
            return Counts.averaged(yTrue, yPred, new int[] {1}, average, beta, 0.0, which);
          }
          return Counts.averaged(
              yTrue, yPred, Counts.sortedLabels(yTrue, yPred), average, beta, 0.0, which);
        });
  }

  private static int[] indices(int k) {
    int[] labels = new int[k];
    for (int i = 0; i < k; i++) {
      labels[i] = i;
    }
    return labels;
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

  private static double mseOf(Outcomes o) {
    double[] y = o.actualValues();
    double[] yhat = o.predictedValues();
    checkRegression(MSE, y, "actualValues", yhat, "predictedValues");
    return meanSquare(y, yhat);
  }

  private static double mdaeOf(Outcomes o) {
    double[] y = o.actualValues();
    double[] yhat = o.predictedValues();
    checkRegression(MDAE, y, "actualValues", yhat, "predictedValues");
    return medianAbsolute(y, yhat);
  }

  private static double r2Of(Outcomes o) {
    double[] y = o.actualValues();
    double[] yhat = o.predictedValues();
    checkRegression(R2, y, "actualValues", yhat, "predictedValues");
    return rSquared(y, yhat);
  }

  private static double mapeOf(Outcomes o) {
    double[] y = o.actualValues();
    double[] yhat = o.predictedValues();
    checkRegression(MAPE, y, "actualValues", yhat, "predictedValues");
    return meanAbsolutePercentage(y, yhat);
  }

  private static double almostCorrectOf(Outcomes o, double p, String metric) {
    double[] y = o.actualValues();
    double[] yhat = o.predictedValues();
    checkRegression(metric, y, "actualValues", yhat, "predictedValues");
    return almostCorrect(y, yhat, p);
  }

  private static double balancedAccuracyOf(Outcomes o) {
    return Counts.balancedAccuracy(o.trueClasses(), o.predictedClasses());
  }

  private static double mccOf(Outcomes o) {
    return Counts.mcc(o.trueClasses(), o.predictedClasses());
  }

  /** The positive (second) class's probabilities of binary outcomes. */
  private static double[] positiveProbabilities(String metric, Outcomes o) {
    Check.argument(
        o.classes().size() == 2,
        "%s scores the second class's probability of a binary classifier but the outcomes have "
            + "%d classes %s; expected 2 — use a multi-class metric such as Metrics.logLoss()",
        metric, o.classes().size(), o.classes());
    double[] p = o.probabilities(1);
    Check.finite(metric, "probabilities", p, "probability", FIX_SCORE);
    return p;
  }

  private static double brierOf(Outcomes o) {
    double[] p = positiveProbabilities(BRIER, o);
    Check.probabilities(BRIER, "probabilities", p);
    return brier(o.trueClasses(), p);
  }

  private static double averagePrecisionOf(Outcomes o) {
    double[] p = positiveProbabilities(AVERAGE_PRECISION, o);
    int[] y = o.trueClasses();
    boolean any = false;
    for (int v : y) {
      any |= v == 1;
    }
    Check.argument(
        any,
        "%s is undefined when y_true has no row of the positive class %s; expected at least one "
            + "— evaluate on rows that include positives",
        AVERAGE_PRECISION, className(o.classes()).apply(1));
    return Curves.averagePrecision(y, p);
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
