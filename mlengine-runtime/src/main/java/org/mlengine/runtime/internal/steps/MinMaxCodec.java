package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;

/**
 * Writes and reads fitted {@code min_max} transforms, with the training minimum and range as
 * {@code center} and {@code scale}; found by {@link java.util.ServiceLoader}, not called
 * directly. Public only because the service loader needs it.
 *
 * <pre>{@code
 * {"version": 1, "columns": [{"name": "Income", "center": 1.0, "scale": 3.0}]}
 * }</pre>
 */
public final class MinMaxCodec implements TransformCodec {
  /** Creates the codec (for the service loader). */
  public MinMaxCodec() {}

  @Override
  public String tag() {
    return ScaleTransform.MIN_MAX;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    return ScaleCodecs.write(ScaleTransform.MIN_MAX, transform);
  }

  @Override
  public FittedTransform read(JsonNode state) {
    return ScaleCodecs.read(ScaleTransform.MIN_MAX, state);
  }
}
