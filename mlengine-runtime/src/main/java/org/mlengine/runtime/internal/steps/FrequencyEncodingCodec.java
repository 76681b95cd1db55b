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
 * Writes and reads fitted {@code frequency_encoding} transforms; found by
 * {@link java.util.ServiceLoader}, not called directly. Public only because the service loader
 * needs it.
 *
 * <pre>{@code
 * {"version": 1, "output": "share", "rows": 6, "columns": [{"name": "X", "counts": {"A": 3, "B": 2, "C": 1}}]}
 * }</pre>
 */
public final class FrequencyEncodingCodec implements TransformCodec {
  private static final String TAG = FrequencyEncodingTransform.TAG;

  /** Creates the codec (for the service loader). */
  public FrequencyEncodingCodec() {}

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    FrequencyEncodingTransform t = StateJson.cast(FrequencyEncodingTransform.class, transform, TAG);
    ObjectNode state = StateJson.start();
    state.put("output", t.shares() ? "share" : "count");
    state.put("rows", t.rows());
    ArrayNode columns = state.putArray("columns");
    t.counts().forEach((column, byCategory) -> {
      ObjectNode c = columns.addObject();
      c.put("name", column);
      ObjectNode counts = c.putObject("counts");
      byCategory.forEach(counts::put);
    });
    return state;
  }

  @Override
  public FittedTransform read(JsonNode state) {
    StateJson.checkVersion(state, TAG);
    String output = StateJson.text(state, "output", "", TAG);
    boolean shares = switch (output) {
      case "share" -> true;
      case "count" -> false;
      default -> throw new IllegalArgumentException(
          TAG + " state field 'output' is '" + output + "'; expected 'share' or 'count'");
    };
    int rows = count(StateJson.field(state, "rows", "", TAG), "rows");
    ArrayNode columns = StateJson.arrayField(state, "columns", "", TAG);
    Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      String path = "columns[" + i + "]";
      JsonNode c = StateJson.objectAt(columns, i, "columns", TAG);
      String name = StateJson.text(c, "name", path, TAG);
      ObjectNode byCategory = StateJson.objectField(c, "counts", path, TAG);
      Map<String, Integer> values = new TreeMap<>();
      for (Map.Entry<String, JsonNode> e : byCategory.properties()) {
        values.put(e.getKey(), count(e.getValue(), path + ".counts." + e.getKey()));
      }
      if (counts.put(name, values) != null) {
        throw new IllegalArgumentException(TAG + " state names column '" + name + "' twice in field 'columns'");
      }
    }
    return StateJson.build(TAG, () -> new FrequencyEncodingTransform(shares, rows, counts));
  }

  private static int count(JsonNode value, String path) {
    if (!value.isInt()) {
      throw new IllegalArgumentException(
          TAG + " state field '" + path + "' must be a whole number, found " + value.getNodeType() + " " + value);
    }
    return value.intValue();
  }
}
