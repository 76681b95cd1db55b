package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What {@link WeightedMetricFunctions}, the new tests of {@link StatTests} and the one-sided
 * {@link Drift#ks} refuse, with the exact messages; the values themselves are in {@link
 * MetricsGapsReferenceTest}.
 */
class WeightedMetricFunctionsTest {
  private static final double[] Y = {1.0, 2.0, 3.0};
  private static final double[] YHAT = {1.5, 2.0, 2.0};
  private static final int[] LABELS = {0, 1, 2, 0};
  private static final int[] PREDICTED = {0, 2, 2, 0};
  private static final int[] CLASSES = {0, 1, 2};
  private static final double[][] PROBA = {
    {0.6, 0.3, 0.1}, {0.2, 0.5, 0.3}, {0.1, 0.2, 0.7},
  };

  private static void assertMessage(String expected, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }

  @Nested
  class BadWeights {
    @Test
    void weighted_null_saysWhatToPass() {
      assertMessage(
          "MetricFunctions.weighted: sampleWeight is null; expected a double[] with every row's "
              + "weight",
          () -> MetricFunctions.weighted((double[]) null));
    }

    @Test
    void weighted_empty_pointsToUnweighted() {
      assertMessage(
          "MetricFunctions.weighted: sampleWeight is empty; expected one weight per row — use "
              + "MetricFunctions.unweighted() for unit weights",
          () -> MetricFunctions.weighted());
    }

    @Test
    void weighted_negative_namesTheRow() {
      assertMessage(
          "MetricFunctions.weighted: sampleWeight[1] is -0.5; expected a finite weight >= 0 for "
              + "every row — give every row a non-negative weight (0 leaves the row out)",
          () -> MetricFunctions.weighted(1.0, -0.5, 2.0));
    }

    @Test
    void weighted_nanOrInfinite_refused() {
      assertMessage(
          "MetricFunctions.weighted: sampleWeight[0] is NaN; expected a finite weight >= 0 for "
              + "every row — give every row a non-negative weight (0 leaves the row out)",
          () -> MetricFunctions.weighted(Double.NaN, 1.0));
      assertMessage(
          "MetricFunctions.weighted: sampleWeight[1] is Infinity; expected a finite weight >= 0 "
              + "for every row — give every row a non-negative weight (0 leaves the row out)",
          () -> MetricFunctions.weighted(1.0, Double.POSITIVE_INFINITY));
    }

    @Test
    void weighted_allZero_refusedBeforeDividingByZero() {
      assertMessage(
          "MetricFunctions.weighted: every sampleWeight is 0, so the weighted mean divides by 0; "
              + "expected a positive total weight — give some rows a weight above 0",
          () -> MetricFunctions.weighted(0.0, 0.0, -0.0));
    }

    @Test
    void weighted_totalOverflows_refusedInsteadOfNaN() {
      assertMessage(
          "MetricFunctions.weighted: the sampleWeight values sum to Infinity, beyond the largest "
              + "double; expected a finite total — scale the weights down (only their ratios "
              + "matter)",
          () -> MetricFunctions.weighted(Double.MAX_VALUE, Double.MAX_VALUE));
    }

    @Test
    void weighted_wrongLength_namesBothCounts() {
      assertMessage(
          "mse: sampleWeight has 2 weights but there are 3 rows; expected one weight per row — "
              + "pass the weights of the same rows, in the same order",
          () -> MetricFunctions.weighted(1.0, 2.0).mse(Y, YHAT));
      assertMessage(
          "f1: sampleWeight has 3 weights but there are 4 rows; expected one weight per row — "
              + "pass the weights of the same rows, in the same order",
          () -> MetricFunctions.weighted(1, 1, 1).f1(LABELS, PREDICTED, ClassAveraging.macro()));
    }

    @Test
    void ranking_weightPerRow_saysOnePerQuery() {
      double[][] rel = {{1, 0, 2}, {0, 1, 0}};
      assertMessage(
          "ndcg: sampleWeight has 3 weights but there are 2 queries; expected one weight per "
              + "query — pass the weights of the same queries, in the same order",
          () -> MetricFunctions.weighted(1, 1, 1).ndcg(rel, rel, Ranking.full()));
    }

