package org.mlengine.serving;

import static org.mlengine.serving.DeploymentModels.shortId;

import java.util.Map;
import java.util.Optional;

/** A deployment's limits on its models' answers and the fallback that answers what they refuse. */
record Guard(Limits limits, Fallback fallback) {

  /**
   * Checks that {@code model}, serving as {@code name}, can be held to the limits and answered by
   * the fallback, and is not the fallback's own predictor (the deployment closes a model when it
   * swaps it out).
   *
   * @throws IllegalArgumentException naming what does not fit
   */
  void checkServes(Predictor model, String name) {
    if (fallback.predictor().orElse(null) == model) {
      throw new IllegalArgumentException("fallback '" + fallback.name() + "' answers with the predictor that serves as '" + name
          + "' (bundle " + shortId(model) + "); the deployment closes a model when it swaps it out, so give the fallback a"
          + " predictor of its own, e.g. Fallback.to(\"" + fallback.name() + "\", registry.open(model, version)) or"
          + " Predictor.load(path).");
    }
    limits.checkServes(model);
    fallback.checkServes(model);
  }

  /** The model's answer if the limits accept it for this request, else the fallback's, which says why. */
  Prediction judged(Generation g, Map<String, ?> request, Prediction p, String requestId) {
    Optional<String> refusal = limits.refusal(g.predictor(), request, p);
    return refusal.isEmpty() ? p.answered(requestId, g.answer())
        : fallback.answer(g.predictor(), request, p, refusal.get(), requestId);
  }
}
