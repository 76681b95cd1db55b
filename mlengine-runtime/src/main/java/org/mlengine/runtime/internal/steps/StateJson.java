package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Supplier;
import org.mlengine.runtime.spi.FittedTransform;
import java.util.ArrayList;

/**
 * Reading and writing the JSON state of the feature transforms. Every state carries
 * {@code "version": 1}; malformed state fails with a message that names the field.
 */
final class StateJson {
  /** The version of the state format this library writes and reads. */
  static final int VERSION = 1;

  private StateJson() {}

  /** A new state object holding the format version. */
  static ObjectNode start() {
    ObjectNode state = JsonNodeFactory.instance.objectNode();
    state.put("version", VERSION);
    return state;
  }

  /** A new JSON array. */
  static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /** Adds a finite double to an array. */
  static ArrayNode add(ArrayNode array, double value, String tag, String field) {
    array.add(finite(value, tag, field));
    return array;
  }

  /** Puts a finite double in an object. */
  static ObjectNode put(ObjectNode node, String field, double value, String tag) {
    node.put(field, finite(value, tag, field));
    return node;
  }

  private static double finite(double value, String tag, String field) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          tag + " state field '" + field + "' is " + value + "; only finite numbers can be written");
    }
    return value;
  }

  /** Casts a transform to the type a codec handles, or says which tag it has. */
  static <T extends FittedTransform> T cast(Class<T> type, FittedTransform transform, String tag) {
    if (!type.isInstance(transform)) {
      throw new IllegalArgumentException(
          "the " + tag + " codec writes " + tag + " transforms, but got "
              + (transform == null ? "null" : "a '" + transform.tag() + "' transform")
              + "; choose the codec by the transform's tag()");
    }
    return type.cast(transform);
  }

  /** Checks that the state is an object of a version this library reads. */
  static void checkVersion(JsonNode state, String tag) {
    checkVersion(state, tag, VERSION);
  }

  /**
   * Checks the state is an object whose version is one this mlengine reads, from 1 to {@code
   * latest}, for a codec whose format has grown; returns the version.
   */
  static int checkVersion(JsonNode state, String tag, int latest) {
    if (state == null || !state.isObject()) {
      throw new IllegalArgumentException(
          tag + " state must be a JSON object, found " + (state == null ? "nothing" : state.getNodeType()));
    }
    JsonNode version = state.get("version");
    if (version == null || !version.isIntegralNumber()) {
      throw new IllegalArgumentException(
          tag + " state field 'version' is missing or not a whole number; the state is damaged or was not"
              + " written by mlengine");
    }
    if (version.intValue() < VERSION || version.intValue() > latest) {
      throw new IllegalArgumentException(
          tag + " state has version " + version + ", but this mlengine reads version "
              + (latest == VERSION ? Integer.toString(VERSION) : VERSION + " to " + latest)
              + (version.intValue() > latest ? "; load it with the newer mlengine that wrote it" : ""));
    }
    return version.intValue();
  }

  /** A required field of any kind. */
  static JsonNode field(JsonNode node, String field, String path, String tag) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(
          tag + " state has no field '" + path(path, field) + "'; the state is damaged or was not written by mlengine");
    }
    return value;
  }

  static String text(JsonNode node, String field, String path, String tag) {
    JsonNode value = field(node, field, path, tag);
    if (!value.isTextual()) {
      throw wrong(tag, path(path, field), "a string", value);
    }
    return value.textValue();
  }

  static boolean bool(JsonNode node, String field, String path, String tag) {
    JsonNode value = field(node, field, path, tag);
    if (!value.isBoolean()) {
      throw wrong(tag, path(path, field), "true or false", value);
    }
    return value.booleanValue();
  }

  static double number(JsonNode node, String field, String path, String tag) {
    return number(field(node, field, path, tag), path(path, field), tag);
  }

  static double number(JsonNode value, String path, String tag) {
    if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
      throw wrong(tag, path, "a finite number", value);
    }
    return value.doubleValue();
  }

  static ArrayNode arrayField(JsonNode node, String field, String path, String tag) {
    JsonNode value = field(node, field, path, tag);
    if (!value.isArray()) {
      throw wrong(tag, path(path, field), "an array", value);
    }
    return (ArrayNode) value;
  }

  static ObjectNode objectField(JsonNode node, String field, String path, String tag) {
    JsonNode value = field(node, field, path, tag);
    if (!value.isObject()) {
      throw wrong(tag, path(path, field), "an object", value);
    }
    return (ObjectNode) value;
  }

  /** An object element of an array. */
  static JsonNode objectAt(ArrayNode array, int i, String path, String tag) {
    JsonNode value = array.get(i);
    if (!value.isObject()) {
      throw wrong(tag, path + "[" + i + "]", "an object", value);
    }
    return value;
  }

  static List<String> texts(JsonNode node, String field, String path, String tag) {
    ArrayNode array = arrayField(node, field, path, tag);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode v = array.get(i);
      if (!v.isTextual()) {
        throw wrong(tag, path(path, field) + "[" + i + "]", "a string", v);
      }
      out.add(v.textValue());
    }
    return List.copyOf(out);
  }

  static List<Double> numbers(JsonNode array, String path, String tag) {
    if (!array.isArray()) {
      throw wrong(tag, path, "an array", array);
    }
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      out.add(number(array.get(i), path + "[" + i + "]", tag));
    }
    return List.copyOf(out);
  }

  static ArrayNode texts(List<String> values) {
    ArrayNode out = array();
    values.forEach(out::add);
    return out;
  }

  /** Builds a value from well-formed state, reporting what its own checks refuse as bad state. */
  static <T> T build(String tag, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(tag + " state is inconsistent: " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException wrong(String tag, String path, String expected, JsonNode found) {
    return new IllegalArgumentException(
        tag + " state field '" + path + "' must be " + expected + ", found " + found.getNodeType() + " " + found);
  }

  private static String path(String parent, String field) {
    return parent.isEmpty() ? field : parent + "." + field;
  }
}
