package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;

/**
 * Writes and reads {@code log1p} transforms; found by {@link java.util.ServiceLoader}, not called
 * directly. Public only because the service loader needs it.
 *
 * <pre>{@code
 * {"version": 1, "columns": ["Income", "Amount"]}
 * }</pre>
 */
public final class Log1pCodec implements TransformCodec {
  private static final String TAG = Log1pTransform.TAG;

  /** Creates the codec (for the service loader). */
  public Log1pCodec() {}

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    Log1pTransform t = StateJson.cast(Log1pTransform.class, transform, TAG);
    ObjectNode state = StateJson.start();
    state.set("columns", StateJson.texts(t.columns()));
    return state;
  }

  @Override
  public FittedTransform read(JsonNode state) {
    StateJson.checkVersion(state, TAG);
    var columns = StateJson.texts(state, "columns", "", TAG);
    return StateJson.build(TAG, () -> new Log1pTransform(columns));
  }
}
