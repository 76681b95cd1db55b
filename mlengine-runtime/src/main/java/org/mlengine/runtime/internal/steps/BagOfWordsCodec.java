package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;
import java.util.ArrayList;
import org.mlengine.runtime.DoubleArray;

/**
 * Writes and reads fitted {@code bag_of_words} transforms; found by
 * {@link java.util.ServiceLoader}, not called directly. Public only because the service loader
 * needs it.
 *
 * <pre>{@code
 * {"version": 1,
 *  "analyzer": {"kind": "word", "ngramMin": 1, "ngramMax": 2, "lowercase": true,
 *               "tokenPattern": "(?<![\\p{L}\\p{N}_])[\\p{L}\\p{N}_]{2,}(?![\\p{L}\\p{N}_])",
 *               "minLength": 1, "stopWords": []},
 *  "weighting": "tfidf", "sublinearTf": false, "norm": "l2",
 *  "columns": [{"name": "review", "terms": ["cat", "the", "the cat"],
 *               "idf": [1.2876820724517808, 1.0, 1.2876820724517808]}]}
 * }</pre>
 *
 * <p>{@code idf} is present for {@code "weighting": "tfidf"} only.
 */
public final class BagOfWordsCodec implements TransformCodec {
  private static final String TAG = BagOfWordsTransform.TAG;

  /** Creates the codec (for the service loader). */
  public BagOfWordsCodec() {}

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    BagOfWordsTransform t = StateJson.cast(BagOfWordsTransform.class, transform, TAG);
    ObjectNode state = StateJson.start();
    state.set("analyzer", t.analyzer().write());
    state.put("weighting", t.weighting().label);
    state.put("sublinearTf", t.sublinearTf());
    state.put("norm", TextStates.norm(t.norm()));
    ArrayNode columns = state.putArray("columns");
    for (BagOfWordsTransform.Vocabulary v : t.vocabularies()) {
      ObjectNode c = columns.addObject();
      c.put("name", v.column());
      c.set("terms", StateJson.texts(v.terms()));
      if (t.weighting() == BagOfWordsTransform.Weighting.TFIDF) {
        ArrayNode idf = c.putArray("idf");
        v.idf().forEach(x -> StateJson.add(idf, x, TAG, v.column() + ".idf"));
      }
    }
    return state;
  }

  @Override
  public FittedTransform read(JsonNode state) {
    StateJson.checkVersion(state, TAG);
    TextAnalyzer analyzer = TextAnalyzer.read(state, TAG);
    String weightingLabel = StateJson.text(state, "weighting", "", TAG);
    BagOfWordsTransform.Weighting weighting = null;
    for (BagOfWordsTransform.Weighting w : BagOfWordsTransform.Weighting.values()) {
      if (w.label.equals(weightingLabel)) {
        weighting = w;
      }
    }
    if (weighting == null) {
      throw new IllegalArgumentException(
          TAG + " state field 'weighting' is '" + weightingLabel + "'; expected 'counts', 'binary' or 'tfidf'");
    }
    boolean sublinearTf = StateJson.bool(state, "sublinearTf", "", TAG);
    VectorNorm norm = TextStates.norm(StateJson.text(state, "norm", "", TAG), TAG);
    ArrayNode columns = StateJson.arrayField(state, "columns", "", TAG);
    List<BagOfWordsTransform.Vocabulary> vocabularies = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < columns.size(); i++) {
      String path = "columns[" + i + "]";
      JsonNode c = StateJson.objectAt(columns, i, "columns", TAG);
      String name = StateJson.text(c, "name", path, TAG);
      if (!names.add(name)) {
        throw new IllegalArgumentException(TAG + " state names column '" + name + "' twice in field 'columns'");
      }
      List<String> terms = StateJson.texts(c, "terms", path, TAG);
      DoubleArray idf = DoubleArray.of();
      if (weighting == BagOfWordsTransform.Weighting.TFIDF) {
        idf = DoubleArray.copyOf(StateJson.numbers(StateJson.field(c, "idf", path, TAG), path + ".idf", TAG));
      }
      DoubleArray idfValues = idf;
      vocabularies.add(StateJson.build(TAG, () -> new BagOfWordsTransform.Vocabulary(name, terms, idfValues)));
    }
    BagOfWordsTransform.Weighting w = weighting;
    return StateJson.build(TAG, () -> new BagOfWordsTransform(analyzer, w, sublinearTf, norm, List.copyOf(vocabularies)));
  }
}
