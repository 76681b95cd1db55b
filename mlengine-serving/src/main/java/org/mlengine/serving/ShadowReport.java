package org.mlengine.serving;

import java.util.List;
import java.util.Objects;

/**
 * What a {@linkplain Deployment#shadow(Predictor, Predictor) shadow deployment} observed: how
 * many requests the shadow scored, dropped (its queue was full) or failed on, how often its label
 * agreed with the champion's, how far its probabilities (or values) were from the champion's,
 * and the most recent pairs of answers. A snapshot; the deployment keeps counting.
 *
 * <pre>{@code
 * ShadowReport r = deployment.stats().shadow().orElseThrow();
 * System.out.printf("agreement %.3f, mean |Δp| %.4f, dropped %d%n",
 *     r.agreement(), r.meanAbsDelta(), r.dropped());
 * }</pre>
 *
 * @param scored requests the shadow answered
 * @param dropped requests handed to the shadow while its queue was full (never scored)
 * @param failed requests the shadow threw on (the champion had answered them)
 * @param agreed classifications where the shadow's label equals the champion's
 * @param meanAbsDelta the mean of |Δ| over scored requests that both models answered (neither
 *     abstained under the deployment's limits): the largest difference between the two models'
 *     probabilities of one class, or the difference of the two values; NaN before the first
 * @param maxAbsDelta the largest such |Δ|; NaN before the first
 * @param recent the most recent pairs, oldest first (at most {@link Deployment#SHADOW_PAIRS_KEPT})
 */
public record ShadowReport(long scored, long dropped, long failed, long agreed, double meanAbsDelta, double maxAbsDelta,
    List<Pair> recent) {

  /** Copies the pairs. */
  public ShadowReport {
    recent = List.copyOf(Objects.requireNonNull(recent, "recent"));
  }

  /**
   * The share of scored classifications where both labels agree: {@code agreed / scored}; NaN
   * before the first, and for regression (which has no labels).
   */
  public double agreement() {
    return scored == 0 || (recent.size() > 0 && recent.get(0).champion().label().isEmpty())
        ? Double.NaN : (double) agreed / scored;
  }

  /**
   * One request's two answers.
   *
   * <pre>{@code
   * for (ShadowReport.Pair pair : report.recent()) {
   *   log.info("{}: {} vs {}", pair.requestId(), pair.champion().label(), pair.shadow().label());
   * }
   * }</pre>
   *
   * @param requestId the request's id
   * @param champion the champion's answer (the one the caller got)
   * @param shadow the shadow's answer (nobody got it)
   */
  public record Pair(String requestId, Prediction champion, Prediction shadow) {
    /** Checks that no part is null. */
    public Pair {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(champion, "champion");
      Objects.requireNonNull(shadow, "shadow");
    }
  }
}
