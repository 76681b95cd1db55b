package org.mlengine.serving;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A {@link Predictor} answering within {@link Limits}: each request is scored by the model,
 * and an answer the limits refuse is replaced by a {@link Fallback}'s, which says why. Made by
 * {@link Limits#guard(Predictor, Fallback)}; thread-safe, as the predictor is. Closing stays
 * with whoever loaded the predictors.
 *
 * <pre>{@code
 * GuardedPredictor guarded = Limits.builder().minConfidence(0.7).refuseUnseenCategories().build()
 *     .guard(predictor, Fallback.abstain());
 * Prediction p = guarded.predict("req-42", request);
 * if (p.answer().kind() == Answer.Kind.ABSTAINED) {
 *   askAHuman(request, p.answer().reason().orElseThrow());   // e.g. column 'Job' is 'astronaut', ...
 * }
 * }</pre>
 *
 * <p>Every answer carries a request id (the caller's, or a new random UUID) so that a fallback's
 * or an abstention's answer can be traced; the model's own answer is otherwise unchanged. A bad
 * request gets the predictor's own errors ({@link org.mlengine.runtime.InvalidInputException}
 * naming the column) before any limit is checked.
 */
public final class GuardedPredictor {
  private final Predictor predictor;
  private final Limits limits;
  private final Fallback fallback;

  GuardedPredictor(Predictor predictor, Limits limits, Fallback fallback) {
    this.predictor = predictor;
    this.limits = limits;
    this.fallback = fallback;
  }

  /** Scores a request built with {@link Request#builder()} under a new random request id. */
  public Prediction predict(Request request) {
    Objects.requireNonNull(request, "the request is null; build one with Request.builder().put(\"column\", value).build()");
    return predict(request.values());
  }

  /** Scores a request given as a map from column name to value under a new random request id. */
  public Prediction predict(Map<String, ?> request) {
    return predict(UUID.randomUUID().toString(), request);
  }

  /**
   * Scores a request under the caller's request id: the model's answer when the limits accept
   * it, the fallback's otherwise.
   *
   * @throws org.mlengine.runtime.InvalidInputException as {@link Predictor#predict(Map)}
   */
  public Prediction predict(String requestId, Map<String, ?> request) {
    if (requestId == null || requestId.isBlank()) {
      throw new IllegalArgumentException("the request id is " + (requestId == null ? "null" : "blank")
          + "; pass the caller's id for this request, or call predict(request) to get a random one");
    }
    Prediction p = predictor.predict(request);
    String reason = limits.refusal(predictor, request, p).orElse(null);
    return reason == null ? p.answered(requestId, p.answer()) : fallback.answer(predictor, request, p, reason, requestId);
  }

  /** The predictor whose answers are guarded. */
  public Predictor predictor() {
    return predictor;
  }

  /** The limits its answers are held to. */
  public Limits limits() {
    return limits;
  }

  /** What answers when they refuse the model's answer. */
  public Fallback fallback() {
    return fallback;
  }

  @Override
  public String toString() {
    return "GuardedPredictor[" + predictor + ", " + limits + ", " + fallback + "]";
  }
}
