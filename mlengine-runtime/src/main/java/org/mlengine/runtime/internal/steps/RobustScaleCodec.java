package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;

/**
 * Writes and reads fitted {@code robust_scale} transforms, with the training median and interquartile range as
 * {@code center} and {@code scale}; found by {@link java.util.ServiceLoader}, not called
 * directly. Public only because the service loader needs it.
 *
 * <pre>{@code
 * {"version": 1, "columns": [{"name": "Income", "center": 2.5, "scale": 1.5}]}
 * }</pre>
 */
public final class RobustScaleCodec implements TransformCodec {
  /** Creates the codec (for the service loader). */
  public RobustScaleCodec() {}

  @Override
  public String tag() {
    return ScaleTransform.ROBUST;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    return ScaleCodecs.write(ScaleTransform.ROBUST, transform);
  }

  @Override
  public FittedTransform read(JsonNode state) {
    return ScaleCodecs.read(ScaleTransform.ROBUST, state);
  }
}
