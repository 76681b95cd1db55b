package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.MetricEstimate;
import org.mlengine.runtime.Table;

/** The pipeline's default evaluation with mlengine-eval's metrics: each interval by the metric's own formula. */
class AnalyticPipelineTest {

  private static Table table(int n, long seed, double signal) {
    Random random = new Random(seed);
    double[] x1 = new double[n];
    double[] x2 = new double[n];
    String[] y = new String[n];
    for (int i = 0; i < n; i++) {
      x1[i] = random.nextGaussian();
      x2[i] = random.nextGaussian();
      y[i] = signal * (x1[i] + 0.5 * x2[i]) + 0.8 * random.nextGaussian() > 0 ? "yes" : "no";
    }
    return Table.builder().numeric("x1", x1).numeric("x2", x2).categorical("y", y).build();
  }

  private static PipelineResult fit(Table table) {
    return Pipeline.builder()
        .target("y")
        .split(Split.stratified(0.8))
        .trainer(Trainers.logisticRegression())
        .metrics(Metrics.rocAuc(), Metrics.accuracy(), Metrics.logLoss(), Metrics.brierScore(), Metrics.f1(Average.MACRO))
        .seed(11)
        .build()
        .fit(table);
  }

  @Test
  void defaultEvaluation_namesEachMetricsAnalyticMethod_andTheMetricsOwnIntervals() {
    PipelineResult result = fit(table(500, 3, 1.0));
    Map<String, MetricEstimate> byName = result.estimates().stream().collect(Collectors.toMap(MetricEstimate::name, e -> e));
    assertEquals("DeLong, 95%", byName.get("roc_auc").method());
    assertEquals("Wilson score, 95%", byName.get("accuracy").method());
    assertEquals("Student t of per-row values, 95%", byName.get("log_loss").method());
    assertEquals("Student t of per-row values, 95%", byName.get("brier_score").method());
    assertEquals("none (no analytic interval for f1_macro; ask for .bootstrap(1000))", byName.get("f1_macro").method());
    assertTrue(Double.isNaN(byName.get("f1_macro").lower()));
    Outcomes test = result.testOutcomes();
    for (var metric : List.of(Metrics.rocAuc(), Metrics.accuracy(), Metrics.logLoss(), Metrics.brierScore())) {
      MetricEstimate e = byName.get(metric.name());
      var expected = metric.analyticInterval(test, 0.95).orElseThrow();
      assertEquals(List.of(expected.lower(), expected.upper()), List.of(e.lower(), e.upper()), metric.name());
      assertTrue(e.lower() <= e.value() && e.value() <= e.upper(), e::toString);
    }
    assertEquals(List.of(), result.warnings());
  }

  @Test
  void aUselessModel_isFlaggedByDeLongsPairedComparison() {
    PipelineResult result = fit(table(400, 5, 0.0));
    String zeroRule = result.warnings().stream().filter(w -> w.startsWith("roc_auc ") && w.contains("the zero_rule baseline"))
        .findFirst().orElseThrow(() -> new AssertionError(result.warnings()));
    assertTrue(zeroRule.matches("roc_auc 0\\.\\d{4} is not significantly higher than the zero_rule baseline's 0\\.5000 \\(95% "
        + "interval of the difference \\[-?0\\.\\d{4}, 0\\.\\d{4}\\] reaches 0; DeLong paired test, p = 0\\.\\d{4}\\)"), zeroRule);
    assertTrue(result.warnings().stream().noneMatch(w -> w.startsWith("f1_macro")), result.warnings()::toString);
  }

  @Test
  void analyticInterval_ofMultiClassAuc_isEmpty_andOfTooFewRows_isEmpty() {
    Outcomes three = Outcomes.classification(List.of("a", "b", "c"), new int[] {0, 1, 2, 1},
        new double[][] {{0.6, 0.2, 0.2}, {0.1, 0.8, 0.1}, {0.2, 0.2, 0.6}, {0.3, 0.4, 0.3}});
    assertTrue(Metrics.rocAuc().analyticInterval(three, 0.95).isEmpty());
    Outcomes oneNegative = Outcomes.classification(List.of("a", "b"), new int[] {0, 1, 1},
        new double[][] {{0.6, 0.4}, {0.2, 0.8}, {0.5, 0.5}});
    assertTrue(Metrics.rocAuc().analyticInterval(oneNegative, 0.95).isEmpty());
    assertTrue(Metrics.f1(Average.MACRO).analyticInterval(three, 0.95).isEmpty());
  }

  @Test
  void pairedTest_ofOtherRows_saysTheBaselineMustScoreTheSameRows() {
    Outcomes model = Outcomes.regression(new double[] {1, 2, 3}, new double[] {1.1, 2.2, 2.7});
    Outcomes other = Outcomes.regression(new double[] {1, 2, 4}, new double[] {2, 2, 2});
    var e = assertThrows(IllegalArgumentException.class, () -> Metrics.mae().pairedComparison(model, other, 0.95));
    assertEquals("mae: the baseline's true values differ from the model's; expected the same rows in the same order — "
        + "score the baseline on the model's held-out rows", e.getMessage());
    var level = assertThrows(IllegalArgumentException.class, () -> Metrics.mae().analyticInterval(model, 1.5));
    assertEquals("mae: level is 1.5; expected a confidence level in (0, 1) — e.g. 0.95 for a 95% interval", level.getMessage());
  }
}