    @Test
    void weighted_copiesTheWeights_laterChangesDoNotLeak() {
      double[] w = {1.0, 1.0, 1.0};
      WeightedMetricFunctions f = MetricFunctions.weighted(w);
      double before = f.mae(Y, YHAT);
      w[0] = 100.0;
      assertEquals(before, f.mae(Y, YHAT), 0.0);
      assertTrue(f.isWeighted());
      assertFalse(MetricFunctions.unweighted().isWeighted());
    }

    @Test
    void zeroWeight_dropsTheRow_likeLeavingItOut() {
      WeightedMetricFunctions f = MetricFunctions.weighted(1.0, 1.0, 0.0);
      assertEquals(
          MetricFunctions.mse(new double[] {1.0, 2.0}, new double[] {1.5, 2.0}), f.mse(Y, YHAT), 0.0);
    }
  }

  @Nested
  class NewMetrics {
    @Test
    void msle_negativeTarget_refusedAsSklearn() {
      assertMessage(
          "msle: y[1] is -2.0; expected values >= 0 — the squared log error ln(1 + y) is for "
              + "non-negative targets such as counts or prices; use mse for targets that can be "
              + "negative",
          () -> MetricFunctions.unweighted().msle(new double[] {1, -2}, new double[] {1, 2}));
      assertMessage(
          "msle: yhat[0] is -0.1; expected values >= 0 — the squared log error ln(1 + y) is for "
              + "non-negative targets such as counts or prices; use mse for targets that can be "
              + "negative",
          () -> MetricFunctions.unweighted().msle(new double[] {1, 2}, new double[] {-0.1, 2}));
    }

    @Test
    void msle_negativeZero_isZeroAndAccepted() {
      assertEquals(
          0.0, MetricFunctions.unweighted().msle(new double[] {-0.0, 1}, new double[] {0.0, 1}), 0.0);
    }

    @Test
    void maxError_weighted_refusedBecauseSklearnTakesNoWeights() {
      assertMessage(
          "max_error: sample weights given, but the largest error does not depend on weights "
              + "(sklearn's max_error takes none); expected MetricFunctions.unweighted() — to "
              + "leave rows out, drop them from y and yhat",
          () -> MetricFunctions.weighted(1, 1, 1).maxError(Y, YHAT));
      assertEquals(1.0, MetricFunctions.unweighted().maxError(Y, YHAT), 0.0);
    }

    @Test
    void topK_kOutOfRange_saysTheRange() {
      assertMessage(
          "top_k_accuracy: k is 0 but score has 3 classes; expected 1 <= k <= 2 — with k >= the "
              + "number of classes every row is a hit, so the score would be 1.0 whatever the "
              + "model",
          () -> MetricFunctions.unweighted().topKAccuracy(CLASSES, PROBA, 0));
      assertMessage(
          "top_k_accuracy: k is 3 but score has 3 classes; expected 1 <= k <= 2 — with k >= the "
              + "number of classes every row is a hit, so the score would be 1.0 whatever the "
              + "model",
          () -> MetricFunctions.unweighted().topKAccuracy(CLASSES, PROBA, 3));
    }

    @Test
    void topK_twoColumns_pointsToAccuracy() {
      assertMessage(
          "top_k_accuracy: score has 2 columns; expected at least 3 classes — with two classes "
              + "top-1 accuracy is MetricFunctions.accuracy(yTrue, yPred) of the predicted labels",
          () ->
              MetricFunctions.unweighted()
                  .topKAccuracy(new int[] {0, 1}, new double[][] {{0.4, 0.6}, {0.3, 0.7}}, 1));
    }

    @Test
    void topK_classIndexOutOfRange_refused() {
      assertMessage(
          "top_k_accuracy: yTrue[2] is 3 but score has 3 columns; expected a class index in 0..2 "
              + "— column j of score holds the probability of class j",
          () -> MetricFunctions.unweighted().topKAccuracy(new int[] {0, 1, 3}, PROBA, 1));
    }

