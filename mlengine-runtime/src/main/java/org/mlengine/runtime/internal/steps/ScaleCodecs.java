package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mlengine.runtime.spi.FittedTransform;
import java.util.List;
import java.util.ArrayList;

/**
 * The state of {@link ScaleTransform}, shared by {@link MinMaxCodec} and {@link RobustScaleCodec}:
 * {@code {"version": 1, "columns": [{"name": "x", "center": 1.0, "scale": 3.0}]}}.
 */
final class ScaleCodecs {
  private ScaleCodecs() {}

  static ObjectNode write(String tag, FittedTransform transform) {
    ScaleTransform t = StateJson.cast(ScaleTransform.class, transform, tag);
    if (!t.tag().equals(tag)) {
      throw new IllegalArgumentException(
          "the " + tag + " codec writes " + tag + " transforms, but got a '" + t.tag()
              + "' transform; choose the codec by the transform's tag()");
    }
    ObjectNode state = StateJson.start();
    ArrayNode columns = state.putArray("columns");
    for (ScaleTransform.Scale s : t.scales()) {
      ObjectNode c = columns.addObject();
      c.put("name", s.column());
      StateJson.put(c, "center", s.center(), tag);
      StateJson.put(c, "scale", s.scale(), tag);
    }
    return state;
  }

  static FittedTransform read(String tag, JsonNode state) {
    StateJson.checkVersion(state, tag);
    ArrayNode columns = StateJson.arrayField(state, "columns", "", tag);
    List<ScaleTransform.Scale> scales = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      String path = "columns[" + i + "]";
      JsonNode c = StateJson.objectAt(columns, i, "columns", tag);
      String name = StateJson.text(c, "name", path, tag);
      double center = StateJson.number(c, "center", path, tag);
      double scale = StateJson.number(c, "scale", path, tag);
      scales.add(StateJson.build(tag, () -> new ScaleTransform.Scale(name, center, scale)));
    }
    return StateJson.build(tag, () -> new ScaleTransform(tag, List.copyOf(scales)));
  }
}
