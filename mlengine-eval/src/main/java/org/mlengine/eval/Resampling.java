package org.mlengine.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.SpecialFunctions;

/**
 * Bootstrap intervals of a metric over {@link Outcomes}, following SciPy 1.10's
 * {@code scipy.stats.bootstrap} for the percentile and BCa methods. Rows are drawn with
 * replacement, each resample by a {@link SplittableRandom} of its own seeded from the plan's seed
 * and the resample's index (so resamples run in parallel with the same result on any number of
 * threads); classification outcomes are
 * resampled within each true class (a stratified bootstrap, so every resample keeps the class
 * counts and metrics such as ROC AUC stay defined). Inputs are checked by the caller.
 */
final class Resampling {
  private Resampling() {}

  /**
   * The metric on each resample, in resample order, computed in parallel (fork-join): resample
   * b draws its rows from a generator of its own seeded by (plan seed, b), so the values do not
   * depend on the number of threads.
   */
  static double[] replicates(Metric metric, Outcomes outcomes, Bootstrap plan) {
    int[][] strata = strata(outcomes);
    int n = outcomes.size();
    return inParallel(plan.resamples(), b -> {
      SplittableRandom random = new SplittableRandom(seedOf(plan.seed(), b));
      int[] rows = new int[n];
      int k = 0;
      for (int[] stratum : strata) {
        for (int i = 0; i < stratum.length; i++) {
          rows[k++] = stratum[random.nextInt(stratum.length)];
        }
      }
      return subset(outcomes, rows);
    }, metric, b -> "resample " + (b + 1));
  }

  /** The metric with each row left out in turn (the jackknife), in parallel. */
  static double[] jackknife(Metric metric, Outcomes outcomes) {
    int n = outcomes.size();
    return inParallel(n, leave -> {
      int[] rows = new int[n - 1];
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (i != leave) {
          rows[k++] = i;
        }
      }
      return subset(outcomes, rows);
    }, metric, leave -> "the jackknife without row " + leave);
  }

  /**
   * The metric on outcomes 0 … count − 1, in parallel; when it fails on some, the error is the
   * one of the first in order (the same on any number of threads).
   */
  private static double[] inParallel(
      int count, IntFunction<Outcomes> outcomes, Metric metric, IntFunction<String> where) {
    double[] values = IntStream.range(0, count).parallel().mapToDouble(i -> {
      try {
        return metric.evaluate(outcomes.apply(i));
      } catch (IllegalArgumentException e) {
        return Double.NaN;
      }
    }).toArray();
    for (int i = 0; i < count; i++) {
      if (Double.isNaN(values[i])) {
        values[i] = evaluate(metric, outcomes.apply(i), where.apply(i)); // throws the message of the first failure
      }
    }
    return values;
  }

  /** SplitMix64's finalizer of (seed, index): independent generators per resample. */
  static long seedOf(long seed, int index) {
    long z = seed + (index + 1L) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static double evaluate(Metric metric, Outcomes o, String where) {
    try {
      return metric.evaluate(o);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "bootstrap: " + metric.name() + " failed on " + where + ": " + e.getMessage(), e);
    }
  }

  /** Row indices grouped by true class (classification) or one group (regression). */
  private static int[][] strata(Outcomes o) {
    if (o.task() == Task.REGRESSION) {
      int[] all = new int[o.size()];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      return new int[][] {all};
    }
    int[] y = o.trueClasses();
    List<int[]> groups = new ArrayList<>();
    for (int c = 0; c < o.classes().size(); c++) {
      int count = 0;
      for (int v : y) {
        if (v == c) {
          count++;
        }
      }
      if (count == 0) {
        continue;
      }
      int[] rows = new int[count];
      int k = 0;
      for (int i = 0; i < y.length; i++) {
        if (y[i] == c) {
          rows[k++] = i;
        }
      }
      groups.add(rows);
    }
    return groups.toArray(new int[0][]);
  }

  /** New outcomes made of the given rows (with repeats), through the public factories. */
  static Outcomes subset(Outcomes o, int[] rows) {
    if (o.task() == Task.REGRESSION) {
      double[] actual = o.actualValues();
      double[] predicted = o.predictedValues();
      double[] a = new double[rows.length];
      double[] p = new double[rows.length];
      for (int i = 0; i < rows.length; i++) {
        a[i] = actual[rows[i]];
        p[i] = predicted[rows[i]];
      }
      return Outcomes.regression(a, p);
    }
    int k = o.classes().size();
    int[] y = o.trueClasses();
    double[][] columns = new double[k][];
    for (int c = 0; c < k; c++) {
      columns[c] = o.probabilities(c);
    }
    int[] ty = new int[rows.length];
    double[][] proba = new double[rows.length][k];
    for (int i = 0; i < rows.length; i++) {
      ty[i] = y[rows[i]];
      for (int c = 0; c < k; c++) {
        proba[i][c] = columns[c][rows[i]];
      }
    }
    return Outcomes.classification(o.classes(), ty, proba);
  }

  /** Percentile interval: NumPy 'linear' percentiles α/2 and 1 − α/2 of the replicates. */
  static Interval percentile(double[] replicates, double confidence) {
    double alpha = (1 - confidence) / 2;
    double[] sorted = Quantiles.sorted(replicates);
    return new Interval(
        Quantiles.linear(sorted, alpha * 100 / 100), Quantiles.linear(sorted, (1 - alpha) * 100 / 100));
  }

  /**
   * SciPy's {@code _bca_interval}: bias correction z₀ = Φ⁻¹(share of replicates below the
   * estimate, ties half), acceleration â from the jackknife's third and second moments, then
   * the percentiles Φ(z₀ + (z₀ + z)/(1 − â(z₀ + z))) for z = ±Φ⁻¹(α/2).
   */
  static Interval bca(double estimate, double[] replicates, double[] jackknife, double confidence) {
    double alpha = (1 - confidence) / 2;
    int below = 0;
    int atOrBelow = 0;
    for (double v : replicates) {
      if (v < estimate) {
        below++;
      }
      if (v <= estimate) {
        atOrBelow++;
      }
    }
    double share = (below + atOrBelow) / (2.0 * replicates.length);
    Check.argument(
        share > 0.0 && share < 1.0,
        "bootstrap: BCa is undefined here: the estimate %s lies %s every bootstrap replicate; "
            + "expected replicates on both sides — use Bounds.bootstrapPercentile, or more rows",
        estimate, share == 0.0 ? "above" : "below");
    double z0 = SpecialFunctions.normalQuantile(share);
    double mean = Sums.mean(jackknife);
    double[] cubes = new double[jackknife.length];
    double[] squares = new double[jackknife.length];
    for (int i = 0; i < jackknife.length; i++) {
      double d = mean - jackknife[i];
      squares[i] = d * d;
      cubes[i] = d * d * d;
    }
    double den = 6 * Math.pow(Sums.sum(squares), 1.5);
    double a = den == 0.0 ? 0.0 : Sums.sum(cubes) / den;
    double zAlpha = SpecialFunctions.normalQuantile(alpha);
    double num1 = z0 + zAlpha;
    double alpha1 = SpecialFunctions.normalCdf(z0 + num1 / (1 - a * num1));
    double num2 = z0 - zAlpha;
    double alpha2 = SpecialFunctions.normalCdf(z0 + num2 / (1 - a * num2));
    double[] sorted = Quantiles.sorted(replicates);
    return new Interval(
        Quantiles.linear(sorted, alpha1 * 100 / 100), Quantiles.linear(sorted, alpha2 * 100 / 100));
  }
}