    @Test
    void averagePrecision_classWithoutWeight_refused() {
      assertMessage(
          "average_precision is undefined for class 1: its rows in y_true have total weight 0, "
              + "so it has no positives; expected some weight on every class — give some of its "
              + "rows a weight above 0",
          () ->
              MetricFunctions.weighted(1.0, 0.0, 1.0)
                  .averagePrecision(CLASSES, PROBA, Average.MACRO));
    }

    @Test
    void averagePrecision_binaryAverage_refused() {
      assertMessage(
          "average_precision: average is BINARY, which scores one class; expected MACRO, "
              + "WEIGHTED or MICRO — for a binary score use averagePrecision(int[], double[])",
          () -> MetricFunctions.unweighted().averagePrecision(CLASSES, PROBA, Average.BINARY));
    }

    @Test
    void averagePrecision_binaryPositivesWithoutWeight_refused() {
      assertMessage(
          "average_precision is undefined for class 1: its rows in y_true have total weight 0, "
              + "so it has no positives; expected some weight on every class — give some of its "
              + "rows a weight above 0",
          () ->
              MetricFunctions.weighted(1.0, 0.0, 1.0)
                  .averagePrecision(new int[] {0, 1, 0}, new double[] {0.1, 0.9, 0.2}));
    }

    @Test
    void jaccard_perClassAveraging_pointsToOneLabelAtATime() {
      assertMessage(
          "jaccard: ClassAveraging.perClass() gives one score per label but jaccard returns one "
              + "number; expected binary(), micro(), macro() or weighted() — for one label's "
              + "Jaccard index pass macro().withLabels(label)",
          () -> MetricFunctions.unweighted().jaccard(LABELS, PREDICTED, ClassAveraging.perClass()));
    }

    @Test
    void hammingLoss_isOneMinusAccuracy() {
      WeightedMetricFunctions f = MetricFunctions.weighted(1.0, 2.0, 3.0, 0.5);
      assertEquals(1.0, f.hammingLoss(LABELS, PREDICTED) + f.accuracy(LABELS, PREDICTED), 1e-15);
    }
  }

  @Nested
  class PipelineMetrics {
    @Test
    void names_followTheScorerNames() {
      assertEquals("explained_variance", Metrics.explainedVariance().name());
      assertEquals("max_error", Metrics.maxError().name());
      assertEquals("msle", Metrics.msle().name());
      assertEquals("hamming_loss", Metrics.hammingLoss().name());
      assertEquals("jaccard_macro", Metrics.jaccard(Average.MACRO).name());
      assertEquals("jaccard", Metrics.jaccard(Average.BINARY).name());
      assertEquals("top_k_accuracy_2", Metrics.topKAccuracy(2).name());
      assertEquals("average_precision_weighted", Metrics.averagePrecision(Average.WEIGHTED).name());
      assertFalse(Metrics.msle().greaterIsBetter());
      assertTrue(Metrics.explainedVariance().greaterIsBetter());
    }

    @Test
    void topKAccuracy_kBelowOne_refusedWhenBuilt() {
      assertMessage(
          "top_k_accuracy: k is 0; expected k >= 1 — top-1 accuracy is Metrics.accuracy()",
          () -> Metrics.topKAccuracy(0));
    }

    @Test
    void msle_negativePrediction_namesTheOutcomesColumn() {
      org.mlengine.core.spi.Outcomes o =
          org.mlengine.core.spi.Outcomes.regression(new double[] {1, 2}, new double[] {1, -3});
      assertMessage(
          "msle: predictedValues[1] is -3.0; expected values >= 0 — the squared log error "
              + "ln(1 + y) is for non-negative targets such as counts or prices; use mse for "
              + "targets that can be negative",
          () -> Metrics.msle().evaluate(o));
    }

    @Test
    void averagePrecision_binaryAverage_pointsToTheBinaryMetric() {
      assertMessage(
          "average_precision: average is BINARY; expected MACRO, WEIGHTED or MICRO — for a "
              + "binary classifier use Metrics.averagePrecision()",
          () -> Metrics.averagePrecision(Average.BINARY));
    }
  }

