package org.mlengine.eval;

/**
 * The metric functions with scikit-learn's {@code sample_weight=...}, and the metrics added
 * after {@link MetricFunctions} filled up: explained variance, max error, MSLE, Jaccard, Hamming
 * loss, top-k accuracy and multi-class average precision. Get one from
 * {@link MetricFunctions#weighted(double...)} (a weight per row; per query for DCG and nDCG) or
 * {@link MetricFunctions#unweighted()} ({@code sample_weight=None}). Each function computes what
 * the scikit-learn 1.2 function of the same name computes with those weights: the means are
 * {@code np.average(..., weights=w)}, the label metrics count each row with its weight, the
 * median is sklearn's lower weighted median. Immutable; the weights are copied.
 *
 * <pre>{@code
 * double[] w = {1.0, 2.0, 0.5, 1.0};
 * MetricFunctions.weighted(w).mse(y, yhat);                                 // sample_weight=w
 * MetricFunctions.weighted(w).f1(yTrue, yPred, ClassAveraging.macro());
 * MetricFunctions.unweighted().jaccard(yTrue, yPred, ClassAveraging.micro());
 * MetricFunctions.unweighted().topKAccuracy(yTrue, proba, 2);      // top_k_accuracy_score(k=2)
 * }</pre>
 *
 * <p>Every function rejects input it cannot score with an {@link IllegalArgumentException}
 * whose message says what was wrong, what was expected and how to fix it: besides what the
 * {@link MetricFunctions} of the same name refuses, a weight array of another length than the
 * rows (the queries, for DCG and nDCG), and a class that keeps no weight where the metric needs
 * it. Bad weights themselves (negative, NaN, infinite, all 0) are refused by
 * {@link MetricFunctions#weighted(double...)}.
 */
public final class WeightedMetricFunctions {
  private static final String MSE = RegressionErrors.MSE;
  private static final String RMSE = RegressionErrors.RMSE;
  private static final String MAE = RegressionErrors.MAE;
  private static final String MDAE = RegressionErrors.MDAE;
  private static final String R2 = RegressionErrors.R2;
  private static final String MAPE = RegressionErrors.MAPE;
  private static final String EXPLAINED_VARIANCE = RegressionErrors.EXPLAINED_VARIANCE;
  private static final String MAX_ERROR = RegressionErrors.MAX_ERROR;
  private static final String MSLE = RegressionErrors.MSLE;
  private static final String ACCURACY = "accuracy";
  private static final String BALANCED_ACCURACY = "balanced_accuracy";
  private static final String PRECISION = "precision";
  private static final String RECALL = "recall";
  private static final String FBETA = "fbeta";
  private static final String JACCARD = "jaccard";
  private static final String HAMMING = "hamming_loss";
  private static final String COHEN_KAPPA = "cohen_kappa";
  private static final String MCC = "matthews_corrcoef";
  private static final String AVERAGE_PRECISION = "average_precision";
  private static final String LOG_LOSS = "log_loss";
  private static final String BRIER = "brier_score";

  /** The weights, or null for unit weights. */
  private final double[] weights;

  private WeightedMetricFunctions(double[] weights) {
    this.weights = weights;
  }

  /** Unit weights. */
  static WeightedMetricFunctions none() {
    return new WeightedMetricFunctions(null);
  }

  /** Checked weights, copied. */
  static WeightedMetricFunctions of(double[] sampleWeight) {
    String what = "MetricFunctions.weighted";
    Check.notNull(sampleWeight, what, "sampleWeight", "a double[] with every row's weight");
    Check.argument(
        sampleWeight.length > 0,
        "%s: sampleWeight is empty; expected one weight per row — use "
            + "MetricFunctions.unweighted() for unit weights",
        what);
    Weights.checkValues(what, sampleWeight);
    return new WeightedMetricFunctions(sampleWeight.clone());
  }

  /**
   * Whether these functions weigh the rows.
   *
   * @return false for {@link MetricFunctions#unweighted()}
   */
  public boolean isWeighted() {
    return weights != null;
  }

  // ---------------------------------------------------------------- regression

  /**
   * Mean squared error, as sklearn's {@code mean_squared_error(y, yhat, sample_weight=w)}.
   *
   * @param y each row's true value
   * @param yhat each row's predicted value
   * @return a value ≥ 0
   * @throws IllegalArgumentException if an array is null, the lengths differ (weights
   *     included), there are no rows, or a value is NaN or infinite
   */
  public double mse(double[] y, double[] yhat) {
    regression(MSE, y, yhat);
    return RegressionErrors.meanSquare(y, yhat, weights);
  }

