package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Invariants of sample weights, the new metrics and tests, and of −0.0 (issue #14, items 8 and
 * 11) over generated inputs.
 */
class WeightedMetricsProperties {
  private static final double TOL = 1e-12;

  /** Labels 0..3, predictions, regression values and whole-number weights of one length. */
  record Rows(int[] y, int[] yhat, double[] v, double[] vhat, int[] counts) {
    double[] weights() {
      return Arrays.stream(counts).asDoubleStream().toArray();
    }

    /** Each row repeated as often as its weight says. */
    Rows repeated() {
      int n = Arrays.stream(counts).sum();
      int[] ry = new int[n];
      int[] ryhat = new int[n];
      double[] rv = new double[n];
      double[] rvhat = new double[n];
      int k = 0;
      for (int i = 0; i < y.length; i++) {
        for (int r = 0; r < counts[i]; r++) {
          ry[k] = y[i];
          ryhat[k] = yhat[i];
          rv[k] = v[i];
          rvhat[k] = vhat[i];
          k++;
        }
      }
      int[] ones = new int[n];
      Arrays.fill(ones, 1);
      return new Rows(ry, ryhat, rv, rvhat, ones);
    }
  }

  @Provide
  Arbitrary<Rows> rows() {
    return Arbitraries.integers()
        .between(2, 30)
        .flatMap(
            n ->
                Combinators.combine(
                        Arbitraries.integers().between(0, 3).array(int[].class).ofSize(n),
                        Arbitraries.integers().between(0, 3).array(int[].class).ofSize(n),
                        Arbitraries.integers().between(-50, 50).array(int[].class).ofSize(n),
                        Arbitraries.integers().between(-50, 50).array(int[].class).ofSize(n),
                        Arbitraries.integers().between(0, 3).array(int[].class).ofSize(n))
                    .as(
                        (y, yhat, v, vhat, c) -> {
                          c[0] = Math.max(1, c[0]);
                          return new Rows(y, yhat, tenths(v), tenths(vhat), c);
                        }));
  }

  private static double[] tenths(int[] v) {
    return Arrays.stream(v).mapToDouble(x -> x / 10.0).toArray();
  }

  @Property
  void unitWeights_equalTheUnweightedFunctions(@ForAll("rows") Rows r) {
    double[] ones = new double[r.y().length];
    Arrays.fill(ones, 1.0);
    WeightedMetricFunctions w = MetricFunctions.weighted(ones);
    assertEquals(MetricFunctions.mse(r.v(), r.vhat()), w.mse(r.v(), r.vhat()), TOL);
    assertEquals(MetricFunctions.mae(r.v(), r.vhat()), w.mae(r.v(), r.vhat()), TOL);
    assertEquals(MetricFunctions.r2(r.v(), r.vhat()), w.r2(r.v(), r.vhat()), TOL);
    assertEquals(MetricFunctions.accuracy(r.y(), r.yhat()), w.accuracy(r.y(), r.yhat()), TOL);
    assertEquals(
        MetricFunctions.f1(r.y(), r.yhat(), ClassAveraging.macro()),
        w.f1(r.y(), r.yhat(), ClassAveraging.macro()),
        TOL);
    assertEquals(
        MetricFunctions.matthewsCorrelation(r.y(), r.yhat()),
        w.matthewsCorrelation(r.y(), r.yhat()),
        TOL);
    assertEquals(
        MetricFunctions.balancedAccuracy(r.y(), r.yhat()), w.balancedAccuracy(r.y(), r.yhat()), TOL);
  }

  @Property
  void wholeNumberWeights_equalRepeatedRows(@ForAll("rows") Rows r) {
    WeightedMetricFunctions w = MetricFunctions.weighted(r.weights());
    Rows rep = r.repeated();
    WeightedMetricFunctions u = MetricFunctions.unweighted();
    assertEquals(u.mse(rep.v(), rep.vhat()), w.mse(r.v(), r.vhat()), TOL);
    // Relative: with nearly constant true values both scores reach -1e4 and beyond, where an
    // absolute 1e-12 is below one ulp (seen: -8192.000000000056 against -8192.000000000058).
    double ev = u.explainedVariance(rep.v(), rep.vhat());
    assertEquals(ev, w.explainedVariance(r.v(), r.vhat()), TOL * Math.max(1.0, Math.abs(ev)));
    double r2 = u.r2(rep.v(), rep.vhat());
    assertEquals(r2, w.r2(r.v(), r.vhat()), TOL * Math.max(1.0, Math.abs(r2)));
    assertEquals(u.accuracy(rep.y(), rep.yhat()), w.accuracy(r.y(), r.yhat()), TOL);
    assertEquals(u.hammingLoss(rep.y(), rep.yhat()), w.hammingLoss(r.y(), r.yhat()), TOL);
    assertEquals(
        u.jaccard(rep.y(), rep.yhat(), ClassAveraging.weighted()),
        w.jaccard(r.y(), r.yhat(), ClassAveraging.weighted()),
        TOL);
    assertEquals(
        u.f1(rep.y(), rep.yhat(), ClassAveraging.micro()),
        w.f1(r.y(), r.yhat(), ClassAveraging.micro()),
        TOL);
    assertEquals(
        u.matthewsCorrelation(rep.y(), rep.yhat()), w.matthewsCorrelation(r.y(), r.yhat()), TOL);
  }

