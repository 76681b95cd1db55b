package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.spi.TransformCodec;

/**
 * Writes and reads fitted {@code mean_encoding} transforms; found by
 * {@link java.util.ServiceLoader}, not called directly. Public only because the service loader
 * needs it.
 *
 * <pre>{@code
 * {"version": 1, "task": "CLASSIFICATION", "classes": ["good"], "prior": [0.5],
 *  "columns": [{"name": "Job", "encodings": {"A": [0.625], "B": [0.1666666666666666]}}]}
 * }</pre>
 */
public final class MeanEncodingCodec implements TransformCodec {
  private static final String TAG = MeanEncodingTransform.TAG;

  /** Creates the codec (for the service loader). */
  public MeanEncodingCodec() {}

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    MeanEncodingTransform t = StateJson.cast(MeanEncodingTransform.class, transform, TAG);
    ObjectNode state = StateJson.start();
    state.put("task", t.task().name());
    state.set("classes", StateJson.texts(t.classes()));
    state.set("prior", doubles(t.prior(), "prior"));
    ArrayNode columns = state.putArray("columns");
    t.encodings().forEach((column, byCategory) -> {
      ObjectNode c = columns.addObject();
      c.put("name", column);
      ObjectNode encodings = c.putObject("encodings");
      byCategory.forEach((category, values) -> encodings.set(category, doubles(values, column + "." + category)));
    });
    return state;
  }

  private static ArrayNode doubles(List<Double> values, String field) {
    ArrayNode out = StateJson.array();
    values.forEach(v -> StateJson.add(out, v, TAG, field));
    return out;
  }

  @Override
  public FittedTransform read(JsonNode state) {
    StateJson.checkVersion(state, TAG);
    String taskName = StateJson.text(state, "task", "", TAG);
    Task task;
    try {
      task = Task.valueOf(taskName);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          TAG + " state field 'task' is '" + taskName + "'; expected 'CLASSIFICATION' or 'REGRESSION'", e);
    }
    List<String> classes = StateJson.texts(state, "classes", "", TAG);
    List<Double> prior = StateJson.numbers(StateJson.field(state, "prior", "", TAG), "prior", TAG);
    ArrayNode columns = StateJson.arrayField(state, "columns", "", TAG);
    Map<String, Map<String, List<Double>>> encodings = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      String path = "columns[" + i + "]";
      JsonNode c = StateJson.objectAt(columns, i, "columns", TAG);
      String name = StateJson.text(c, "name", path, TAG);
      ObjectNode byCategory = StateJson.objectField(c, "encodings", path, TAG);
      Map<String, List<Double>> values = new TreeMap<>();
      for (Map.Entry<String, JsonNode> e : byCategory.properties()) {
        values.put(e.getKey(), StateJson.numbers(e.getValue(), path + ".encodings." + e.getKey(), TAG));
      }
      if (encodings.put(name, values) != null) {
        throw new IllegalArgumentException(TAG + " state names column '" + name + "' twice in field 'columns'");
      }
    }
    return StateJson.build(TAG, () -> new MeanEncodingTransform(task, classes, prior, encodings));
  }
}
