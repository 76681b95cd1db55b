package org.mlengine.runtime.spi;

import org.apiguardian.api.API;
import org.mlengine.runtime.BundleFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes and reads the state of one kind of {@link FittedTransform} as JSON. Codecs are found
 * with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/org.mlengine.runtime.spi.TransformCodec}) and chosen by {@link #tag()}; a
 * bundle names the tag, never a class, so loading a bundle cannot load a class it names.
 *
 * <pre>{@code
 * public final class ClampCodec implements TransformCodec {
 *   public String tag() { return "clamp"; }   // built-in tags (standardize, one_hot, ...) are reserved
 *   public ObjectNode write(FittedTransform t) { ... }
 *   public FittedTransform read(JsonNode state) { ... }
 * }
 * }</pre>
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface TransformCodec {

  /** The tag this codec handles; unique across the class path. */
  String tag();

  /** The transform's state as a JSON object. */
  ObjectNode write(FittedTransform transform);

  /**
   * Rebuilds the transform from its state.
   *
   * @throws IllegalArgumentException when the state is malformed; say which field and why (the
   *     bundle reader reports it as a {@link BundleFormatException})
   */
  FittedTransform read(JsonNode state);
}
