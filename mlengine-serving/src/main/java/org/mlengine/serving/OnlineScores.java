package org.mlengine.serving;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mlengine.runtime.internal.SpecialFunctions;

/**
 * One model's labelled answers turned into {@link OnlineMetric}s: per-request values collected,
 * then means with Student t intervals and shares with Wilson intervals, as mlengine-eval's
 * {@code Bounds.tInterval} and {@code Bounds.wilson} (FeedbackProperties checks the two agree).
 */
final class OnlineScores {
  /** Probabilities are clipped to [EPS, 1 − EPS] for the log loss, as scikit-learn 1.2 and mlengine-eval. */
  static final double EPS = Math.ulp(1.0);

  private final String model;
  private final double confidence;
  private final Values correct = new Values();
  private final Values logLoss = new Values();
  private final Values brier = new Values();
  private final Values absolute = new Values();
  private final Values squared = new Values();

  OnlineScores(String model, double confidence) {
    this.model = model;
    this.confidence = confidence;
  }

  /** A growable double array. */
  static final class Values {
    double[] values = new double[16];
    int size;

    void add(double v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    double[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }

  /** Adds an answer with its truth: a class label for a classifier's answer, a value (and null label) for a regression's. */
  void add(LoggedPrediction r, String label, double value) {
    Map<String, Double> p = r.probabilities();
    if (label != null && !p.isEmpty()) {
      correct.add(label.equals(r.label().orElse(null)) ? 1 : 0);
      logLoss.add(logLoss(p, label));
      if (p.size() == 2) {
        String second = p.keySet().stream().skip(1).findFirst().orElseThrow();
        double y = label.equals(second) ? 1 : 0;
        double d = p.get(second) - y;
        brier.add(d * d);
      }
    } else if (label == null && Double.isFinite(r.value())) {
      double e = r.value() - value;
      absolute.add(Math.abs(e));
      squared.add(e * e);
    }
  }

  /** −ln(clipped p of the true class / the clipped row's sum); a class the model does not know has p = 0. */
  static double logLoss(Map<String, Double> probabilities, String label) {
    double sum = 0;
    for (double q : probabilities.values()) {
      sum += clip(q);
    }
    Double q = probabilities.get(label);
    return -Math.log(clip(q == null ? 0 : q) / sum);
  }

  private static double clip(double p) {
    return Math.min(Math.max(p, EPS), 1.0 - EPS);
  }

  List<OnlineMetric> metrics() {
    List<OnlineMetric> out = new ArrayList<>();
    if (correct.size > 0) {
      long right = Math.round(sum(correct.toArray()));
      out.add(share(model, "accuracy", right, correct.size, confidence));
      out.add(mean(model, "log_loss", logLoss.toArray(), confidence, false));
    }
    if (brier.size > 0) {
      out.add(mean(model, "brier_score", brier.toArray(), confidence, false));
    }
    if (absolute.size > 0) {
      out.add(mean(model, "mae", absolute.toArray(), confidence, false));
      out.add(mean(model, "rmse", squared.toArray(), confidence, true));
    }
    return out;
  }

  /** A share with its Wilson score interval (NaN ends below 2 trials). */
  static OnlineMetric share(String model, String metric, long successes, long trials, double confidence) {
    double q = (double) successes / trials;
    if (trials < 2) {
      return new OnlineMetric(model, metric, trials, q, Double.NaN, Double.NaN, confidence);
    }
    double crit = SpecialFunctions.normalQuantile((1 + confidence) / 2);
    double crit2 = crit * crit;
    double n = trials;
    double denom = 1 + crit2 / n;
    double center = (q + crit2 / (2 * n)) / denom;
    double dist = crit * Math.sqrt(q * (1.0 - q) / n + crit2 / (4.0 * (n * n))) / denom;
    return new OnlineMetric(model, metric, trials, q, Math.max(0, center - dist), Math.min(1, center + dist), confidence);
  }

  /**
   * The mean of non-negative per-request values with the Student t interval (the lower end
   * clipped at 0); with {@code root}, the square roots of the value and the ends (RMSE from the
   * squared errors).
   */
  static OnlineMetric mean(String model, String metric, double[] values, double confidence, boolean root) {
    int n = values.length;
    double mean = sum(values) / n;
    double lower = Double.NaN;
    double upper = Double.NaN;
    if (n >= 2) {
      double sem = Math.sqrt(variance(values, mean)) / Math.sqrt(n);
      double crit = SpecialFunctions.studentTQuantile((1 + confidence) / 2, n - 1);
      lower = Math.max(0, mean - crit * sem);
      upper = mean + crit * sem;
    }
    return root ? new OnlineMetric(model, metric, n, Math.sqrt(mean), Math.sqrt(lower), Math.sqrt(upper), confidence)
        : new OnlineMetric(model, metric, n, mean, lower, upper, confidence);
  }

  static double sum(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }

  /** The sample variance (n − 1). */
  static double variance(double[] values, double mean) {
    double s = 0;
    for (double v : values) {
      s += (v - mean) * (v - mean);
    }
    return s / (values.length - 1);
  }
}
