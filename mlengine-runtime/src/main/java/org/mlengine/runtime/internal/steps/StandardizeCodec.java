package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;
import java.util.List;
import java.util.ArrayList;

/**
 * Writes and reads fitted {@code standardize} transforms; found by
 * {@link java.util.ServiceLoader}, not called directly. Public only because the service loader
 * needs it.
 *
 * <pre>{@code
 * {"version": 1, "columns": [{"name": "Income", "mean": 2.5, "scale": 1.118033988749895}]}
 * }</pre>
 */
public final class StandardizeCodec implements TransformCodec {
  private static final String TAG = StandardizeTransform.TAG;

  /** Creates the codec (for the service loader). */
  public StandardizeCodec() {}

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    StandardizeTransform t = StateJson.cast(StandardizeTransform.class, transform, TAG);
    ObjectNode state = StateJson.start();
    ArrayNode columns = state.putArray("columns");
    for (StandardizeTransform.Scale s : t.scales()) {
      ObjectNode c = columns.addObject();
      c.put("name", s.column());
      StateJson.put(c, "mean", s.mean(), TAG);
      StateJson.put(c, "scale", s.scale(), TAG);
    }
    return state;
  }

  @Override
  public FittedTransform read(JsonNode state) {
    StateJson.checkVersion(state, TAG);
    ArrayNode columns = StateJson.arrayField(state, "columns", "", TAG);
    List<StandardizeTransform.Scale> scales = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      String path = "columns[" + i + "]";
      JsonNode c = StateJson.objectAt(columns, i, "columns", TAG);
      String name = StateJson.text(c, "name", path, TAG);
      double mean = StateJson.number(c, "mean", path, TAG);
      double scale = StateJson.number(c, "scale", path, TAG);
      scales.add(StateJson.build(TAG, () -> new StandardizeTransform.Scale(name, mean, scale)));
    }
    return StateJson.build(TAG, () -> new StandardizeTransform(List.copyOf(scales)));
  }
}
