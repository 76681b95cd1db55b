package org.mlengine.serving;

import java.time.Duration;

/**
 * When a {@link MaintenanceLoop}'s shadow trial ends: promote only when the challenger is
 * significantly better after at least {@code minRequests} labelled requests; refuse when it is
 * significantly worse, or when the budget ({@code maxRequests} labelled requests or {@code
 * maxTime} in the shadow) runs out without significance; otherwise keep shadowing.
 *
 * @param alpha the significance level of each check, in (0, 1)
 * @param minRequests the labelled requests a verdict needs before it counts
 * @param maxRequests the labelled requests after which a trial without significance is refused
 * @param maxTime the time in the shadow after which a trial without significance is refused
 */
record TrialRule(double alpha, long minRequests, long maxRequests, Duration maxTime) {
  /** What a check decided. */
  enum Outcome { PROMOTE, REFUSE, CONTINUE }

  /** A check's outcome and why, in words (for a promotion, the comparison itself). */
  record Decision(Outcome outcome, String reason) {}

  /** The decision on {@code c}, the verdict after {@code elapsed} in the shadow. */
  Decision decide(Comparison c, Duration elapsed) {
    if (c.requests() >= minRequests) {
      if (c.challengerBetter(alpha)) {
        return new Decision(Outcome.PROMOTE, c.toString());
      }
      if (challengerWorse(c)) {
        return new Decision(Outcome.REFUSE, "significantly worse at alpha " + alpha + ": " + c);
      }
    }
    if (c.requests() >= maxRequests) {
      return new Decision(Outcome.REFUSE, "no significant difference after " + c.requests() + " labelled requests (the budget is "
          + maxRequests + "): " + c);
    }
    if (elapsed.compareTo(maxTime) >= 0) {
      return new Decision(Outcome.REFUSE, "no significant difference within " + maxTime + " in the shadow: " + c);
    }
    return new Decision(Outcome.CONTINUE, (c.requests() < minRequests ? "waiting for " + minRequests + " labelled requests: "
        : "not significant at alpha " + alpha + " yet: ") + c);
  }

  /** The decision when no verdict could be had (its function threw): only the time budget can end the trial. */
  Decision decideWithoutVerdict(Duration elapsed, String why) {
    if (elapsed.compareTo(maxTime) >= 0) {
      return new Decision(Outcome.REFUSE, "no verdict within " + maxTime + " in the shadow: " + why);
    }
    return new Decision(Outcome.CONTINUE, "no verdict yet: " + why);
  }

  private boolean challengerWorse(Comparison c) {
    return c.pValue() < alpha && (c.higherIsBetter() ? c.challengerValue() < c.championValue()
        : c.challengerValue() > c.championValue());
  }
}
