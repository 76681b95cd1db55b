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
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Scores held-out outcomes honestly: each metric with its interval, beside the baselines on the
 * same rows, and a warning where the model is not significantly better than a baseline (a
 * paired bootstrap of the difference whose interval reaches zero).
 */
final class Evaluation {
  static final int DEFAULT_RESAMPLES = 1000;

  private Evaluation() {}

  /** The default interval: percentiles of the metric over bootstrap resamples of the rows. */
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

  static Result evaluate(List<Metric> metrics, Outcomes model, Map<String, Outcomes> baselines, IntervalMethod intervals,
      int resamples, double level, long seed) {
    ImmutableList.Builder<MetricEstimate> estimates = ImmutableList.builder();
    List<String> warnings = new ArrayList<>();
    for (Metric metric : metrics) {
      double value = metric.evaluate(model);
      double[] bounds = intervals == null ? new double[] {Double.NaN, Double.NaN} : interval(intervals, metric, model, level, seed);
      Map<String, Double> baselineValues = new LinkedHashMap<>();
      for (var b : baselines.entrySet()) {
        double baseline = evaluateOrNaN(metric, b.getValue());
        baselineValues.put(b.getKey(), baseline);
        if (resamples > 0 && !Double.isNaN(baseline)) {
          double[] diff = pairedDifference(metric, model, b.getValue(), resamples, level, seed);
          boolean better = metric.greaterIsBetter() ? diff[0] > 0 : diff[1] < 0;
          if (!better) {
            warnings.add(String.format(java.util.Locale.ROOT,
                "%s %.4f is not significantly %s than the %s baseline's %.4f (%.0f%% interval of the difference [%.4f, %.4f] reaches 0)",
                metric.name(), value, metric.greaterIsBetter() ? "higher" : "lower", b.getKey(), baseline, level * 100, diff[0], diff[1]));
          }
        }
      }
      estimates.add(new MetricEstimate(metric.name(), value, bounds[0], bounds[1],
          intervals == null ? "none" : intervals.name() + ", " + Math.round(level * 100) + "%", baselineValues));
    }
    return new Result(estimates.build(), ImmutableList.copyOf(warnings), model);
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

  /** The metric on {@code resamples} bootstrap resamples of the rows; undefined resamples are skipped. */
  static double[] resampled(Metric metric, Outcomes outcomes, int resamples, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = outcomes.size();
    double[] out = new double[resamples];
    int kept = 0;
    int[] rows = new int[n];
    for (int b = 0; b < resamples; b++) {
      for (int i = 0; i < n; i++) {
        rows[i] = random.nextInt(n);
      }
      double v = evaluateOrNaN(metric, outcomes.rows(rows));
      if (!Double.isNaN(v)) {
        out[kept++] = v;
      }
    }
    return Arrays.copyOf(out, kept);
  }

  /** The interval of metric(model) − metric(baseline) over paired resamples of the same rows. */
  private static double[] pairedDifference(Metric metric, Outcomes model, Outcomes baseline, int resamples, double level, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    int n = model.size();
    double[] diff = new double[resamples];
    int kept = 0;
    int[] rows = new int[n];
    for (int b = 0; b < resamples; b++) {
      for (int i = 0; i < n; i++) {
        rows[i] = random.nextInt(n);
      }
      double d = evaluateOrNaN(metric, model.rows(rows)) - evaluateOrNaN(metric, baseline.rows(rows));
      if (!Double.isNaN(d)) {
        diff[kept++] = d;
      }
    }
    double[] values = Arrays.copyOf(diff, kept);
    return new double[] {quantile(values, (1 - level) / 2), quantile(values, 1 - (1 - level) / 2)};
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
      double[][] zero = new double[n][];
      double[][] uniform = new double[n][];
      double[][] stratified = new double[n][];
      for (int r = 0; r < n; r++) {
        zero[r] = share.clone();
        uniform[r] = new double[k];
        Arrays.fill(uniform[r], 1.0 / k);
        stratified[r] = new double[k];
        stratified[r][trainClasses[random.nextInt(trainClasses.length)]] = 1.0;
      }
      int[] truth = heldOut.trueClasses();
      return ImmutableMap.of(
          "zero_rule", Outcomes.classification(classes, truth, zero),
          "uniform_random", Outcomes.classification(classes, truth, uniform),
          "stratified_random", Outcomes.classification(classes, truth, stratified));
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
