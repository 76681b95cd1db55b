package org.mlengine.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.MetricEstimate;
import org.mlengine.runtime.Task;

/** The held-out evaluation: analytic by default through the Metric SPI, resampling only when asked for. */
class EvaluationTest {
  private static final Outcomes MODEL = Outcomes.classification(List.of("a", "b"), new int[] {0, 1, 1, 0, 1, 0, 1, 1},
      new double[][] {{0.9, 0.1}, {0.2, 0.8}, {0.6, 0.4}, {0.7, 0.3}, {0.3, 0.7}, {0.4, 0.6}, {0.1, 0.9}, {0.45, 0.55}});

  /** A third-party metric with an analytic interval and paired test of its own (fixed numbers). */
  private static Metric analyticAccuracy(double lower, double upper) {
    Metric plain = TestData.accuracy();
    return new Metric() {
      @Override
      public String name() {
        return plain.name();
      }

      @Override
      public boolean supports(Task task) {
        return plain.supports(task);
      }

      @Override
      public double evaluate(Outcomes outcomes) {
        return plain.evaluate(outcomes);
      }

      @Override
      public Optional<AnalyticInterval> analyticInterval(Outcomes outcomes, double level) {
        return Optional.of(new AnalyticInterval(0.5, 0.9, "test formula"));
      }

      @Override
      public Optional<PairedComparison> pairedComparison(Outcomes model, Outcomes baseline, double level) {
        return Optional.of(new PairedComparison(lower, upper, 0.25, "test pairing"));
      }
    };
  }

  private static Map<String, Outcomes> baseline() {
    double[][] half = new double[MODEL.size()][];
    for (int i = 0; i < half.length; i++) {
      half[i] = new double[] {0.5, 0.5};
    }
    return Map.of("zero_rule", Outcomes.classification(List.of("a", "b"), MODEL.trueClasses(), half));
  }

