package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of the metrics over generated inputs. */
class MetricsProperties {

  /** 0/1 labels with both classes present, beside scores of the same length. */
  record Labelled(int[] y, double[] score) {}

  @Provide
  Arbitrary<Labelled> anyScores() {
    return labelled(Arbitraries.doubles());
  }

  /** Scores on a coarse grid (k/20): many ties, and 1 − s keeps every tie and every order. */
  @Provide
  Arbitrary<Labelled> gridScores() {
    return labelled(Arbitraries.integers().between(0, 20).map(k -> k / 20.0));
  }

  private static Arbitrary<Labelled> labelled(Arbitrary<Double> scores) {
    return Arbitraries.integers()
        .between(2, 60)
        .flatMap(
            n ->
                Combinators.combine(
                        Arbitraries.integers().between(0, 1).array(int[].class).ofSize(n),
                        scores.list().ofSize(n))
                    .as(MetricsProperties::withBothClasses));
  }

  /** Forces row 0 to be negative and row 1 positive, so that the AUC is defined. */
  private static Labelled withBothClasses(int[] y, List<Double> scores) {
    int[] labels = y.clone();
    labels[0] = 0;
    labels[1] = 1;
    return new Labelled(labels, scores.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** Mann–Whitney U / (n1·n0), counted over every pair: a win is 1, a tie 1/2. */
  private static double mannWhitney(int[] y, double[] score) {
    long halves = 0;
    long pairs = 0;
    for (int i = 0; i < y.length; i++) {
      if (y[i] != 1) {
        continue;
      }
      for (int j = 0; j < y.length; j++) {
        if (y[j] != 0) {
          continue;
        }
        pairs++;
        if (score[i] > score[j]) {
          halves += 2;
        } else if (score[i] == score[j]) {
          halves += 1;
        }
      }
    }
    return halves / (2.0 * pairs);
  }

  @Property
  void rocAuc_anyScores_equalsNaiveMannWhitney(@ForAll("anyScores") Labelled s) {
    assertEquals(mannWhitney(s.y(), s.score()), MetricFunctions.rocAuc(s.y(), s.score()), 1e-15);
  }

  @Property
  void rocAuc_tiedScores_equalsNaiveMannWhitney(@ForAll("gridScores") Labelled s) {
    assertEquals(mannWhitney(s.y(), s.score()), MetricFunctions.rocAuc(s.y(), s.score()), 1e-15);
  }

  @Property
  void rocAuc_oneMinusScore_isOneMinusAuc(@ForAll("gridScores") Labelled s) {
    double[] flipped = new double[s.score().length];
    for (int i = 0; i < flipped.length; i++) {
      flipped[i] = 1.0 - s.score()[i];
    }
    assertEquals(1.0 - MetricFunctions.rocAuc(s.y(), s.score()), MetricFunctions.rocAuc(s.y(), flipped), 1e-12);
  }

  @Property
  void accuracy_anyLabels_isBetweenZeroAndOne(
      @ForAll @Size(min = 1, max = 50) List<@IntRange(min = 0, max = 3) Integer> truth,
      @ForAll @Size(min = 50, max = 50) List<@IntRange(min = 0, max = 3) Integer> guesses) {
    int[] yTrue = truth.stream().mapToInt(Integer::intValue).toArray();
    int[] yPred = guesses.stream().limit(yTrue.length).mapToInt(Integer::intValue).toArray();
    double accuracy = MetricFunctions.accuracy(yTrue, yPred);
    assertTrue(accuracy >= 0.0 && accuracy <= 1.0, "accuracy " + accuracy);
  }

  /**
   * The quadratic mean is never below the arithmetic mean. Allowed a relative 1e-12 for
   * rounding: with equal errors the two agree mathematically and may differ in the last bit.
   */
  @Property
  void rmse_anyValues_isAtLeastMae(
      @ForAll @Size(min = 1, max = 50) List<@DoubleRange(min = -1e6, max = 1e6) Double> y,
      @ForAll @Size(min = 50, max = 50) List<@DoubleRange(min = -1e6, max = 1e6) Double> yhat) {
    double[] truth = y.stream().mapToDouble(Double::doubleValue).toArray();
    double[] predicted = yhat.stream().limit(truth.length).mapToDouble(Double::doubleValue).toArray();
    double rmse = MetricFunctions.rmse(truth, predicted);
    double mae = MetricFunctions.mae(truth, predicted);
    assertTrue(rmse >= mae * (1 - 1e-12), "rmse " + rmse + " < mae " + mae);
  }

  /** Two labelings of the same length over classes 0..k-1. */
  record Labelings(int[] yTrue, int[] yPred) {}

  @Provide
  Arbitrary<Labelings> labelings() {
    return Arbitraries.integers()
        .between(1, 60)
        .flatMap(
            n ->
                Combinators.combine(
                        Arbitraries.integers().between(0, 4).array(int[].class).ofSize(n),
                        Arbitraries.integers().between(0, 4).array(int[].class).ofSize(n))
                    .as(Labelings::new));
  }

  /** Single-label multi-class over all labels: micro P = R = F1 = accuracy. */
  @Property
  void f1Micro_singleLabel_equalsAccuracy(@ForAll("labelings") Labelings l) {
    double accuracy = MetricFunctions.accuracy(l.yTrue(), l.yPred());
    assertEquals(accuracy, MetricFunctions.f1(l.yTrue(), l.yPred(), ClassAveraging.micro()), 1e-12);
    assertEquals(accuracy, MetricFunctions.precision(l.yTrue(), l.yPred(), ClassAveraging.micro()), 1e-12);
    assertEquals(accuracy, MetricFunctions.recall(l.yTrue(), l.yPred(), ClassAveraging.micro()), 1e-12);
  }

  @Property
  void cohenKappa_identicalLabelingsWithTwoLabels_isOne(
      @ForAll("labelings") Labelings l, @ForAll KappaWeights weights) {
    // Append a 0 and a 1 so that at least two labels are in use (kappa is 0/0 otherwise).
    int n = l.yTrue().length;
    int[] y = java.util.Arrays.copyOf(l.yTrue(), n + 2);
    y[n] = 0;
    y[n + 1] = 1;
    assertEquals(1.0, MetricFunctions.cohenKappa(y, y.clone(), KappaOptions.of(weights)), 1e-12);
  }

  @Property
  void confusionMatrix_total_isRowCountAndDiagonalIsCorrect(@ForAll("labelings") Labelings l) {
    ConfusionMatrix cm = MetricFunctions.confusionMatrix(l.yTrue(), l.yPred());
    assertEquals(l.yTrue().length, cm.total());
    long diagonal = 0;
    for (int i = 0; i < cm.labels().size(); i++) {
      diagonal += cm.count(i, i);
    }
    assertEquals(MetricFunctions.accuracy(l.yTrue(), l.yPred()), (double) diagonal / cm.total(), 1e-12);
  }

  @Property
  void matthewsCorrelation_anyLabels_isBetweenMinusOneAndOne(@ForAll("labelings") Labelings l) {
    double mcc = MetricFunctions.matthewsCorrelation(l.yTrue(), l.yPred());
    assertTrue(mcc >= -1 - 1e-12 && mcc <= 1 + 1e-12, "mcc " + mcc);
  }

  @Property
  void balancedAccuracy_isMacroRecallOverTrueLabels(@ForAll("labelings") Labelings l) {
    int[] labels = java.util.Arrays.stream(l.yTrue()).distinct().sorted().toArray();
    assertEquals(
        MetricFunctions.recall(l.yTrue(), l.yPred(), ClassAveraging.macro().withLabels(labels).withZeroDivision(0.0)),
        MetricFunctions.balancedAccuracy(l.yTrue(), l.yPred()),
        1e-12);
  }

  @Property
  void rocAuc_unitWeights_equalsUnweighted(@ForAll("gridScores") Labelled s) {
    double[] ones = new double[s.y().length];
    java.util.Arrays.fill(ones, 1.0);
    assertEquals(MetricFunctions.rocAuc(s.y(), s.score()), MetricFunctions.rocAuc(s.y(), s.score(), RocOptions.defaults().withSampleWeight(ones)), 1e-12);
    assertEquals(
        MetricFunctions.rocAuc(s.y(), s.score()), MetricFunctions.rocAuc(s.y(), s.score(), RocOptions.defaults().withMaxFpr(1.0)), 1e-12);
    assertEquals(MetricFunctions.rocAuc(s.y(), s.score()), MetricFunctions.rocCurve(s.y(), s.score(), RocOptions.defaults().keepIntermediate()).auc(), 1e-12);
  }

  @Property
  void rocAuc_weightedReversedScores_isOneMinusWeightedAuc(
      @ForAll("gridScores") Labelled s, @ForAll("weightsSeed") long seed) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    double[] w = new double[s.y().length];
    double[] flipped = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = 0.1 + random.nextDouble();
      flipped[i] = 1.0 - s.score()[i];
    }
    assertEquals(
        1.0 - MetricFunctions.rocAuc(s.y(), s.score(), RocOptions.defaults().withSampleWeight(w)), MetricFunctions.rocAuc(s.y(), flipped, RocOptions.defaults().withSampleWeight(w)), 1e-12);
  }

  @Provide
  Arbitrary<Long> weightsSeed() {
    return Arbitraries.longs();
  }

  @Property
  void ndcg_anyRelevance_isBetweenZeroAndOne(
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 4) Integer> relevance,
      @ForAll @Size(min = 12, max = 12) List<@IntRange(min = 0, max = 6) Integer> scores) {
    double[][] rel = {relevance.stream().mapToDouble(Integer::doubleValue).toArray()};
    double[][] sc = {scores.stream().limit(rel[0].length).mapToDouble(Integer::doubleValue).toArray()};
    double ndcg = MetricFunctions.ndcg(rel, sc);
    assertTrue(ndcg >= 0 && ndcg <= 1 + 1e-12, "ndcg " + ndcg);
    assertEquals(
        relevance.stream().anyMatch(r -> r > 0) ? 1.0 : 0.0, MetricFunctions.ndcg(rel, rel), 1e-12);
  }
}
