package org.mlengine.runtime.internal;

import org.mlengine.runtime.BundleFormatException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;

/**
 * The one JSON mapper of the bundle format: ordered output, capped nesting, no polymorphism.
 *
 * <pre>{@code
 * ObjectNode node = Json.object().put("kind", "linear");
 * JsonNode back = Json.parse(Json.bytes(node), "model.json", 64);
 * String kind = Json.text(back, "kind", "model.json");   // "linear"
 * }</pre>
 */
public final class Json {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private Json() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }

  /** Parses one entry, refusing JSON nested deeper than {@code maxDepth}. */
  public static JsonNode parse(byte[] bytes, String entry, int maxDepth) throws BundleFormatException {
    if (bytes == null) {
      throw new BundleFormatException("the bundle has no entry '" + entry + "'");
    }
    com.fasterxml.jackson.core.JsonFactory factory = com.fasterxml.jackson.core.JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
        .build();
    try (com.fasterxml.jackson.core.JsonParser parser = factory.createParser(bytes)) {
      JsonNode node = MAPPER.readTree(parser);
      if (node == null || parser.nextToken() != null) {
        throw new BundleFormatException("entry '" + entry + "' is not a single JSON value");
      }
      return node;
    } catch (java.io.IOException e) {
      throw new BundleFormatException("entry '" + entry + "' is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** A JSON tree of spec values: strings, numbers, booleans, lists and maps of them. */
  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  public static ArrayNode doubles(double[] values) {
    ArrayNode a = array();
    for (double v : values) {
      a.add(v);
    }
    return a;
  }

  public static ArrayNode strings(List<String> values) {
    ArrayNode a = array();
    values.forEach(a::add);
    return a;
  }

  public static ObjectNode numbers(Map<String, Double> values) {
    ObjectNode o = object();
    values.forEach(o::put);
    return o;
  }

  // --- reading with clear errors ---

  public static JsonNode field(JsonNode node, String name, String entry) throws BundleFormatException {
    JsonNode v = node == null ? null : node.get(name);
    if (v == null || v.isNull()) {
      throw new BundleFormatException("entry '" + entry + "' has no field '" + name + "'; the bundle is incomplete or was not written by mlengine");
    }
    return v;
  }

  public static String text(JsonNode node, String name, String entry) throws BundleFormatException {
    JsonNode v = field(node, name, entry);
    if (!v.isTextual()) {
      throw new BundleFormatException("field '" + name + "' of entry '" + entry + "' is " + v.getNodeType() + "; expected a string");
    }
    return v.asText();
  }

  public static double[] doubleArray(JsonNode node, String what, String entry) throws BundleFormatException {
    if (node == null || !node.isArray()) {
      throw new BundleFormatException(what + " in entry '" + entry + "' is not an array of numbers");
    }
    double[] out = new double[node.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = node.get(i);
      if (!v.isNumber()) {
        throw new BundleFormatException(what + "[" + i + "] in entry '" + entry + "' is " + v + "; expected a number");
      }
      out[i] = v.doubleValue();
    }
    return out;
  }

  public static List<String> stringList(JsonNode node, String what, String entry) throws BundleFormatException {
    if (node == null || !node.isArray()) {
      throw new BundleFormatException(what + " in entry '" + entry + "' is not an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode v : node) {
      if (!v.isTextual()) {
        throw new BundleFormatException(what + " in entry '" + entry + "' holds " + v + "; expected strings");
      }
      out.add(v.asText());
    }
    return List.copyOf(out);
  }
}
