package org.mlengine.serving;

import java.util.Objects;
import java.util.Optional;

/**
 * Who answered a request: a model (a {@link Predictor}'s bundle, or the model a deployment
 * routed the request to), a bandit's arm, a fallback, or nobody (the deployment abstained). A
 * {@link Prediction} carries one.
 *
 * <pre>{@code
 * Prediction p = deployment.predict(request);
 * switch (p.answer().kind()) {
 *   case MODEL, ARM -> use(p.label().orElseThrow());
 *   case FALLBACK -> useWithCare(p, p.answer().reason().orElseThrow());
 *   case ABSTAINED -> askAHuman(request, p.answer().reason().orElseThrow());
 * }
 * }</pre>
 *
 * @param kind what answered
 * @param name the name it answered under: {@code "model"} for a bare predictor, the
 *     deployment's name for the model, arm or fallback
 * @param reason why a fallback answered or the deployment abstained; empty otherwise
 */
public record Answer(Kind kind, String name, Optional<String> reason) {
  /**
   * What answered a request.
   *
   * <pre>{@code
   * boolean fromTheModel = p.answer().kind() == Answer.Kind.MODEL || p.answer().kind() == Answer.Kind.ARM;
   * }</pre>
   */
  public enum Kind {
    /** A model's own prediction. */
    MODEL,
    /** A bandit's arm (a model chosen by the bandit policy). */
    ARM,
    /** A fallback: a rule, a baseline or another model, because the first model's answer was refused. */
    FALLBACK,
    /** Nobody: the request was outside what the model knows and there was no fallback. */
    ABSTAINED
  }

  /** The answer of a bare {@link Predictor}: its model. */
  static final Answer MODEL_ANSWER = new Answer(Kind.MODEL, "model", Optional.empty());

  /** Checks the fields: a reason for a fallback or an abstention, none otherwise. */
  public Answer {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(reason, "reason");
    boolean needsReason = kind == Kind.FALLBACK || kind == Kind.ABSTAINED;
    if (needsReason != reason.isPresent()) {
      throw new IllegalArgumentException(needsReason
          ? "a " + kind + " answer needs the reason the model's own answer was refused"
          : "a " + kind + " answer has no reason; only FALLBACK and ABSTAINED do");
    }
  }
}
