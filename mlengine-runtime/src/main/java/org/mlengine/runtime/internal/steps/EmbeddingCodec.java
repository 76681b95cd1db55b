package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;

/**
 * Writes and reads fitted {@code embeddings} transforms; found by {@link
 * java.util.ServiceLoader}, not called directly. Public only because the service loader needs it.
 *
 * <pre>{@code
 * {"version": 1, "column": "review",
 *  "analyzer": {"kind": "word", "ngramMin": 1, "ngramMax": 1, "lowercase": true,
 *               "tokenPattern": "(?<![\\p{L}\\p{N}_])[\\p{L}\\p{N}_]{2,}(?![\\p{L}\\p{N}_])",
 *               "minLength": 1, "stopWords": []},
 *  "source": {"file": "glove.6B.50d.txt", "sha256": "…"},
 *  "dimensions": 3, "words": ["cat", "dog"], "vectors": [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]}
 * }</pre>
 *
 * <p>{@code words} are the tokens of the training rows that the file has a vector for, in
 * code-point order, with one vector each in {@code vectors}; {@code source} records the file they
 * came from.
 */
public final class EmbeddingCodec implements TransformCodec {
  private static final String TAG = EmbeddingTransform.TAG;

  /** Creates the codec (for the service loader). */
  public EmbeddingCodec() {}

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    EmbeddingTransform t = StateJson.cast(EmbeddingTransform.class, transform, TAG);
    ObjectNode state = StateJson.start();
    state.put("column", t.column());
    state.set("analyzer", t.analyzer().write());
    ObjectNode source = state.putObject("source");
    source.put("file", t.sourceFile());
    source.put("sha256", t.sourceSha256());
    state.put("dimensions", t.dimensions());
    state.set("words", StateJson.texts(t.words()));
    double[][] vectors = new double[t.words().size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = t.vector(i);
    }
    state.set("vectors", TopicStates.writeMatrix(vectors, TAG, "vectors"));
    return state;
  }

  @Override
  public FittedTransform read(JsonNode state) {
    StateJson.checkVersion(state, TAG);
    String column = StateJson.text(state, "column", "", TAG);
    TextAnalyzer analyzer = TextAnalyzer.read(state, TAG);
    JsonNode source = StateJson.objectField(state, "source", "", TAG);
    String file = StateJson.text(source, "file", "source", TAG);
    String sha256 = StateJson.text(source, "sha256", "source", TAG);
    JsonNode dimensionsNode = StateJson.field(state, "dimensions", "", TAG);
    if (!dimensionsNode.isIntegralNumber() || !dimensionsNode.canConvertToInt()) {
      throw new IllegalArgumentException(TAG + " state field 'dimensions' must be a whole number, found "
          + dimensionsNode.getNodeType() + " " + dimensionsNode);
    }
    int dimensions = dimensionsNode.intValue();
    List<String> words = StateJson.texts(state, "words", "", TAG);
    double[][] vectors = TopicStates.readMatrix(state, "vectors", TAG);
    return StateJson.build(TAG, () -> new EmbeddingTransform(column, analyzer, dimensions, words, vectors, file, sha256));
  }
}
