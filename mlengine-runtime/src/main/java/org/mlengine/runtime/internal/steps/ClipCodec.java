package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;
import java.util.List;
import java.util.ArrayList;

/**
 * Writes and reads fitted {@code clip} transforms; found by {@link java.util.ServiceLoader}, not
 * called directly. Public only because the service loader needs it. An open side (an infinite
 * bound) is written as {@code null}.
 *
 * <pre>{@code
 * {"version": 1, "columns": [{"name": "Income", "lower": 0.0, "upper": null}]}
 * }</pre>
 */
public final class ClipCodec implements TransformCodec {
  private static final String TAG = ClipTransform.TAG;

  /** Creates the codec (for the service loader). */
  public ClipCodec() {}

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    ClipTransform t = StateJson.cast(ClipTransform.class, transform, TAG);
    ObjectNode state = StateJson.start();
    ArrayNode columns = state.putArray("columns");
    for (ClipTransform.Bounds b : t.bounds()) {
      ObjectNode c = columns.addObject();
      c.put("name", b.column());
      bound(c, "lower", b.lower());
      bound(c, "upper", b.upper());
    }
    return state;
  }

  private static void bound(ObjectNode c, String field, double value) {
    if (Double.isInfinite(value)) {
      c.putNull(field);
    } else {
      StateJson.put(c, field, value, TAG);
    }
  }

  @Override
  public FittedTransform read(JsonNode state) {
    StateJson.checkVersion(state, TAG);
    ArrayNode columns = StateJson.arrayField(state, "columns", "", TAG);
    List<ClipTransform.Bounds> bounds = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      String path = "columns[" + i + "]";
      JsonNode c = StateJson.objectAt(columns, i, "columns", TAG);
      String name = StateJson.text(c, "name", path, TAG);
      double lower = bound(c, "lower", path, Double.NEGATIVE_INFINITY);
      double upper = bound(c, "upper", path, Double.POSITIVE_INFINITY);
      bounds.add(StateJson.build(TAG, () -> new ClipTransform.Bounds(name, lower, upper)));
    }
    return StateJson.build(TAG, () -> new ClipTransform(List.copyOf(bounds)));
  }

  private static double bound(JsonNode c, String field, String path, double open) {
    JsonNode value = c.get(field);
    if (value == null) {
      throw new IllegalArgumentException(
          TAG + " state has no field '" + path + "." + field + "'; the state is damaged or was not written by mlengine");
    }
    return value.isNull() ? open : StateJson.number(value, path + "." + field, TAG);
  }
}