  @Nested
  class NewTests {
    @Test
    void fisherExact_notTwoByTwo_pointsToChiSquare() {
      assertMessage(
          "fisher_exact: the table is not 2x2; expected {{a, b}, {c, d}} — for larger tables use "
              + "StatTests.chiSquare or StatTests.gTest",
          () -> StatTests.fisherExact(new long[][] {{1, 2, 3}, {4, 5, 6}}, Alternative.TWO_SIDED));
    }

    @Test
    void fisherExact_negativeCount_refused() {
      assertMessage(
          "fisher_exact: table[1][0] is -1; expected counts >= 0",
          () -> StatTests.fisherExact(new long[][] {{1, 2}, {-1, 6}}, Alternative.LESS));
    }

    @Test
    void fisherExact_emptyRowOrColumn_refusedInsteadOfNaN() {
      assertMessage(
          "fisher_exact: table row 1 sums to 0, so there is nothing to compare (SciPy returns p = "
              + "1 and a NaN odds ratio); expected a count in every row and column — drop the "
              + "empty group or category",
          () -> StatTests.fisherExact(new long[][] {{1, 2}, {0, 0}}, Alternative.TWO_SIDED));
      assertMessage(
          "fisher_exact: table column 0 sums to 0, so there is nothing to compare (SciPy returns "
              + "p = 1 and a NaN odds ratio); expected a count in every row and column — drop the "
              + "empty group or category",
          () -> StatTests.fisherExact(new long[][] {{0, 2}, {0, 3}}, Alternative.TWO_SIDED));
    }

    @Test
    void fisherExact_countsWhoseTotalOverflows_refusedWithItsOwnMessage() {
      assertMessage(
          "fisher_exact: the counts add up to more than Long.MAX_VALUE (9223372036854775807), so "
              + "the margins overflow; expected counts of rows whose total fits in a long — check "
              + "that the cells are counts, not sums or scaled values",
          () -> StatTests.fisherExact(new long[][] {{Long.MAX_VALUE, 1}, {1, 1}}, Alternative.LESS));
    }

    @Test
    void fisherExact_oddsRatioBeyondLongRange_isComputedInDouble() {
      // a·d = 1e19 overflows a long; the old code returned -8.4467440737095516E18.
      TestResult r = StatTests.fisherExact(
          new long[][] {{10_000_000_000_000L, 1}, {1, 1_000_000L}}, Alternative.TWO_SIDED);
      assertEquals(1e19, r.statistic());
    }

    @Test
    void fisherExact_supportOfSixBillion_needsNoArrayOverIt() {
      // The old code allocated an array over the support, here (int) 3e9 + 2 < 0:
      // NegativeArraySizeException. The observed table is the most extreme but one, so its
      // probability and the two-sided and upper p-values underflow to 0.
      long[][] t = {{3_000_000_000L, 1}, {1, 3_000_000_000L}};
      assertEquals(9e18, StatTests.fisherExact(t, Alternative.TWO_SIDED).statistic());
      assertEquals(0.0, StatTests.fisherExact(t, Alternative.TWO_SIDED).pValue());
      assertEquals(0.0, StatTests.fisherExact(t, Alternative.GREATER).pValue());
      assertEquals(1.0, StatTests.fisherExact(t, Alternative.LESS).pValue());
    }

    @Test
    void fisherExact_nullAlternative_refused() {
      assertMessage(
          "fisher_exact: alternative is null; expected Alternative.TWO_SIDED, LESS or GREATER",
          () -> StatTests.fisherExact(new long[][] {{1, 2}, {3, 4}}, null));
    }

    @Test
    void ks_nullAlternative_refused() {
      assertMessage(
          "ks_2samp: alternative is null; expected Alternative.TWO_SIDED, LESS or GREATER",
          () -> Drift.ks(Y, YHAT, null, PValueMethod.AUTO));
    }

    @Test
    void mannWhitney_withoutContinuity_exactIsUnchanged() {
      double[] a = {1.0, 4.0, 6.0};
      double[] b = {2.0, 3.0, 5.0, 7.0};
      assertEquals(
          StatTests.mannWhitneyU(a, b, Alternative.TWO_SIDED, PValueMethod.EXACT).pValue(),
          StatTests.mannWhitneyU(a, b, Alternative.TWO_SIDED, PValueMethod.EXACT, false).pValue(),
          0.0);
    }
  }
}
