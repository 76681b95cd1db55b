package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.internal.Json;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;

/**
 * Writes and reads {@code feature_view} steps: the view's definition (its JSON form, fingerprint
 * included) and whether its events are the scored rows themselves; never the events. Found by
 * the built-in registry, not called directly.
 *
 * <pre>{@code
 * {"version": 1, "ownRows": false, "view": {"format": 1, "name": "sales_history", "version": 2, ...}}
 * }</pre>
 */
public final class ViewCodec implements TransformCodec {
  private static final String TAG = ViewTransform.TAG;

  /** Creates the codec. */
  public ViewCodec() {}

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    ViewTransform t = StateJson.cast(ViewTransform.class, transform, TAG);
    ObjectNode state = StateJson.start();
    state.put("ownRows", t.ownRows());
    try {
      state.set("view", Json.MAPPER.readTree(t.view().toJson()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write feature view '" + t.view().name() + "': " + e.getMessage(), e);
    }
    return state;
  }

  @Override
  public FittedTransform read(JsonNode state) {
    StateJson.checkVersion(state, TAG);
    boolean ownRows = StateJson.bool(state, "ownRows", "", TAG);
    JsonNode view = StateJson.objectField(state, "view", "", TAG);
    return StateJson.build(TAG, () -> new ViewTransform(FeatureView.fromJson(view.toString()), Optional.empty(), ownRows));
  }
}
