package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;

/**
 * Writes and reads {@code sine_cosine} transforms; found by {@link java.util.ServiceLoader}, not
 * called directly. Public only because the service loader needs it.
 *
 * <pre>{@code
 * {"version": 1, "column": "DayOfWeek", "period": 7.0}
 * }</pre>
 */
public final class SineCosineCodec implements TransformCodec {
  private static final String TAG = SineCosineTransform.TAG;

  /** Creates the codec (for the service loader). */
  public SineCosineCodec() {}

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    SineCosineTransform t = StateJson.cast(SineCosineTransform.class, transform, TAG);
    ObjectNode state = StateJson.start();
    state.put("column", t.column());
    StateJson.put(state, "period", t.period(), TAG);
    return state;
  }

  @Override
  public FittedTransform read(JsonNode state) {
    StateJson.checkVersion(state, TAG);
    String column = StateJson.text(state, "column", "", TAG);
    double period = StateJson.number(state, "period", "", TAG);
    return StateJson.build(TAG, () -> new SineCosineTransform(column, period));
  }
}
