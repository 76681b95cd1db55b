package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mlengine.core.spi.Outcomes;

/**
 * Every metric value of V1–V7 in {@code shared/reference/eval_vectors.txt} (scikit-learn 1.2.1,
 * NumPy 1.24.2), copied here so the build never needs Python; each test names the sklearn call
 * the value came from. Values marked "extra" are not in the file; they were computed with the
 * same Debian scikit-learn 1.2.1 by the call named in the test.
 */
class MetricsReferenceTest {
  private static final double TOL = 1e-12;

  // V1 regression
  static final double[] V1_Y = {3.0, -0.5, 2.0, 7.0, 4.2, 10.0};
  static final double[] V1_YHAT = {2.5, 0.0, 2.0, 8.0, 4.0, 12.0};

  // V2 binary labels
  static final int[] V2_TRUE = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0};
  static final int[] V2_PRED = {1, 1, 1, 0, 1, 1, 0, 0, 0, 0};

  // V3 multi-class labels
  static final int[] V3_TRUE = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2};
  static final int[] V3_PRED = {0, 0, 1, 2, 1, 1, 0, 2, 2, 1, 2, 0};

  // V4 binary scores with a three-way tie at 0.4
  static final int[] V4_Y = {0, 0, 1, 1, 0, 1, 0, 1};
  static final double[] V4_SCORE = {0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.2, 0.9};
  static final double[] V4_WEIGHT = {1.0, 2.0, 1.0, 1.0, 0.5, 1.0, 1.0, 3.0};

  // V5 multi-class probabilities
  static final int[] V5_Y = {0, 1, 2, 2, 1, 0, 2, 1, 0, 2};
  static final double[][] V5_PROBA = {
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

  // V6 ranking
  static final double[][] V6_REL = {{10, 0, 0, 1, 5}};
  static final double[][] V6_SCORE = {{0.1, 0.2, 0.3, 4.0, 70.0}};
  static final double[][] V6_TIED = {{1, 0, 0, 0, 1}};
  static final double[][] V6_REL2 = {{3, 2, 3, 0, 1, 2}, {0, 0, 0, 0, 0, 0}};
  static final double[][] V6_SCORE2 = {
    {0.9, 0.8, 0.8, 0.1, 0.5, 0.5}, {0.3, 0.2, 0.1, 0.0, 0.5, 0.4}
  };

  // V7 probabilities
  static final int[] V7_Y = {0, 0, 1, 1, 1, 0, 1, 0, 1, 1};
  static final double[] V7_P = {0.1, 0.3, 0.35, 0.6, 0.65, 0.7, 0.8, 0.2, 0.9, 0.55};

  private static void assertList(List<Double> expected, List<Double> actual) {
    assertEquals(expected.size(), actual.size(), "size of " + actual);
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), actual.get(i), TOL, "entry " + i + " of " + actual);
    }
  }

  @Nested
  class V1Regression {
    @Test
    void mse_meanSquaredError() {
      assertEquals(0.9233333333333333, MetricFunctions.mse(V1_Y, V1_YHAT), TOL);
    }

    @Test
    void rmse_meanSquaredErrorSquaredFalse() {
      assertEquals(0.960902353693305, MetricFunctions.rmse(V1_Y, V1_YHAT), TOL);
    }

    @Test
    void mae_meanAbsoluteError() {
      assertEquals(0.7000000000000001, MetricFunctions.mae(V1_Y, V1_YHAT), TOL);
    }

    @Test
    void medianAbsoluteError_evenRows_averagesMiddleTwo() {
      assertEquals(0.5, MetricFunctions.medianAbsoluteError(V1_Y, V1_YHAT), TOL);
    }

    @Test
    void r2_r2Score() {
      assertEquals(0.9206398472006685, MetricFunctions.r2(V1_Y, V1_YHAT), TOL);
    }

    @Test
    void mape_meanAbsolutePercentageError() {
      assertEquals(0.25952380952380955, MetricFunctions.mape(V1_Y, V1_YHAT), TOL);
    }

    @Test
    void acper_threeTolerances_matchV1() {
      assertEquals(0.6666666666666667, MetricFunctions.acper(V1_Y, V1_YHAT, 0.05), TOL);
      assertEquals(0.6666666666666667, MetricFunctions.acper(V1_Y, V1_YHAT, 0.1), TOL);
      assertEquals(0.16666666666666663, MetricFunctions.acper(V1_Y, V1_YHAT, 0.2), TOL);
    }

    @Test
    void almostCorrectShare_threeTolerances_matchV1() {
      assertEquals(0.3333333333333333, MetricFunctions.almostCorrectShare(V1_Y, V1_YHAT, 0.05), TOL);
      assertEquals(0.3333333333333333, MetricFunctions.almostCorrectShare(V1_Y, V1_YHAT, 0.1), TOL);
      assertEquals(0.8333333333333334, MetricFunctions.almostCorrectShare(V1_Y, V1_YHAT, 0.2), TOL);
    }

    @Test
    void almostCorrectMask_perRow_matchesV1() {
      int[][] masks = {{0, 0, 1, 0, 1, 0}, {0, 0, 1, 0, 1, 0}, {1, 0, 1, 1, 1, 1}};
      double[] ps = {0.05, 0.1, 0.2};
      for (int k = 0; k < ps.length; k++) {
        for (int i = 0; i < V1_Y.length; i++) {
          assertEquals(
              masks[k][i],
              MetricFunctions.almostCorrectShare(new double[] {V1_Y[i]}, new double[] {V1_YHAT[i]}, ps[k]),
              TOL,
              "p=" + ps[k] + " row " + i);
        }
      }
    }

    @Test
    void acper_negativeTruth_usesAbsoluteValue() {
      // y = -0.5, yhat = -0.45: within 10% of |y|; the book-literal bounds would invert.
      assertEquals(0.0, MetricFunctions.acper(new double[] {-0.5}, new double[] {-0.45}, 0.1), TOL);
    }

    @Test
    void acper_zeroTruth_onlyExactPredictionIsAlmostCorrect() {
      assertEquals(
          0.5, MetricFunctions.acper(new double[] {0.0, 0.0}, new double[] {0.0, 1e-12}, 0.5), TOL);
    }

    @Test
    void r2_constantTruth_isOneWhenPerfectElseZero() {
      // extra: r2_score([2,2,2],[2,2,2]) = 1.0, r2_score([2,2,2],[1,2,2]) = 0.0
      assertEquals(1.0, MetricFunctions.r2(new double[] {2, 2, 2}, new double[] {2, 2, 2}), TOL);
      assertEquals(0.0, MetricFunctions.r2(new double[] {2, 2, 2}, new double[] {1, 2, 2}), TOL);
    }

    @Test
    void metricObjects_regressionOutcomes_matchV1() {
      Outcomes o = Outcomes.regression(V1_Y, V1_YHAT);
      assertEquals(0.9233333333333333, Metrics.mse().evaluate(o), TOL);
      assertEquals(0.5, Metrics.medianAbsoluteError().evaluate(o), TOL);
      assertEquals(0.9206398472006685, Metrics.r2().evaluate(o), TOL);
      assertEquals(0.25952380952380955, Metrics.mape().evaluate(o), TOL);
      assertEquals(0.16666666666666663, Metrics.acper(0.2).evaluate(o), TOL);
      assertEquals("acper_0.2", Metrics.acper(0.2).name());
    }
  }

  @Nested
  class V2Binary {
    @Test
    void confusionMatrix_sortedLabels_ravelsToTnFpFnTp() {
      ConfusionMatrix cm = MetricFunctions.confusionMatrix(V2_TRUE, V2_PRED);
      assertEquals(List.of(0, 1), cm.labels());
      assertEquals(List.of(List.of(4L, 2L), List.of(1L, 3L)), cm.counts());
      assertEquals(4, cm.trueNegatives());
      assertEquals(2, cm.falsePositives());
      assertEquals(1, cm.falseNegatives());
      assertEquals(3, cm.truePositives());
      assertEquals(10, cm.total());
    }

    @Test
    void precisionScore() {
      assertEquals(0.6, MetricFunctions.precision(V2_TRUE, V2_PRED), TOL);
    }

    @Test
    void recallScore() {
      assertEquals(0.75, MetricFunctions.recall(V2_TRUE, V2_PRED), TOL);
    }

    @Test
    void f1Score() {
      assertEquals(0.6666666666666665, MetricFunctions.f1(V2_TRUE, V2_PRED), TOL);
    }

    @Test
    void fbetaScore_betaHalfAndTwo() {
      assertEquals(0.625, MetricFunctions.fBeta(V2_TRUE, V2_PRED, 0.5), TOL);
      assertEquals(0.7142857142857143, MetricFunctions.fBeta(V2_TRUE, V2_PRED, 2.0), TOL);
    }

    @Test
    void accuracyScore() {
      assertEquals(0.7, MetricFunctions.accuracy(V2_TRUE, V2_PRED), TOL);
    }

    @Test
    void balancedAccuracyScore() {
      assertEquals(0.7083333333333333, MetricFunctions.balancedAccuracy(V2_TRUE, V2_PRED), TOL);
    }

    @Test
    void cohenKappaScore() {
      assertEquals(0.4, MetricFunctions.cohenKappa(V2_TRUE, V2_PRED), TOL);
    }

    @Test
    void matthewsCorrcoef() {
      assertEquals(0.408248290463863, MetricFunctions.matthewsCorrelation(V2_TRUE, V2_PRED), TOL);
    }

    @Test
    void fbetaScore_infiniteBeta_isRecall() {
      assertEquals(0.75, MetricFunctions.fBeta(V2_TRUE, V2_PRED, Double.POSITIVE_INFINITY), TOL);
    }

    @Test
    void metricObjects_binaryOutcomes_useArgmaxAndSecondClass() {
      // Outcomes whose argmax reproduces V2_PRED.
      double[][] proba = new double[V2_PRED.length][];
      for (int i = 0; i < proba.length; i++) {
        proba[i] = V2_PRED[i] == 1 ? new double[] {0.3, 0.7} : new double[] {0.8, 0.2};
      }
      Outcomes o = Outcomes.classification(List.of("no", "yes"), V2_TRUE, proba);
      assertEquals(0.6, Metrics.precision(Average.BINARY).evaluate(o), TOL);
      assertEquals(0.75, Metrics.recall(Average.BINARY).evaluate(o), TOL);
      assertEquals(0.6666666666666665, Metrics.f1(Average.BINARY).evaluate(o), TOL);
      assertEquals(0.7083333333333333, Metrics.balancedAccuracy().evaluate(o), TOL);
      assertEquals(0.4, Metrics.cohenKappa(KappaWeights.NONE).evaluate(o), TOL);
      assertEquals(0.408248290463863, Metrics.matthewsCorrelation().evaluate(o), TOL);
      assertEquals("f1", Metrics.f1(Average.BINARY).name());
      assertEquals("f1_macro", Metrics.f1(Average.MACRO).name());
      assertEquals("precision_weighted", Metrics.precision(Average.WEIGHTED).name());
      assertEquals("cohen_kappa_quadratic", Metrics.cohenKappa(KappaWeights.QUADRATIC).name());
    }
  }

  @Nested
  class V3MultiClass {
    @Test
    void confusionMatrix() {
      assertEquals(
          List.of(List.of(2L, 1L, 1L), List.of(1L, 2L, 0L), List.of(1L, 1L, 3L)),
          MetricFunctions.confusionMatrix(V3_TRUE, V3_PRED).counts());
    }

    @Test
    void precisionRecallFscoreSupport_betaTwo_averageNone() {
      ClassScores s = MetricFunctions.classScores(V3_TRUE, V3_PRED, 2.0);
      assertEquals(List.of(0, 1, 2), s.labels());
      assertList(List.of(0.5, 0.5, 0.75), s.precision());
      assertList(List.of(0.5, 0.6666666666666666, 0.6), s.recall());
      assertList(List.of(0.5, 0.625, 0.625), s.fBeta());
      assertEquals(List.of(4L, 3L, 5L), s.support());
    }

    @Test
    void precisionRecallF1Fbeta_macro() {
      assertEquals(0.5833333333333334, MetricFunctions.precision(V3_TRUE, V3_PRED, ClassAveraging.macro()), TOL);
      assertEquals(0.5888888888888889, MetricFunctions.recall(V3_TRUE, V3_PRED, ClassAveraging.macro()), TOL);
      assertEquals(0.5793650793650794, MetricFunctions.f1(V3_TRUE, V3_PRED, ClassAveraging.macro()), TOL);
      assertEquals(0.5833333333333334, MetricFunctions.fBeta(V3_TRUE, V3_PRED, 2, ClassAveraging.macro()), TOL);
    }

    @Test
    void precisionRecallF1Fbeta_micro() {
      assertEquals(0.5833333333333334, MetricFunctions.precision(V3_TRUE, V3_PRED, ClassAveraging.micro()), TOL);
      assertEquals(0.5833333333333334, MetricFunctions.recall(V3_TRUE, V3_PRED, ClassAveraging.micro()), TOL);
      assertEquals(0.5833333333333334, MetricFunctions.f1(V3_TRUE, V3_PRED, ClassAveraging.micro()), TOL);
      assertEquals(0.5833333333333334, MetricFunctions.fBeta(V3_TRUE, V3_PRED, 2, ClassAveraging.micro()), TOL);
    }

    @Test
    void precisionRecallF1Fbeta_weighted() {
      assertEquals(
          0.6041666666666666, MetricFunctions.precision(V3_TRUE, V3_PRED, ClassAveraging.weighted()), TOL);
      assertEquals(0.5833333333333334, MetricFunctions.recall(V3_TRUE, V3_PRED, ClassAveraging.weighted()), TOL);
      assertEquals(0.5873015873015873, MetricFunctions.f1(V3_TRUE, V3_PRED, ClassAveraging.weighted()), TOL);
      assertEquals(
          0.5833333333333334, MetricFunctions.fBeta(V3_TRUE, V3_PRED, 2, ClassAveraging.weighted()), TOL);
    }

    @Test
    void accuracyScore_andBalancedAccuracyScore() {
      assertEquals(0.5833333333333334, MetricFunctions.accuracy(V3_TRUE, V3_PRED), TOL);
      assertEquals(0.5888888888888889, MetricFunctions.balancedAccuracy(V3_TRUE, V3_PRED), TOL);
    }

    @Test
    void cohenKappaScore_noneLinearQuadratic() {
      assertEquals(0.375, MetricFunctions.cohenKappa(V3_TRUE, V3_PRED, KappaOptions.unweighted()), TOL);
      assertEquals(0.36363636363636365, MetricFunctions.cohenKappa(V3_TRUE, V3_PRED, KappaOptions.linear()), TOL);
      assertEquals(
          0.3529411764705882, MetricFunctions.cohenKappa(V3_TRUE, V3_PRED, KappaOptions.quadratic()), TOL);
    }

    @Test
    void f1Score_macroWithUnseenLabel_usesZeroDivision() {
      int[] labels = {0, 1, 2, 3};
      assertEquals(
          0.43452380952380953, MetricFunctions.f1(V3_TRUE, V3_PRED, ClassAveraging.macro().withLabels(labels).withZeroDivision(0.0)), TOL);
      assertEquals(
          0.6845238095238095, MetricFunctions.f1(V3_TRUE, V3_PRED, ClassAveraging.macro().withLabels(labels).withZeroDivision(1.0)), TOL);
    }

    @Test
    void cohenKappaScore_quadratic_weighsByLabelPositionNotValue() {
      int[] y1 = {1, 1, 5, 5, 9, 9};
      int[] y2 = {1, 5, 5, 9, 9, 1};
      int[] relabelled1 = {0, 0, 1, 1, 2, 2};
      int[] relabelled2 = {0, 1, 1, 2, 2, 0};
      assertEquals(0.2499999999999999, MetricFunctions.cohenKappa(y1, y2, KappaOptions.quadratic()), TOL);
      assertEquals(
          0.2499999999999999,
          MetricFunctions.cohenKappa(relabelled1, relabelled2, KappaOptions.quadratic()),
          TOL);
    }

    /** V3's "alternative reading, NOT sklearn": one-vs-rest accuracy from the matrix. */
    @Test
    void confusionMatrix_oneVsRestAccuracy_matchesV3AlternativeReading() {
      ConfusionMatrix cm = MetricFunctions.confusionMatrix(V3_TRUE, V3_PRED);
      double n = cm.total();
      double[] expected = {0.6666666666666666, 0.75, 0.75};
      double sum = 0;
      for (int c = 0; c < 3; c++) {
        long row = 0;
        long column = 0;
        for (int j = 0; j < 3; j++) {
          row += cm.count(c, j);
          column += cm.count(j, c);
        }
        double accuracy = (n - row - column + 2 * cm.count(c, c)) / n;
        assertEquals(expected[c], accuracy, TOL);
        sum += accuracy;
      }
      assertEquals(0.7222222222222222, sum / 3, TOL);
    }

    @Test
    void extra_matthewsCorrcoef_multiClass() {
      assertEquals(0.37896836447993354, MetricFunctions.matthewsCorrelation(V3_TRUE, V3_PRED), TOL);
    }

    @Test
    void extra_precisionScore_macroOverChosenLabels() {
      // precision_score(yt, yp, labels=[0,2], average='macro'); f1_score(..., average='micro')
      assertEquals(
          0.625, MetricFunctions.precision(V3_TRUE, V3_PRED, ClassAveraging.macro().withLabels(0, 2).withZeroDivision(0.0)), TOL);
      assertEquals(
          0.5882352941176471, MetricFunctions.f1(V3_TRUE, V3_PRED, ClassAveraging.micro().withLabels(0, 2).withZeroDivision(0.0)), TOL);
    }

    @Test
    void extra_weightedWithoutSupport_isZeroDivision() {
      // recall/precision/f1_score(yt, yp, labels=[3], average='weighted', zero_division=1) = 1.0
      int[] three = {3};
      assertEquals(1.0, MetricFunctions.recall(V3_TRUE, V3_PRED, ClassAveraging.weighted().withLabels(three).withZeroDivision(1.0)), TOL);
      assertEquals(1.0, MetricFunctions.precision(V3_TRUE, V3_PRED, ClassAveraging.weighted().withLabels(three).withZeroDivision(1.0)), TOL);
      assertEquals(1.0, MetricFunctions.f1(V3_TRUE, V3_PRED, ClassAveraging.weighted().withLabels(three).withZeroDivision(1.0)), TOL);
    }

    @Test
    void extra_cohenKappaScore_labelOrderGiven() {
      // cohen_kappa_score(yt, yp, labels=[2,1,0], weights='quadratic'): reversal keeps distances
      assertEquals(
          0.3529411764705882,
          MetricFunctions.cohenKappa(V3_TRUE, V3_PRED, KappaOptions.quadratic().withLabels(2, 1, 0)),
          TOL);
    }

    @Test
    void extra_balancedAccuracyScore_classOnlyPredicted_isLeftOut() {
      // balanced_accuracy_score([0,0,1,1],[0,2,1,1]) = 0.75
      assertEquals(
          0.75, MetricFunctions.balancedAccuracy(new int[] {0, 0, 1, 1}, new int[] {0, 2, 1, 1}), TOL);
    }

    @Test
    void confusionMatrix_givenLabels_keepsTheirOrderAndZeros() {
      ConfusionMatrix cm = MetricFunctions.confusionMatrix(V3_TRUE, V3_PRED, 2, 0, 7);
      assertEquals(List.of(2, 0, 7), cm.labels());
      assertEquals(
          List.of(List.of(3L, 1L, 0L), List.of(1L, 2L, 0L), List.of(0L, 0L, 0L)), cm.counts());
    }
  }

  @Nested
  class V4BinaryScores {
    @Test
    void rocCurve_dropIntermediateFalse() {
      RocCurve roc = MetricFunctions.rocCurve(V4_Y, V4_SCORE, RocOptions.defaults().keepIntermediate());
      assertList(List.of(0.0, 0.0, 0.0, 0.5, 0.5, 0.75, 1.0), roc.fpr());
      assertList(List.of(0.0, 0.25, 0.5, 0.75, 1.0, 1.0, 1.0), roc.tpr());
      assertList(List.of(1.9, 0.9, 0.8, 0.4, 0.35, 0.2, 0.1), roc.thresholds());
    }

    @Test
    void rocCurve_defaultDropIntermediateTrue() {
      RocCurve roc = MetricFunctions.rocCurve(V4_Y, V4_SCORE);
      assertList(List.of(0.0, 0.0, 0.0, 0.5, 0.5, 1.0), roc.fpr());
      assertList(List.of(0.0, 0.25, 0.5, 0.75, 1.0, 1.0), roc.tpr());
      assertEquals(0.8125, roc.auc(), TOL);
    }

    @Test
    void rocAucScore_tiesCountHalf() {
      assertEquals(0.8125, MetricFunctions.rocAuc(V4_Y, V4_SCORE), TOL);
    }

    @Test
    void rocAucScore_maxFprHalf_isMcClishStandardised() {
      assertEquals(0.75, MetricFunctions.rocAuc(V4_Y, V4_SCORE, RocOptions.defaults().withMaxFpr(0.5)), TOL);
      // extra: roc_auc_score(y, score, max_fpr=0.3) = 0.75; max_fpr=1 is the full AUC
      assertEquals(0.75, MetricFunctions.rocAuc(V4_Y, V4_SCORE, RocOptions.defaults().withMaxFpr(0.3)), TOL);
      assertEquals(0.8125, MetricFunctions.rocAuc(V4_Y, V4_SCORE, RocOptions.defaults().withMaxFpr(1.0)), TOL);
    }

    @Test
    void mannWhitneyUOverPairs_crossCheck() {
      // mannwhitneyu(score[y == 1], score[y == 0]).statistic / (4 * 4)
      double[] pos = {0.35, 0.8, 0.4, 0.9};
      double[] neg = {0.1, 0.4, 0.4, 0.2};
      TestResult u = StatTests.mannWhitneyU(pos, neg, Alternative.TWO_SIDED);
      assertEquals(0.8125, u.statistic() / 16, TOL);
      assertEquals(0.8125, u.effect().orElseThrow().estimate(), TOL);
    }

    @Test
    void averagePrecisionScore() {
      assertEquals(0.8166666666666667, MetricFunctions.averagePrecision(V4_Y, V4_SCORE), TOL);
    }

    @Test
    void rocAucScore_sampleWeight() {
      assertEquals(0.8611111111111112, MetricFunctions.rocAuc(V4_Y, V4_SCORE, RocOptions.defaults().withSampleWeight(V4_WEIGHT)), TOL);
    }

    @Test
    void extra_rocCurve_sampleWeight() {
      RocCurve roc = MetricFunctions.rocCurve(V4_Y, V4_SCORE, RocOptions.defaults().withSampleWeight(V4_WEIGHT));
      assertList(List.of(0.0, 0.0, 0.0, 0.5555555555555556, 0.5555555555555556, 1.0), roc.fpr());
      assertList(List.of(0.0, 0.5, 0.6666666666666666, 0.8333333333333334, 1.0, 1.0), roc.tpr());
      assertList(List.of(1.9, 0.9, 0.8, 0.4, 0.35, 0.1), roc.thresholds());
    }

    @Test
    void extra_precisionRecallCurve() {
      PrecisionRecallCurve pr = MetricFunctions.precisionRecallCurve(V4_Y, V4_SCORE);
      assertList(
          List.of(0.5, 0.5714285714285714, 0.6666666666666666, 0.6, 1.0, 1.0, 1.0), pr.precision());
      assertList(List.of(1.0, 1.0, 1.0, 0.75, 0.5, 0.25, 0.0), pr.recall());
      assertList(List.of(0.1, 0.2, 0.35, 0.4, 0.8, 0.9), pr.thresholds());
    }
  }

  @Nested
  class V5MultiClassAuc {
    @Test
    void rocAucScore_ovr_macroWeightedMicro() {
      assertEquals(0.923611111111111, MetricFunctions.rocAucOvr(V5_Y, V5_PROBA, Average.MACRO), TOL);
      assertEquals(0.925, MetricFunctions.rocAucOvr(V5_Y, V5_PROBA, Average.WEIGHTED), TOL);
      assertEquals(0.9125, MetricFunctions.rocAucOvr(V5_Y, V5_PROBA, Average.MICRO), TOL);
    }

    @Test
    void rocAucScore_ovr_averageNone() {
      assertList(
          List.of(0.9285714285714285, 0.9047619047619048, 0.9375),
          MetricFunctions.rocAucOvrPerClass(V5_Y, V5_PROBA));
    }

    @Test
    void rocAucScore_ovo_macroAndWeighted() {
      assertEquals(0.923611111111111, MetricFunctions.rocAucOvo(V5_Y, V5_PROBA, Average.MACRO), TOL);
      assertEquals(0.9239583333333333, MetricFunctions.rocAucOvo(V5_Y, V5_PROBA, Average.WEIGHTED), TOL);
    }

    @Test
    void metricObjects_multiClassOutcomes_matchV5() {
      Outcomes o = Outcomes.classification(List.of("a", "b", "c"), V5_Y, V5_PROBA);
      assertEquals(0.925, Metrics.rocAucOvr(Average.WEIGHTED).evaluate(o), TOL);
      assertEquals(0.9125, Metrics.rocAucOvr(Average.MICRO).evaluate(o), TOL);
      assertEquals(0.9239583333333333, Metrics.rocAucOvo(Average.WEIGHTED).evaluate(o), TOL);
      assertEquals("roc_auc_ovo_weighted", Metrics.rocAucOvo(Average.WEIGHTED).name());
      assertEquals("roc_auc_ovr", Metrics.rocAucOvr(Average.MACRO).name());
    }
  }

  @Nested
  class V6Ranking {
    @Test
    void dcgScore_andNdcgScore() {
      assertEquals(9.499457825916874, MetricFunctions.dcg(V6_REL, V6_SCORE), TOL);
      assertEquals(0.6956940443813074, MetricFunctions.ndcg(V6_REL, V6_SCORE), TOL);
    }

    @Test
    void dcgScore_andNdcgScore_kTwo() {
      assertEquals(5.630929753571458, MetricFunctions.dcg(V6_REL, V6_SCORE, Ranking.top(2)), TOL);
      assertEquals(0.42805626002956054, MetricFunctions.ndcg(V6_REL, V6_SCORE, Ranking.top(2)), TOL);
    }

    @Test
    void ndcgScore_tiedScores_averaged() {
      assertEquals(0.9279733094794905, MetricFunctions.ndcg(V6_REL, V6_TIED), TOL);
    }

    @Test
    void ndcgScore_ignoreTies() {
      assertEquals(
          0.8648554595936129,
          MetricFunctions.ndcg(V6_REL, V6_TIED, Ranking.full().withIgnoreTies(true)),
          TOL);
      // extra: dcg_score([[10,0,0,1,5]], [[1,0,0,0,1]], ignore_ties=True)
      assertEquals(
          11.809297535714576,
          MetricFunctions.dcg(V6_REL, V6_TIED, Ranking.full().withIgnoreTies(true)),
          TOL);
    }

    @Test
    void ndcgScore_andDcgScore_kOneTiesAveraged() {
      assertEquals(0.75, MetricFunctions.ndcg(V6_REL, V6_TIED, Ranking.top(1)), TOL);
      assertEquals(7.5, MetricFunctions.dcg(V6_REL, V6_TIED, Ranking.top(1)), TOL);
    }

    @Test
    void ndcgScore_twoQueries_allZeroRowScoresZero() {
      assertEquals(0.4938820325492056, MetricFunctions.ndcg(V6_REL2, V6_SCORE2), TOL);
      assertEquals(0.4944453404076263, MetricFunctions.ndcg(V6_REL2, V6_SCORE2, Ranking.top(3)), TOL);
    }

    @Test
    void dcgScore_twoQueries_andLogBaseTen() {
      assertEquals(3.5268092159452733, MetricFunctions.dcg(V6_REL2, V6_SCORE2), TOL);
      assertEquals(
          11.715806619756272, MetricFunctions.dcg(V6_REL2, V6_SCORE2, Ranking.full().withLogBase(10)), TOL);
    }

    @Test
    void ndcgScore_exponentialGainPassedAsRelevance() {
      double[][] rel = new double[1][6];
      for (int i = 0; i < 6; i++) {
        rel[0][i] = Math.pow(2, V6_REL2[0][i]) - 1;
      }
      assertEquals(0.979056178550987, MetricFunctions.ndcg(rel, new double[][] {V6_SCORE2[0]}), TOL);
    }

    @Test
    void extra_ndcgScore_kThreeFirstQuery() {
      assertEquals(
          0.9888906808152526,
          MetricFunctions.ndcg(new double[][] {V6_REL2[0]}, new double[][] {V6_SCORE2[0]}, Ranking.top(3)),
          TOL);
    }
  }

  @Nested
  class V7Probabilities {
    @Test
    void brierScoreLoss() {
      assertEquals(0.15875, MetricFunctions.brierScore(V7_Y, V7_P), TOL);
    }

    @Test
    void logLoss() {
      assertEquals(0.48069235473214833, MetricFunctions.logLoss(V7_Y, V7_P), TOL);
    }

    @Test
    void metricObject_brierAndAveragePrecision_onBinaryOutcomes() {
      double[][] proba = new double[V7_P.length][];
      for (int i = 0; i < proba.length; i++) {
        proba[i] = new double[] {1 - V7_P[i], V7_P[i]};
      }
      Outcomes o = Outcomes.classification(List.of("no", "yes"), V7_Y, proba);
      assertEquals(0.15875, Metrics.brierScore().evaluate(o), TOL);
      assertEquals(
          MetricFunctions.averagePrecision(V7_Y, V7_P), Metrics.averagePrecision().evaluate(o), TOL);
    }
  }
}
