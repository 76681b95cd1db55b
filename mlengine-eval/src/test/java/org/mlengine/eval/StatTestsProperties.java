package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Invariants of the tests over generated inputs. */
class StatTestsProperties {

  private static double[] array(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** On a 2×2 table, Pearson's χ² without Yates is the square of the pooled z. */
  @Property
  void chiSquare_twoByTwo_isSquaredPooledZ(
      @ForAll @LongRange(min = 1, max = 500) long sA,
      @ForAll @LongRange(min = 1, max = 500) long fA,
      @ForAll @LongRange(min = 1, max = 500) long sB,
      @ForAll @LongRange(min = 1, max = 500) long fB) {
    TestResult chi = StatTests.chiSquare(new long[][] {{sA, fA}, {sB, fB}});
    TestResult z = StatTests.twoProportionZ(sA, sA + fA, sB, sB + fB, Alternative.TWO_SIDED);
    assertEquals(chi.statistic(), z.statistic() * z.statistic(), 1e-9 * (1 + chi.statistic()));
    assertEquals(chi.pValue(), z.pValue(), 1e-9);
  }

  @Property
  void gTest_anyTable_pValueInUnitIntervalAndYatesNeverLarger(
      @ForAll @LongRange(min = 1, max = 500) long a,
      @ForAll @LongRange(min = 1, max = 500) long b,
      @ForAll @LongRange(min = 0, max = 500) long c,
      @ForAll @LongRange(min = 1, max = 500) long d) {
    long[][] table = {{a, b}, {c, d}};
    TestResult g = StatTests.gTest(table);
    TestResult yates = StatTests.gTestYates(table);
    assertTrue(g.pValue() >= 0 && g.pValue() <= 1);
    assertTrue(yates.statistic() <= g.statistic() + 1e-12, yates + " vs " + g);
  }

  /** Swapping the samples turns U₁ into U₂ = n₁n₂ − U₁, and keeps the two-sided p-value. */
  @Property
  void mannWhitneyU_swappedSamples_complementsU(
      @ForAll @Size(min = 1, max = 15) List<@DoubleRange(min = -5, max = 5) Double> a,
      @ForAll @Size(min = 1, max = 15) List<@DoubleRange(min = -5, max = 5) Double> b) {
    double[] x = array(a);
    double[] y = array(b);
    TestResult ab = StatTests.mannWhitneyU(x, y, Alternative.TWO_SIDED);
    TestResult ba = StatTests.mannWhitneyU(y, x, Alternative.TWO_SIDED);
    assertEquals((double) x.length * y.length, ab.statistic() + ba.statistic(), 1e-9);
    assertEquals(ab.pValue(), ba.pValue(), 1e-12);
    assertEquals(
        ab.effect().orElseThrow().estimate(),
        MetricFunctions.rocAuc(labels(x.length, y.length), concat(x, y)),
        1e-12);
  }

  /** The exact null distribution sums to 1: P(U ≥ 0) = 1. */
  @Property
  void mannWhitneyExactSf_atZero_isOne(
      @ForAll @LongRange(min = 1, max = 30) long m, @ForAll @LongRange(min = 1, max = 30) long n) {
    assertEquals(1.0, MannWhitney.exactSf(0, (int) m, (int) n), 1e-12);
  }

  @Property
  void welchT_shiftedCopy_isSignificantlyDifferentOnlyByTheShift(
      @ForAll @Size(min = 3, max = 20) List<@DoubleRange(min = -5, max = 5) Double> a) {
    double[] x = array(a);
    if (Sums.variance(x, 1) == 0) {
      return;
    }
    TestResult same = StatTests.welchT(x, x.clone(), Alternative.TWO_SIDED);
    assertEquals(0.0, same.statistic(), 1e-12);
    assertEquals(1.0, same.pValue(), 1e-12);
  }

  private static int[] labels(int positives, int negatives) {
    int[] y = new int[positives + negatives];
    java.util.Arrays.fill(y, 0, positives, 1);
    return y;
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
