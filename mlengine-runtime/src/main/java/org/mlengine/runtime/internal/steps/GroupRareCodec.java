package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;

/**
 * Writes and reads fitted {@code group_rare} transforms; found by {@link java.util.ServiceLoader},
 * not called directly. Public only because the service loader needs it.
 *
 * <pre>{@code
 * {"version": 1, "columns": [{"name": "Job", "kept": ["clerk", "nurse"], "grouped": ["pilot"]}]}
 * }</pre>
 */
public final class GroupRareCodec implements TransformCodec {
  private static final String TAG = GroupRareTransform.TAG;

  /** Creates the codec (for the service loader). */
  public GroupRareCodec() {}

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    GroupRareTransform t = StateJson.cast(GroupRareTransform.class, transform, TAG);
    ObjectNode state = StateJson.start();
    ArrayNode columns = state.putArray("columns");
    t.groups().forEach((column, g) -> {
      ObjectNode c = columns.addObject();
      c.put("name", column);
      c.set("kept", StateJson.texts(g.kept()));
      c.set("grouped", StateJson.texts(g.grouped()));
    });
    return state;
  }

  @Override
  public FittedTransform read(JsonNode state) {
    StateJson.checkVersion(state, TAG);
    ArrayNode columns = StateJson.arrayField(state, "columns", "", TAG);
    Map<String, CategoryGrouping> groups = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      String path = "columns[" + i + "]";
      JsonNode c = StateJson.objectAt(columns, i, "columns", TAG);
      String name = StateJson.text(c, "name", path, TAG);
      var grouping = new CategoryGrouping(
          StateJson.texts(c, "kept", path, TAG), StateJson.texts(c, "grouped", path, TAG));
      if (groups.put(name, grouping) != null) {
        throw new IllegalArgumentException(TAG + " state names column '" + name + "' twice in field 'columns'");
      }
    }
    return StateJson.build(TAG, () -> new GroupRareTransform(groups));
  }
}