  /**
   * Root mean squared error, as {@code mean_squared_error(..., squared=False)}.
   *
   * @param y each row's true value
   * @param yhat each row's predicted value
   * @return a value ≥ 0
   * @throws IllegalArgumentException as {@link #mse(double[], double[])}
   */
  public double rmse(double[] y, double[] yhat) {
    regression(RMSE, y, yhat);
    return Math.sqrt(RegressionErrors.meanSquare(y, yhat, weights));
  }

  /**
   * Mean absolute error, as {@code mean_absolute_error(y, yhat, sample_weight=w)}.
   *
   * @param y each row's true value
   * @param yhat each row's predicted value
   * @return a value ≥ 0
   * @throws IllegalArgumentException as {@link #mse(double[], double[])}
   */
  public double mae(double[] y, double[] yhat) {
    regression(MAE, y, yhat);
    return RegressionErrors.meanAbsolute(y, yhat, weights);
  }

  /**
   * Median absolute error, as {@code median_absolute_error(y, yhat, sample_weight=w)}: with
   * weights sklearn's lower weighted median (the first error, in ascending order, whose
   * cumulative weight reaches half the total; no averaging of two middle values); without,
   * NumPy's median.
   *
   * @param y each row's true value
   * @param yhat each row's predicted value
   * @return a value ≥ 0
   * @throws IllegalArgumentException as {@link #mse(double[], double[])}
   */
  public double medianAbsoluteError(double[] y, double[] yhat) {
    regression(MDAE, y, yhat);
    return weights == null
        ? RegressionErrors.medianAbsolute(y, yhat)
        : RegressionErrors.medianAbsolute(y, yhat, weights);
  }

  /**
   * Coefficient of determination, as {@code r2_score(y, yhat, sample_weight=w)}: 1 −
   * Σw(y − yhat)² / Σw(y − ȳ)², ȳ the weighted mean; 1.0 or 0.0 when every y is the same.
   *
   * @param y each row's true value
   * @param yhat each row's predicted value
   * @return at most 1
   * @throws IllegalArgumentException as {@link #mse(double[], double[])}
   */
  public double r2(double[] y, double[] yhat) {
    regression(R2, y, yhat);
    return RegressionErrors.rSquared(y, yhat, weights);
  }

  /**
   * Mean absolute percentage error as a fraction, as {@code
   * mean_absolute_percentage_error(y, yhat, sample_weight=w)}.
   *
   * @param y each row's true value
   * @param yhat each row's predicted value
   * @return a value ≥ 0; 0.25 means 25%
   * @throws IllegalArgumentException as {@link #mse(double[], double[])}
   */
  public double mape(double[] y, double[] yhat) {
    regression(MAPE, y, yhat);
    return RegressionErrors.meanAbsolutePercentage(y, yhat, weights);
  }

  /**
   * Explained variance, as {@code explained_variance_score(y, yhat, sample_weight=w)}: 1 −
   * Var(y − yhat)/Var(y), so unlike R² a constant bias costs nothing; 1.0 for a perfect
   * prediction of a constant y, 0.0 for an imperfect one ({@code force_finite=True}).
   *
   * @param y each row's true value
   * @param yhat each row's predicted value
   * @return at most 1
   * @throws IllegalArgumentException as {@link #mse(double[], double[])}
   */
  public double explainedVariance(double[] y, double[] yhat) {
    regression(EXPLAINED_VARIANCE, y, yhat);
    return RegressionErrors.explainedVariance(y, yhat, weights);
  }

  /**
   * The largest absolute error max |y − yhat|, as sklearn's {@code max_error(y, yhat)}, which
   * takes no sample weights.
   *
   * @param y each row's true value
   * @param yhat each row's predicted value
   * @return a value ≥ 0
   * @throws IllegalArgumentException as {@link #mse(double[], double[])}, or when called on
   *     weighted functions
   */
  public double maxError(double[] y, double[] yhat) {
    Check.argument(
        weights == null,
        "%s: sample weights given, but the largest error does not depend on weights (sklearn's "
            + "max_error takes none); expected MetricFunctions.unweighted() — to leave rows out, "
            + "drop them from y and yhat",
        MAX_ERROR);
    RegressionErrors.check(MAX_ERROR, y, "y", yhat, "yhat");
    return RegressionErrors.maxError(y, yhat);
  }

