package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;

/**
 * Writes and reads fitted {@code one_hot} transforms; found by {@link java.util.ServiceLoader},
 * not called directly. Public only because the service loader needs it.
 *
 * <pre>{@code
 * {"version": 1, "onUnknown": "ignore",
 *  "columns": [{"name": "Home", "categories": ["owner", "rent"]},
 *              {"name": "Purpose", "categories": ["car"], "other": ["boat", "house"]}]}
 * }</pre>
 *
 * <p>{@code other}, present only for a column with rare-category grouping, lists the training
 * categories encoded as {@code Column=other}.
 *
 * <p>Version 2 adds {@code "output": "sparse"} to a column written as one VECTOR column. A
 * transform whose columns are all written as NUMERIC columns is still written as version 1,
 * byte for byte as before, so a bundle of such a transform stays readable by older mlengine
 * versions and a version-1 bundle saved again keeps its manifest and id.
 */
public final class OneHotCodec implements TransformCodec {
  private static final String TAG = OneHotTransform.TAG;
  /** The state version that has sparse columns. */
  static final int SPARSE_VERSION = 2;

  /** Creates the codec (for the service loader). */
  public OneHotCodec() {}

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    OneHotTransform t = StateJson.cast(OneHotTransform.class, transform, TAG);
    ObjectNode state = StateJson.start();
    if (!t.sparse().isEmpty()) {
      state.put("version", SPARSE_VERSION);
    }
    state.put("onUnknown", t.onUnknown().name().toLowerCase(Locale.ROOT));
    ArrayNode columns = state.putArray("columns");
    t.categories().forEach((column, categories) -> {
      ObjectNode c = columns.addObject();
      c.put("name", column);
      c.set("categories", StateJson.texts(categories));
      List<String> grouped = t.other().get(column);
      if (grouped != null) {
        c.set("other", StateJson.texts(grouped));
      }
      if (t.sparse().contains(column)) {
        c.put("output", "sparse");
      }
    });
    return state;
  }

  @Override
  public FittedTransform read(JsonNode state) {
    int version = StateJson.checkVersion(state, TAG, SPARSE_VERSION);
    String policy = StateJson.text(state, "onUnknown", "", TAG);
    UnknownPolicy onUnknown = switch (policy) {
      case "ignore" -> UnknownPolicy.IGNORE;
      case "error" -> UnknownPolicy.ERROR;
      default -> throw new IllegalArgumentException(
          TAG + " state field 'onUnknown' is '" + policy + "'; expected 'ignore' or 'error'");
    };
    ArrayNode columns = StateJson.arrayField(state, "columns", "", TAG);
    Map<String, List<String>> categories = new LinkedHashMap<>();
    Map<String, List<String>> other = new LinkedHashMap<>();
    Set<String> sparse = new LinkedHashSet<>();
    for (int i = 0; i < columns.size(); i++) {
      String path = "columns[" + i + "]";
      JsonNode c = StateJson.objectAt(columns, i, "columns", TAG);
      String name = StateJson.text(c, "name", path, TAG);
      if (categories.put(name, StateJson.texts(c, "categories", path, TAG)) != null) {
        throw new IllegalArgumentException(TAG + " state names column '" + name + "' twice in field 'columns'");
      }
      if (c.has("other")) {
        other.put(name, StateJson.texts(c, "other", path, TAG));
      }
      if (version >= SPARSE_VERSION && sparse(c, path)) {
        sparse.add(name);
      }
    }
    return StateJson.build(TAG, () -> new OneHotTransform(categories, other, onUnknown, sparse));
  }

  /** Whether a version-2 column is written sparse: its {@code output} is "sparse", or "dense" or absent. */
  private static boolean sparse(JsonNode column, String path) {
    if (!column.has("output")) {
      return false;
    }
    String output = StateJson.text(column, "output", path, TAG);
    return switch (output) {
      case "sparse" -> true;
      case "dense" -> false;
      default -> throw new IllegalArgumentException(
          TAG + " state field '" + path + ".output' is '" + output + "'; expected 'sparse' or 'dense'");
    };
  }
}
