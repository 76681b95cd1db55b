package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;

/**
 * Writes and reads {@code text_hashing} transforms; found by {@link java.util.ServiceLoader},
 * not called directly. Public only because the service loader needs it. The state is the
 * options only: hashing learns nothing.
 *
 * <pre>{@code
 * {"version": 1,
 *  "analyzer": {"kind": "word", "ngramMin": 1, "ngramMax": 1, "lowercase": true,
 *               "tokenPattern": "(?<![\\p{L}\\p{N}_])[\\p{L}\\p{N}_]{2,}(?![\\p{L}\\p{N}_])",
 *               "minLength": 1, "stopWords": []},
 *  "buckets": 65536, "alternateSign": true, "norm": "l2", "columns": ["review"]}
 * }</pre>
 */
public final class HashingCodec implements TransformCodec {
  private static final String TAG = HashingTransform.TAG;

  /** Creates the codec (for the service loader). */
  public HashingCodec() {}

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    HashingTransform t = StateJson.cast(HashingTransform.class, transform, TAG);
    ObjectNode state = StateJson.start();
    state.set("analyzer", t.analyzer().write());
    state.put("buckets", t.buckets());
    state.put("alternateSign", t.alternateSign());
    state.put("norm", TextStates.norm(t.norm()));
    state.set("columns", StateJson.texts(t.columns()));
    return state;
  }

  @Override
  public FittedTransform read(JsonNode state) {
    StateJson.checkVersion(state, TAG);
    TextAnalyzer analyzer = TextAnalyzer.read(state, TAG);
    JsonNode bucketsNode = StateJson.field(state, "buckets", "", TAG);
    if (!bucketsNode.isIntegralNumber() || !bucketsNode.canConvertToInt()) {
      throw new IllegalArgumentException(
          TAG + " state field 'buckets' must be a whole number, found " + bucketsNode.getNodeType() + " " + bucketsNode);
    }
    int buckets = bucketsNode.intValue();
    boolean alternateSign = StateJson.bool(state, "alternateSign", "", TAG);
    VectorNorm norm = TextStates.norm(StateJson.text(state, "norm", "", TAG), TAG);
    List<String> columns = StateJson.texts(state, "columns", "", TAG);
    Set<String> seen = new HashSet<>();
    for (String c : columns) {
      if (!seen.add(c)) {
        throw new IllegalArgumentException(TAG + " state names column '" + c + "' twice in field 'columns'");
      }
    }
    return StateJson.build(TAG, () -> new HashingTransform(analyzer, buckets, alternateSign, norm, columns));
  }
}