  /**
   * Mean squared logarithmic error mean((ln(1 + y) − ln(1 + yhat))²), as sklearn's {@code
   * mean_squared_log_error(y, yhat, sample_weight=w)}, which refuses negative values.
   *
   * @param y each row's true value, ≥ 0
   * @param yhat each row's predicted value, ≥ 0
   * @return a value ≥ 0
   * @throws IllegalArgumentException as {@link #mse(double[], double[])}, or if a value is
   *     negative
   */
  public double msle(double[] y, double[] yhat) {
    regression(MSLE, y, yhat);
    RegressionErrors.checkNonNegative(MSLE, y, "y");
    RegressionErrors.checkNonNegative(MSLE, yhat, "yhat");
    return RegressionErrors.meanSquaredLog(y, yhat, weights);
  }

  // ---------------------------------------------------------------- labels

  /**
   * The (weighted) share of rows predicted right, as {@code accuracy_score(yTrue, yPred,
   * sample_weight=w)}.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @return a value in [0, 1]
   * @throws IllegalArgumentException if an array is null, the lengths differ (weights
   *     included) or there are no rows
   */
  public double accuracy(int[] yTrue, int[] yPred) {
    labels(ACCURACY, yTrue, yPred);
    return Counts.agreement(yTrue, yPred, weights, true);
  }

  /**
   * The (weighted) share of rows predicted wrong, as {@code hamming_loss(yTrue, yPred,
   * sample_weight=w)}: 1 − accuracy for single-label data.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @return a value in [0, 1]; lower is better
   * @throws IllegalArgumentException as {@link #accuracy(int[], int[])}
   */
  public double hammingLoss(int[] yTrue, int[] yPred) {
    labels(HAMMING, yTrue, yPred);
    return Counts.agreement(yTrue, yPred, weights, false);
  }

  /**
   * Balanced accuracy, as {@code balanced_accuracy_score(yTrue, yPred, sample_weight=w)}: the
   * mean recall over the labels whose true rows keep some weight.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #accuracy(int[], int[])}
   */
  public double balancedAccuracy(int[] yTrue, int[] yPred) {
    labels(BALANCED_ACCURACY, yTrue, yPred);
    return Counts.balancedAccuracy(yTrue, yPred, weights);
  }

  /**
   * Precision, as {@code precision_score(yTrue, yPred, sample_weight=w, average=...)}: the
   * counts of {@link MetricFunctions#precision(int[], int[], ClassAveraging)} become sums of
   * weights, support included.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param averaging how per-label precisions combine, over which labels
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link MetricFunctions#fBeta(int[], int[], double,
   *     ClassAveraging)}, or if the weights' length differs
   */
  public double precision(int[] yTrue, int[] yPred, ClassAveraging averaging) {
    return LabelScoring.averaged(
        PRECISION, LabelScoring.Measure.PRECISION, 1.0, yTrue, yPred, averaging, weights);
  }

  /**
   * Recall, as {@code recall_score(yTrue, yPred, sample_weight=w, average=...)}.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param averaging how per-label recalls combine, over which labels
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #precision(int[], int[], ClassAveraging)}
   */
  public double recall(int[] yTrue, int[] yPred, ClassAveraging averaging) {
    return LabelScoring.averaged(
        RECALL, LabelScoring.Measure.RECALL, 1.0, yTrue, yPred, averaging, weights);
  }

  /**
   * F1, as {@code f1_score(yTrue, yPred, sample_weight=w, average=...)}.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param averaging how per-label scores combine, over which labels
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #precision(int[], int[], ClassAveraging)}
   */
  public double f1(int[] yTrue, int[] yPred, ClassAveraging averaging) {
    return LabelScoring.averaged(
        "f1", LabelScoring.Measure.F_BETA, 1.0, yTrue, yPred, averaging, weights);
  }

  /**
   * F-beta, as {@code fbeta_score(yTrue, yPred, beta=beta, sample_weight=w, average=...)}.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param beta the weight of recall, ≥ 0
   * @param averaging how per-label scores combine, over which labels
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #precision(int[], int[], ClassAveraging)}, or
   *     if beta is negative or NaN
   */
  public double fBeta(int[] yTrue, int[] yPred, double beta, ClassAveraging averaging) {
    return LabelScoring.averaged(
        FBETA, LabelScoring.Measure.F_BETA, beta, yTrue, yPred, averaging, weights);
  }

