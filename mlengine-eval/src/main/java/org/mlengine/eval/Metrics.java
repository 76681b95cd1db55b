package org.mlengine.eval;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.ToDoubleBiFunction;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.Task;

/**
 * The metrics as {@link Metric} objects, named like scikit-learn 1.2's scorers and computed as
 * it computes them: what {@code Pipeline.builder().metrics(...)}, {@code Tuner.metric(...)},
 * {@link Bounds} and {@link ErrorAnalysis} take. For the same metrics as functions of your own
 * arrays ({@code roc_auc_score(y, score)}) use {@link MetricFunctions}.
 *
 * <ul>
 *   <li>Regression: {@code mse}, {@code rmse}, {@code mae}, {@code medianAbsoluteError},
 *       {@code r2}, {@code mape}, {@code acper}, {@code explainedVariance}, {@code maxError},
 *       {@code msle}.
 *   <li>Labels (on the most probable class): {@code accuracy}, {@code balancedAccuracy},
 *       {@code precision}, {@code recall}, {@code f1}, {@code jaccard} (with {@link Average}),
 *       {@code hammingLoss}, {@code cohenKappa} (with {@link KappaWeights}),
 *       {@code matthewsCorrelation}.
 *   <li>Probabilities: {@code rocAuc}, {@code rocAucOvr}, {@code rocAucOvo},
 *       {@code averagePrecision} (binary, or with {@link Average} for three or more classes),
 *       {@code logLoss}, {@code brierScore}, {@code topKAccuracy}.
 * </ul>
 *
 * <pre>{@code
 * Metric auc = Metrics.rocAuc();                       // name() is "roc_auc"
 * double value = auc.evaluate(outcomes);
 * Metric f1 = Metrics.f1(Average.MACRO);               // "f1_macro"
 * var pipeline = Pipeline.builder().target("Status").metrics(Metrics.rocAuc(), Metrics.accuracy());
 * }</pre>
 *
 * <p>A metric rejects outcomes it cannot score and says why: no rows, NaN or infinite scores,
 * probabilities outside [0, 1], ROC AUC when the held-out part has a single class, an averaging
 * that does not fit the classes, and a regression metric given classification outcomes (or the
 * other way round; see {@link Metric#supports(Task)}). The exception is an {@link
 * IllegalArgumentException} whose message says what was wrong, what was expected and how to fix
 * it. Classification metrics of labels use the most probable class ({@link
 * Outcomes#predictedClasses()}); binary ones take the second class as positive.
 */
public final class Metrics {
  private static final String ACCURACY = "accuracy";
  private static final String ROC_AUC = Scoring.ROC_AUC;
  private static final String LOG_LOSS = "log_loss";
  private static final String RMSE = RegressionErrors.RMSE;
  private static final String MAE = RegressionErrors.MAE;
  private static final String MSE = RegressionErrors.MSE;
  private static final String MDAE = RegressionErrors.MDAE;
  private static final String R2 = RegressionErrors.R2;
  private static final String MAPE = RegressionErrors.MAPE;
  private static final String ACPER = RegressionErrors.ACPER;
  private static final String PRECISION = "precision";
  private static final String RECALL = "recall";
  private static final String F1 = "f1";
  private static final String BALANCED_ACCURACY = "balanced_accuracy";
  private static final String COHEN_KAPPA = "cohen_kappa";
  private static final String MCC = "matthews_corrcoef";
  private static final String ROC_AUC_OVR = Scoring.ROC_AUC_OVR;
  private static final String ROC_AUC_OVO = Scoring.ROC_AUC_OVO;
  private static final String AVERAGE_PRECISION = "average_precision";
  private static final String BRIER = "brier_score";

