package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mlengine.serving.FeedbackTest.classified;
import static org.mlengine.serving.FeedbackTest.metric;
import static org.mlengine.serving.FeedbackTest.regressed;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.mlengine.eval.Bounds;
import org.mlengine.eval.Interval;
import org.mlengine.eval.MetricFunctions;

/**
 * Feedback's online metrics and tests agree with mlengine-eval's (test scope only: serving never
 * depends on eval): accuracy with {@code Bounds.wilson}, log loss, Brier, MAE and RMSE with
 * {@code MetricFunctions} and their intervals with {@code Bounds.tInterval}; and the paired t's
 * p-value is below 1 − confidence exactly when eval's t interval of the differences leaves out 0.
 */
class FeedbackProperties {
  private static final double TOLERANCE = 1e-10;

  @Property(tries = 200)
  void metrics_ofAClassifier_areEvals(@ForAll @IntRange(min = 2, max = 80) int n, @ForAll long seed,
      @ForAll @DoubleRange(min = 0.5, max = 0.99) double confidence) {
    Random random = new Random(seed);
    Feedback feedback = Feedback.keeping(n);
    int[] truth = new int[n];
    int[] predicted = new int[n];
    double[] pYes = new double[n];
    double[] losses = new double[n];
    double[] squares = new double[n];
    for (int i = 0; i < n; i++) {
      pYes[i] = random.nextInt(5) == 0 ? random.nextInt(2) : random.nextDouble();   // 0 and 1 too: the clipping
      truth[i] = random.nextBoolean() ? 1 : 0;
      predicted[i] = pYes[i] > 1 - pYes[i] ? 1 : 0;
      feedback.served(classified("r-" + i, "champion", false, pYes[i]));
      feedback.feedback("r-" + i, truth[i] == 1 ? "yes" : "no");
      losses[i] = MetricFunctions.logLoss(new int[] {truth[i]}, new double[][] {{1 - pYes[i], pYes[i]}});
      squares[i] = (pYes[i] - truth[i]) * (pYes[i] - truth[i]);
    }
    List<OnlineMetric> metrics = feedback.metrics("champion", confidence);

    OnlineMetric accuracy = metric(metrics, "accuracy");
    assertEquals(MetricFunctions.accuracy(truth, predicted), accuracy.value(), TOLERANCE);
    long right = Math.round(accuracy.value() * n);
    assertInterval(Bounds.wilson(right, n, confidence), accuracy);

    OnlineMetric logLoss = metric(metrics, "log_loss");
    double[][] proba = new double[n][];
    for (int i = 0; i < n; i++) {
      proba[i] = new double[] {1 - pYes[i], pYes[i]};
    }
    assertEquals(MetricFunctions.logLoss(truth, proba), logLoss.value(), TOLERANCE * Math.max(1, logLoss.value()));
    assertInterval(clipped(Bounds.tInterval(losses, confidence)), logLoss);

    OnlineMetric brier = metric(metrics, "brier_score");
    assertEquals(MetricFunctions.brierScore(truth, pYes), brier.value(), TOLERANCE);
    assertInterval(clipped(Bounds.tInterval(squares, confidence)), brier);
  }

  @Property(tries = 200)
  void metrics_ofARegression_areEvals(@ForAll @IntRange(min = 2, max = 80) int n, @ForAll long seed) {
    Random random = new Random(seed);
    Feedback feedback = Feedback.keeping(n);
    double[] y = new double[n];
    double[] yhat = new double[n];
    double[] absolute = new double[n];
    double[] squared = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextGaussian() * 10;
      yhat[i] = y[i] + random.nextGaussian() * 3;
      absolute[i] = Math.abs(yhat[i] - y[i]);
      squared[i] = absolute[i] * absolute[i];
      feedback.served(regressed("r-" + i, "champion", false, yhat[i]));
      feedback.feedback("r-" + i, y[i]);
    }
    List<OnlineMetric> metrics = feedback.metrics("champion");
    OnlineMetric mae = metric(metrics, "mae");
    assertEquals(MetricFunctions.mae(y, yhat), mae.value(), TOLERANCE);
    assertInterval(clipped(Bounds.tInterval(absolute, 0.95)), mae);
    OnlineMetric rmse = metric(metrics, "rmse");
    assertEquals(MetricFunctions.rmse(y, yhat), rmse.value(), TOLERANCE);
    Interval mse = clipped(Bounds.tInterval(squared, 0.95));
    assertInterval(new Interval(Math.sqrt(mse.lower()), Math.sqrt(mse.upper())), rmse);
  }

  @Property(tries = 300)
  void pairedT_isSignificant_exactlyWhenEvalsTIntervalOfTheDifferencesLeavesOutZero(
      @ForAll @IntRange(min = 2, max = 40) int n, @ForAll long seed, @ForAll @DoubleRange(min = -1, max = 1) double shift) {
    Random random = new Random(seed);
    double[] d = new double[n];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      d[i] = random.nextGaussian() + shift;
      mean += d[i];
    }
    mean /= n;
    double p = Paired.pairedT(d, mean);
    Interval interval = Bounds.tInterval(d, 0.95);
    boolean excludesZero = interval.lower() > 0 || interval.upper() < 0;
    double margin = Math.min(Math.abs(interval.lower()), Math.abs(interval.upper()));
    if (margin > 1e-9) {   // a boundary case either way is rounding, not disagreement
      assertEquals(excludesZero, p < 0.05, "p = " + p + ", interval " + interval);
    }
  }

  @Property(tries = 200)
  void mcnemar_isTheSquaredPairedZ(@ForAll @IntRange(min = 0, max = 500) int b, @ForAll @IntRange(min = 0, max = 500) int c) {
    double p = Paired.mcnemar(b + c + 1, b, c);
    if (b + c == 0) {
      assertEquals(1.0, p);
      return;
    }
    double z = Math.abs(b - c) / Math.sqrt(b + c);
    // χ²(1)'s tail at z² (incomplete gamma) is the two-sided normal tail at z: the paired z-test.
    assertEquals(2 * Stats.normalCdf(-z), p, 1e-12 + 1e-9 * p);
  }

  private static Interval clipped(Interval t) {
    return new Interval(Math.max(0, t.lower()), t.upper());
  }

  private static void assertInterval(Interval expected, OnlineMetric actual) {
    assertEquals(expected.lower(), actual.lower(), TOLERANCE, actual.toString());
    assertEquals(expected.upper(), actual.upper(), TOLERANCE, actual.toString());
  }
}
