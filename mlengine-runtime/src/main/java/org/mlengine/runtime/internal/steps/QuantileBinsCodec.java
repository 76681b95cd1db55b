package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;
import java.util.List;
import java.util.ArrayList;

/**
 * Writes and reads fitted {@code quantile_bins} transforms; found by
 * {@link java.util.ServiceLoader}, not called directly. Public only because the service loader
 * needs it. {@code edges} are the inner edges (k bins have k - 1 of them).
 *
 * <pre>{@code
 * {"version": 1, "columns": [{"name": "Income", "edges": [1.75, 2.5, 3.25]}]}
 * }</pre>
 */
public final class QuantileBinsCodec implements TransformCodec {
  private static final String TAG = QuantileBinsTransform.TAG;

  /** Creates the codec (for the service loader). */
  public QuantileBinsCodec() {}

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    QuantileBinsTransform t = StateJson.cast(QuantileBinsTransform.class, transform, TAG);
    ObjectNode state = StateJson.start();
    ArrayNode columns = state.putArray("columns");
    for (QuantileBinsTransform.Edges e : t.edges()) {
      ObjectNode c = columns.addObject();
      c.put("name", e.column());
      ArrayNode edges = c.putArray("edges");
      e.inner().forEach(v -> StateJson.add(edges, v, TAG, e.column() + ".edges"));
    }
    return state;
  }

  @Override
  public FittedTransform read(JsonNode state) {
    StateJson.checkVersion(state, TAG);
    ArrayNode columns = StateJson.arrayField(state, "columns", "", TAG);
    List<QuantileBinsTransform.Edges> edges = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      String path = "columns[" + i + "]";
      JsonNode c = StateJson.objectAt(columns, i, "columns", TAG);
      String name = StateJson.text(c, "name", path, TAG);
      var inner = StateJson.numbers(StateJson.field(c, "edges", path, TAG), path + ".edges", TAG);
      edges.add(StateJson.build(TAG, () -> new QuantileBinsTransform.Edges(name, inner)));
    }
    return StateJson.build(TAG, () -> new QuantileBinsTransform(List.copyOf(edges)));
  }
}
