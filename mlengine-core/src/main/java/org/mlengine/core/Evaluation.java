package org.mlengine.core;

import org.mlengine.core.spi.FitContext;
import org.mlengine.core.spi.IntervalMethod;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.MetricEstimate;
import org.mlengine.runtime.Task;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Scores held-out outcomes honestly: each metric with its interval, beside the baselines on the
 * same rows, and a warning where the model is not significantly better than a baseline (the
 * interval of the difference reaches zero).
 *
 * <p>By default every interval and test is analytic, from the metric's own {@link
 * Metric#analyticInterval} and {@link Metric#pairedComparison} (DeLong for ROC AUC, Wilson for shares of
 * rows, Student t for means of per-row values): a metric without one gets no interval and no
 * test. Resampling runs only when asked for ({@code bootstrap(n)}, or an {@link IntervalMethod}):
 * then in parallel on the common fork-join pool, each resample drawing its rows from its own
 * generator seeded by (seed, resample index), so the numbers do not depend on the thread count.
 */
final class Evaluation {
  /** Resamples when the pipeline does not ask for any: none, the analytic intervals and tests. */
  static final int DEFAULT_RESAMPLES = 0;
  /** What the method text suggests to a user who wants an interval the metric has no formula for. */
  static final int SUGGESTED_RESAMPLES = 1000;

  private Evaluation() {}

  /** Percentiles of the metric over bootstrap resamples of the rows: {@code bootstrap(n)}. */
  static IntervalMethod percentileBootstrap(int resamples) {
    return new IntervalMethod() {
      @Override
      public String name() {
        return "bootstrap percentile (" + resamples + " resamples)";
      }

      @Override
      public double[] interval(Metric metric, Outcomes outcomes, double level, long seed) {
        double[] values = resampled(metric, outcomes, resamples, seed);
        return new double[] {quantile(values, (1 - level) / 2), quantile(values, 1 - (1 - level) / 2)};
      }
    };
  }

  record Result(List<MetricEstimate> estimates, List<String> warnings, Outcomes outcomes) {}

  /**
   * Each metric on the model's outcomes with its interval ({@code intervals}, or analytic when
   * null) and beside every baseline; the baselines are tested with a paired bootstrap of {@code
   * resamples} resamples, or analytically when 0.
   */
  static Result evaluate(List<Metric> metrics, Outcomes model, Map<String, Outcomes> baselines, IntervalMethod intervals,
      int resamples, double level, long seed) {
    ImmutableList.Builder<MetricEstimate> estimates = ImmutableList.builder();
    List<String> warnings = new ArrayList<>();
    String percent = ", " + Math.round(level * 100) + "%";
    for (Metric metric : metrics) {
      double value = metric.evaluate(model);
      double[] bounds = {Double.NaN, Double.NaN};
      String method;
      if (intervals != null) {
        bounds = interval(intervals, metric, model, level, seed);
        method = intervals.name() + percent;
      } else {
        Optional<Metric.AnalyticInterval> analytic = analyticInterval(metric, model, level);
        if (analytic.isPresent()) {
          bounds = new double[] {analytic.get().lower(), analytic.get().upper()};
          method = analytic.get().method() + percent;
        } else {
          method = "none (no analytic interval for " + metric.name() + "; ask for .bootstrap(" + SUGGESTED_RESAMPLES + "))";
        }
      }
      Map<String, Double> baselineValues = new LinkedHashMap<>();
      for (var b : baselines.entrySet()) {
        double baseline = evaluateOrNaN(metric, b.getValue());
        baselineValues.put(b.getKey(), baseline);
        if (!Double.isNaN(baseline)) {
          compare(metric, model, b.getValue(), resamples, level, seed)
              .filter(test -> !(metric.greaterIsBetter() ? test.lower() > 0 : test.upper() < 0))
              .ifPresent(test -> warnings.add(String.format(Locale.ROOT,
                  "%s %.4f is not significantly %s than the %s baseline's %.4f (%.0f%% interval of the difference [%.4f, %.4f]"
                      + " reaches 0; %s)",
                  metric.name(), value, metric.greaterIsBetter() ? "higher" : "lower", b.getKey(), baseline, level * 100,
                  test.lower(), test.upper(), test.method())));
        }
      }
      estimates.add(new MetricEstimate(metric.name(), value, bounds[0], bounds[1], method, baselineValues));
    }
    return new Result(estimates.build(), ImmutableList.copyOf(warnings), model);
  }

  /** The paired bootstrap when resampling was asked for, else the metric's analytic paired test (if any). */
  private static Optional<Metric.PairedComparison> compare(Metric metric, Outcomes model, Outcomes baseline, int resamples,
      double level, long seed) {
    if (resamples > 0) {
      double[] diff = pairedDifference(metric, model, baseline, resamples, level, seed);
      return Optional.of(new Metric.PairedComparison(diff[0], diff[1], Double.NaN, "paired bootstrap, " + resamples + " resamples"));
    }
    try {
      return metric.pairedComparison(model, baseline, level).map(t -> new Metric.PairedComparison(t.lower(), t.upper(), t.pValue(),
          Double.isNaN(t.pValue()) ? t.method() : String.format(Locale.ROOT, "%s, p = %.4f", t.method(), t.pValue())));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // outcomes the test cannot use, e.g. a single class
    }
  }

