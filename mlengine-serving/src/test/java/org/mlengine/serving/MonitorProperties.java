package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.mlengine.eval.Drift;
import org.mlengine.eval.Histogram;
import org.mlengine.eval.TestResult;
import org.mlengine.runtime.ColumnProfile;
import org.mlengine.runtime.Profile;
import org.mlengine.runtime.Table;

/** The monitor's statistics against mlengine-eval's {@code Drift} (which matches SciPy and Evidently). */
class MonitorProperties {

  /** KS at the knots never claims more than the two-sample D against the training values (up to 1/n of the reference). */
  @Property(tries = 200)
  void ksAtKnots_isALowerBoundOfTheTwoSampleD(@ForAll long seed, @ForAll @IntRange(min = 50, max = 2000) int referenceSize,
      @ForAll @IntRange(min = 5, max = 400) int currentSize, @ForAll @DoubleRange(min = -1, max = 1) double shift) {
    Random random = new Random(seed);
    double[] reference = sample(random, referenceSize, 0, seed % 2 == 0);
    double[] current = sample(random, currentSize, shift, seed % 2 == 0);
    ColumnWatch.Numeric watch = numeric(reference);
    Map<String, Double> stats = measure(watch, current);
    TestResult exact = Drift.ks(reference, current);
    assertTrue(stats.get("ks_d") <= exact.statistic() + 1.0 / referenceSize + 1e-12,
        () -> "knots D " + stats.get("ks_d") + " above two-sample D " + exact.statistic());
    assertTrue(stats.get("ks_d") >= 0);
  }

  /** The Kolmogorov tail at the textbook critical values (1.358: 5%, 1.628: 1%, 1.949: 0.1%). */
  @Property(tries = 1)
  void kolmogorovSurvival_matchesTheCriticalValues() {
    assertEquals(0.05, DriftMath.kolmogorovSurvival(1.3581), 1e-4);
    assertEquals(0.01, DriftMath.kolmogorovSurvival(1.6276), 1e-4);
    assertEquals(0.001, DriftMath.kolmogorovSurvival(1.9495), 1e-4);
    assertEquals(1.0, DriftMath.kolmogorovSurvival(0.1), 0);
  }

  /** The chi-square tail equals SciPy's {@code chi2.sf} to 12 digits, deep in the tail too (values from SciPy 1.17). */
  @Property(tries = 1)
  void chiSquareSurvival_matchesScipy() {
    double[][] cases = {{0.001, 1, 0.9747728793699604}, {3.841458820694124, 1, 0.04999999999999989},
        {2.0, 9, 0.9914676066288135}, {9.0, 9, 0.43727418891386693}, {300.0, 10, 1.5546747543803087e-58},
        {1500.0, 1000, 1.0454640385980825e-22}, {950.0, 1000, 0.8691240657456883}, {20.0, 25, 0.7468253060165366}};
    for (double[] c : cases) {
      double p = DriftMath.chiSquareSurvival(c[0], (int) c[1]);
      assertEquals(c[2], p, 1e-12 * c[2], () -> "chi2.sf(" + c[0] + ", " + c[1] + ")");
    }
    assertEquals(1.0, DriftMath.chiSquareSurvival(0, 3), 0);
  }

  /** PSI, chi-square and Jensen–Shannon on a numeric column's quantile bins equal Drift's on the same bins. */
  @Property(tries = 200)
  void numericBins_psiChiSquareJensenShannon_equalDrift(@ForAll long seed, @ForAll @IntRange(min = 50, max = 3000) int referenceSize,
      @ForAll @IntRange(min = 20, max = 2000) int currentSize, @ForAll @DoubleRange(min = -1, max = 1) double shift) {
    Random random = new Random(seed);
    double[] reference = sample(random, referenceSize, 0, false);
    double[] current = sample(random, currentSize, shift, false);
    ColumnWatch.Numeric watch = numeric(reference);
    Map<String, Double> stats = measure(watch, current);
    double[] shares = watch.binShares();
    double[] counts = binCounts(watch, current);
    assertEquals(Drift.psi(Histogram.of(shares), Histogram.of(counts)), stats.get("psi"), 1e-9);
    assertEquals(Drift.jensenShannon(Histogram.of(shares), Histogram.of(counts)), stats.get("jensen_shannon"), 1e-9);
    TestResult chi = Drift.chiSquare(Histogram.of(shares), Histogram.of(counts));
    assertEquals(chi.statistic(), stats.get("chi_square"), 1e-9 * Math.max(1, chi.statistic()));
    assertEquals(chi.pValue(), stats.get("chi_square_p"), 1e-9);
  }

