package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.internal.Json;
import org.mlengine.runtime.internal.Sha256;
import org.mlengine.runtime.spi.EventTransform;

/**
 * The JSON form of a {@link FeatureView} (format {@value FeatureView#FORMAT_VERSION}) and its
 * fingerprint: the SHA-256 of the compact JSON without the version and the fingerprint, fields
 * in a fixed order, so the same definition always has the same fingerprint, whatever the order
 * of the fields in the file it was read from.
 *
 * <pre>{@code
 * String json = ViewJson.write(view, true);
 * FeatureView back = ViewJson.read(json);   // equal to view
 * }</pre>
 */
public final class ViewJson {
  private static final WindowCodec WINDOWS = new WindowCodec();
  private static final AggregateCodec AGGREGATES = new AggregateCodec();
  /** Deeper nesting than a view's JSON ever has is refused before it is read. */
  private static final int MAX_DEPTH = 16;

  private ViewJson() {}

  /** The JSON text (indented), with the version and, when asked, the fingerprint. */
  public static String write(FeatureView view, boolean withFingerprint) {
    ObjectNode node = tree(view, true);
    if (withFingerprint) {
      node.put("fingerprint", view.fingerprint());
    }
    return new String(Json.bytes(node), StandardCharsets.UTF_8);
  }

  /** The SHA-256 (hex) of the definition without its version. */
  public static String fingerprint(FeatureView view) {
    try {
      byte[] compact = compact(tree(view, false)).getBytes(StandardCharsets.UTF_8);
      return Sha256.hasher().putBytes(compact).hex();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot fingerprint feature view '" + view.name() + "': " + e.getMessage(), e);
    }
  }

  private static ObjectNode tree(FeatureView view, boolean withVersion) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("format", FeatureView.FORMAT_VERSION);
    node.put("name", view.name());
    if (withVersion) {
      node.put("version", view.version());
    }
    node.put("source", view.source());
    view.entity().ifPresent(e -> node.put("entity", e));
    node.put("time", view.time());
    node.put("gapMillis", view.gap().toMillis());
    view.ttl().ifPresent(t -> node.put("ttlMillis", t.toMillis()));
    ArrayNode features = node.putArray("features");
    for (EventTransform f : view.features()) {
      ObjectNode feature = features.addObject();
      feature.put("tag", f.tag());
      feature.set("state", f instanceof WindowTransform ? WINDOWS.write(f) : AGGREGATES.write(f));
    }
    return node;
  }

  /** Reads a view, refusing a newer format, a missing field and a fingerprint that does not match the definition. */
  public static FeatureView read(String json) {
    if (json == null) {
      throw new IllegalArgumentException("feature view JSON is null; give the text of a .json file written by FeatureView.toJson()");
    }
    JsonNode node;
    try {
      node = Json.parse(json.getBytes(StandardCharsets.UTF_8), "feature view", MAX_DEPTH);
    } catch (org.mlengine.runtime.BundleFormatException e) {
      throw new IllegalArgumentException("feature view JSON cannot be read: " + e.getMessage(), e);
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("feature view JSON is " + node.getNodeType() + "; expected an object with \"format\","
          + " \"name\", \"version\", \"time\" and \"features\"");
    }
    long format = whole(node, "format");
    if (format > FeatureView.FORMAT_VERSION || format < 1) {
      throw new IllegalArgumentException("feature view JSON has format " + format + "; this library reads formats 1 to "
          + FeatureView.FORMAT_VERSION + (format > FeatureView.FORMAT_VERSION ? ". Read it with a newer mlengine" : ""));
    }
    String name = text(node, "name");
    long version = whole(node, "version");
    if (version > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("feature view '" + name + "' has version " + version + "; it must fit an int");
    }
    String source = text(node, "source");
    Optional<String> entity = node.hasNonNull("entity") ? Optional.of(text(node, "entity")) : Optional.empty();
    String time = text(node, "time");
    long gap = whole(node, "gapMillis");
    Optional<Duration> ttl = node.hasNonNull("ttlMillis") ? Optional.of(Duration.ofMillis(whole(node, "ttlMillis")))
        : Optional.empty();
    JsonNode array = node.get("features");
    if (array == null || !array.isArray()) {
      throw new IllegalArgumentException("feature view '" + name + "' JSON has no \"features\" array; each feature is"
          + " {\"tag\": \"window\" or \"aggregate\", \"state\": {...}}");
    }
    List<EventTransform> features = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode f = array.get(i);
      String tag = f.path("tag").asText("");
      JsonNode state = f.get("state");
      if (state == null || !state.isObject()) {
        throw new IllegalArgumentException("feature view '" + name + "' feature " + i + " has no \"state\" object");
      }
      features.add(switch (tag) {
        case WindowTransform.TAG -> (EventTransform) WINDOWS.read(state);
        case AggregateTransform.TAG -> (EventTransform) AGGREGATES.read(state);
        default -> throw new IllegalArgumentException("feature view '" + name + "' feature " + i + " has tag '" + tag
            + "'; expected \"window\" or \"aggregate\"");
      });
    }
    FeatureView view = FeatureView.of(name, (int) version, source, entity, time, Duration.ofMillis(gap), ttl, features);
    if (node.hasNonNull("fingerprint") && !node.get("fingerprint").asText().equals(view.fingerprint())) {
      throw new IllegalArgumentException("feature view '" + name + "' v" + version + " carries fingerprint "
          + node.get("fingerprint").asText() + " but its definition's is " + view.fingerprint() + "; the file was edited by hand."
          + " Register the changed definition under a new version (or remove the \"fingerprint\" field to accept it)");
    }
    return view;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("feature view JSON field \"" + field + "\" must be a string, found "
          + (v == null ? "nothing" : v.getNodeType() + " " + v));
    }
    return v.asText();
  }

  private static long whole(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("feature view JSON field \"" + field + "\" must be a whole number, found "
          + (v == null ? "nothing" : v.getNodeType() + " " + v));
    }
    return v.longValue();
  }

  private static String compact(JsonNode node) throws JsonProcessingException {
    return Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
  }
}
