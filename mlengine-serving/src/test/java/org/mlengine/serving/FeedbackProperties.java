package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlengine.serving.FeedbackTest.classified;
import static org.mlengine.serving.FeedbackTest.metric;
import static org.mlengine.serving.FeedbackTest.regressed;

import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
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
  void mcnemar_isAProbability_symmetric_andExactBelow25DiscordantPairs(@ForAll @IntRange(min = 0, max = 500) int b,
      @ForAll @IntRange(min = 0, max = 500) int c) {
    double p = Paired.mcnemar(b + c + 1, b, c);
    assertTrue(p >= 0 && p <= 1, "p = " + p);
    assertEquals(p, Paired.mcnemar(b + c + 1, c, b), 1e-15, "which model is the champion does not matter");
    if (b + c < 25) {
      assertEquals(Paired.mcnemarExact(b, c), p);
    }
  }

  /** statsmodels' mcnemar(exact=False, correction=False) = scipy.stats.chi2.sf((b - c)**2 / (b + c), 1). */
  @Example
  void mcnemar_chiSquare_matchesScipy() {
    double[][] reference = {
      {25, 10, 0.011229886652916672}, {40, 38, 0.8208472385419284}, {20, 5, 0.0026997960632601883},
      {100, 130, 0.04791275500844781}, {13, 12, 0.841480581121794},
    };
    for (double[] r : reference) {
      assertEquals(r[2], Paired.mcnemar(1_000, (long) r[0], (long) r[1]), 1e-13, "b = " + r[0] + ", c = " + r[1]);
    }
  }

  /** statsmodels' mcnemar(exact=True) = scipy.stats.binomtest(min(b, c), b + c, 0.5).pvalue. */
  @Example
  void mcnemar_exact_matchesScipy() {
    double[][] reference = {
      {4, 0, 0.125}, {7, 3, 0.34375}, {0, 5, 0.0625}, {12, 12, 1.0}, {24, 0, 1.1920928955078125e-07},
      {10, 14, 0.5412561893463135}, {1, 0, 1.0},
    };
    for (double[] r : reference) {
      assertEquals(r[2], Paired.mcnemarExact((long) r[0], (long) r[1]), 1e-13 * Math.max(r[2], 1e-6),
          "b = " + r[0] + ", c = " + r[1]);
    }
  }

  private static Interval clipped(Interval t) {
    return new Interval(Math.max(0, t.lower()), t.upper());
  }

  private static void assertInterval(Interval expected, OnlineMetric actual) {
    assertEquals(expected.lower(), actual.lower(), TOLERANCE, actual.toString());
    assertEquals(expected.upper(), actual.upper(), TOLERANCE, actual.toString());
  }
}