  /**
   * The Jaccard index of label 1, tp / (tp + fp + fn), as sklearn's {@code
   * jaccard_score(yTrue, yPred, sample_weight=w)}.
   *
   * @param yTrue each row's true label, at most two labels over both arrays, one of them 1
   * @param yPred each row's predicted label
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #jaccard(int[], int[], ClassAveraging)}
   */
  public double jaccard(int[] yTrue, int[] yPred) {
    return jaccard(yTrue, yPred, ClassAveraging.binary());
  }

  /**
   * The Jaccard index (intersection over union of each label's true and predicted rows), as
   * {@code jaccard_score(yTrue, yPred, average=..., labels=..., pos_label=...,
   * zero_division=..., sample_weight=w)}: per label tp / (tp + fp + fn), 0/0 replaced by the
   * averaging's zero division; micro pools the sums over labels first; weighted weighs by true
   * support (unweighted when no listed label has a true row).
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @param averaging how per-label indices combine, over which labels
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #precision(int[], int[], ClassAveraging)}
   */
  public double jaccard(int[] yTrue, int[] yPred, ClassAveraging averaging) {
    return LabelScoring.averaged(
        JACCARD, LabelScoring.Measure.JACCARD, 1.0, yTrue, yPred, averaging, weights);
  }

  /**
   * Cohen's kappa, as {@code cohen_kappa_score(y1, y2, weights=..., labels=...,
   * sample_weight=w)}: the confusion matrix holds sums of weights.
   *
   * @param y1 the first rater's label per row
   * @param y2 the second rater's label per row
   * @param options the disagreement weights and labels
   * @return a value ≤ 1
   * @throws IllegalArgumentException as {@link MetricFunctions#cohenKappa(int[], int[],
   *     KappaOptions)}, or if the weights' length differs
   */
  public double cohenKappa(int[] y1, int[] y2, KappaOptions options) {
    Check.notNull(y1, COHEN_KAPPA, "y1", "an int[] with the first rater's label of every row");
    Check.notNull(y2, COHEN_KAPPA, "y2", "an int[] with the second rater's label of every row");
    Check.sameLength(COHEN_KAPPA, "y1", y1.length, "y2", y2.length);
    Check.notEmpty(COHEN_KAPPA, y1.length);
    Weights.checkLength(COHEN_KAPPA, weights, y1.length, "row");
    Check.notNull(
        options, COHEN_KAPPA, "options", "KappaOptions.unweighted(), linear() or quadratic()");
    int[] chosen = options.labelArray();
    if (chosen == null) {
      chosen = Counts.sortedLabels(y1, y2);
    } else {
      Check.someLabelInTruth(COHEN_KAPPA, chosen, y1);
    }
    return LabelScoring.kappa(COHEN_KAPPA, y1, y2, chosen, options.weights(), weights);
  }

  /**
   * Matthews correlation coefficient, as {@code matthews_corrcoef(yTrue, yPred,
   * sample_weight=w)}; 0 when either (weighted) labeling is constant.
   *
   * @param yTrue each row's true label
   * @param yPred each row's predicted label
   * @return a value in [−1, 1]
   * @throws IllegalArgumentException as {@link #accuracy(int[], int[])}
   */
  public double matthewsCorrelation(int[] yTrue, int[] yPred) {
    labels(MCC, yTrue, yPred);
    return Counts.mcc(yTrue, yPred, weights);
  }

  // ---------------------------------------------------------------- scores and probabilities

  /**
   * Top-k accuracy, as sklearn's {@code top_k_accuracy_score(yTrue, score, k=k,
   * labels=range(columns), sample_weight=w)}: the (weighted) share of rows whose true class is
   * among the k classes of highest score; among equal scores the higher column ranks first
   * (NumPy's stable argsort, reversed).
   *
   * @param yTrue each row's true class index; column j of {@code score} is class j
   * @param score each row's score (or probability) per class, at least 3 columns, finite
   * @param k how many of the best-scored classes count, 1 ≤ k &lt; columns
   * @return a value in [0, 1]
   * @throws IllegalArgumentException if an array is null, the lengths differ (weights
   *     included), there are no rows, fewer than 3 columns, ragged rows, a class index out of
   *     range, a NaN or infinite score, or k outside [1, columns − 1]
   */
  public double topKAccuracy(int[] yTrue, double[][] score, int k) {
    TopK.check(yTrue, score, k);
    Weights.checkLength(TopK.TOP_K_ACCURACY, weights, yTrue.length, "row");
    return TopK.accuracy(yTrue, score, k, weights);
  }

