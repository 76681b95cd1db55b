package org.mlengine.eval;

import java.util.List;
import org.mlengine.core.spi.Metric;

/**
 * The metrics as plain functions of arrays, each computing what the scikit-learn 1.2 function
 * of the same name computes ({@code accuracy_score}, {@code f1_score}, {@code roc_auc_score},
 * ...). Named for what it holds: {@link Metrics} makes {@link Metric} <em>objects</em> for a
 * pipeline ({@code Metrics.rocAuc()}); this class holds the <em>functions</em> you call on your
 * own arrays ({@code MetricFunctions.rocAuc(y, score)}), so one name never means both. sklearn's
 * keyword arguments are options objects: {@link ClassAveraging} for precision, recall and F,
 * {@link KappaOptions} for Cohen's kappa, {@link RocOptions} for a binary ROC, {@link Ranking}
 * for DCG; each function also has a form without them for sklearn's defaults.
 *
 * <ul>
 *   <li>Regression: {@code mse}, {@code rmse}, {@code mae}, {@code medianAbsoluteError},
 *       {@code r2}, {@code mape}, {@code acper}, {@code almostCorrectShare}.
 *   <li>Labels: {@code accuracy}, {@code balancedAccuracy}, {@code confusionMatrix},
 *       {@code precision}, {@code recall}, {@code f1}, {@code fBeta}, {@code classScores},
 *       {@code cohenKappa}, {@code matthewsCorrelation}.
 *   <li>Scores and probabilities: {@code rocAuc}, {@code rocAucOvr}, {@code rocAucOvrPerClass},
 *       {@code rocAucOvo}, {@code rocCurve}, {@code precisionRecallCurve},
 *       {@code averagePrecision}, {@code logLoss}, {@code brierScore}.
 *   <li>Ranking: {@code dcg}, {@code ndcg}.
 *   <li>With sklearn's {@code sample_weight}, and explained variance, max error, MSLE, Jaccard,
 *       Hamming, top-k accuracy and multi-class average precision: {@link #weighted(double...)}
 *       and {@link #unweighted()}, which give a {@link WeightedMetricFunctions}.
 * </ul>
 *
 * <pre>{@code
 * MetricFunctions.accuracy(new int[] {1, 0, 1}, new int[] {1, 1, 1});                   // 0.666...
 * MetricFunctions.rocAuc(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.4, 0.35, 0.8});  // 0.75
 * MetricFunctions.f1(yTrue, yPred, ClassAveraging.macro());                             // average="macro"
 * MetricFunctions.fBeta(yTrue, yPred, 2.0, ClassAveraging.weighted().withLabels(0, 2));
 * MetricFunctions.cohenKappa(rater1, rater2, KappaOptions.quadratic());
 * MetricFunctions.rocAuc(y, score, RocOptions.defaults().withMaxFpr(0.1));
 * MetricFunctions.ndcg(relevance, scores, Ranking.top(10));
 * }</pre>
 *
 * <p>Every function rejects input it cannot score and says why, with an {@link
 * IllegalArgumentException} whose message says what was wrong, what was expected and how to
 * fix it: arrays of different lengths, no rows, NaN or infinite scores, probabilities outside
 * [0, 1], ROC AUC when only one class is present, an averaging that does not fit the labels.
 */
public final class MetricFunctions {
  private static final String ACCURACY = "accuracy";
  private static final String LOG_LOSS = "log_loss";
  private static final String CONFUSION_MATRIX = "confusion_matrix";
  private static final String PRECISION = "precision";
  private static final String RECALL = "recall";
  private static final String F1 = "f1";
  private static final String FBETA = "fbeta";
  private static final String BALANCED_ACCURACY = "balanced_accuracy";
  private static final String COHEN_KAPPA = "cohen_kappa";
  private static final String MCC = "matthews_corrcoef";
  private static final String ROC_CURVE = "roc_curve";
  private static final String PR_CURVE = "precision_recall_curve";
  private static final String AVERAGE_PRECISION = "average_precision";
  private static final String BRIER = "brier_score";

  private MetricFunctions() {}

