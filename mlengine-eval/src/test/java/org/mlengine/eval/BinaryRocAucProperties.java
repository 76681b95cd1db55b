package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;

/**
 * The binary ROC AUC on outcomes reads DeLong's components, kept with the outcomes for the
 * interval and the paired tests (#15): the same double as counting the pairs over the sorted
 * scores, and the same checks, with the same messages, as the probability matrix had.
 */
class BinaryRocAucProperties {
  private static final List<String> CLASSES = List.of("bad", "good");

  @Property(tries = 300)
  void rocAuc_ofBinaryOutcomes_isThePairCount_toTheBit(
      @ForAll @Size(min = 2, max = 80) List<@IntRange(min = 0, max = 12) Integer> scores,
      @ForAll @Size(min = 2, max = 80) List<Boolean> labels) {
    int n = Math.min(scores.size(), labels.size());
    int[] y = new int[n];
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = labels.get(i) ? 1 : 0;
      p[i] = scores.get(i) == 0 ? -0.0 : scores.get(i) / 12.0;   // ties, and -0.0 beside 0.0
    }
    int n1 = java.util.Arrays.stream(y).sum();
    Assume.that(n1 >= 1 && n1 <= n - 1);   // one row of a class too: then without DeLong's components
    Metric auc = Metrics.rocAuc();
    Outcomes outcomes = Outcomes.classification(CLASSES, y, rows(p));
    double expected = RocAuc.oneVsRest(y, 1, p);
    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(auc.evaluate(outcomes)));
    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(auc.evaluate(outcomes)), "asked again");
  }

  @Property(tries = 200)
  void aNonFiniteProbability_failsAsTheMatrixCheckDoes(
      @ForAll @Size(min = 2, max = 30) List<@IntRange(min = 0, max = 10) Integer> scores,
      @ForAll @IntRange(min = 0, max = 1000) int at,
      @ForAll @IntRange(min = 0, max = 2) int kind) {
    int n = scores.size();
    int[] y = new int[n];
    double[][] rows = new double[n][];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      double q = scores.get(i) / 10.0;
      rows[i] = new double[] {1 - q, q};
    }
    double bad = kind == 0 ? Double.NaN : kind == 1 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    rows[at % n][(at / n) % 2] = bad;
    IllegalArgumentException matrix = assertThrows(IllegalArgumentException.class,
        () -> Check.probabilityMatrix("roc_auc", "probabilities", rows, "", false));
    IllegalArgumentException metric = assertThrows(IllegalArgumentException.class,
        () -> Metrics.rocAuc().evaluate(Outcomes.classification(CLASSES, y, rows)));
    assertEquals(matrix.getMessage(), metric.getMessage());
  }

  private static double[][] rows(double[] positive) {
    double[][] out = new double[positive.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new double[] {1 - positive[i], positive[i]};
    }
    return out;
  }
}
