package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.mlengine.core.spi.Outcomes;

/** DeLong's fast components against their O(n²) definition, and the paired test's invariants. */
class DeLongProperties {

  @Property(tries = 200)
  void components_equalTheQuadraticDefinition_andTheAuc(
      @ForAll @Size(min = 4, max = 60) List<@IntRange(min = 0, max = 9) Integer> scores,
      @ForAll @Size(min = 4, max = 60) List<Boolean> labels) {
    int n = Math.min(scores.size(), labels.size());
    boolean[] positive = new boolean[n];
    double[] s = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      positive[i] = labels.get(i);
      y[i] = positive[i] ? 1 : 0;
      s[i] = scores.get(i) / 10.0; // ten values: ties within and across the classes
    }
    int n1 = java.util.Arrays.stream(y).sum();
    Assume.that(n1 >= 1 && n1 <= n - 1);
    DeLong.Components c = DeLong.components(positive, s);
    double[] v10 = new double[n1];
    double[] v01 = new double[n - n1];
    for (int i = 0, p = 0, q = 0; i < n; i++) {
      double sum = 0;
      for (int j = 0; j < n; j++) {
        if (positive[j] != positive[i]) {
          double a = positive[i] ? s[i] : s[j];
          double b = positive[i] ? s[j] : s[i];
          sum += a > b ? 1 : a == b ? 0.5 : 0;
        }
      }
      if (positive[i]) {
        v10[p++] = sum / (n - n1);
      } else {
        v01[q++] = sum / n1;
      }
    }
    assertArrayEquals(v10, c.v10(), 1e-15);
    assertArrayEquals(v01, c.v01(), 1e-15);
    assertEquals(MetricFunctions.rocAuc(y, s), c.auc(), 0.0);
  }

  @Property(tries = 100)
  void pairedTest_ofAModelAgainstItself_isNoDifference(
      @ForAll @Size(min = 6, max = 40) List<@IntRange(min = 0, max = 20) Integer> scores) {
    int n = scores.size();
    int[] y = new int[n];
    double[][] p = new double[n][];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      double s = scores.get(i) / 20.0;
      p[i] = new double[] {1 - s, s};
    }
    Outcomes o = Outcomes.classification(List.of("a", "b"), y, p);
    var test = Metrics.rocAuc().pairedComparison(o, o, 0.95).orElseThrow();
    assertEquals(List.of(0.0, 0.0, 1.0), List.of(test.lower(), test.upper(), test.pValue()));
  }

  /**
   * The model's components are kept on its outcomes once computed (an evaluation asks for them for
   * the interval and for every baseline's paired test): asking the same outcomes again, in any
   * order, gives to the bit what fresh copies of them give.
   */
  @Property(tries = 100)
  void intervalAndPairedTests_onReusedOutcomes_equalThoseOnFreshCopies(
      @ForAll @Size(min = 8, max = 60) List<@IntRange(min = 0, max = 30) Integer> model,
      @ForAll @Size(min = 8, max = 60) List<@IntRange(min = 0, max = 30) Integer> baseline,
      @ForAll boolean pairedFirst) {
    int n = Math.min(model.size(), baseline.size());
    int[] y = new int[n];
    double[][] a = new double[n][];
    double[][] b = new double[n][];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3 == 0 ? 1 : 0;
      double s = model.get(i) / 30.0;
      double t = baseline.get(i) / 30.0;
      a[i] = new double[] {1 - s, s};
      b[i] = new double[] {1 - t, t};
    }
    List<String> classes = List.of("no", "yes");
    Outcomes reused = Outcomes.classification(classes, y, a);
    Outcomes reusedBaseline = Outcomes.classification(classes, y, b);
    var metric = Metrics.rocAuc();
    Object paired = pairedFirst ? metric.pairedComparison(reused, reusedBaseline, 0.95) : null;
    var interval = metric.analyticInterval(reused, 0.9);
    var again = metric.pairedComparison(reused, reusedBaseline, 0.95);

    var freshInterval = metric.analyticInterval(Outcomes.classification(classes, y, a), 0.9);
    var freshPaired = metric.pairedComparison(Outcomes.classification(classes, y, a), Outcomes.classification(classes, y, b), 0.95);
    assertEquals(freshInterval, interval);
    assertEquals(freshPaired, again);
    if (pairedFirst) {
      assertEquals(freshPaired, paired);
    }
    assertEquals(freshInterval, metric.analyticInterval(reused, 0.9));
  }
}
