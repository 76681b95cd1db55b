package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mlengine.eval.MetricsGapsReferenceTest.labels;
import static org.mlengine.eval.MetricsGapsReferenceTest.number;
import static org.mlengine.eval.MetricsGapsReferenceTest.raw;
import static org.mlengine.eval.MetricsGapsReferenceTest.tolerance;
import static org.mlengine.eval.MetricsGapsReferenceTest.vector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;

/**
 * The metrics' analytic intervals and paired tests (issue #15) against the values {@code
 * make_reference.py} computes with NumPy and SciPy 1.10.1 into {@code metrics_reference.txt}:
 * DeLong's variance, interval and paired p-value (the script's O(n log n) midrank algorithm,
 * cross-checked there against the O(n²) definition), Wilson for accuracy, Student t for log
 * loss, Brier, MAE, MSE and RMSE, and SciPy's {@code ttest_rel}; 1e-12 relative.
 */
class AnalyticReferenceTest {
  private static final double LEVEL = 0.95;

  private static Outcomes binary(String scores) {
    double[] s = vector(scores);
    double[][] proba = new double[s.length][];
    for (int i = 0; i < s.length; i++) {
      proba[i] = new double[] {1 - s[i], s[i]};
    }
    return Outcomes.classification(List.of("no", "yes"), labels("in.an.y"), proba);
  }

  private static Outcomes constant() {
    int[] y = labels("in.an.y");
    double[][] proba = new double[y.length][];
    for (int i = 0; i < y.length; i++) {
      proba[i] = new double[] {0.5, 0.5};
    }
    return Outcomes.classification(List.of("no", "yes"), y, proba);
  }

  /** Every analytic reference value and the call that must reproduce it. */
  static Map<String, DoubleSupplier> checks() {
    Map<String, DoubleSupplier> c = new LinkedHashMap<>();
    Outcomes s1 = binary("in.an.s1");
    boolean[] positive = new boolean[s1.size()];
    int[] y = labels("in.an.y");
    for (int i = 0; i < y.length; i++) {
      positive[i] = y[i] == 1;
    }
    DeLong.Components components = DeLong.components(positive, vector("in.an.s1"));
    c.put("analytic.delong.s1.auc", components::auc);
    c.put("analytic.delong.s1.variance", () -> DeLong.variance(components));
    interval(c, "analytic.delong.s1", Metrics.rocAuc(), s1);
    Map<String, Outcomes> others = Map.of("s2", binary("in.an.s2"), "s3", binary("in.an.s3"), "const", constant());
    for (var o : others.entrySet()) {
      String key = "analytic.delong.paired." + o.getKey();
      double[] score = o.getValue().probabilities(1);
      c.put(key + ".variance", () -> DeLong.differenceVariance(components, DeLong.components(positive, score)));
      paired(c, key, Metrics.rocAuc(), s1, o.getValue());
    }
    interval(c, "analytic.accuracy", Metrics.accuracy(), s1);
    paired(c, "analytic.accuracy.paired.s3", Metrics.accuracy(), s1, others.get("s3"));
    interval(c, "analytic.log_loss", Metrics.logLoss(), s1);
    paired(c, "analytic.log_loss.paired.s2", Metrics.logLoss(), s1, others.get("s2"));
    interval(c, "analytic.brier", Metrics.brierScore(), s1);
    Outcomes reg = Outcomes.regression(vector("in.reg.y"), vector("in.reg.yhat"));
    interval(c, "analytic.mae", Metrics.mae(), reg);
    interval(c, "analytic.mse", Metrics.mse(), reg);
    interval(c, "analytic.rmse", Metrics.rmse(), reg);
    Outcomes mean = Outcomes.regression(vector("in.reg.y"), vector("in.reg.baseline"));
    paired(c, "analytic.mae.paired", Metrics.mae(), reg, mean);
    paired(c, "analytic.rmse.paired", Metrics.rmse(), reg, mean);
    return c;
  }

  private static void interval(Map<String, DoubleSupplier> c, String key, Metric metric, Outcomes o) {
    c.put(key + ".lower", () -> metric.analyticInterval(o, LEVEL).orElseThrow().lower());
    c.put(key + ".upper", () -> metric.analyticInterval(o, LEVEL).orElseThrow().upper());
  }

  private static void paired(Map<String, DoubleSupplier> c, String key, Metric metric, Outcomes model, Outcomes baseline) {
    c.put(key + ".lower", () -> metric.pairedComparison(model, baseline, LEVEL).orElseThrow().lower());
    c.put(key + ".upper", () -> metric.pairedComparison(model, baseline, LEVEL).orElseThrow().upper());
    c.put(key + ".pvalue", () -> metric.pairedComparison(model, baseline, LEVEL).orElseThrow().pValue());
  }

  @TestFactory
  Stream<DynamicTest> analyticIntervalsAndTests_matchSciPyAndTheDeLongScript() {
    return checks().entrySet().stream()
        .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
          double expected = number(raw(e.getKey()));
          assertEquals(expected, e.getValue().getAsDouble(), tolerance(expected), e.getKey());
        }));
  }
}