  /**
   * The metric functions with a weight per row ({@code sample_weight=w}; per query for DCG).
   *
   * @param sampleWeight each row's weight: finite, ≥ 0 (0 leaves the row out), positive total
   * @return functions that weigh every row; each checks the weights' length against its rows
   * @throws IllegalArgumentException if the weights are null, empty, negative, NaN, infinite or
   *     all 0, or sum beyond the largest double
   */
  public static WeightedMetricFunctions weighted(double... sampleWeight) {
    return WeightedMetricFunctions.of(sampleWeight);
  }

  /**
   * The functions of {@link WeightedMetricFunctions} with unit weights ({@code
   * sample_weight=None}), for the metrics that live only there (e.g. {@code jaccard}).
   *
   * @return functions that count every row once
   */
  public static WeightedMetricFunctions unweighted() {
    return WeightedMetricFunctions.none();
  }

  // ---------------------------------------------------------------- regression

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
    RegressionErrors.check(RegressionErrors.RMSE, y, "y", yhat, "yhat");
    return RegressionErrors.rootMeanSquare(y, yhat);
  }

  /**
   * Mean absolute error, mean(|y − yhat|), as sklearn's {@code mean_absolute_error(y, yhat)}.
   *
   * @param y each row's true value
   * @param yhat each row's predicted value
   * @return a value ≥ 0, in the unit of y
   * @throws IllegalArgumentException as {@link #rmse(double[], double[])}
   */
  public static double mae(double[] y, double[] yhat) {
    RegressionErrors.check(RegressionErrors.MAE, y, "y", yhat, "yhat");
    return RegressionErrors.meanAbsolute(y, yhat);
  }

  /**
   * Mean squared error, mean((y − yhat)²), as sklearn's {@code mean_squared_error(y, yhat)}.
   *
   * @param y each row's true value
   * @param yhat each row's predicted value
   * @return a value ≥ 0, in the square of y's unit
   * @throws IllegalArgumentException as {@link #rmse(double[], double[])}
   */
  public static double mse(double[] y, double[] yhat) {
    RegressionErrors.check(RegressionErrors.MSE, y, "y", yhat, "yhat");
    return RegressionErrors.meanSquare(y, yhat);
  }

  /**
   * Median absolute error, median(|y − yhat|), as sklearn's {@code median_absolute_error}
   * ({@code np.median}: with an even number of rows, the mean of the two middle errors).
   *
   * @param y each row's true value
   * @param yhat each row's predicted value
   * @return a value ≥ 0, in the unit of y; robust to a few wild errors
   * @throws IllegalArgumentException as {@link #rmse(double[], double[])}
   */
  public static double medianAbsoluteError(double[] y, double[] yhat) {
    RegressionErrors.check(RegressionErrors.MDAE, y, "y", yhat, "yhat");
    return RegressionErrors.medianAbsolute(y, yhat);
  }

  /**
   * Coefficient of determination, 1 − Σ(y − yhat)² / Σ(y − mean y)², as sklearn's
   * {@code r2_score}: when every y is the same, 1.0 for a perfect prediction and 0.0 otherwise
   * ({@code force_finite=True}).
   *
   * @param y each row's true value
   * @param yhat each row's predicted value
   * @return at most 1; 0 is the mean's score, and it is unbounded below
   * @throws IllegalArgumentException as {@link #rmse(double[], double[])}
   */
  public static double r2(double[] y, double[] yhat) {
    RegressionErrors.check(RegressionErrors.R2, y, "y", yhat, "yhat");
    return RegressionErrors.rSquared(y, yhat);
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
   * @throws IllegalArgumentException as {@link #rmse(double[], double[])}
   */
  public static double mape(double[] y, double[] yhat) {
    RegressionErrors.check(RegressionErrors.MAPE, y, "y", yhat, "yhat");
    return RegressionErrors.meanAbsolutePercentage(y, yhat);
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
   * @throws IllegalArgumentException as {@link #rmse(double[], double[])}, or if p is negative,
   *     NaN or infinite
   */
  public static double acper(double[] y, double[] yhat, double p) {
    return 1.0 - almostCorrectShare(y, yhat, p);
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
    RegressionErrors.check(RegressionErrors.ACPER, y, "y", yhat, "yhat");
    RegressionErrors.checkTolerance(p);
    return RegressionErrors.almostCorrect(y, yhat, p);
  }

  // ---------------------------------------------------------------- labels

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
    return Metrics.correctShare(yTrue, yPred);
  }

  /**
   * Balanced accuracy, the mean over true labels of each label's recall, as sklearn's
   * {@code balanced_accuracy_score} (Burkov's "per-class accuracy"): labels that are only
   * predicted, never true, are left out.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #accuracy(int[], int[])}
   */
  public static double balancedAccuracy(int[] yTrue, int[] yPred) {
    LabelScoring.checkLabels(BALANCED_ACCURACY, yTrue, yPred);
    return Counts.balancedAccuracy(yTrue, yPred);
  }

  /**
   * The confusion matrix, as sklearn's {@code confusion_matrix(yTrue, yPred)}: rows are true
   * labels, columns predicted labels, both in ascending label order over yTrue and yPred.
   *
   * @param yTrue each row's true label (any int coding)
   * @param yPred each row's predicted label, in the same coding
   * @return the counts with their labels
   * @throws IllegalArgumentException as {@link #accuracy(int[], int[])}
   */
  public static ConfusionMatrix confusionMatrix(int[] yTrue, int[] yPred) {
    LabelScoring.checkLabels(CONFUSION_MATRIX, yTrue, yPred);
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
   * @throws IllegalArgumentException as {@link #accuracy(int[], int[])}, or if labels is empty
   *     or repeats a label, or no label occurs in yTrue
   */
  public static ConfusionMatrix confusionMatrix(int[] yTrue, int[] yPred, int... labels) {
    LabelScoring.checkLabels(CONFUSION_MATRIX, yTrue, yPred);
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
   * @throws IllegalArgumentException as {@link #fBeta(int[], int[], double, ClassAveraging)}
   */
  public static double precision(int[] yTrue, int[] yPred) {
    return precision(yTrue, yPred, ClassAveraging.binary());
  }

  /**
   * Precision as sklearn's {@code precision_score(yTrue, yPred, average=..., labels=...,
   * pos_label=..., zero_division=...)}; see {@link #fBeta(int[], int[], double,
   * ClassAveraging)}.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param averaging how per-label precisions combine, over which labels
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #fBeta(int[], int[], double, ClassAveraging)}
   */
  public static double precision(int[] yTrue, int[] yPred, ClassAveraging averaging) {
    return LabelScoring.averaged(
        PRECISION, LabelScoring.Measure.PRECISION, 1.0, yTrue, yPred, averaging);
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
    return recall(yTrue, yPred, ClassAveraging.binary());
  }

  /**
   * Recall as sklearn's {@code recall_score(average=..., ...)}. Macro recall over the true
   * labels is balanced accuracy.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param averaging how per-label recalls combine, over which labels
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #fBeta(int[], int[], double, ClassAveraging)}
   */
  public static double recall(int[] yTrue, int[] yPred, ClassAveraging averaging) {
    return LabelScoring.averaged(
        RECALL, LabelScoring.Measure.RECALL, 1.0, yTrue, yPred, averaging);
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
    return f1(yTrue, yPred, ClassAveraging.binary());
  }

  /**
   * F1 as sklearn's {@code f1_score(average=..., ...)}. Macro F1 is the mean of per-label F1,
   * not the F1 of macro precision and recall; for single-label data over all labels, micro F1
   * equals accuracy.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param averaging how per-label scores combine, over which labels
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #fBeta(int[], int[], double, ClassAveraging)}
   */
  public static double f1(int[] yTrue, int[] yPred, ClassAveraging averaging) {
    return LabelScoring.averaged(F1, LabelScoring.Measure.F_BETA, 1.0, yTrue, yPred, averaging);
  }

  /**
   * Binary F-beta of label 1, (1 + β²)·P·R / (β²·P + R), as sklearn's
   * {@code fbeta_score(yTrue, yPred, beta=beta)}: β &gt; 1 favours recall, β &lt; 1 precision.
   *
   * @param yTrue each row's true label; see {@link #precision(int[], int[])}
   * @param yPred each row's predicted label
   * @param beta the weight of recall, ≥ 0 (0 gives precision, infinity recall)
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #fBeta(int[], int[], double, ClassAveraging)}
   */
  public static double fBeta(int[] yTrue, int[] yPred, double beta) {
    return fBeta(yTrue, yPred, beta, ClassAveraging.binary());
  }

  /**
   * F-beta as sklearn's {@code fbeta_score(beta=..., average=..., labels=..., pos_label=...,
   * zero_division=...)}. Per label, precision is tp / (tp + fp) and recall tp / (tp + fn); a
   * 0/0 in either is replaced by the averaging's zero division, and F is 0 when β²·P + R is 0.
   * A listed label that never occurs in yTrue nor yPred still counts in the average, with
   * P = R = F = zero division. Binary averaging scores its positive label alone; with weighted
   * averaging and no true row of any listed label the result is the zero division (precision 0
   * if something was predicted).
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param beta the weight of recall, ≥ 0 (0 gives precision, infinity recall)
   * @param averaging how per-label scores combine, over which labels
   * @return a value in [0, 1]
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     beta is negative or NaN, the averaging is {@link ClassAveraging#perClass()}, or binary
   *     averaging meets more than two labels or two labels without its positive label
   */
  public static double fBeta(int[] yTrue, int[] yPred, double beta, ClassAveraging averaging) {
    return LabelScoring.averaged(
        FBETA, LabelScoring.Measure.F_BETA, beta, yTrue, yPred, averaging);
  }

  /**
   * Per-label precision, recall, F-beta and support over the sorted labels of yTrue and yPred,
   * as sklearn's {@code precision_recall_fscore_support(yTrue, yPred, beta=beta)}.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param beta the weight of recall, ≥ 0
   * @return the scores per label
   * @throws IllegalArgumentException as {@link #classScores(int[], int[], double,
   *     ClassAveraging)}
   */
  public static ClassScores classScores(int[] yTrue, int[] yPred, double beta) {
    return classScores(yTrue, yPred, beta, ClassAveraging.perClass());
  }

  /**
   * Per-label scores over chosen labels or with a zero division, as sklearn's {@code
   * precision_recall_fscore_support(beta=..., labels=..., zero_division=...)}.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param beta the weight of recall, ≥ 0
   * @param perClass {@link ClassAveraging#perClass()}, with labels or a zero division
   * @return the scores per label
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     beta is negative or NaN, or the averaging is not per class
   */
  public static ClassScores classScores(
      int[] yTrue, int[] yPred, double beta, ClassAveraging perClass) {
    return LabelScoring.perLabel(FBETA, beta, yTrue, yPred, perClass);
  }

  /**
   * Cohen's kappa between two labelings, as sklearn's {@code cohen_kappa_score(y1, y2)}:
   * (pₒ − pₑ)/(1 − pₑ).
   *
   * @param y1 the first rater's label per row (e.g. the truth)
   * @param y2 the second rater's label per row
   * @return a value ≤ 1; 1 is perfect agreement, 0 chance
   * @throws IllegalArgumentException as {@link #cohenKappa(int[], int[], KappaOptions)}
   */
  public static double cohenKappa(int[] y1, int[] y2) {
    return cohenKappa(y1, y2, KappaOptions.unweighted());
  }

  /**
   * Weighted Cohen's kappa over chosen labels, as sklearn's {@code cohen_kappa_score(y1, y2,
   * weights=..., labels=...)}: the weight of a disagreement is the distance between the two
   * labels' positions in the label list (sorted, or as given), not between their values.
   *
   * @param y1 the first rater's label per row
   * @param y2 the second rater's label per row
   * @param options the weights and labels
   * @return a value ≤ 1
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     no listed label occurs in y1, or both raters use a single, identical label (kappa is
   *     0/0)
   */
  public static double cohenKappa(int[] y1, int[] y2, KappaOptions options) {
    Check.notNull(y1, COHEN_KAPPA, "y1", "an int[] with the first rater's label of every row");
    Check.notNull(y2, COHEN_KAPPA, "y2", "an int[] with the second rater's label of every row");
    Check.sameLength(COHEN_KAPPA, "y1", y1.length, "y2", y2.length);
    Check.notEmpty(COHEN_KAPPA, y1.length);
    Check.notNull(
        options, COHEN_KAPPA, "options", "KappaOptions.unweighted(), linear() or quadratic()");
    int[] labels = options.labelArray();
    if (labels == null) {
      labels = Counts.sortedLabels(y1, y2);
    } else {
      Check.someLabelInTruth(COHEN_KAPPA, labels, y1);
    }
    return LabelScoring.kappa(COHEN_KAPPA, y1, y2, labels, options.weights());
  }

  /**
   * Matthews correlation coefficient, as sklearn's {@code matthews_corrcoef} (the multi-class
   * form, which reduces to (tp·tn − fp·fn)/√(...) for two labels); 0 when either labeling is
   * constant.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @return a value in [−1, 1]
   * @throws IllegalArgumentException as {@link #accuracy(int[], int[])}
   */
  public static double matthewsCorrelation(int[] yTrue, int[] yPred) {
    LabelScoring.checkLabels(MCC, yTrue, yPred);
    return Counts.mcc(yTrue, yPred);
  }

  // ---------------------------------------------------------------- scores and probabilities

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
    Scoring.checkBinaryScores(Scoring.ROC_AUC, yTrue, score, null);
    return RocAuc.oneVsRest(yTrue, 1, score);
  }

  /**
   * Binary ROC AUC with sample weights or up to a false positive rate, as sklearn's
   * {@code roc_auc_score(yTrue, score, sample_weight=..., max_fpr=...)}. With weights a pair
   * counts with the product of its rows' weights. With a largest false positive rate m, the
   * area A under the curve for FPR ≤ m (with a point interpolated at m) is mapped by McClish's
   * correction ½·(1 + (A − m²/2)/(m − m²/2)) so that chance is 0.5 and perfect 1.
   *
   * @param yTrue each row's label, 0 or 1
   * @param score each row's score for class 1
   * @param options the weights or the largest false positive rate
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #rocAuc(int[], double[])}, or if the weights'
   *     length differs or a class keeps no weight
   */
  public static double rocAuc(int[] yTrue, double[] score, RocOptions options) {
    Check.notNull(options, Scoring.ROC_AUC, "options", "RocOptions.defaults() or a copy of it");
    double[] weights = options.weightArray();
    Scoring.checkBinaryScores(Scoring.ROC_AUC, yTrue, score, weights);
    if (weights != null) {
      return Curves.weightedAuc(yTrue, score, weights);
    }
    if (options.maxFpr().isPresent()) {
      return Curves.partialAuc(yTrue, score, options.maxFpr().getAsDouble());
    }
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
    int k = Scoring.checkProbaMatrix(Scoring.ROC_AUC, yTrue, proba, Scoring.FIX_ONE_COLUMN, false);
    return Scoring.rocAuc(yTrue, proba, k, "proba", String::valueOf);
  }

  /**
   * One-vs-rest ROC AUC of class probabilities, as sklearn's {@code roc_auc_score(yTrue, proba,
   * multi_class="ovr", average=...)}: {@link Average#MACRO} the mean of the classes' AUCs,
   * {@link Average#WEIGHTED} weighted by class support, {@link Average#MICRO} one AUC over every
   * (row, class) cell.
   *
   * @param yTrue each row's true class index, every class present
   * @param proba each row's probability per class, at least 2 columns, rows summing to 1
   * @param average MACRO, WEIGHTED or MICRO
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #rocAuc(int[], double[][])}, or for
   *     {@link Average#BINARY}
   */
  public static double rocAucOvr(int[] yTrue, double[][] proba, Average average) {
    Scoring.checkAucAverage(Scoring.ROC_AUC_OVR, average, true);
    int k =
        Scoring.checkProbaMatrix(
            Scoring.ROC_AUC_OVR, yTrue, proba, Scoring.FIX_ONE_COLUMN, false);
    return Scoring.ovr(Scoring.ROC_AUC_OVR, yTrue, proba, k, average, "proba", String::valueOf);
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
    int k =
        Scoring.checkProbaMatrix(
            Scoring.ROC_AUC_OVR, yTrue, proba, Scoring.FIX_ONE_COLUMN, false);
    Check.rowsSumToOne(Scoring.ROC_AUC_OVR, "proba", proba);
    Check.everyClass(Scoring.ROC_AUC_OVR, yTrue, k, String::valueOf);
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
    Scoring.checkAucAverage(Scoring.ROC_AUC_OVO, average, false);
    int k =
        Scoring.checkProbaMatrix(
            Scoring.ROC_AUC_OVO, yTrue, proba, Scoring.FIX_ONE_COLUMN, false);
    return Scoring.ovo(Scoring.ROC_AUC_OVO, yTrue, proba, k, average, "proba", String::valueOf);
  }

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
    return rocCurve(yTrue, score, RocOptions.defaults());
  }

  /**
   * The ROC curve with sample weights or every threshold, as sklearn 1.2's {@code
   * roc_curve(yTrue, score, sample_weight=..., drop_intermediate=...)}: rows of weight 0 are
   * dropped, the rates are weighted sums.
   *
   * @param yTrue each row's label, 0 or 1, both present with positive weight
   * @param score each row's score for class 1
   * @param options the weights and whether collinear points are dropped; no largest false
   *     positive rate
   * @return fpr, tpr and thresholds
   * @throws IllegalArgumentException as {@link #rocAuc(int[], double[], RocOptions)}, or if the
   *     options carry a largest false positive rate
   */
  public static RocCurve rocCurve(int[] yTrue, double[] score, RocOptions options) {
    Check.notNull(options, ROC_CURVE, "options", "RocOptions.defaults() or a copy of it");
    Check.argument(
        options.maxFpr().isEmpty(),
        "%s: maxFpr %s given for a curve; expected no largest false positive rate — it sets "
            + "the partial area of MetricFunctions.rocAuc(int[], double[], RocOptions); drop "
            + "withMaxFpr here",
        ROC_CURVE, options.maxFpr().orElse(Double.NaN));
    double[] weights = options.weightArray();
    Scoring.checkBinaryScores(ROC_CURVE, yTrue, score, weights);
    return Curves.roc(yTrue, score, weights, options.dropIntermediate());
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
    Scoring.checkPositiveScores(PR_CURVE, yTrue, score);
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
    Scoring.checkPositiveScores(AVERAGE_PRECISION, yTrue, score);
    return Curves.averagePrecision(yTrue, score);
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
    int k =
        Scoring.checkProbaMatrix(
            LOG_LOSS,
            yTrue,
            proba,
            "for a binary model's positive-class probabilities use "
                + "MetricFunctions.logLoss(int[], double[])",
            true);
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
    Scoring.checkBinaryProbabilities(LOG_LOSS, yTrue01, pPositive, Scoring.FIX_BINARY_LOG_LOSS);
    return LogLoss.binary(yTrue01, pPositive);
  }

  /**
   * Brier score, mean((p − y)²), as sklearn's {@code brier_score_loss(yTrue, pPositive)}.
   *
   * @param yTrue01 each row's label, 0 or 1
   * @param pPositive each row's predicted probability of class 1, in [0, 1]
   * @return a value in [0, 1]; lower is better
   * @throws IllegalArgumentException as {@link #logLoss(int[], double[])}
   */
  public static double brierScore(int[] yTrue01, double[] pPositive) {
    Scoring.checkBinaryProbabilities(
        BRIER, yTrue01, pPositive, "recode the positive class as 1, the rest as 0");
    return Scoring.brier(yTrue01, pPositive);
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
    Ranks.check("dcg", relevance, scores, ranking, false);
    return Ranks.mean(relevance, scores, ranking, false);
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
    Ranks.check("ndcg", relevance, scores, ranking, true);
    return Ranks.mean(relevance, scores, ranking, true);
  }
}
