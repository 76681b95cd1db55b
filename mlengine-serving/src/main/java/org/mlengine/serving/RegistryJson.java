package org.mlengine.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.mlengine.runtime.internal.Json;

/**
 * The JSON of a {@link DirectoryRegistryStore}'s files: {@code version.json} (one {@link
 * ModelVersion}) and {@code aliases.json} (the aliases, their history and the last number given),
 * each with {@code "format": 1}. A metric that is NaN is written as null (JSON has no NaN).
 */
final class RegistryJson {
  private RegistryJson() {}

  static byte[] version(ModelVersion v) {
    ObjectNode o = Json.object();
    o.put("format", DirectoryRegistryStore.FORMAT);
    o.put("model", v.model());
    o.put("number", v.number());
    o.put("bundleId", v.bundleId());
    if (v.parentBundleId().isPresent()) {
      o.put("parentBundleId", v.parentBundleId().get());
    } else {
      o.putNull("parentBundleId");
    }
    ObjectNode metrics = o.putObject("metrics");
    v.metrics().forEach((k, x) -> {
      if (Double.isNaN(x)) {
        metrics.putNull(k);
      } else {
        metrics.put(k, x);
      }
    });
    ObjectNode tags = o.putObject("tags");
    v.tags().forEach(tags::put);
    o.put("registeredBy", v.registeredBy());
    o.put("registeredAt", v.registeredAt().toString());
    o.put("reason", v.reason());
    o.put("bytes", v.bytes());
    return Json.bytes(o);
  }

  static ModelVersion version(byte[] bytes, Path file) throws IOException {
    JsonNode o = parse(bytes, file);
    try {
      Map<String, Double> metrics = new TreeMap<>();
      fields(o, "metrics", file).forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().isNull() ? Double.NaN : e.getValue().asDouble()));
      Map<String, String> tags = new TreeMap<>();
      fields(o, "tags", file).forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
      JsonNode parent = o.path("parentBundleId");
      return new ModelVersion(text(o, "model", file), number(o, "number", file), text(o, "bundleId", file),
          parent.isTextual() ? Optional.of(parent.asText()) : Optional.empty(), metrics, tags,
          text(o, "registeredBy", file), Instant.parse(text(o, "registeredAt", file)), text(o, "reason", file),
          o.path("bytes").asLong());
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw broken(file, e.getMessage());
    }
  }

  static byte[] state(DirectoryRegistryStore.RegistryState state) {
    ObjectNode o = Json.object();
    o.put("format", DirectoryRegistryStore.FORMAT);
    o.put("lastNumber", state.lastNumber());
    ObjectNode aliases = o.putObject("aliases");
    state.aliases().forEach(aliases::put);
    ArrayNode history = o.putArray("history");
    for (AliasMove m : state.history()) {
      ObjectNode h = history.addObject();
      h.put("sequence", m.sequence());
      h.put("alias", m.alias());
      h.put("kind", m.kind().name());
      putVersion(h, "from", m.from());
      putVersion(h, "to", m.to());
      h.put("by", m.by());
      h.put("at", m.at().toString());
      h.put("reason", m.reason());
    }
    return Json.bytes(o);
  }

  static DirectoryRegistryStore.RegistryState state(byte[] bytes, Path file) throws IOException {
    JsonNode o = parse(bytes, file);
    String model = file.getParent().getFileName().toString();
    try {
      Map<String, Integer> aliases = new TreeMap<>();
      fields(o, "aliases", file).forEachRemaining(e -> aliases.put(e.getKey(), e.getValue().asInt()));
      List<AliasMove> history = new ArrayList<>();
      for (JsonNode h : o.path("history")) {
        history.add(new AliasMove(h.path("sequence").asLong(), model, text(h, "alias", file),
            AliasMove.Kind.valueOf(text(h, "kind", file)), version(h, "from"), version(h, "to"), text(h, "by", file),
            Instant.parse(text(h, "at", file)), text(h, "reason", file)));
      }
      return new DirectoryRegistryStore.RegistryState(number(o, "lastNumber", file), aliases, history);
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw broken(file, e.getMessage());
    }
  }

  /** "version 3", or "no version" for empty. */
  static String describe(OptionalInt version) {
    return version.isPresent() ? "version " + version.getAsInt() : "no version";
  }

  private static void putVersion(ObjectNode o, String field, OptionalInt v) {
    if (v.isPresent()) {
      o.put(field, v.getAsInt());
    } else {
      o.putNull(field);
    }
  }

  private static OptionalInt version(JsonNode o, String field) {
    JsonNode v = o.path(field);
    return v.isInt() ? OptionalInt.of(v.asInt()) : OptionalInt.empty();
  }

  private static JsonNode parse(byte[] bytes, Path file) throws IOException {
    JsonNode o;
    try {
      o = Json.MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw broken(file, "it is not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (o == null || !o.isObject()) {
      throw broken(file, "it does not hold a JSON object");
    }
    int format = o.path("format").asInt(-1);
    if (format != DirectoryRegistryStore.FORMAT) {
      throw broken(file, "its format is " + o.path("format") + ", this library reads format " + DirectoryRegistryStore.FORMAT);
    }
    return o;
  }

  private static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode o, String field, Path file) throws IOException {
    JsonNode v = o.path(field);
    if (!v.isObject()) {
      throw broken(file, "field '" + field + "' is missing or not an object");
    }
    return v.properties().iterator();
  }

  private static String text(JsonNode o, String field, Path file) throws IOException {
    JsonNode v = o.path(field);
    if (!v.isTextual()) {
      throw broken(file, "field '" + field + "' is missing or not text");
    }
    return v.asText();
  }

  private static int number(JsonNode o, String field, Path file) throws IOException {
    JsonNode v = o.path(field);
    if (!v.isInt()) {
      throw broken(file, "field '" + field + "' is missing or not a whole number");
    }
    return v.asInt();
  }

  private static IOException broken(Path file, String problem) {
    return new IOException("registry file " + file + " cannot be read: " + problem + "; expected a file written by "
        + "ModelRegistry. Restore the registry directory from a backup, or remove this model's folder and register it again.");
  }
}