  @Property
  void jaccard_neverAboveF1_perLabel(@ForAll("rows") Rows r) {
    WeightedMetricFunctions u = MetricFunctions.unweighted();
    for (int label = 0; label < 4; label++) {
      ClassAveraging one = ClassAveraging.macro().withLabels(label);
      assertTrue(u.jaccard(r.y(), r.yhat(), one) <= u.f1(r.y(), r.yhat(), one) + TOL);
    }
  }

  @Property
  void topK_growsWithK(
      @ForAll("rows") Rows r, @ForAll @IntRange(min = 0, max = 1000) int seed) {
    double[][] score = new double[r.y().length][4];
    for (int i = 0; i < score.length; i++) {
      for (int c = 0; c < 4; c++) {
        score[i][c] = ((seed + 7 * i + 3 * c * c) % 5) / 4.0; // many ties
      }
    }
    WeightedMetricFunctions u = MetricFunctions.unweighted();
    assertTrue(u.topKAccuracy(r.y(), score, 1) <= u.topKAccuracy(r.y(), score, 2));
    assertTrue(u.topKAccuracy(r.y(), score, 2) <= u.topKAccuracy(r.y(), score, 3));
  }

  /** Scores of 0.0, −0.0 and a few others, with a mask of the zeros to flip. */
  @Provide
  Arbitrary<double[]> zeroHeavy() {
    return Arbitraries.of(0.0, -0.0, 0.5, -0.5, 1.0).array(double[].class).ofMinSize(4).ofMaxSize(30);
  }

  private static double[] allPositiveZero(double[] v) {
    return Arrays.stream(v).map(x -> x == 0.0 ? 0.0 : x).toArray();
  }

  @Property
  void negativeZero_isZero_forRankingPsiAucAndRanks(@ForAll("zeroHeavy") double[] s) {
    double[] plain = allPositiveZero(s);
    double[][] rel = {Arrays.stream(s).map(x -> Math.abs(x) * 2 + (x == 0 ? 1 : 0)).toArray()};
    assertEquals(
        MetricFunctions.ndcg(rel, new double[][] {plain}),
        MetricFunctions.ndcg(rel, new double[][] {s}),
        0.0);
    assertEquals(
        MetricFunctions.dcg(rel, new double[][] {plain}, Ranking.top(2).withIgnoreTies(true)),
        MetricFunctions.dcg(rel, new double[][] {s}, Ranking.top(2).withIgnoreTies(true)),
        0.0);
    double[] reversed = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      reversed[i] = s[s.length - 1 - i];
    }
    assertEquals(Drift.psi(plain, reversed), Drift.psi(s, reversed), 0.0);
    assertEquals(0.0, Drift.psi(s, plain), 0.0);
    int[] y = new int[s.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = i % 2;
    }
    assertEquals(MetricFunctions.rocAuc(y, plain), MetricFunctions.rocAuc(y, s), 0.0);
    assertEquals(
        MetricFunctions.averagePrecision(y, plain), MetricFunctions.averagePrecision(y, s), 0.0);
    double[] half = Arrays.copyOf(s, s.length / 2);
    double[] rest = Arrays.copyOfRange(s, s.length / 2, s.length);
    assertEquals(
        StatTests.mannWhitneyU(allPositiveZero(half), allPositiveZero(rest), Alternative.TWO_SIDED)
            .pValue(),
        StatTests.mannWhitneyU(half, rest, Alternative.TWO_SIDED).pValue(),
        0.0);
  }

  @Property
  void fisherExact_tailsOverlapAtTheObservedTable(
      @ForAll @LongRange(min = 0, max = 30) long a,
      @ForAll @LongRange(min = 1, max = 30) long b,
      @ForAll @LongRange(min = 1, max = 30) long c,
      @ForAll @LongRange(min = 0, max = 30) long d) {
    long[][] t = {{a, b}, {c, d}};
    double less = StatTests.fisherExact(t, Alternative.LESS).pValue();
    double greater = StatTests.fisherExact(t, Alternative.GREATER).pValue();
    double two = StatTests.fisherExact(t, Alternative.TWO_SIDED).pValue();
    assertTrue(less + greater >= 1.0 - TOL, less + " + " + greater);
    assertTrue(two >= Math.min(less, greater) - TOL, two + " vs " + less + ", " + greater);
  }

  @Property
  void ks_twoSidedStatistic_isTheLargerOneSidedOne(
      @ForAll("zeroHeavy") double[] reference, @ForAll("zeroHeavy") double[] current) {
    double two = Drift.ks(reference, current, Alternative.TWO_SIDED, PValueMethod.ASYMPTOTIC).statistic();
    double less = Drift.ks(reference, current, Alternative.LESS, PValueMethod.ASYMPTOTIC).statistic();
    double greater =
        Drift.ks(reference, current, Alternative.GREATER, PValueMethod.ASYMPTOTIC).statistic();
    assertEquals(two, Math.max(less, greater), 0.0);
  }
}
