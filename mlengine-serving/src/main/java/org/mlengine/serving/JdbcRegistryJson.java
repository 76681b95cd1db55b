package org.mlengine.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON text that {@link JdbcRegistryStore} keeps for a version's metadata (everything of a
 * {@link ModelVersion} but its model and number, which are the row's key): a format number, then
 * the fields by name, in ASCII (any other character escaped, so that the text survives any
 * database encoding). Exact both ways: {@code registeredAt} as ISO-8601 to the nanosecond, metrics
 * as the shortest decimal that reads back to the same double, and a metric that is not finite as
 * the text {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"}.
 *
 * <pre>{@code
 * String json = JdbcRegistryJson.write(version);
 * ModelVersion back = JdbcRegistryJson.read("credit", 3, json, "the registry database");   // equals version
 * }</pre>
 */
final class JdbcRegistryJson {
  /** The metadata's format; a reader refuses a newer one. */
  static final int FORMAT = 1;

  /** Non-ASCII characters as {@code \}{@code uXXXX} escapes: text in any database encoding, lone surrogates too. */
  private static final ObjectMapper MAPPER = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private JdbcRegistryJson() {}

  /** The metadata of {@code v} as compact JSON text. */
  static String write(ModelVersion v) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("format", FORMAT);
    node.put("bundleId", v.bundleId());
    v.parentBundleId().ifPresent(p -> node.put("parentBundleId", p));
    ObjectNode metrics = node.putObject("metrics");
    v.metrics().forEach((name, value) -> {
      if (Double.isFinite(value)) {
        metrics.put(name, value);
      } else {
        metrics.put(name, value.toString());
      }
    });
    ObjectNode tags = node.putObject("tags");
    v.tags().forEach(tags::put);
    node.put("registeredBy", v.registeredBy());
    node.put("registeredAt", v.registeredAt().toString());
    node.put("reason", v.reason());
    node.put("bytes", v.bytes());
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the metadata of version " + v.number() + " of model '" + v.model() + "' as JSON: "
          + e.getMessage(), e);
    }
  }

  /**
   * The version {@code number} of {@code model} from its metadata; {@code where} names the
   * database in messages.
   *
   * @throws IOException when the text is not metadata this library wrote, or a newer format
   */
  static ModelVersion read(String model, int number, String json, String where) throws IOException {
    String what = "the metadata of version " + number + " of model '" + model + "' in " + where;
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IOException(what + " is not valid JSON (" + e.getOriginalMessage() + "); it was not written by mlengine's"
          + " JdbcRegistryStore, or was changed by hand: restore the row from a backup or delete the version", e);
    }
    int format = node.path("format").asInt(-1);
    if (format != FORMAT) {
      throw new IOException(what + " has format " + node.path("format") + "; this mlengine reads format " + FORMAT
          + ": read it with the mlengine version that wrote it, or a newer one");
    }
    try {
      return new ModelVersion(model, number, text(node, "bundleId", what),
          node.has("parentBundleId") ? Optional.of(text(node, "parentBundleId", what)) : Optional.empty(),
          metrics(node.path("metrics"), what), tags(node.path("tags"), what), text(node, "registeredBy", what),
          Instant.parse(text(node, "registeredAt", what)), text(node, "reason", what), size(node, what));
    } catch (DateTimeParseException e) {
      throw new IOException(what + " has registeredAt '" + node.path("registeredAt").asText() + "', which is not an ISO-8601"
          + " instant such as 2026-12-07T05:30:00.123456Z: restore the row from a backup or delete the version", e);
    }
  }

  private static String text(JsonNode node, String field, String what) throws IOException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IOException(what + " has no text field '" + field + "' (it has " + fieldNames(node) + "): it was not written"
          + " by mlengine's JdbcRegistryStore, or was changed by hand; restore the row from a backup or delete the version");
    }
    return value.asText();
  }

  private static long size(JsonNode node, String what) throws IOException {
    JsonNode value = node.get("bytes");
    if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong() || value.asLong() < 0) {
      throw new IOException(what + " has bytes = " + value + "; the bundle's size is a whole number of bytes, 0 or more:"
          + " restore the row from a backup or delete the version");
    }
    return value.asLong();
  }

  private static Map<String, Double> metrics(JsonNode node, String what) throws IOException {
    Map<String, Double> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode v = e.getValue();
      if (v.isNumber()) {
        out.put(e.getKey(), v.doubleValue());
      } else if (v.isTextual() && v.asText().matches("NaN|-?Infinity")) {
        out.put(e.getKey(), Double.parseDouble(v.asText()));
      } else {
        throw new IOException(what + " has metric '" + e.getKey() + "' = " + v + "; a metric is a number, or \"NaN\","
            + " \"Infinity\" or \"-Infinity\": restore the row from a backup or delete the version");
      }
    }
    return out;
  }

  private static Map<String, String> tags(JsonNode node, String what) throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw new IOException(what + " has tag '" + e.getKey() + "' = " + e.getValue() + "; a tag's value is text: restore the"
            + " row from a backup or delete the version");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static String fieldNames(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    node.fieldNames().forEachRemaining(n -> sb.append(sb.length() == 0 ? "" : ", ").append(n));
    return sb.length() == 0 ? "no fields" : sb.toString();
  }
}