  private static Optional<Metric.AnalyticInterval> analyticInterval(Metric metric, Outcomes outcomes, double level) {
    try {
      return metric.analyticInterval(outcomes, level);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static double[] interval(IntervalMethod method, Metric metric, Outcomes outcomes, double level, long seed) {
    try {
      return method.interval(metric, outcomes, level, seed);
    } catch (IllegalArgumentException e) {
      return new double[] {Double.NaN, Double.NaN}; // e.g. a resample with one class for ROC AUC
    }
  }

  private static double evaluateOrNaN(Metric metric, Outcomes outcomes) {
    try {
      return metric.evaluate(outcomes);
    } catch (IllegalArgumentException e) {
      return Double.NaN;
    }
  }

  /**
   * The metric on {@code resamples} bootstrap resamples of the rows, computed in parallel;
   * undefined resamples are skipped. Resample b draws its rows from {@link #rowsOf(long, int, int)}.
   */
  static double[] resampled(Metric metric, Outcomes outcomes, int resamples, long seed) {
    int n = outcomes.size();
    double[] values = IntStream.range(0, resamples).parallel()
        .mapToDouble(b -> evaluateOrNaN(metric, outcomes.rows(rowsOf(seed, b, n))))
        .toArray();
    return Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
  }

  /** The interval of metric(model) − metric(baseline) over paired resamples of the same rows, in parallel. */
  private static double[] pairedDifference(Metric metric, Outcomes model, Outcomes baseline, int resamples, double level, long seed) {
    long pairedSeed = seed ^ 0x9E3779B97F4A7C15L;
    int n = model.size();
    double[] diff = IntStream.range(0, resamples).parallel()
        .mapToDouble(b -> {
          int[] rows = rowsOf(pairedSeed, b, n);
          return evaluateOrNaN(metric, model.rows(rows)) - evaluateOrNaN(metric, baseline.rows(rows));
        })
        .toArray();
    double[] values = Arrays.stream(diff).filter(v -> !Double.isNaN(v)).toArray();
    return new double[] {quantile(values, (1 - level) / 2), quantile(values, 1 - (1 - level) / 2)};
  }

  /**
   * The rows of resample {@code b}: n draws with replacement from a generator of its own, seeded
   * by SplitMix64's finalizer of (seed, b), so a resample's rows depend on nothing else (not on
   * the order or the thread the resamples run in).
   */
  static int[] rowsOf(long seed, int b, int n) {
    long z = seed + (b + 1L) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    SplittableRandom random = new SplittableRandom(z ^ (z >>> 31));
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = random.nextInt(n);
    }
    return rows;
  }

  /** NumPy's default ('linear') quantile of unsorted values. */
  static double quantile(double[] values, double q) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double position = q * (sorted.length - 1);
    int lo = (int) Math.floor(position);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
  }

  /**
   * The baselines' outcomes on the held-out rows. Classification: the training class shares for
   * every row (zero rule), equal probabilities (uniform random), and a class drawn from the
   * training shares per row (stratified random). Regression: the training mean (zero rule), the
   * training median, and a value drawn from the training targets per row (stratified random).
   */
  static Map<String, Outcomes> baselines(Outcomes heldOut, FitContext training, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ 0xBA5E11AEL);
    int n = heldOut.size();
    if (heldOut.task() == Task.CLASSIFICATION) {
      List<String> classes = heldOut.classes();
      int k = classes.size();
      double[] share = new double[k];
      int[] trainClasses = training.classIndices();
      for (int c : trainClasses) {
        share[c] += 1.0 / trainClasses.length;
      }
      // Every row of the zero rule and of the uniform baseline is the same, and a stratified row is
      // one of k one-hot rows: one array each, kept by the outcomes rather than copied per row.
      double[] equal = new double[k];
      Arrays.fill(equal, 1.0 / k);
      double[][] oneHot = new double[k][k];
      for (int c = 0; c < k; c++) {
        oneHot[c][c] = 1.0;
      }
      double[][] zero = new double[n][];
      double[][] uniform = new double[n][];
      double[][] stratified = new double[n][];
      for (int r = 0; r < n; r++) {
        zero[r] = share;
        uniform[r] = equal;
        stratified[r] = oneHot[trainClasses[random.nextInt(trainClasses.length)]];
      }
      int[] truth = heldOut.trueClasses();
      return ImmutableMap.of(
          "zero_rule", Outcomes.classificationOfOwnRows(classes, truth, zero),
          "uniform_random", Outcomes.classificationOfOwnRows(classes, truth, uniform),
          "stratified_random", Outcomes.classificationOfOwnRows(classes, truth, stratified));
    }
    double[] y = training.targetValues();
    double mean = Arrays.stream(y).average().orElse(Double.NaN);
    double median = quantile(y, 0.5);
    double[] actual = heldOut.actualValues();
    double[] meanPrediction = new double[n];
    double[] medianPrediction = new double[n];
    double[] drawn = new double[n];
    for (int r = 0; r < n; r++) {
      meanPrediction[r] = mean;
      medianPrediction[r] = median;
      drawn[r] = y[random.nextInt(y.length)];
    }
    return ImmutableMap.of(
        "zero_rule", Outcomes.regression(actual, meanPrediction),
        "median", Outcomes.regression(actual, medianPrediction),
        "stratified_random", Outcomes.regression(actual, drawn));
  }
}
