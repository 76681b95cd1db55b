package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mlengine.core.spi.IntervalMethod;
import org.mlengine.runtime.MetricEstimate;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.core.Trainers;

/** Wilson and Clopper–Pearson as pipeline interval methods for proportion metrics. */
class ProportionMethodTest {
  // V13: 87 errors in 1000 rows, statsmodels proportion_confint.
  private static final double WILSON_LOW = 0.071074421452375;
  private static final double WILSON_HIGH = 0.10608648105669352;
  private static final double BETA_LOW = 0.07026848607137864;
  private static final double BETA_HIGH = 0.1062078579570212;

  /** 1000 rows, 913 predicted right: accuracy 0.913, error rate 87/1000. */
  private static Outcomes accuracy913() {
    int[] truth = new int[1000];
    double[][] p = new double[1000][];
    for (int i = 0; i < 1000; i++) {
      p[i] = i < 913 ? new double[] {0.9, 0.1} : new double[] {0.2, 0.8};
    }
    return Outcomes.classification(List.of("no", "yes"), truth, p);
  }

  @Test
  void wilson_accuracyOf913In1000_isOneMinusTheErrorRateIntervalReversed() {
    Outcomes o = accuracy913();
    assertEquals(0.913, Metrics.accuracy().evaluate(o), 1e-15);
    double[] ci = Bounds.wilson().otherwise(Bounds.bca(1000)).interval(Metrics.accuracy(), o, 0.95, 1L);
    assertArrayEquals(new double[] {1 - WILSON_HIGH, 1 - WILSON_LOW}, ci, 1e-14);
  }

  @Test
  void clopperPearson_accuracyOf913In1000_isOneMinusTheBetaIntervalReversed() {
    Outcomes o = accuracy913();
    double[] ci = Bounds.clopperPearson().otherwise(Bounds.bca(1000)).interval(Metrics.accuracy(), o, 0.95, 1L);
    assertArrayEquals(new double[] {1 - BETA_HIGH, 1 - BETA_LOW}, ci, 1e-12);
  }

  @Test
  void wilson_errorRateCounts_matchReference() {
    assertEquals(new Interval(WILSON_LOW, WILSON_HIGH).lower(), Bounds.wilson(87, 1000, 0.95).lower(), 1e-15);
    assertEquals(WILSON_HIGH, Bounds.wilson(87, 1000, 0.95).upper(), 1e-15);
    assertEquals(BETA_LOW, Bounds.clopperPearson(87, 1000, 0.95).lower(), 1e-13);
    assertEquals(BETA_HIGH, Bounds.clopperPearson(87, 1000, 0.95).upper(), 1e-13);
  }

  @Test
  void wilson_notAProportion_usesTheFallbackWithTheSameSeed() {
    Outcomes o = accuracy913();
    IntervalMethod fallback = Bounds.percentile(200);
    IntervalMethod method = Bounds.wilson().otherwise(fallback);
    assertArrayEquals(
        fallback.interval(Metrics.balancedAccuracy(), o, 0.9, 5L),
        method.interval(Metrics.balancedAccuracy(), o, 0.9, 5L));
    assertArrayEquals(
        fallback.interval(Metrics.brierScore(), o, 0.9, 5L),
        method.interval(Metrics.brierScore(), o, 0.9, 5L));
  }

  @Test
  void proportion_flags_onlyShareOfRowMetrics() {
    assertEquals(true, ProportionMethod.isProportion(Metrics.accuracy()));
    assertEquals(true, ProportionMethod.isProportion(Metrics.acper(0.05)));
    assertEquals(false, ProportionMethod.isProportion(Metrics.balancedAccuracy()));
    assertEquals(false, ProportionMethod.isProportion(Metrics.rocAuc()));
    assertEquals(false, ProportionMethod.isProportion(Metrics.f1(Average.MICRO)));
    assertEquals(false, ProportionMethod.isProportion(Business.of("share", o -> 0.5, true)));
  }

  @Test
  void wilson_acperOnRegression_countsRowsOutsideTheTolerance() {
    // 3 of 10 predictions more than 5% off: ACPER = 0.3, Wilson of 3 in 10.
    double[] actual = new double[10];
    double[] predicted = new double[10];
    Arrays.fill(actual, 100.0);
    Arrays.fill(predicted, 101.0);
    predicted[0] = 80.0;
    predicted[1] = 120.0;
    predicted[2] = 90.0;
    Outcomes o = Outcomes.regression(actual, predicted);
    double[] ci = Bounds.wilson().otherwise(Bounds.bca(1000)).interval(Metrics.acper(0.05), o, 0.95, 1L);
    Interval expected = Bounds.wilson(3, 10, 0.95);
    assertArrayEquals(new double[] {expected.lower(), expected.upper()}, ci, 1e-15);
  }

  @Test
  void name_combined_readsBothMethods() {
    assertEquals(
        "Wilson (proportions), else bootstrap BCa (1000 resamples)",
        Bounds.wilson().otherwise(Bounds.bca(1000)).name());
    assertEquals(
        "Clopper-Pearson (proportions), else bootstrap percentile (200 resamples)",
        Bounds.clopperPearson().otherwise(Bounds.percentile(200)).name());
  }

  @Test
  void otherwise_null_saysWhatToPass() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Bounds.wilson().otherwise(null));
    assertEquals(
        "Wilson (proportions).otherwise: fallback is null; expected the IntervalMethod for "
            + "metrics that are not proportions, e.g. Bounds.bca(1000)",
        e.getMessage());
  }

  @Test
  void pipeline_wilsonOtherwisePercentile_wilsonForAccuracyBootstrapForAuc() {
    Random random = new Random(3);
    int n = 300;
    double[] x1 = new double[n];
    double[] x2 = new double[n];
    String[] y = new String[n];
    for (int i = 0; i < n; i++) {
      x1[i] = random.nextGaussian();
      x2[i] = random.nextGaussian();
      y[i] = x1[i] + 0.5 * x2[i] + 0.8 * random.nextGaussian() > 0 ? "yes" : "no";
    }
    Table table = Table.builder().numeric("x1", x1).numeric("x2", x2).categorical("y", y).build();
    IntervalMethod method = Bounds.wilson().otherwise(Bounds.percentile(200));
    PipelineResult result = Pipeline.builder()
        .target("y")
        .split(Split.stratified(0.8))
        .trainer(Trainers.logisticRegression())
        .metrics(Metrics.accuracy(), Metrics.rocAuc())
        .intervals(method)
        .seed(11)
        .build()
        .fit(table);
    Outcomes test = result.testOutcomes();
    MetricEstimate accuracy = estimate(result, "accuracy");
    long right = Math.round(accuracy.value() * test.size());
    Interval wilson = Bounds.wilson(right, test.size(), 0.95);
    assertEquals(wilson.lower(), accuracy.lower(), 0.0);
    assertEquals(wilson.upper(), accuracy.upper(), 0.0);
    assertEquals(
        "Wilson (proportions), else bootstrap percentile (200 resamples), 95%", accuracy.method());
    MetricEstimate auc = estimate(result, "roc_auc");
    assertArrayEquals(
        Bounds.percentile(200).interval(Metrics.rocAuc(), test, 0.95, 11L),
        new double[] {auc.lower(), auc.upper()});
  }

  private static MetricEstimate estimate(PipelineResult result, String name) {
    return result.estimates().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
  }
}
