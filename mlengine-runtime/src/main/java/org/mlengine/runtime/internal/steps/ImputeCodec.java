package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;
import java.util.List;
import java.util.ArrayList;

/**
 * Writes and reads fitted {@code impute} transforms; found by {@link java.util.ServiceLoader},
 * not called directly. Public only because the service loader needs it.
 *
 * <pre>{@code
 * {"version": 1, "indicator": true,
 *  "columns": [{"name": "Income", "type": "NUMERIC", "value": 2.0},
 *              {"name": "Home", "type": "CATEGORICAL", "value": "rent"}]}
 * }</pre>
 */
public final class ImputeCodec implements TransformCodec {
  private static final String TAG = ImputeTransform.TAG;

  /** Creates the codec (for the service loader). */
  public ImputeCodec() {}

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    ImputeTransform t = StateJson.cast(ImputeTransform.class, transform, TAG);
    ObjectNode state = StateJson.start();
    state.put("indicator", t.indicator());
    ArrayNode columns = state.putArray("columns");
    for (ImputeTransform.Fill fill : t.fills()) {
      ObjectNode c = columns.addObject();
      c.put("name", fill.column());
      if (fill instanceof ImputeTransform.NumericFill numeric) {
        c.put("type", "NUMERIC");
        StateJson.put(c, "value", numeric.value(), TAG);
      } else {
        c.put("type", "CATEGORICAL");
        c.put("value", ((ImputeTransform.CategoricalFill) fill).value());
      }
    }
    return state;
  }

  @Override
  public FittedTransform read(JsonNode state) {
    StateJson.checkVersion(state, TAG);
    boolean indicator = StateJson.bool(state, "indicator", "", TAG);
    ArrayNode columns = StateJson.arrayField(state, "columns", "", TAG);
    List<ImputeTransform.Fill> fills = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      String path = "columns[" + i + "]";
      JsonNode c = StateJson.objectAt(columns, i, "columns", TAG);
      String name = StateJson.text(c, "name", path, TAG);
      String type = StateJson.text(c, "type", path, TAG);
      switch (type) {
        case "NUMERIC" -> {
          double value = StateJson.number(c, "value", path, TAG);
          fills.add(StateJson.build(TAG, () -> new ImputeTransform.NumericFill(name, value)));
        }
        case "CATEGORICAL" -> {
          String value = StateJson.text(c, "value", path, TAG);
          fills.add(StateJson.build(TAG, () -> new ImputeTransform.CategoricalFill(name, value)));
        }
        default -> throw new IllegalArgumentException(
            TAG + " state field '" + path + ".type' is '" + type + "'; expected 'NUMERIC' or 'CATEGORICAL'");
      }
    }
    return StateJson.build(TAG, () -> new ImputeTransform(List.copyOf(fills), indicator));
  }
}