  /**
   * Binary ROC AUC, as {@code roc_auc_score(yTrue, score, sample_weight=w)}: a pair of rows
   * counts with the product of their weights; the same as {@link MetricFunctions#rocAuc(int[],
   * double[], RocOptions)} with {@code RocOptions.defaults().withSampleWeight(w)}.
   *
   * @param yTrue each row's label, 0 or 1, both with some weight
   * @param score each row's score for class 1
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link MetricFunctions#rocAuc(int[], double[],
   *     RocOptions)}
   */
  public double rocAuc(int[] yTrue, double[] score) {
    Scoring.checkBinaryScores(Scoring.ROC_AUC, yTrue, score, weights);
    return weights == null
        ? RocAuc.oneVsRest(yTrue, 1, score)
        : Curves.weightedAuc(yTrue, score, weights);
  }

  /**
   * Precision and recall at every distinct threshold, as {@code precision_recall_curve(yTrue,
   * score, sample_weight=w)}: rows of weight 0 are left out, the counts are sums of weights.
   *
   * @param yTrue each row's label, 0 or 1, some positive weight on the 1s
   * @param score each row's score for class 1
   * @return precision, recall and thresholds
   * @throws IllegalArgumentException as {@link #averagePrecision(int[], double[])}
   */
  public PrecisionRecallCurve precisionRecallCurve(int[] yTrue, double[] score) {
    String metric = "precision_recall_curve";
    Scoring.checkPositiveScores(metric, yTrue, score);
    Weights.checkLength(metric, weights, yTrue.length, "row");
    Scoring.checkClassWeight(metric, yTrue, 1, weights, "1");
    return Curves.precisionRecall(yTrue, score, weights);
  }

  /**
   * Average precision of a binary score, as {@code average_precision_score(yTrue, score,
   * sample_weight=w)}; rows of weight 0 are left out.
   *
   * @param yTrue each row's label, 0 or 1, some positive weight on the 1s
   * @param score each row's score for class 1
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link MetricFunctions#averagePrecision(int[],
   *     double[])}, or if the weights' length differs or the positives keep no weight
   */
  public double averagePrecision(int[] yTrue, double[] score) {
    Scoring.checkPositiveScores(AVERAGE_PRECISION, yTrue, score);
    Weights.checkLength(AVERAGE_PRECISION, weights, yTrue.length, "row");
    Scoring.checkClassWeight(AVERAGE_PRECISION, yTrue, 1, weights, "1");
    return Curves.averagePrecision(yTrue, score, weights);
  }

  /**
   * Average precision of class probabilities, as sklearn's {@code average_precision_score(
   * label_binarize(yTrue, classes=range(k)), proba, average=..., sample_weight=w)} (what
   * scikit-learn 1.3 does for multi-class yTrue): per class the binary AP of its column against
   * (yTrue == class); {@link Average#MACRO} their mean, {@link Average#WEIGHTED} weighted by
   * class support, {@link Average#MICRO} one AP over every (row, class) cell.
   *
   * @param yTrue each row's true class index, every class present (with positive weight)
   * @param proba each row's score per class, at least 3 columns, finite
   * @param average MACRO, WEIGHTED or MICRO
   * @return a value in [0, 1]
   * @throws IllegalArgumentException if an array is null, the lengths differ (weights
   *     included), there are no rows, fewer than 3 columns, ragged rows, a class index out of
   *     range, a NaN or infinite score, a class with no (weighted) row, or for
   *     {@link Average#BINARY}
   */
  public double averagePrecision(int[] yTrue, double[][] proba, Average average) {
    int k = Scoring.checkAveragePrecision(yTrue, proba, average, weights);
    return Curves.averagePrecisionOvr(yTrue, proba, k, average, weights);
  }