  private static final Metric ACCURACY_METRIC =
      new OutcomeMetric(ACCURACY, Task.CLASSIFICATION, true, true, Metrics::accuracyOf,
          Analytic.share(ACCURACY, o -> correctRows(o, true)));
  private static final Analytic ROC_AUC_DELONG = Analytic.deLong(ROC_AUC, Metrics::binaryAucScores);
  private static final Metric ROC_AUC_METRIC =
      new OutcomeMetric(ROC_AUC, Task.CLASSIFICATION, true, false, Metrics::rocAucOf, ROC_AUC_DELONG);
  private static final Metric LOG_LOSS_METRIC =
      new OutcomeMetric(LOG_LOSS, Task.CLASSIFICATION, false, false, Metrics::logLossOf,
          Analytic.mean(LOG_LOSS, Metrics::logLossRows));
  private static final Metric RMSE_METRIC =
      regression(RMSE, false, RegressionErrors::rootMeanSquare,
          Analytic.rootMean(RMSE, o -> errorRows(RMSE, o, true)));
  private static final Metric MAE_METRIC =
      regression(MAE, false, RegressionErrors::meanAbsolute,
          Analytic.mean(MAE, o -> errorRows(MAE, o, false)));
  private static final Metric MSE_METRIC =
      regression(MSE, false, RegressionErrors::meanSquare,
          Analytic.mean(MSE, o -> errorRows(MSE, o, true)));
  private static final Metric MDAE_METRIC =
      regression(MDAE, false, RegressionErrors::medianAbsolute);
  private static final Metric R2_METRIC = regression(R2, true, RegressionErrors::rSquared);
  private static final Metric MAPE_METRIC =
      regression(MAPE, false, RegressionErrors::meanAbsolutePercentage);
  // Not a proportion: the mean of per-class recalls, not a share of the rows.
  private static final Metric BALANCED_ACCURACY_METRIC =
      new OutcomeMetric(
          BALANCED_ACCURACY, Task.CLASSIFICATION, true, false, Metrics::balancedAccuracyOf);
  private static final Metric MCC_METRIC =
      new OutcomeMetric(MCC, Task.CLASSIFICATION, Metrics::mccOf);
  private static final Metric BRIER_METRIC =
      new OutcomeMetric(BRIER, Task.CLASSIFICATION, false, false, Metrics::brierOf,
          Analytic.mean(BRIER, Metrics::brierRows));
  private static final Metric AVERAGE_PRECISION_METRIC =
      new OutcomeMetric(AVERAGE_PRECISION, Task.CLASSIFICATION, Metrics::averagePrecisionOf);
  private static final Metric EXPLAINED_VARIANCE_METRIC =
      regression(
          RegressionErrors.EXPLAINED_VARIANCE,
          true,
          (y, yhat) -> RegressionErrors.explainedVariance(y, yhat, null));
  private static final Metric MAX_ERROR_METRIC =
      regression(RegressionErrors.MAX_ERROR, false, RegressionErrors::maxError);
  private static final Metric MSLE_METRIC =
      new OutcomeMetric(RegressionErrors.MSLE, Task.REGRESSION, false, Metrics::msleOf);
  private static final Metric HAMMING_METRIC =
      new OutcomeMetric(
          "hamming_loss",
          Task.CLASSIFICATION,
          false,
          true,
          o -> Counts.agreement(o.trueClasses(), o.predictedClasses(), null, false),
          Analytic.share("hamming_loss", o -> correctRows(o, false)));

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
   * {@link MetricFunctions#logLoss(int[], double[][])}.
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
   * regression. See {@link MetricFunctions#mape(double[], double[])}.
   *
   * @return the shared MAPE metric
   */
  public static Metric mape() {
    return MAPE_METRIC;
  }

  /**
   * ACPER, the share of predictions that are not almost correct ({@code "acper_<p>"}, lower is
   * better); for regression. See {@link MetricFunctions#acper(double[], double[], double)}. A
   * proportion of rows: {@link Bounds#wilson()} and {@link Bounds#clopperPearson()} give its interval.
   *
   * @param p the relative tolerance, e.g. 0.05 for 5%
   * @return an ACPER metric with that tolerance
   * @throws IllegalArgumentException if p is negative, NaN or infinite
   */
  public static Metric acper(double p) {
    RegressionErrors.checkTolerance(p);
    return new OutcomeMetric(
        ACPER + "_" + p,
        Task.REGRESSION,
        false,
        true,
        o -> 1.0 - ofValues(ACPER, o, (y, yhat) -> RegressionErrors.almostCorrect(y, yhat, p)));
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
    return prfMetric(PRECISION, average, LabelScoring.Measure.PRECISION);
  }

  /**
   * Recall on the most probable class ({@code "recall"}, {@code "recall_micro"}, ...); for
   * classification. See {@link #precision(Average)}.
   *
   * @param average how classes are combined
   * @return a recall metric
   */
  public static Metric recall(Average average) {
    return prfMetric(RECALL, average, LabelScoring.Measure.RECALL);
  }

  /**
   * F1 on the most probable class ({@code "f1"}, {@code "f1_micro"}, {@code "f1_macro"},
   * {@code "f1_weighted"}); for classification. See {@link #precision(Average)}.
   *
   * @param average how classes are combined
   * @return an F1 metric
   */
  public static Metric f1(Average average) {
    return prfMetric(F1, average, LabelScoring.Measure.F_BETA);
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
          return LabelScoring.kappa(name, o.trueClasses(), o.predictedClasses(), labels, weights);
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
    Scoring.checkAucAverage(ROC_AUC_OVR, average, true);
    String name = ROC_AUC_OVR + (average == Average.MACRO ? "" : "_" + average.sklearnName());
    return new OutcomeMetric(
        name,
        Task.CLASSIFICATION,
        o -> {
          int k = o.classes().size();
          double[][] proba = probabilityMatrix(o, k);
          Check.probabilityMatrix(name, "probabilities", proba, "", false);
          return Scoring.ovr(
              name, o.trueClasses(), proba, k, average, "probabilities", className(o.classes()));
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
    Scoring.checkAucAverage(ROC_AUC_OVO, average, false);
    String name = ROC_AUC_OVO + (average == Average.MACRO ? "" : "_" + average.sklearnName());
    return new OutcomeMetric(
        name,
        Task.CLASSIFICATION,
        o -> {
          int k = o.classes().size();
          double[][] proba = probabilityMatrix(o, k);
          Check.probabilityMatrix(name, "probabilities", proba, "", false);
          return Scoring.ovo(
              name, o.trueClasses(), proba, k, average, "probabilities", className(o.classes()));
        });
  }

  /**
   * Explained variance ({@code "explained_variance"}, higher is better); for regression. See
   * {@link WeightedMetricFunctions#explainedVariance(double[], double[])}.
   *
   * @return the shared explained-variance metric
   */
  public static Metric explainedVariance() {
    return EXPLAINED_VARIANCE_METRIC;
  }

  /**
   * The largest absolute error ({@code "max_error"}, lower is better); for regression.
   *
   * @return the shared max-error metric
   */
  public static Metric maxError() {
    return MAX_ERROR_METRIC;
  }

  /**
   * Mean squared logarithmic error ({@code "msle"}, lower is better); for regression with
   * targets and predictions ≥ 0 (a negative one is refused, as sklearn does).
   *
   * @return the shared MSLE metric
   */
  public static Metric msle() {
    return MSLE_METRIC;
  }

  /**
   * The share of rows whose most probable class is wrong ({@code "hamming_loss"}, lower is
   * better); for classification. A proportion of rows.
   *
   * @return the shared Hamming-loss metric
   */
  public static Metric hammingLoss() {
    return HAMMING_METRIC;
  }

  /**
   * The Jaccard index on the most probable class ({@code "jaccard"}, {@code "jaccard_micro"},
   * {@code "jaccard_macro"}, {@code "jaccard_weighted"}); for classification. See
   * {@link #precision(Average)} for BINARY.
   *
   * @param average how classes are combined
   * @return a Jaccard metric
   */
  public static Metric jaccard(Average average) {
    return prfMetric("jaccard", average, LabelScoring.Measure.JACCARD);
  }

  /**
   * Top-k accuracy of the class probabilities ({@code "top_k_accuracy_<k>"}): the share of rows
   * whose true class is among the k most probable; for three or more classes, k below their
   * number.
   *
   * @param k how many of the most probable classes count, at least 1
   * @return a top-k accuracy metric
   * @throws IllegalArgumentException if k is below 1
   */
  public static Metric topKAccuracy(int k) {
    Check.argument(
        k >= 1,
        "%s: k is %d; expected k >= 1 — top-1 accuracy is Metrics.accuracy()",
        TopK.TOP_K_ACCURACY, k);
    return new OutcomeMetric(
        TopK.TOP_K_ACCURACY + "_" + k,
        Task.CLASSIFICATION,
        true,
        true,
        o -> {
          // Checked here and not left to TopK.check, whose hint names MetricFunctions: in a
          // pipeline the two-class replacement is Metrics.accuracy().
          Check.argument(
              o.classes().size() >= 3,
              "%s: the outcomes have %d classes; expected at least 3 — with two classes top-1 "
                  + "accuracy is Metrics.accuracy(), and any k >= 2 scores every row as a hit",
              TopK.TOP_K_ACCURACY, o.classes().size());
          double[][] proba = probabilityMatrix(o, o.classes().size());
          int[] y = o.trueClasses();
          TopK.check(y, proba, k);
          return TopK.accuracy(y, proba, k, null);
        });
  }

  /**
   * Average precision of a classifier of three or more classes ({@code
   * "average_precision_macro"}, {@code "_weighted"}, {@code "_micro"}), as {@link
   * WeightedMetricFunctions#averagePrecision(int[], double[][], Average)}; every class must
   * occur.
   *
   * @param average MACRO, WEIGHTED or MICRO
   * @return a multi-class average-precision metric
   * @throws IllegalArgumentException for {@link Average#BINARY} (use {@link #averagePrecision()})
   */
  public static Metric averagePrecision(Average average) {
    Check.notNull(average, AVERAGE_PRECISION, "average", "Average.MACRO, WEIGHTED or MICRO");
    Check.argument(
        average != Average.BINARY,
        "%s: average is BINARY; expected MACRO, WEIGHTED or MICRO — for a binary classifier use "
            + "Metrics.averagePrecision()",
        AVERAGE_PRECISION);
    return new OutcomeMetric(
        AVERAGE_PRECISION + "_" + average.sklearnName(),
        Task.CLASSIFICATION,
        o -> {
          double[][] proba = probabilityMatrix(o, o.classes().size());
          int[] y = o.trueClasses();
          int k = Scoring.checkAveragePrecision(y, proba, average, null);
          return Curves.averagePrecisionOvr(y, proba, k, average, null);
        });
  }

  // ---------------------------------------------------------------- engine

  /** Share of rows whose prediction equals the truth; inputs already checked. */
  static double correctShare(int[] yTrue, int[] yPred) {
    int correct = 0;
    for (int i = 0; i < yTrue.length; i++) {
      if (yTrue[i] == yPred[i]) {
        correct++;
      }
    }
    return (double) correct / yTrue.length;
  }

  private static Metric prfMetric(String base, Average average, LabelScoring.Measure measure) {
    Check.notNull(average, base, "average", "Average.BINARY, MICRO, MACRO or WEIGHTED");
    String name = average == Average.BINARY ? base : base + "_" + average.sklearnName();
    ClassAveraging averaging = ClassAveraging.of(average);
    return new OutcomeMetric(
        name,
        Task.CLASSIFICATION,
        o -> {
          int[] yTrue = o.trueClasses();
          int[] yPred = o.predictedClasses();
          int[] labels = Counts.sortedLabels(yTrue, yPred);
          if (average == Average.BINARY) {
            Check.argument(
                o.classes().size() == 2,
                "%s scores the second class of a binary classifier but the outcomes have %d "
                    + "classes %s; expected 2 — use %s(Average.MACRO), MICRO or WEIGHTED",
                name, o.classes().size(), o.classes(), "Metrics." + base);
            labels = new int[] {1};
          }
          return LabelScoring.combine(measure, 1.0, yTrue, yPred, labels, averaging);
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
    if (k == 2) {
      Check.probabilityColumns(ROC_AUC, "probabilities", o.probabilities(0), o.probabilities(1));
      Check.bothClasses(ROC_AUC, o.trueClasses(), className(o.classes()));
      // DeLong's components count the same (positive, negative) pairs as RocAuc, over the same
      // n1 * n0: the same double. Kept with the outcomes, they serve the interval and every paired
      // test too, so each outcomes' scores are sorted once per evaluation (#15).
      Optional<DeLong.Components> components = ROC_AUC_DELONG.components(o);
      if (components.isPresent()) {
        return components.get().auc();
      }
    }
    double[][] proba = probabilityMatrix(o, k);
    Check.probabilityMatrix(ROC_AUC, "probabilities", proba, "", false);
    return Scoring.rocAuc(o.trueClasses(), proba, k, "probabilities", className(o.classes()));
  }

  private static double logLossOf(Outcomes o) {
    int k = o.classes().size();
    double[][] proba = probabilityMatrix(o, k);
    Check.probabilityMatrix(LOG_LOSS, "probabilities", proba, "", true);
    return LogLoss.multiClass(o.trueClasses(), proba, k);
  }

  /** A regression metric: a score ({@code greaterIsBetter}) or an error of the values. */
  private static Metric regression(
      String name, boolean greaterIsBetter, ToDoubleBiFunction<double[], double[]> error) {
    return regression(name, greaterIsBetter, error, null);
  }

  /** A regression metric with a closed-form interval and paired test (null for none). */
  private static Metric regression(
      String name,
      boolean greaterIsBetter,
      ToDoubleBiFunction<double[], double[]> error,
      Analytic analytic) {
    return new OutcomeMetric(
        name, Task.REGRESSION, greaterIsBetter, false, o -> ofValues(name, o, error), analytic);
  }

  /** Each row's squared (or absolute) error, checked as the metric checks them. */
  private static double[] errorRows(String metric, Outcomes o, boolean squared) {
    double[] y = o.actualValues();
    double[] yhat = o.predictedValues();
    RegressionErrors.check(metric, y, "actualValues", yhat, "predictedValues");
    double[] out = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      double e = y[i] - yhat[i];
      out[i] = squared ? e * e : Math.abs(e);
    }
    return out;
  }

  /** 1 for each row whose most probable class is (or, {@code correct} false, is not) the true class, else 0. */
  private static double[] correctRows(Outcomes o, boolean correct) {
    int[] y = o.trueClasses();
    int[] yhat = o.predictedClasses();
    double[] out = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      out[i] = (y[i] == yhat[i]) == correct ? 1.0 : 0.0;
    }
    return out;
  }

  /** Each row's log loss, checked as {@link #logLoss()} checks the probabilities. */
  private static double[] logLossRows(Outcomes o) {
    int k = o.classes().size();
    double[][] proba = probabilityMatrix(o, k);
    Check.probabilityMatrix(LOG_LOSS, "probabilities", proba, "", true);
    return LogLoss.rowLosses(o.trueClasses(), proba, k);
  }

  /** Each row's squared error of the positive class's probability, checked as {@link #brierScore()}. */
  private static double[] brierRows(Outcomes o) {
    double[] p = positiveProbabilities(BRIER, o);
    Check.probabilities(BRIER, "probabilities", p);
    return Scoring.brierRows(o.trueClasses(), p);
  }

  /**
   * The second class's probabilities of binary outcomes for DeLong, checked as {@link #rocAuc()}
   * checks them; ROC AUC of three or more classes has no analytic interval here (null).
   */
  private static double[] binaryAucScores(Outcomes o) {
    Check.argument(
        o.classes().size() == 2,
        "%s: DeLong's interval is for two classes but the outcomes have %d %s; expected 2 — ask for "
            + ".bootstrap(1000) for an interval of the multi-class AUC",
        ROC_AUC, o.classes().size(), o.classes());
    double[] p = o.probabilities(1);
    Check.finite(ROC_AUC, "probabilities", p, "probability", Scoring.FIX_SCORE);
    return p;
  }

  /** A regression error of the outcomes' values, checked under the metric's name. */
  private static double ofValues(
      String metric, Outcomes o, ToDoubleBiFunction<double[], double[]> error) {
    double[] y = o.actualValues();
    double[] yhat = o.predictedValues();
    RegressionErrors.check(metric, y, "actualValues", yhat, "predictedValues");
    return error.applyAsDouble(y, yhat);
  }

  private static double msleOf(Outcomes o) {
    double[] y = o.actualValues();
    double[] yhat = o.predictedValues();
    RegressionErrors.check(RegressionErrors.MSLE, y, "actualValues", yhat, "predictedValues");
    RegressionErrors.checkNonNegative(RegressionErrors.MSLE, y, "actualValues");
    RegressionErrors.checkNonNegative(RegressionErrors.MSLE, yhat, "predictedValues");
    return RegressionErrors.meanSquaredLog(y, yhat, null);
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
    Check.finite(metric, "probabilities", p, "probability", Scoring.FIX_SCORE);
    return p;
  }

  private static double brierOf(Outcomes o) {
    double[] p = positiveProbabilities(BRIER, o);
    Check.probabilities(BRIER, "probabilities", p);
    return Scoring.brier(o.trueClasses(), p);
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
