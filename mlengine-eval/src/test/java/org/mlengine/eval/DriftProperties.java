package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

/** Invariants of the drift measures over generated inputs. */
class DriftProperties {

  private static double[] array(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Property
  void psi_sameHistogram_isZero(
      @ForAll @Size(min = 1, max = 20) List<@DoubleRange(min = 0, max = 1000) Double> counts) {
    double[] c = array(counts);
    c[0] += 1; // a positive total
    Histogram h = Histogram.of(c);
    assertEquals(0.0, Drift.psi(h, h), 1e-12);
    assertEquals(0.0, Drift.jensenShannon(h, h), 1e-7);
    assertEquals(0.0, Drift.totalVariation(h, h), 1e-12);
  }

  @Property
  void psi_sameSample_isZero(
      @ForAll @Size(min = 1, max = 80) List<@DoubleRange(min = -50, max = 50) Double> values) {
    double[] x = array(values);
    assertEquals(0.0, Drift.psi(x, x.clone()), 1e-12);
  }

  @Property
  void ks_sameSample_hasNoGapAndPOne(
      @ForAll @Size(min = 1, max = 60) List<@DoubleRange(min = -50, max = 50) Double> values) {
    double[] x = array(values);
    TestResult ks = Drift.ks(x, x.clone());
    assertEquals(0.0, ks.statistic(), 0.0);
    assertEquals(1.0, ks.pValue(), 0.0);
  }

  @Property
  void ksAndWasserstein_swappedSamples_areSymmetric(
      @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = -5, max = 5) Double> a,
      @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = -5, max = 5) Double> b) {
    double[] x = array(a);
    double[] y = array(b);
    TestResult xy = Drift.ks(x, y);
    TestResult yx = Drift.ks(y, x);
    assertEquals(xy.statistic(), yx.statistic(), 1e-12);
    assertEquals(xy.pValue(), yx.pValue(), 1e-12);
    assertTrue(xy.pValue() >= 0 && xy.pValue() <= 1);
    assertEquals(Drift.wasserstein(x, y), Drift.wasserstein(y, x), 1e-9);
    assertTrue(Drift.wasserstein(x, y) >= 0);
  }

  @Property
  void histogramDistances_anyPair_areBounded(
      @ForAll @Size(min = 2, max = 10) List<@DoubleRange(min = 0, max = 100) Double> p,
      @ForAll @Size(min = 10, max = 10) List<@DoubleRange(min = 0, max = 100) Double> q) {
    double[] a = array(p);
    double[] b = array(q.subList(0, a.length));
    a[0] += 1;
    b[1] += 1;
    Histogram r = Histogram.of(a);
    Histogram c = Histogram.of(b);
    double js = Drift.jensenShannon(r, c, 2.0);
    assertTrue(js >= 0 && js <= 1 + 1e-12, "js " + js);
    assertEquals(js, Drift.jensenShannon(c, r, 2.0), 1e-12);
    double tvd = Drift.totalVariation(r, c);
    assertTrue(Drift.lInfinity(r, c) <= tvd + 1e-12 && tvd <= 1 + 1e-12, "tvd " + tvd);
    double hellinger = Drift.hellinger(r, c);
    assertTrue(hellinger >= 0 && hellinger <= 1, "hellinger " + hellinger);
    assertTrue(Drift.psi(r, c) >= 0);
  }

  @Property
  void percentile_increasingQ_neverDecreases(
      @ForAll @Size(min = 1, max = 50) List<@DoubleRange(min = 0, max = 1000) Double> values,
      @ForAll QuantileMethod method) {
    double[] x = array(values);
    double previous = Double.NEGATIVE_INFINITY;
    for (int q = 0; q <= 100; q += 5) {
      double v = Drift.percentile(x, q, method);
      assertTrue(v >= previous, "p" + q + " = " + v + " < " + previous);
      previous = v;
    }
  }
}
