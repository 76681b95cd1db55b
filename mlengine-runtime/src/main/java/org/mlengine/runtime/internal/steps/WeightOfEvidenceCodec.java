package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;

/**
 * Writes and reads fitted {@code weight_of_evidence} transforms; found by
 * {@link java.util.ServiceLoader}, not called directly. Public only because the service loader
 * needs it.
 *
 * <pre>{@code
 * {"version": 1, "positive": "bad",
 *  "columns": [{"name": "Job", "values": {"A": 0.4054651081081644, "B": -1.0986122886681098}}]}
 * }</pre>
 */
public final class WeightOfEvidenceCodec implements TransformCodec {
  private static final String TAG = WeightOfEvidenceTransform.TAG;

  /** Creates the codec (for the service loader). */
  public WeightOfEvidenceCodec() {}

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    WeightOfEvidenceTransform t = StateJson.cast(WeightOfEvidenceTransform.class, transform, TAG);
    ObjectNode state = StateJson.start();
    state.put("positive", t.positive());
    ArrayNode columns = state.putArray("columns");
    t.encodings().forEach((column, byCategory) -> {
      ObjectNode c = columns.addObject();
      c.put("name", column);
      ObjectNode values = c.putObject("values");
      byCategory.forEach((category, v) -> StateJson.put(values, category, v, TAG));
    });
    return state;
  }

  @Override
  public FittedTransform read(JsonNode state) {
    StateJson.checkVersion(state, TAG);
    String positive = StateJson.text(state, "positive", "", TAG);
    ArrayNode columns = StateJson.arrayField(state, "columns", "", TAG);
    Map<String, Map<String, Double>> encodings = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      String path = "columns[" + i + "]";
      JsonNode c = StateJson.objectAt(columns, i, "columns", TAG);
      String name = StateJson.text(c, "name", path, TAG);
      ObjectNode byCategory = StateJson.objectField(c, "values", path, TAG);
      Map<String, Double> values = new TreeMap<>();
      for (Map.Entry<String, JsonNode> e : byCategory.properties()) {
        values.put(e.getKey(), StateJson.number(e.getValue(), path + ".values." + e.getKey(), TAG));
      }
      if (encodings.put(name, values) != null) {
        throw new IllegalArgumentException(TAG + " state names column '" + name + "' twice in field 'columns'");
      }
    }
    return StateJson.build(TAG, () -> new WeightOfEvidenceTransform(positive, encodings));
  }
}
