package org.mlengine.serving;

import java.time.Duration;

/**
 * When a {@link MaintenanceLoop}'s shadow trial ends: promote only when the challenger is
 * significantly better after at least {@code minRequests} labelled requests; refuse when it is
 * significantly worse, or when the budget ({@code maxRequests} labelled requests, {@code
 * maxTime} in the shadow, or {@code looks} tested checks) runs out without significance;
 * otherwise keep shadowing.
 *
 * <p>Each check with at least {@code minRequests} labelled requests is a look, tested at {@code
 * alpha / looks} (Bonferroni): over at most {@code looks} looks, a challenger no better than the
 * champion is promoted with probability at most {@code alpha}, however the looks are spaced.
 *
 * @param alpha the chance of promoting a challenger that is no better, over the whole trial, in (0, 1)
 * @param minRequests the labelled requests a verdict needs before it counts
 * @param maxRequests the labelled requests after which a trial without significance is refused
 * @param maxTime the time in the shadow after which a trial without significance is refused
 * @param looks the planned looks {@code alpha} is split over, at least 1
 */
record TrialRule(double alpha, long minRequests, long maxRequests, Duration maxTime, int looks) {
  /** What a check decided. */
  enum Outcome { PROMOTE, REFUSE, CONTINUE }

  /** A check's outcome and why, in words (for a promotion, the comparison itself). */
  record Decision(Outcome outcome, String reason) {}

  /** The planned looks of a trial checked every {@code checkEvery} for at most {@code maxTime}: at least 1. */
  static int looks(Duration maxTime, Duration checkEvery) {
    long n = (maxTime.toMillis() + checkEvery.toMillis() - 1) / Math.max(1, checkEvery.toMillis());
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, n));
  }

  /** The significance level of one look. */
  double alphaPerLook() {
    return alpha / looks;
  }

  /** The decision on {@code c}, the verdict after {@code elapsed} in the shadow, {@code looksBefore} looks already tested. */
  Decision decide(Comparison c, Duration elapsed, int looksBefore) {
    double level = alphaPerLook();
    boolean look = c.requests() >= minRequests;
    if (look) {
      if (c.challengerBetter(level)) {
        return new Decision(Outcome.PROMOTE, c.toString());
      }
      if (c.challengerWorse(level)) {
        return new Decision(Outcome.REFUSE, "significantly worse at alpha " + alpha + " over " + looks + " looks: " + c);
      }
      if (looksBefore + 1 >= looks) {
        return new Decision(Outcome.REFUSE, "no significant difference in " + looks + " looks (alpha " + alpha
            + " split over them): " + c);
      }
    }
    if (c.requests() >= maxRequests) {
      return new Decision(Outcome.REFUSE, "no significant difference after " + c.requests() + " labelled requests (the budget is "
          + maxRequests + "): " + c);
    }
    if (elapsed.compareTo(maxTime) >= 0) {
      return new Decision(Outcome.REFUSE, "no significant difference within " + maxTime + " in the shadow: " + c);
    }
    return new Decision(Outcome.CONTINUE, (look ? "not significant at alpha " + alpha + " / " + looks + " looks yet (look "
        + (looksBefore + 1) + "): " : "waiting for " + minRequests + " labelled requests: ") + c);
  }

  /** The decision when no verdict could be had (its function threw): only the time budget can end the trial. */
  Decision decideWithoutVerdict(Duration elapsed, String why) {
    if (elapsed.compareTo(maxTime) >= 0) {
      return new Decision(Outcome.REFUSE, "no verdict within " + maxTime + " in the shadow: " + why);
    }
    return new Decision(Outcome.CONTINUE, "no verdict yet: " + why);
  }
}
