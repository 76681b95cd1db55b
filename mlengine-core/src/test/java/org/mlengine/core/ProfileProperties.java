package org.mlengine.core;

import org.mlengine.runtime.ColumnProfile;
import org.mlengine.runtime.Profile;
import org.mlengine.runtime.Table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

/** Invariants of numeric column profiles on random columns. */
class ProfileProperties {

  @Property(tries = 300)
  void quantiles_areOrderedWithinTheRange_andTheMedianSplitsTheValues(
      @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = -1e6, max = 1e6) Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    ColumnProfile.Numeric p = (ColumnProfile.Numeric) Profile.of(Table.builder().numeric("x", v).build()).column("x").orElseThrow();
    double previous = p.min();
    for (double q : p.quantiles().values()) {
      assertTrue(q >= previous && q <= p.max(), p.toString());
      previous = q;
    }
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    assertEquals(sorted[0], p.min());
    assertEquals(sorted[sorted.length - 1], p.max());
    // numpy 'linear': for an odd count the median is the middle value, for an even count the mean of the two middle ones
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : sorted[n / 2 - 1] + 0.5 * (sorted[n / 2] - sorted[n / 2 - 1]);
    assertEquals(median, p.quantiles().get(0.5), 1e-9 * Math.max(1, Math.abs(median)));
    assertTrue(p.mean() >= p.min() - 1e-9 && p.mean() <= p.max() + 1e-9, p.toString());
    int distinct = 1;
    for (int i = 1; i < n; i++) {
      distinct += sorted[i] == sorted[i - 1] ? 0 : 1;   // numerically distinct: -0.0 and 0.0 are one value
    }
    assertEquals(distinct, p.distinct());
    assertEquals(0, p.missing());
  }

  /**
   * A column with few distinct values (the profile counts them instead of sorting the column)
   * gets the same doubles as the sorted column gives: the sum and squares in sorted order, the
   * quantiles by numpy's 'linear' method, the distinct count with -0.0 and 0.0 as one value.
   */
  @Property(tries = 300)
  void fewDistinctValues_sameDoublesAsTheSortedColumn(@ForAll("fewDistinct") double[] v) {
    ColumnProfile.Numeric p = (ColumnProfile.Numeric) Profile.of(Table.builder().numeric("x", v).build()).column("x").orElseThrow();
    double[] sorted = Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
    int n = sorted.length;
    double sum = 0;
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      sum += sorted[i];
      distinct += i == 0 || sorted[i] != sorted[i - 1] ? 1 : 0;
    }
    double mean = n == 0 ? Double.NaN : sum / n;
    double squares = 0;
    for (double x : sorted) {
      squares += (x - mean) * (x - mean);
    }
    assertEquals(v.length - n, p.missing());
    assertEquals(distinct, p.distinct());
    assertEquals(n == 0 ? Double.NaN : sorted[0], p.min());
    assertEquals(n == 0 ? Double.NaN : sorted[n - 1], p.max());
    assertEquals(mean, p.mean());
    assertEquals(n == 0 ? Double.NaN : Math.sqrt(squares / n), p.sd());
    for (var q : p.quantiles().entrySet()) {
      assertEquals(linear(sorted, q.getKey()), q.getValue(), "quantile " + q.getKey());
    }
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<double[]> fewDistinct() {
    return net.jqwik.api.Arbitraries.oneOf(
            net.jqwik.api.Arbitraries.of(0.0, -0.0, Double.NaN, 0.1, 0.7, -3.3, 1e6),
            net.jqwik.api.Arbitraries.integers().between(0, 9).map(i -> i * 0.3))
        .list().ofMinSize(1).ofMaxSize(300).map(l -> l.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** numpy's 'linear' quantile of sorted values, with its _lerp from the nearer end. */
  private static double linear(double[] sorted, double level) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double h = (sorted.length - 1) * level;
    int lo = (int) Math.floor(h);
    if (lo >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    double t = h - lo;
    double a = sorted[lo];
    double b = sorted[lo + 1];
    return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
  }
}
