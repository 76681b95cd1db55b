package org.mlengine.serving;

import java.util.Objects;
import org.mlengine.runtime.internal.SpecialFunctions;

/**
 * A champion and a challenger judged on the same labelled requests: each model's value of one
 * metric over the requests both answered and whose label came back, the difference, and the
 * test that says whether the difference is more than chance.
 *
 * <pre>{@code
 * Comparison c = feedback.compare("champion", "shadow");
 * if (c.challengerBetter(0.05)) registry.promote("credit", "production", candidate, "loop", c.toString());
 * }</pre>
 *
 * @param champion the champion's name in the deployment
 * @param challenger the challenger's name (the shadow or the canary)
 * @param metric the metric compared, e.g. {@code accuracy} or {@code log_loss}
 * @param higherIsBetter whether a larger value of the metric is better
 * @param requests how many labelled requests both answered
 * @param championValue the champion's value over those requests
 * @param challengerValue the challenger's value over the same requests
 * @param test the test that made the p-value, e.g. {@code mcnemar}, {@code mcnemar_exact} or {@code paired_t}
 * @param pValue the two-sided p-value of "no difference" (NaN when there are too few requests)
 */
public record Comparison(String champion, String challenger, String metric, boolean higherIsBetter, long requests,
    double championValue, double challengerValue, String test, double pValue) {

  /** Checks the names and the count. */
  public Comparison {
    Objects.requireNonNull(champion, "the champion's name is null; pass its name in the deployment, e.g. \"champion\"");
    Objects.requireNonNull(challenger, "the challenger's name is null; pass its name in the deployment, e.g. \"shadow\"");
    Objects.requireNonNull(metric, "the metric is null; pass the metric compared, e.g. \"accuracy\"");
    Objects.requireNonNull(test, "the test is null; pass the test that made the p-value, e.g. \"mcnemar\"");
    if (requests < 0) {
      throw new IllegalArgumentException("requests is " + requests + "; a count of labelled requests is 0 or more");
    }
  }

  /**
   * The accuracies of a champion and a challenger on <em>different</em> labelled requests, as a
   * canary's two models answer, compared by the two-proportion z test (pooled, two-sided; test
   * {@code two_proportion_z}). {@code requests} is the smaller of the two samples; with no
   * request on a side the values and the p-value are NaN, and with no variation at all (both
   * always right, or always wrong) the p-value is 1.
   *
   * <pre>{@code
   * CanaryWatch.builder("credit-canary", live).feedback(() -> Comparison.unpairedAccuracy("champion", 930, 1000,
   *     "canary", right, served), 0.05)
   * }</pre>
   *
   * @throws IllegalArgumentException when a count is negative or more answers are right than were labelled
   */
  public static Comparison unpairedAccuracy(String champion, long championRight, long championRequests, String challenger,
      long challengerRight, long challengerRequests) {
    checkCounts(champion, championRight, championRequests);
    checkCounts(challenger, challengerRight, challengerRequests);
    double p1 = championRequests == 0 ? Double.NaN : (double) championRight / championRequests;
    double p2 = challengerRequests == 0 ? Double.NaN : (double) challengerRight / challengerRequests;
    double pValue = Double.NaN;
    if (championRequests > 0 && challengerRequests > 0) {
      double pooled = (double) (championRight + challengerRight) / (championRequests + challengerRequests);
      double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / championRequests + 1.0 / challengerRequests));
      pValue = se == 0 ? 1 : Math.min(1, 2 * SpecialFunctions.normalSf(Math.abs(p2 - p1) / se));
    }
    return new Comparison(champion, challenger, "accuracy", true, Math.min(championRequests, challengerRequests), p1, p2,
        "two_proportion_z", pValue);
  }

  private static void checkCounts(String model, long right, long requests) {
    if (requests < 0 || right < 0 || right > requests) {
      throw new IllegalArgumentException(model + " has " + right + " right answers of " + requests + " labelled requests;"
          + " expected counts of 0 or more with at most as many right answers as labelled requests.");
    }
  }

  /** The challenger's value minus the champion's. */
  public double difference() {
    return challengerValue - championValue;
  }

  /** Whether the challenger is better and the difference is significant at level {@code alpha} (e.g. 0.05). */
  public boolean challengerBetter(double alpha) {
    return pValue < alpha && (higherIsBetter ? challengerValue > championValue : challengerValue < championValue);
  }

  /**
   * Whether the challenger is worse and the difference is significant at level {@code alpha}
   * (e.g. 0.05). A NaN p-value (too few requests) is never significant: neither better nor worse.
   */
  public boolean challengerWorse(double alpha) {
    return pValue < alpha && (higherIsBetter ? challengerValue < championValue : challengerValue > championValue);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%s %s %.4f vs %s %.4f on %d requests (%s p = %.3g)", metric, challenger,
        challengerValue, champion, championValue, requests, test, pValue);
  }
}
