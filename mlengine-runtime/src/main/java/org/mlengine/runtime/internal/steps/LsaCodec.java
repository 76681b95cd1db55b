package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;

/**
 * Writes and reads fitted {@code lsa} transforms; found by {@link java.util.ServiceLoader}, not
 * called directly. Public only because the service loader needs it. Reading and applying the
 * state is plain Java: ND4J is needed only to fit.
 *
 * <pre>{@code
 * {"version": 1,
 *  "terms": {"version": 1, "analyzer": {...}, "weighting": "tfidf", "sublinearTf": false,
 *            "norm": "l2", "columns": [{"name": "review", "terms": ["cat", "dog", "the"],
 *                                       "idf": [1.28, 1.69, 1.0]}]},
 *  "singularValues": [1.21, 0.77],
 *  "components": [[0.52, 0.31, 0.79], [-0.45, 0.88, 0.12]]}
 * }</pre>
 *
 * <p>{@code terms} is a {@code bag_of_words} state of one column; {@code components} has one row
 * per topic and one weight per term, in the order of {@code terms}.
 */
public final class LsaCodec implements TransformCodec {
  private static final String TAG = LsaTransform.TAG;

  /** Creates the codec (for the service loader). */
  public LsaCodec() {}

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    LsaTransform t = StateJson.cast(LsaTransform.class, transform, TAG);
    ObjectNode state = StateJson.start();
    state.set("terms", new BagOfWordsCodec().write(t.terms()));
    ArrayNode singular = state.putArray("singularValues");
    for (double s : t.singularValues()) {
      StateJson.add(singular, s, TAG, "singularValues");
    }
    state.set("components", TopicStates.writeMatrix(t.components(), TAG, "components"));
    return state;
  }

  @Override
  public FittedTransform read(JsonNode state) {
    StateJson.checkVersion(state, TAG);
    BagOfWordsTransform terms = TopicStates.readTerms(state, TAG);
    double[] singular = TopicStates.readVector(StateJson.field(state, "singularValues", "", TAG), "singularValues", TAG);
    double[][] components = TopicStates.readMatrix(state, "components", TAG);
    return StateJson.build(TAG, () -> new LsaTransform(terms, components, singular));
  }
}
