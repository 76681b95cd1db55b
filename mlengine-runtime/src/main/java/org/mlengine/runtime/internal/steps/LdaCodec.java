package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;

/**
 * Writes and reads fitted {@code lda} transforms; found by {@link java.util.ServiceLoader}, not
 * called directly. Public only because the service loader needs it.
 *
 * <pre>{@code
 * {"version": 1,
 *  "terms": {"version": 1, "analyzer": {...}, "weighting": "counts", "sublinearTf": false,
 *            "norm": "none", "columns": [{"name": "review", "terms": ["cat", "dog", "the"]}]},
 *  "alpha": 0.5, "beta": 0.5, "steps": 100,
 *  "components": [[3.2, 0.6, 2.9], [0.5, 2.4, 1.1]]}
 * }</pre>
 *
 * <p>{@code terms} is a {@code bag_of_words} state of one column with raw counts; {@code
 * components} holds λ, one row per topic and one positive parameter per term in the order of
 * {@code terms} (topic {@code j}'s word distribution is its row divided by the row's sum);
 * {@code alpha} and {@code beta} are the document-topic and topic-word priors and {@code steps}
 * the fixed number of inference steps per document.
 */
public final class LdaCodec implements TransformCodec {
  private static final String TAG = LdaTransform.TAG;

  /** Creates the codec (for the service loader). */
  public LdaCodec() {}

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    LdaTransform t = StateJson.cast(LdaTransform.class, transform, TAG);
    ObjectNode state = StateJson.start();
    state.set("terms", new BagOfWordsCodec().write(t.terms()));
    StateJson.put(state, "alpha", t.alpha(), TAG);
    StateJson.put(state, "beta", t.beta(), TAG);
    state.put("steps", t.steps());
    state.set("components", TopicStates.writeMatrix(t.components(), TAG, "components"));
    return state;
  }

  @Override
  public FittedTransform read(JsonNode state) {
    StateJson.checkVersion(state, TAG);
    BagOfWordsTransform terms = TopicStates.readTerms(state, TAG);
    double alpha = StateJson.number(state, "alpha", "", TAG);
    double beta = StateJson.number(state, "beta", "", TAG);
    JsonNode stepsNode = StateJson.field(state, "steps", "", TAG);
    if (!stepsNode.isIntegralNumber() || !stepsNode.canConvertToInt()) {
      throw new IllegalArgumentException(
          TAG + " state field 'steps' must be a whole number, found " + stepsNode.getNodeType() + " " + stepsNode);
    }
    int steps = stepsNode.intValue();
    double[][] components = TopicStates.readMatrix(state, "components", TAG);
    return StateJson.build(TAG, () -> new LdaTransform(terms, alpha, beta, steps, components));
  }
}