  /** PSI, chi-square and Jensen–Shannon of a categorical column equal Drift's on the reference's counts. */
  @Property(tries = 300)
  void categorical_psiChiSquareJensenShannon_equalDrift(@ForAll long seed, @ForAll @IntRange(min = 2, max = 10) int categories,
      @ForAll @IntRange(min = 10, max = 3000) int currentSize) {
    Random random = new Random(seed);
    List<ColumnProfile.ValueCount> top = new ArrayList<>();
    double[] referenceCounts = new double[categories];
    int rows = 0;
    for (int i = 0; i < categories; i++) {
      referenceCounts[i] = 1 + random.nextInt(500);
      rows += (int) referenceCounts[i];
      top.add(new ColumnProfile.ValueCount("v" + i, (int) referenceCounts[i]));
    }
    top.sort((a, b) -> Integer.compare(b.count(), a.count()));
    ColumnProfile.Categorical profile = new ColumnProfile.Categorical("c", rows, 0, categories, top);
    ColumnWatch.Categorical watch = new ColumnWatch.Categorical(profile, Monitor.Statistic.CHI_SQUARE);
    ColumnWatch.Pane pane = watch.newPane();
    double[] current = new double[categories];
    for (int i = 0; i < currentSize; i++) {
      int v = random.nextInt(categories);
      pane.add("v" + v);
      current[v]++;
    }
    double[] reference = new double[categories];
    double[] observed = new double[categories];
    for (int i = 0; i < categories; i++) {
      int v = Integer.parseInt(top.get(i).value().substring(1));
      reference[i] = top.get(i).count();
      observed[i] = current[v];
    }
    Map<String, Double> stats = watch.measure(List.of(pane)).statistics();
    double[] withUnseen = Arrays.copyOf(reference, categories + 1);
    double[] observedWithUnseen = Arrays.copyOf(observed, categories + 1);
    assertEquals(Drift.psi(Histogram.of(withUnseen), Histogram.of(observedWithUnseen)), stats.get("psi"), 1e-9);
    assertEquals(Drift.jensenShannon(Histogram.of(reference), Histogram.of(observed)), stats.get("jensen_shannon"), 1e-9);
    TestResult chi = Drift.chiSquare(Histogram.of(reference), Histogram.of(observed));
    assertEquals(chi.statistic(), stats.get("chi_square"), 1e-9 * Math.max(1, chi.statistic()));
    assertEquals(chi.pValue(), stats.get("chi_square_p"), 1e-9);
  }