  @Test
  void analyticRecords_refuseANamelessMethodOrEndsOutOfOrder() {
    assertEquals("AnalyticInterval: the method is null; name it, e.g. \"Wilson score\"",
        org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class, () -> new Metric.AnalyticInterval(0.1, 0.2, null))
            .getMessage());
    assertEquals("AnalyticInterval: lower end 0.3 is above upper end 0.2; give the ends in order",
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new Metric.AnalyticInterval(0.3, 0.2, "t"))
            .getMessage());
    assertEquals("PairedComparison: lower end 1.0 is above upper end -1.0; give the ends in order",
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> new Metric.PairedComparison(1, -1, 0.5, "paired t test")).getMessage());
    assertTrue(Double.isNaN(new Metric.AnalyticInterval(Double.NaN, Double.NaN, "none").lower()), "NaN ends stand for no interval");
  }

  @Test
  void evaluate_byDefault_usesTheMetricsAnalyticIntervalAndTest() {
    Evaluation.Result r = Evaluation.evaluate(List.of(analyticAccuracy(-0.1, 0.4)), MODEL, baseline(), null, 0, 0.95, 1);
    MetricEstimate e = r.estimates().get(0);
    assertArrayEquals(new double[] {0.75, 0.5, 0.9}, new double[] {e.value(), e.lower(), e.upper()});
    assertEquals("test formula, 95%", e.method());
    assertEquals(List.of("accuracy 0.7500 is not significantly higher than the zero_rule baseline's 0.3750 (95% interval of the "
        + "difference [-0.1000, 0.4000] reaches 0; test pairing, p = 0.2500)"), r.warnings());
  }

  @Test
  void evaluate_aSignificantAnalyticTest_warnsOfNothing() {
    Evaluation.Result r = Evaluation.evaluate(List.of(analyticAccuracy(0.1, 0.4)), MODEL, baseline(), null, 0, 0.95, 1);
    assertEquals(List.of(), r.warnings());
  }

  @Test
  void evaluate_aMetricWithoutAnalyticForm_hasNoIntervalNoTestAndSaysHowToGetOne() {
    Evaluation.Result r = Evaluation.evaluate(List.of(TestData.accuracy()), MODEL, baseline(), null, 0, 0.95, 1);
    MetricEstimate e = r.estimates().get(0);
    assertTrue(Double.isNaN(e.lower()) && Double.isNaN(e.upper()), e::toString);
    assertEquals("none (no analytic interval for accuracy; ask for .bootstrap(1000))", e.method());
    assertEquals(List.of(), r.warnings());
    assertEquals(Map.of("zero_rule", 0.375), e.baselines());
  }

  @Test
  void evaluate_withResamplesAskedFor_bootstrapsTheIntervalAndTheComparison() {
    Evaluation.Result r = Evaluation.evaluate(List.of(analyticAccuracy(0.1, 0.4)), MODEL, baseline(),
        Evaluation.percentileBootstrap(200), 200, 0.95, 1);
    MetricEstimate e = r.estimates().get(0);
    assertEquals("bootstrap percentile (200 resamples), 95%", e.method());
    assertTrue(e.lower() <= e.value() && e.value() <= e.upper(), e::toString);
    // Eight rows: the paired bootstrap's interval of the difference reaches 0, whatever the metric's own test says.
    assertEquals(1, r.warnings().size(), r.warnings()::toString);
    assertTrue(r.warnings().get(0).endsWith("; paired bootstrap, 200 resamples)"), r.warnings().get(0));
  }

  @Test
  void resampled_isTheSameOnOneAndOnThreeThreads() throws Exception {
    Metric accuracy = TestData.accuracy();
    double[] one = inPool(1, () -> Evaluation.resampled(accuracy, MODEL, 500, 42));
    double[] three = inPool(3, () -> Evaluation.resampled(accuracy, MODEL, 500, 42));
    assertEquals(500, one.length);
    assertArrayEquals(one, three);
    assertArrayEquals(one, Evaluation.resampled(accuracy, MODEL, 500, 42));
    double[] interval1 = inPool(1, () -> Evaluation.percentileBootstrap(300).interval(accuracy, MODEL, 0.9, 7));
    double[] interval3 = inPool(3, () -> Evaluation.percentileBootstrap(300).interval(accuracy, MODEL, 0.9, 7));
    assertArrayEquals(interval1, interval3);
  }

  @Test
  void pairedBootstrapWarnings_areTheSameOnOneAndOnThreeThreads() throws Exception {
    Supplier<List<String>> warnings = () -> Evaluation.evaluate(List.of(TestData.accuracy()), MODEL, baseline(),
        Evaluation.percentileBootstrap(200), 400, 0.95, 3).warnings();
    List<String> one = inPool(1, warnings);
    assertEquals(1, one.size());
    assertEquals(one, inPool(3, warnings));
  }

  @Test
  void rowsOf_dependsOnTheSeedAndTheResampleIndexOnly() {
    assertArrayEquals(Evaluation.rowsOf(42, 7, 50), Evaluation.rowsOf(42, 7, 50));
    assertTrue(!java.util.Arrays.equals(Evaluation.rowsOf(42, 7, 50), Evaluation.rowsOf(42, 8, 50)));
    assertTrue(!java.util.Arrays.equals(Evaluation.rowsOf(42, 7, 50), Evaluation.rowsOf(43, 7, 50)));
  }

  private static <T> T inPool(int threads, Supplier<T> task) throws Exception {
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      return pool.submit(task::get).get();
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void spec_recordsTheAnalyticDefaultAndTheBootstrapWhenAskedFor() {
    Pipeline.Builder b = Pipeline.builder().target("y").split(Split.stratified(0.8)).trainer(Trainers.logisticRegression());
    Map<String, Object> analytic = b.build().spec();
    assertEquals(0, analytic.get("bootstrapResamples"));
    assertEquals("analytic", analytic.get("intervals"));
    Map<String, Object> resampled = b.bootstrap(1000).build().spec();
    assertEquals(1000, resampled.get("bootstrapResamples"));
    assertEquals("bootstrap percentile (1000 resamples)", resampled.get("intervals"));
  }
}