  /**
   * Log loss of class probabilities, as {@code log_loss(yTrue, proba, sample_weight=w)}: the
   * weighted mean of −ln(probability of the true class) after sklearn's clipping and
   * renormalisation (see {@link MetricFunctions#logLoss(int[], double[][])}).
   *
   * @param yTrue each row's true class index; column j of {@code proba} is class j
   * @param proba each row's probability per class, each in [0, 1]
   * @return a value ≥ 0
   * @throws IllegalArgumentException as {@link MetricFunctions#logLoss(int[], double[][])}, or
   *     if the weights' length differs
   */
  public double logLoss(int[] yTrue, double[][] proba) {
    int k =
        Scoring.checkProbaMatrix(
            LOG_LOSS, yTrue, proba, "for a binary model use logLoss(int[], double[])", true);
    Weights.checkLength(LOG_LOSS, weights, yTrue.length, "row");
    return LogLoss.multiClass(yTrue, proba, k, weights);
  }

  /**
   * Binary log loss, as {@code log_loss(yTrue01, pPositive, sample_weight=w)}.
   *
   * @param yTrue01 each row's label, 0 or 1
   * @param pPositive each row's probability of class 1, in [0, 1]
   * @return a value ≥ 0
   * @throws IllegalArgumentException as {@link MetricFunctions#logLoss(int[], double[])}, or if
   *     the weights' length differs
   */
  public double logLoss(int[] yTrue01, double[] pPositive) {
    Scoring.checkBinaryProbabilities(
        LOG_LOSS, yTrue01, pPositive, Scoring.FIX_BINARY_LOG_LOSS);
    Weights.checkLength(LOG_LOSS, weights, yTrue01.length, "row");
    return LogLoss.binary(yTrue01, pPositive, weights);
  }

  /**
   * Brier score, as {@code brier_score_loss(yTrue01, pPositive, sample_weight=w)}: the weighted
   * mean of (p − y)².
   *
   * @param yTrue01 each row's label, 0 or 1
   * @param pPositive each row's probability of class 1, in [0, 1]
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link #logLoss(int[], double[])}
   */
  public double brierScore(int[] yTrue01, double[] pPositive) {
    Scoring.checkBinaryProbabilities(
        BRIER, yTrue01, pPositive, "recode the positive class as 1, the rest as 0");
    Weights.checkLength(BRIER, weights, yTrue01.length, "row");
    return Scoring.brier(yTrue01, pPositive, weights);
  }

  // ---------------------------------------------------------------- ranking

  /**
   * DCG averaged over queries with a weight per query, as {@code dcg_score(relevance, scores,
   * k=..., log_base=..., ignore_ties=..., sample_weight=w)}.
   *
   * @param relevance per query (row), each item's true relevance
   * @param scores per query, each item's predicted score
   * @param ranking the cut-off, base and tie rule
   * @return the weighted mean DCG
   * @throws IllegalArgumentException as {@link MetricFunctions#dcg(double[][], double[][],
   *     Ranking)}, or if there is not one weight per query
   */
  public double dcg(double[][] relevance, double[][] scores, Ranking ranking) {
    Ranks.check("dcg", relevance, scores, ranking, false);
    Weights.checkLength("dcg", weights, relevance.length, "query");
    return Ranks.mean(relevance, scores, ranking, false, weights);
  }

  /**
   * nDCG averaged over queries with a weight per query, as {@code ndcg_score(relevance, scores,
   * k=..., ignore_ties=..., sample_weight=w)}.
   *
   * @param relevance per query, each item's true relevance, ≥ 0
   * @param scores per query, each item's predicted score
   * @param ranking the cut-off and tie rule
   * @return a value in [0, 1]
   * @throws IllegalArgumentException as {@link MetricFunctions#ndcg(double[][], double[][],
   *     Ranking)}, or if there is not one weight per query
   */
  public double ndcg(double[][] relevance, double[][] scores, Ranking ranking) {
    Ranks.check("ndcg", relevance, scores, ranking, true);
    Weights.checkLength("ndcg", weights, relevance.length, "query");
    return Ranks.mean(relevance, scores, ranking, true, weights);
  }

  // ---------------------------------------------------------------- checks

  private void regression(String metric, double[] y, double[] yhat) {
    RegressionErrors.check(metric, y, "y", yhat, "yhat");
    Weights.checkLength(metric, weights, y.length, "row");
  }

  private void labels(String metric, int[] yTrue, int[] yPred) {
    LabelScoring.checkLabels(metric, yTrue, yPred);
    Weights.checkLength(metric, weights, yTrue.length, "row");
  }
}
