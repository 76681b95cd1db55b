package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.Task;

/**
 * Reference values V1–V5 and V7 from {@code shared/reference/eval_vectors.txt} (scikit-learn
 * 1.2.1), copied here so the build never needs Python, plus the exact error messages.
 */
class MetricsTest {
  private static final double TOL = 1e-12;

  // V1 regression
  private static final double[] V1_Y = {3.0, -0.5, 2.0, 7.0, 4.2, 10.0};
  private static final double[] V1_YHAT = {2.5, 0.0, 2.0, 8.0, 4.0, 12.0};
  private static final double V1_RMSE = 0.960902353693305;
  private static final double V1_MAE = 0.7000000000000001;

  // V2 binary labels
  private static final int[] V2_TRUE = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0};
  private static final int[] V2_PRED = {1, 1, 1, 0, 1, 1, 0, 0, 0, 0};
  private static final double V2_ACCURACY = 0.7;

  // V3 multi-class labels
  private static final int[] V3_TRUE = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2};
  private static final int[] V3_PRED = {0, 0, 1, 2, 1, 1, 0, 2, 2, 1, 2, 0};
  private static final double V3_ACCURACY = 0.5833333333333334;

  // V4 binary ROC AUC with a three-way tie at 0.4
  private static final int[] V4_Y = {0, 0, 1, 1, 0, 1, 0, 1};
  private static final double[] V4_SCORE = {0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.2, 0.9};
  private static final double V4_AUC = 0.8125;

  // V5 multi-class ROC AUC, one-vs-rest macro
  private static final int[] V5_Y = {0, 1, 2, 2, 1, 0, 2, 1, 0, 2};
  private static final double[][] V5_PROBA = {
    {0.7, 0.2, 0.1},
    {0.2, 0.5, 0.3},
    {0.1, 0.3, 0.6},
    {0.3, 0.3, 0.4},
    {0.4, 0.4, 0.2},
    {0.5, 0.25, 0.25},
    {0.2, 0.5, 0.3},
    {0.1, 0.6, 0.3},
    {0.3, 0.4, 0.3},
    {0.25, 0.25, 0.5},
  };
  private static final double V5_OVR_MACRO = 0.923611111111111;

  // V7 log loss
  private static final int[] V7_Y = {0, 0, 1, 1, 1, 0, 1, 0, 1, 1};
  private static final double[] V7_P = {0.1, 0.3, 0.35, 0.6, 0.65, 0.7, 0.8, 0.2, 0.9, 0.55};
  private static final double V7_LOG_LOSS = 0.48069235473214833;

  private static double[][] twoColumns(double[] p) {
    double[][] rows = new double[p.length][];
    for (int i = 0; i < p.length; i++) {
      rows[i] = new double[] {1.0 - p[i], p[i]};
    }
    return rows;
  }

  private static void assertMessage(String expected, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }

  @Nested
  class ReferenceValues {
    @Test
    void rmse_v1_matchesSklearn() {
      assertEquals(V1_RMSE, MetricFunctions.rmse(V1_Y, V1_YHAT), TOL);
    }

    @Test
    void mae_v1_matchesSklearn() {
      assertEquals(V1_MAE, MetricFunctions.mae(V1_Y, V1_YHAT), TOL);
    }

    @Test
    void accuracy_v2Binary_matchesSklearn() {
      assertEquals(V2_ACCURACY, MetricFunctions.accuracy(V2_TRUE, V2_PRED), TOL);
    }

    @Test
    void accuracy_v3MultiClass_matchesSklearn() {
      assertEquals(V3_ACCURACY, MetricFunctions.accuracy(V3_TRUE, V3_PRED), TOL);
    }

    @Test
    void rocAuc_v4TiedScores_countsTiesHalf() {
      assertEquals(V4_AUC, MetricFunctions.rocAuc(V4_Y, V4_SCORE), TOL);
    }

    @Test
    void rocAuc_v4AsTwoProbabilityColumns_usesSecondColumn() {
      assertEquals(V4_AUC, MetricFunctions.rocAuc(V4_Y, twoColumns(V4_SCORE)), TOL);
    }

    @Test
    void rocAuc_v5MultiClass_isOneVsRestMacro() {
      assertEquals(V5_OVR_MACRO, MetricFunctions.rocAuc(V5_Y, V5_PROBA), TOL);
    }

    @Test
    void logLoss_v7Binary_matchesSklearn() {
      assertEquals(V7_LOG_LOSS, MetricFunctions.logLoss(V7_Y, V7_P), TOL);
    }

    @Test
    void logLoss_v7AsTwoProbabilityColumns_matchesSklearn() {
      assertEquals(V7_LOG_LOSS, MetricFunctions.logLoss(V7_Y, twoColumns(V7_P)), TOL);
    }
  }

  /**
   * Clipping and renormalisation: not in eval_vectors.txt; computed with the same Debian
   * scikit-learn 1.2.1, {@code sklearn.metrics.log_loss}, whose default {@code eps="auto"} is
   * the float64 machine epsilon 2.220446049250313e-16 (1e-15 was the default before 1.2).
   */
  @Nested
  class LogLossClipping {
    @Test
    void logLoss_zeroProbabilityOfTrueClass_clipsToMachineEpsilon() {
      // log_loss([1, 0], [0.0, 0.0])
      assertEquals(18.021826694558577, MetricFunctions.logLoss(new int[] {1, 0}, new double[] {0.0, 0.0}), TOL);
    }

    @Test
    void logLoss_certainAndWrong_costsMinusLogEpsilon() {
      // log_loss([1, 0], [[1.0, 0.0], [0.0, 1.0]])
      double[][] proba = {{1.0, 0.0}, {0.0, 1.0}};
      assertEquals(36.04365338911715, MetricFunctions.logLoss(new int[] {1, 0}, proba), TOL);
    }

    @Test
    void logLoss_multiClassWithZero_clipsThenRenormalises() {
      // log_loss([0, 1, 2], [[0, .5, .5], [.2, .3, .5], [.1, .1, .8]])
      double[][] proba = {{0.0, 0.5, 0.5}, {0.2, 0.3, 0.5}, {0.1, 0.1, 0.8}};
      assertEquals(12.490256581585767, MetricFunctions.logLoss(new int[] {0, 1, 2}, proba), TOL);
    }

    @Test
    void logLoss_rowsNotSummingToOne_areRenormalised() {
      // log_loss([0, 1, 2], [[.2, .5, .5], [.2, .3, .5], [.1, .1, .9]])
      double[][] proba = {{0.2, 0.5, 0.5}, {0.2, 0.3, 0.5}, {0.1, 0.1, 0.9}};
      assertEquals(1.0654676563387142, MetricFunctions.logLoss(new int[] {0, 1, 2}, proba), TOL);
    }
  }

  @Nested
  class MetricObjects {
    private final Outcomes v4 = Outcomes.classification(List.of("bad", "good"), V4_Y, twoColumns(V4_SCORE));
    private final Outcomes v5 = Outcomes.classification(List.of("a", "b", "c"), V5_Y, V5_PROBA);
    private final Outcomes v7 = Outcomes.classification(List.of("no", "yes"), V7_Y, twoColumns(V7_P));
    private final Outcomes v1 = Outcomes.regression(V1_Y, V1_YHAT);

    @Test
    void names_areSklearnScorerNames() {
      assertEquals("accuracy", Metrics.accuracy().name());
      assertEquals("roc_auc", Metrics.rocAuc().name());
      assertEquals("log_loss", Metrics.logLoss().name());
      assertEquals("rmse", Metrics.rmse().name());
      assertEquals("mae", Metrics.mae().name());
      assertEquals("roc_auc", Metrics.rocAuc().toString());
    }

    @Test
    void greaterIsBetter_lossesAreFalseScoresTrue() {
      for (Metric m :
          List.of(Metrics.mse(), Metrics.rmse(), Metrics.mae(), Metrics.medianAbsoluteError(),
              Metrics.mape(), Metrics.acper(0.1), Metrics.logLoss(), Metrics.brierScore())) {
        assertFalse(((OutcomeMetric) m).greaterIsBetter(), m.name());
      }
      for (Metric m :
          List.of(Metrics.accuracy(), Metrics.rocAuc(), Metrics.r2(), Metrics.f1(Average.MACRO),
              Metrics.cohenKappa(KappaWeights.LINEAR), Metrics.averagePrecision())) {
        assertTrue(((OutcomeMetric) m).greaterIsBetter(), m.name());
      }
    }

    @Test
    void factories_calledTwice_returnTheSameMetric() {
      assertSame(Metrics.rocAuc(), Metrics.rocAuc());
    }

    @Test
    void supports_eachMetric_onlyItsTask() {
      for (Metric m : List.of(Metrics.accuracy(), Metrics.rocAuc(), Metrics.logLoss())) {
        assertTrue(m.supports(Task.CLASSIFICATION), m.name());
        assertFalse(m.supports(Task.REGRESSION), m.name());
      }
      for (Metric m : List.of(Metrics.rmse(), Metrics.mae())) {
        assertTrue(m.supports(Task.REGRESSION), m.name());
        assertFalse(m.supports(Task.CLASSIFICATION), m.name());
      }
    }

    @Test
    void rocAuc_binaryOutcomes_matchesV4() {
      assertEquals(V4_AUC, Metrics.rocAuc().evaluate(v4), TOL);
    }

    @Test
    void rocAuc_multiClassOutcomes_matchesV5() {
      assertEquals(V5_OVR_MACRO, Metrics.rocAuc().evaluate(v5), TOL);
    }

    @Test
    void logLoss_binaryOutcomes_matchesV7() {
      assertEquals(V7_LOG_LOSS, Metrics.logLoss().evaluate(v7), TOL);
    }

    @Test
    void accuracy_outcomes_comparesMostProbableClass() {
      // V7 at threshold 0.5 (most probable class): rows 2 (0.35 for a 1) and 5 (0.7 for a 0) wrong.
      assertEquals(0.8, Metrics.accuracy().evaluate(v7), TOL);
      // V5: argmax per row, first class on ties -> 0,1,2,2,0,0,1,1,1,2 against 0,1,2,2,1,0,2,1,0,2
      assertEquals(0.7, Metrics.accuracy().evaluate(v5), TOL);
    }

    @Test
    void rmseAndMae_regressionOutcomes_matchV1() {
      assertEquals(V1_RMSE, Metrics.rmse().evaluate(v1), TOL);
      assertEquals(V1_MAE, Metrics.mae().evaluate(v1), TOL);
    }

    @Test
    void rmse_classificationOutcomes_saysUseAClassificationMetric() {
      assertMessage(
          "rmse is a regression metric but the outcomes are CLASSIFICATION; expected REGRESSION "
              + "outcomes — use Metrics.accuracy(), Metrics.rocAuc() or Metrics.logLoss() for a classifier",
          () -> Metrics.rmse().evaluate(v4));
    }

    @Test
    void rocAuc_regressionOutcomes_saysUseARegressionMetric() {
      assertMessage(
          "roc_auc is a classification metric but the outcomes are REGRESSION; expected "
              + "CLASSIFICATION outcomes — use Metrics.rmse() or Metrics.mae() for a regressor",
          () -> Metrics.rocAuc().evaluate(v1));
    }

    @Test
    void rocAuc_outcomesWithOneClass_namesTheClass() {
      Outcomes allGood =
          Outcomes.classification(List.of("bad", "good"), new int[] {1, 1}, new double[][] {{0.3, 0.7}, {0.6, 0.4}});
      assertMessage(
          "roc_auc is undefined when y_true has one class (all 'good'); the held-out part needs "
              + "both classes — use a stratified split",
          () -> Metrics.rocAuc().evaluate(allGood));
    }

    @Test
    void rocAuc_multiClassOutcomesMissingAClass_namesTheClass() {
      Outcomes noC =
          Outcomes.classification(
              List.of("a", "b", "c"), new int[] {0, 1}, new double[][] {{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}});
      assertMessage(
          "roc_auc is undefined for class 'c': y_true has no row of it, so its one-vs-rest AUC has "
              + "no positives; the held-out part needs every class — use a stratified split",
          () -> Metrics.rocAuc().evaluate(noC));
    }

    @Test
    void topKAccuracy_twoClassOutcomes_pointsToMetricsAccuracy() {
      assertMessage(
          "top_k_accuracy: the outcomes have 2 classes; expected at least 3 — with two classes "
              + "top-1 accuracy is Metrics.accuracy(), and any k >= 2 scores every row as a hit",
          () -> Metrics.topKAccuracy(1).evaluate(v4));
    }

    @Test
    void topKAccuracy_threeClassOutcomes_equalsTheArrayFunction() {
      for (int k = 1; k <= 2; k++) {
        assertEquals(
            MetricFunctions.unweighted().topKAccuracy(V5_Y, V5_PROBA, k),
            Metrics.topKAccuracy(k).evaluate(v5),
            TOL);
      }
    }

    @Test
    void evaluate_emptyOutcomes_saysNoRows() {
      Outcomes empty = Outcomes.regression(new double[0], new double[0]);
      assertMessage(
          "mae: no rows to evaluate; expected at least one row — evaluate on a non-empty held-out part",
          () -> Metrics.mae().evaluate(empty));
    }

    @Test
    void evaluate_nullOutcomes_saysWhatIsExpected() {
      assertMessage(
          "log_loss: outcomes is null; expected the held-out Outcomes to evaluate",
          () -> Metrics.logLoss().evaluate(null));
    }

    @Test
    void rmse_nanPredictionInOutcomes_namesTheAccessor() {
      Outcomes nan = Outcomes.regression(new double[] {1, 2}, new double[] {1, Double.NaN});
      assertMessage(
          "rmse: predictedValues[1] is NaN; expected a finite prediction in every row — "
              + "drop or impute the rows the model could not score",
          () -> Metrics.rmse().evaluate(nan));
    }
  }

  @Nested
  class Errors {
    @Test
    void accuracy_lengthMismatch_saysBothLengths() {
      assertMessage(
          "accuracy: yTrue has 3 rows but yPred has 2; expected one of each per row — pass yTrue "
              + "and yPred for the same rows",
          () -> MetricFunctions.accuracy(new int[] {0, 1, 1}, new int[] {0, 1}));
    }

    @Test
    void rmse_lengthMismatch_saysBothLengths() {
      assertMessage(
          "rmse: y has 2 rows but yhat has 1; expected one of each per row — pass y and yhat for "
              + "the same rows",
          () -> MetricFunctions.rmse(new double[] {1, 2}, new double[] {1}));
    }

    @Test
    void accuracy_empty_saysNoRows() {
      assertMessage(
          "accuracy: no rows to evaluate; expected at least one row — evaluate on a non-empty held-out part",
          () -> MetricFunctions.accuracy(new int[0], new int[0]));
    }

    @Test
    void rocAuc_empty_saysNoRows() {
      assertMessage(
          "roc_auc: no rows to evaluate; expected at least one row — evaluate on a non-empty held-out part",
          () -> MetricFunctions.rocAuc(new int[0], new double[0]));
    }

    @Test
    void accuracy_null_saysWhatIsExpected() {
      assertMessage(
          "accuracy: yPred is null; expected an int[] with the predicted class of every row",
          () -> MetricFunctions.accuracy(new int[] {1}, null));
    }

    @Test
    void rocAuc_singleClass_saysUseAStratifiedSplit() {
      assertMessage(
          "roc_auc is undefined when y_true has one class (all 1); the held-out part needs both "
              + "classes — use a stratified split",
          () -> MetricFunctions.rocAuc(new int[] {1, 1, 1}, new double[] {0.2, 0.5, 0.9}));
    }

    @Test
    void rocAuc_twoColumnsSingleClass_saysUseAStratifiedSplit() {
      assertMessage(
          "roc_auc is undefined when y_true has one class (all 0); the held-out part needs both "
              + "classes — use a stratified split",
          () -> MetricFunctions.rocAuc(new int[] {0, 0}, new double[][] {{0.4, 0.6}, {0.9, 0.1}}));
    }

    @Test
    void rocAuc_multiClassMissingClass_namesTheClass() {
      assertMessage(
          "roc_auc is undefined for class 1: y_true has no row of it, so its one-vs-rest AUC has "
              + "no positives; the held-out part needs every class — use a stratified split",
          () -> MetricFunctions.rocAuc(new int[] {0, 2}, new double[][] {{0.5, 0.3, 0.2}, {0.2, 0.3, 0.5}}));
    }

    @Test
    void rocAuc_nanScore_namesTheRow() {
      assertMessage(
          "roc_auc: score[1] is NaN; expected a finite score in every row — drop or impute the "
              + "rows the model could not score",
          () -> MetricFunctions.rocAuc(new int[] {0, 1}, new double[] {0.2, Double.NaN}));
    }

    @Test
    void rocAuc_infiniteScore_namesTheRow() {
      assertMessage(
          "roc_auc: score[0] is -Infinity; expected a finite score in every row — drop or impute "
              + "the rows the model could not score",
          () -> MetricFunctions.rocAuc(new int[] {0, 1}, new double[] {Double.NEGATIVE_INFINITY, 0.3}));
    }

    @Test
    void rocAuc_nanProbability_namesRowAndColumn() {
      assertMessage(
          "roc_auc: proba[1][0] is NaN; expected a finite probability in every row — drop or "
              + "impute the rows the model could not score",
          () -> MetricFunctions.rocAuc(new int[] {0, 1}, new double[][] {{0.5, 0.5}, {Double.NaN, 0.5}}));
    }

    @Test
    void rocAuc_labelNotBinary_pointsToTheMultiClassForm() {
      assertMessage(
          "roc_auc: yTrue[2] is 2; expected 0 or 1 (1 = positive) — for more than two classes "
              + "pass one probability column per class to MetricFunctions.rocAuc(int[], double[][])",
          () -> MetricFunctions.rocAuc(new int[] {0, 1, 2}, new double[] {0.1, 0.2, 0.3}));
    }

    @Test
    void rocAuc_rowsNotSummingToOne_saysPassProbabilities() {
      assertMessage(
          "roc_auc: proba[1] sums to 1.5; expected class probabilities that sum to 1 in every row "
              + "(one-vs-rest AUC) — pass the model's predicted probabilities, not raw scores",
          () ->
              MetricFunctions.rocAuc(
                  new int[] {0, 1, 2},
                  new double[][] {{0.5, 0.25, 0.25}, {0.5, 0.5, 0.5}, {0.0, 0.0, 1.0}}));
    }

    @Test
    void rocAuc_oneColumn_pointsToTheBinaryForm() {
      assertMessage(
          "roc_auc: proba has 1 column; expected one column per class, at least 2 — for a single "
              + "positive-class score use MetricFunctions.rocAuc(int[], double[])",
          () -> MetricFunctions.rocAuc(new int[] {0, 1}, new double[][] {{0.2}, {0.8}}));
    }

    @Test
    void logLoss_raggedRows_saysOneColumnPerClass() {
      assertMessage(
          "log_loss: proba[1] has 2 columns but proba[0] has 3; expected one column per class in every row",
          () -> MetricFunctions.logLoss(new int[] {0, 1}, new double[][] {{0.2, 0.3, 0.5}, {0.5, 0.5}}));
    }

    @Test
    void logLoss_classIndexOutOfRange_saysTheRange() {
      assertMessage(
          "log_loss: yTrue[1] is 3 but proba has 3 columns; expected a class index in 0..2 — "
              + "column j of proba holds the probability of class j",
          () -> MetricFunctions.logLoss(new int[] {0, 3}, new double[][] {{0.2, 0.3, 0.5}, {0.2, 0.3, 0.5}}));
    }

    @Test
    void logLoss_probabilityAboveOne_saysPassProbabilities() {
      assertMessage(
          "log_loss: pPositive[1] is 2.5; expected a probability in [0, 1] — pass predicted "
              + "probabilities, not decision scores",
          () -> MetricFunctions.logLoss(new int[] {0, 1}, new double[] {0.2, 2.5}));
    }

    @Test
    void logLoss_negativeProbabilityInMatrix_saysPassProbabilities() {
      assertMessage(
          "log_loss: proba[0][1] is -0.1; expected a probability in [0, 1] — pass predicted "
              + "probabilities, not decision scores",
          () -> MetricFunctions.logLoss(new int[] {0, 1}, new double[][] {{0.9, -0.1}, {0.5, 0.5}}));
    }

    @Test
    void logLoss_nanProbability_saysDropOrImpute() {
      assertMessage(
          "log_loss: pPositive[0] is NaN; expected a finite probability in every row — drop or "
              + "impute the rows the model could not score",
          () -> MetricFunctions.logLoss(new int[] {0, 1}, new double[] {Double.NaN, 0.3}));
    }

    @Test
    void logLoss_labelNotBinary_pointsToTheMultiClassForm() {
      assertMessage(
          "log_loss: yTrue01[0] is -1; expected 0 or 1 (1 = positive) — for more than two classes "
              + "pass one probability column per class to MetricFunctions.logLoss(int[], double[][])",
          () -> MetricFunctions.logLoss(new int[] {-1, 1}, new double[] {0.2, 0.3}));
    }

    @Test
    void mae_nanTruth_saysDropTheRow() {
      assertMessage(
          "mae: y[0] is NaN; expected a finite true value in every row — drop the rows without a target",
          () -> MetricFunctions.mae(new double[] {Double.NaN}, new double[] {1.0}));
    }
  }

  @Nested
  class ExtendedErrors {
    private final int[] three = {0, 1, 2};

    @Test
    void f1_binaryWithThreeLabels_pointsToOtherAverages() {
      assertMessage(
          "f1: ClassAveraging.binary(1) scores label 1 of a two-label problem but yTrue and yPred "
              + "hold 3 labels [0, 1, 2]; expected at most two — choose ClassAveraging.macro(), "
              + "micro() or weighted() for more than two classes",
          () -> MetricFunctions.f1(three, three));
    }

    @Test
    void precision_binaryWithoutLabelOne_saysRecode() {
      assertMessage(
          "precision: ClassAveraging.binary(1) scores label 1 but yTrue and yPred hold labels "
              + "[0, 2]; expected the positive label among them — name it with "
              + "ClassAveraging.binary(label)",
          () -> MetricFunctions.precision(new int[] {0, 2}, new int[] {2, 0}));
    }

    @Test
    void fBeta_negativeBeta_saysWhatBetaMeans() {
      assertMessage(
          "fbeta: beta is -1.0; expected beta >= 0 — 1 weighs precision and recall equally, 2 "
              + "favours recall, 0.5 precision",
          () -> MetricFunctions.fBeta(new int[] {0, 1}, new int[] {0, 1}, -1.0));
    }

    @Test
    void withZeroDivision_outOfRange_saysTheRange() {
      assertMessage(
          "ClassAveraging: zeroDivision is 2.0; expected a value in [0, 1] — it replaces a "
              + "precision or recall whose denominator is 0 (sklearn accepts 0 or 1)",
          () -> ClassAveraging.macro().withZeroDivision(2.0));
    }

    @Test
    void withLabels_onBinary_saysChooseAnotherAverage() {
      assertMessage(
          "ClassAveraging: labels [0, 1] given with binary(1), which scores label 1 alone; "
              + "expected no labels — or choose micro(), macro() or weighted() to score chosen labels",
          () -> ClassAveraging.binary().withLabels(0, 1));
    }

    @Test
    void withLabels_repeatedLabel_saysRemoveIt() {
      assertMessage(
          "ClassAveraging: labels lists 2 twice; expected each label once — remove the duplicate",
          () -> ClassAveraging.macro().withLabels(2, 2));
    }

    @Test
    void confusionMatrix_labelsNotInTruth_saysPassLabelsThatOccur() {
      assertMessage(
          "confusion_matrix: none of the labels [7, 8] occurs in yTrue; expected at least one — "
              + "pass labels that occur in the data, or null to use the sorted labels of yTrue "
              + "and yPred",
          () -> MetricFunctions.confusionMatrix(three, three, 7, 8));
    }

    @Test
    void cohenKappa_singleSharedLabel_saysUndefined() {
      assertMessage(
          "cohen_kappa is undefined here: the chance disagreement is 0 (both raters use one and "
              + "the same label, or no row has a listed label); expected at least two labels in "
              + "use — evaluate on rows with more than one class",
          () -> MetricFunctions.cohenKappa(new int[] {1, 1}, new int[] {1, 1}));
    }

    @Test
    void balancedAccuracy_lengthMismatch_saysBothLengths() {
      assertMessage(
          "balanced_accuracy: yTrue has 3 rows but yPred has 2; expected one of each per row — "
              + "pass yTrue and yPred for the same rows",
          () -> MetricFunctions.balancedAccuracy(three, new int[] {0, 1}));
    }

    @Test
    void mse_empty_saysNoRows() {
      assertMessage(
          "mse: no rows to evaluate; expected at least one row — evaluate on a non-empty held-out part",
          () -> MetricFunctions.mse(new double[0], new double[0]));
    }

    @Test
    void r2_nanPrediction_namesTheRow() {
      assertMessage(
          "r2: yhat[1] is NaN; expected a finite prediction in every row — drop or impute the "
              + "rows the model could not score",
          () -> MetricFunctions.r2(new double[] {1, 2}, new double[] {1, Double.NaN}));
    }

    @Test
    void acper_negativeTolerance_saysTheRange() {
      assertMessage(
          "acper: p is -0.1; expected a finite relative tolerance >= 0 — e.g. 0.05 for within 5% of |y|",
          () -> MetricFunctions.acper(new double[] {1}, new double[] {1}, -0.1));
    }

    @Test
    void brierScore_probabilityAboveOne_saysPassProbabilities() {
      assertMessage(
          "brier_score: pPositive[0] is 1.2; expected a probability in [0, 1] — pass predicted "
              + "probabilities, not decision scores",
          () -> MetricFunctions.brierScore(new int[] {1}, new double[] {1.2}));
    }

    @Test
    void rocCurve_singleClass_saysUseAStratifiedSplit() {
      assertMessage(
          "roc_curve is undefined when y_true has one class (all 0); the held-out part needs both "
              + "classes — use a stratified split",
          () -> MetricFunctions.rocCurve(new int[] {0, 0}, new double[] {0.1, 0.2}));
    }

    @Test
    void rocAuc_weightsZeroForAClass_saysGiveWeight() {
      assertMessage(
          "roc_auc is undefined when one class has no weight (positives 0.0, negatives 2.0); "
              + "expected both classes with positive weight — give some rows of each class a "
              + "weight above 0",
          () -> MetricFunctions.rocAuc(new int[] {0, 1, 0}, new double[] {0.1, 0.2, 0.3}, RocOptions.defaults().withSampleWeight(1, 0, 1)));
    }

    @Test
    void withSampleWeight_negativeWeight_namesTheRow() {
      assertMessage(
          "RocOptions: sampleWeight[2] is -1.0; expected a finite weight >= 0 in every row — give "
              + "every row a non-negative weight (0 drops the row)",
          () -> RocOptions.defaults().withSampleWeight(1, 1, -1));
    }

    @Test
    void withMaxFpr_zero_saysTheRange() {
      assertMessage(
          "RocOptions: maxFpr is 0.0; expected a false positive rate in (0, 1] — e.g. 0.1 for the "
              + "area up to 10% false positives",
          () -> RocOptions.defaults().withMaxFpr(0.0));
    }

    @Test
    void averagePrecision_noPositive_saysIncludePositives() {
      assertMessage(
          "average_precision is undefined when y_true has no positive row (all 0); expected at "
              + "least one 1 — evaluate on rows that include positives",
          () -> MetricFunctions.averagePrecision(new int[] {0, 0}, new double[] {0.1, 0.2}));
    }

    @Test
    void rocAucOvr_binaryAverage_pointsToTheBinaryForm() {
      assertMessage(
          "roc_auc_ovr: average is BINARY; expected MACRO, WEIGHTED or MICRO — for a binary "
              + "score use MetricFunctions.rocAuc(int[], double[])",
          () -> MetricFunctions.rocAucOvr(three, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, Average.BINARY));
    }

    @Test
    void rocAucOvo_microAverage_saysMacroOrWeighted() {
      assertMessage(
          "roc_auc_ovo: average is MICRO; expected MACRO or WEIGHTED — for a binary score use "
              + "MetricFunctions.rocAuc(int[], double[])",
          () -> Metrics.rocAucOvo(Average.MICRO));
    }

    @Test
    void ndcg_negativeRelevance_saysNotDefined() {
      assertMessage(
          "ndcg: relevance[0][1] is -1.0; expected a relevance >= 0 — nDCG is not defined for "
              + "negative gains",
          () -> MetricFunctions.ndcg(new double[][] {{1, -1}}, new double[][] {{0.2, 0.1}}));
    }

    @Test
    void dcg_raggedQuery_saysOneOfEachPerItem() {
      assertMessage(
          "dcg: query 0 has 2 relevances and 1 scores; expected one of each per item, at least "
              + "one item",
          () -> MetricFunctions.dcg(new double[][] {{1, 2}}, new double[][] {{0.2}}));
    }

    @Test
    void ranking_zeroK_saysUseFull() {
      assertMessage(
          "Ranking.top: k is 0; expected k >= 1 — use Ranking.full() to count every rank",
          () -> Ranking.top(0));
    }

    @Test
    void f1Metric_binaryOnThreeClassOutcomes_saysUseAnAverage() {
      Outcomes o =
          Outcomes.classification(List.of("a", "b", "c"), new int[] {0, 1}, new double[][] {{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}});
      assertMessage(
          "f1 scores the second class of a binary classifier but the outcomes have 3 classes "
              + "[a, b, c]; expected 2 — use Metrics.f1(Average.MACRO), MICRO or WEIGHTED",
          () -> Metrics.f1(Average.BINARY).evaluate(o));
    }

    @Test
    void confusionMatrix_binaryAccessorOnThreeLabels_saysUseCount() {
      ConfusionMatrix cm = MetricFunctions.confusionMatrix(three, three);
      IllegalStateException e = assertThrows(IllegalStateException.class, cm::truePositives);
      assertEquals(
          "ConfusionMatrix.truePositives: the matrix has 3 labels [0, 1, 2]; expected 2 "
              + "(negative, positive) — use count(row, column) for more than two classes",
          e.getMessage());
    }
  }
  @Nested
  class Options {
    @Test
    void binary_positiveLabelZero_scoresLabelZero() {
      // precision_score(V2_TRUE, V2_PRED, pos_label=0) = 4/5; recall_score(..., pos_label=0) = 4/6
      assertEquals(0.8, MetricFunctions.precision(V2_TRUE, V2_PRED, ClassAveraging.binary(0)), TOL);
      assertEquals(4.0 / 6.0, MetricFunctions.recall(V2_TRUE, V2_PRED, ClassAveraging.binary(0)), TOL);
    }

    @Test
    void binary_positiveLabelAbsent_saysNameIt() {
      assertMessage(
          "f1: ClassAveraging.binary(2) scores label 2 but yTrue and yPred hold labels [0, 1]; "
              + "expected the positive label among them — name it with ClassAveraging.binary(label)",
          () -> MetricFunctions.f1(V2_TRUE, V2_PRED, ClassAveraging.binary(2)));
    }

    @Test
    void of_eachAverage_equalsItsNamedFactory() {
      assertEquals(ClassAveraging.binary(), ClassAveraging.of(Average.BINARY));
      assertEquals(ClassAveraging.micro(), ClassAveraging.of(Average.MICRO));
      assertEquals(ClassAveraging.macro(), ClassAveraging.of(Average.MACRO));
      assertEquals(ClassAveraging.weighted(), ClassAveraging.of(Average.WEIGHTED));
    }

    @Test
    void withLabels_leavesTheOriginalUntouched() {
      ClassAveraging macro = ClassAveraging.macro();
      macro.withLabels(0, 2).withZeroDivision(1.0);
      assertEquals(ClassAveraging.macro(), macro);
    }

    @Test
    void f1_perClass_pointsToClassScores() {
      assertMessage(
          "f1: ClassAveraging.perClass() gives one score per label but f1 returns one number; "
              + "expected binary(), micro(), macro() or weighted() — use "
              + "MetricFunctions.classScores(yTrue, yPred, beta, averaging) for per-label scores",
          () -> MetricFunctions.f1(V3_TRUE, V3_PRED, ClassAveraging.perClass()));
    }

    @Test
    void classScores_averaged_pointsToFBeta() {
      assertMessage(
          "fbeta: classScores gives one score per label but the averaging is macro; expected "
              + "ClassAveraging.perClass() — use MetricFunctions.fBeta(yTrue, yPred, beta, "
              + "averaging) for one averaged number",
          () -> MetricFunctions.classScores(V3_TRUE, V3_PRED, 1.0, ClassAveraging.macro()));
    }

    @Test
    void classScores_chosenLabels_keepOrderAndUseZeroDivision() {
      ClassScores s =
          MetricFunctions.classScores(
              V3_TRUE, V3_PRED, 1.0, ClassAveraging.perClass().withLabels(3, 0).withZeroDivision(1.0));
      assertEquals(List.of(3, 0), s.labels());
      assertEquals(List.of(1.0, 0.5), s.precision());
      assertEquals(List.of(0L, 4L), s.support());
    }

    @Test
    void withLabels_empty_saysLeaveItOut() {
      assertMessage(
          "ClassAveraging: labels is empty; expected at least one label — leave withLabels out to "
              + "score the sorted labels of yTrue and yPred",
          () -> ClassAveraging.macro().withLabels());
    }

    @Test
    void kappaOptions_repeatedLabel_saysRemoveIt() {
      assertMessage(
          "KappaOptions: labels lists 1 twice; expected each label once — remove the duplicate",
          () -> KappaOptions.linear().withLabels(1, 0, 1));
    }

    @Test
    void rocOptions_maxFprWithWeights_saysOneOrTheOther() {
      assertMessage(
          "RocOptions: maxFpr 0.5 given with sample weights; expected one or the other — a "
              + "weighted partial AUC is not implemented, drop withMaxFpr or withSampleWeight",
          () -> RocOptions.defaults().withSampleWeight(1, 1).withMaxFpr(0.5));
    }

    @Test
    void rocCurve_maxFpr_saysItBelongsToRocAuc() {
      assertMessage(
          "roc_curve: maxFpr 0.5 given for a curve; expected no largest false positive rate — it "
              + "sets the partial area of MetricFunctions.rocAuc(int[], double[], RocOptions); "
              + "drop withMaxFpr here",
          () -> MetricFunctions.rocCurve(V4_Y, V4_SCORE, RocOptions.defaults().withMaxFpr(0.5)));
    }

    @Test
    void rocAuc_weightsOfAnotherLength_saysBothLengths() {
      assertMessage(
          "roc_auc: yTrue has 8 rows but sampleWeight has 2; expected one of each per row — pass "
              + "yTrue and sampleWeight for the same rows",
          () -> MetricFunctions.rocAuc(V4_Y, V4_SCORE, RocOptions.defaults().withSampleWeight(1, 1)));
    }
  }
}