  /**
   * Wasserstein against the profile equals Drift's distance to a sample drawn from the profile's
   * piecewise-linear quantile function (a profile with no tails: min = q0.05, max = q0.95).
   */
  @Property(tries = 200)
  void wasserstein_equalsDriftAgainstThePiecewiseLinearReference(@ForAll long seed,
      @ForAll @IntRange(min = 5, max = 150) int currentSize, @ForAll @DoubleRange(min = -2, max = 2) double shift) {
    Random random = new Random(seed);
    double[] q = new double[5];
    q[0] = random.nextGaussian();
    for (int i = 1; i < 5; i++) {
      q[i] = q[i - 1] + 0.1 + random.nextDouble();
    }
    Map<Double, Double> quantiles = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      quantiles.put(ColumnProfile.QUANTILE_LEVELS.get(i), q[i]);
    }
    ColumnProfile.Numeric profile = new ColumnProfile.Numeric("x", 1000, 0, 1000, q[0], q[4], (q[0] + q[4]) / 2, 1.0, quantiles);
    ColumnWatch.Numeric watch = new ColumnWatch.Numeric(profile, Monitor.Statistic.WASSERSTEIN);
    int m = 100_000;
    double[] population = new double[m];
    for (int i = 0; i < m; i++) {
      population[i] = watch.referenceQuantile((i + 0.5) / m);
    }
    double[] current = new double[currentSize];
    for (int i = 0; i < currentSize; i++) {
      current[i] = q[0] + shift + random.nextDouble() * (q[4] - q[0]);
    }
    double ours = measure(watch, current).get("wasserstein_normed");
    double theirs = Drift.wasserstein(population, current);
    assertEquals(theirs, ours, 0.01 * (q[4] - q[0]) + 1e-3 * theirs, () -> "ours " + ours + ", Drift " + theirs);
  }

  /** A KLL pane's size is bounded whatever the traffic: a million values take about what ten thousand do. */
  @Property(tries = 1)
  void paneSize_isIndependentOfTraffic() {
    KllDoublesSketch small = KllDoublesSketch.newHeapInstance(ColumnWatch.KLL_K);
    KllDoublesSketch large = KllDoublesSketch.newHeapInstance(ColumnWatch.KLL_K);
    Random random = new Random(1);
    for (int i = 0; i < 1_000_000; i++) {
      double v = random.nextGaussian();
      if (i < 10_000) {
        small.update(v);
      }
      large.update(v);
    }
    assertTrue(large.getSerializedSizeBytes() < 6_000, () -> "KLL of 1e6 values: " + large.getSerializedSizeBytes() + " bytes");
    assertTrue(large.getSerializedSizeBytes() < 1.5 * small.getSerializedSizeBytes(),
        () -> large.getSerializedSizeBytes() + " vs " + small.getSerializedSizeBytes());
  }

  // ---- helpers

  private static double[] sample(Random random, int n, double shift, boolean skewed) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double g = random.nextGaussian() + shift;
      out[i] = skewed ? Math.exp(g) : g;
    }
    return out;
  }

  private static ColumnWatch.Numeric numeric(double[] reference) {
    Profile p = Profile.of(Table.builder().numeric("x", reference).build());
    return new ColumnWatch.Numeric((ColumnProfile.Numeric) p.column("x").orElseThrow(), Monitor.Statistic.KS);
  }

  private static Map<String, Double> measure(ColumnWatch watch, double[] current) {
    ColumnWatch.Pane pane = watch.newPane();
    for (double v : current) {
      pane.add(v);
    }
    return watch.measure(List.of(pane)).statistics();
  }

  /** The current counts per quantile bin, by brute force from the profile's knots (values at a knot split as documented). */
  private static double[] binCounts(ColumnWatch.Numeric watch, double[] current) {
    double[] shares = watch.binShares();
    double[] counts = new double[shares.length];
    // continuous data: distinct knots, no atoms; bin i is (knot i, knot i+1)
    double[] knots = new double[shares.length + 1];
    for (int i = 0; i <= shares.length; i++) {
      knots[i] = watch.referenceQuantile(i == 0 ? 0 : cumulative(shares, i));
    }
    for (double v : current) {
      int bin = 0;
      while (bin < shares.length - 1 && v > knots[bin + 1]) {
        bin++;
      }
      if (bin < shares.length - 1 && v == knots[bin + 1]) {
        counts[bin] += 0.5;
        counts[bin + 1] += 0.5;
      } else {
        counts[bin]++;
      }
    }
    return counts;
  }

  private static double cumulative(double[] shares, int upTo) {
    double s = 0;
    for (int i = 0; i < upTo; i++) {
      s += shares[i];
    }
    return s;
  }
}
