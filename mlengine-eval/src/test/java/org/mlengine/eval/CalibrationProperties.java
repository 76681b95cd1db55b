package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of the calibration maps and curves over generated inputs. */
class CalibrationProperties {

  private static double[] array(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Property
  void isotonicRegression_output_isMonotone(
      @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = -100, max = 100) Double> y,
      @ForAll boolean increasing) {
    IsotonicOptions options =
        increasing ? IsotonicOptions.nonDecreasing() : IsotonicOptions.nonIncreasing();
    double[] fitted = Calibration.isotonicRegression(array(y), null, options);
    for (int i = 1; i < fitted.length; i++) {
      assertTrue(
          increasing ? fitted[i] >= fitted[i - 1] : fitted[i] <= fitted[i - 1],
          "not monotone at " + i);
    }
  }

  /** PAV keeps the (weighted) mean: the fit is a projection onto monotone sequences. */
  @Property
  void isotonicRegression_output_keepsTheMean(
      @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = -100, max = 100) Double> y) {
    double[] values = array(y);
    assertEquals(Sums.mean(values), Sums.mean(Calibration.isotonicRegression(values)), 1e-9);
  }

  @Property
  void isotonicCalibrator_apply_isMonotoneInTheScore(
      @ForAll @Size(min = 2, max = 40) List<@DoubleRange(min = 0, max = 1) Double> x,
      @ForAll @Size(min = 40, max = 40) List<@IntRange(min = 0, max = 1) Integer> labels,
      @ForAll @Size(min = 20, max = 20) List<@DoubleRange(min = -0.5, max = 1.5) Double> probes) {
    double[] xs = array(x);
    double[] ys = labels.stream().limit(xs.length).mapToDouble(Integer::doubleValue).toArray();
    IsotonicCalibrator iso = Calibration.isotonic(xs, ys);
    double[] p = array(probes);
    java.util.Arrays.sort(p);
    for (int i = 1; i < p.length; i++) {
      assertTrue(iso.apply(p[i]) >= iso.apply(p[i - 1]) - 1e-12, "decreases at " + p[i]);
      assertTrue(iso.apply(p[i]) >= 0 && iso.apply(p[i]) <= 1, "outside [0, 1] at " + p[i]);
    }
  }

  @Property(tries = 200)
  void platt_apply_isMonotoneAndFitMinimizesTheObjective(
      @ForAll @Size(min = 2, max = 30) List<@DoubleRange(min = -5, max = 5) Double> f,
      @ForAll @Size(min = 30, max = 30) List<@IntRange(min = 0, max = 1) Integer> labels) {
    double[] decision = array(f);
    int[] y = labels.stream().limit(decision.length).mapToInt(Integer::intValue).toArray();
    PlattCalibrator platt = Calibration.platt(decision, y);
    double[] t = new double[y.length];
    double positives = java.util.Arrays.stream(y).sum();
    for (int i = 0; i < y.length; i++) {
      t[i] = y[i] == 1 ? (positives + 1) / (positives + 2) : 1 / (y.length - positives + 2);
    }
    double best = Platt.objective(decision, t, null, platt.a(), platt.b());
    for (double[] d : new double[][] {{1e-3, 0}, {-1e-3, 0}, {0, 1e-3}, {0, -1e-3}}) {
      assertTrue(
          Platt.objective(decision, t, null, platt.a() + d[0], platt.b() + d[1]) >= best - 1e-12,
          "a neighbour is better than the fit");
    }
    double lo = platt.apply(-1);
    double hi = platt.apply(1);
    assertTrue(platt.a() <= 0 ? hi >= lo : hi <= lo, "not monotone in the decision value");
  }

  @Property
  void reliabilityCurve_countsSumToRowsAndEceIsInUnitInterval(
      @ForAll @Size(min = 1, max = 50) List<@DoubleRange(min = 0, max = 1) Double> p,
      @ForAll @Size(min = 50, max = 50) List<@IntRange(min = 0, max = 1) Integer> labels,
      @ForAll @IntRange(min = 1, max = 12) int bins,
      @ForAll Binning binning) {
    double[] probs = array(p);
    int[] y = labels.stream().limit(probs.length).mapToInt(Integer::intValue).toArray();
    ReliabilityCurve c = Calibration.reliabilityCurve(y, probs, bins, binning);
    assertEquals(probs.length, c.counts().stream().mapToLong(Long::longValue).sum());
    double ece = Calibration.expectedCalibrationError(y, probs, bins, binning);
    assertTrue(ece >= 0 && ece <= 1, "ece " + ece);
  }
}
