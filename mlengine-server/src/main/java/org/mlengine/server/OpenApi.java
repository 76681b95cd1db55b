package org.mlengine.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Task;

/**
 * The server's OpenAPI 3.0 document, generated from the bundle: {@code POST /predict} takes a
 * {@code Row} with a property per input column (its JSON type, a categorical column's known
 * categories as an enum, every column required and nullable), and answers a {@code Prediction};
 * the V2 endpoints, health, metrics and the error body are listed too; for a bundle whose steps
 * read past events, {@code POST /v2/models/<name>/events/<source>} per source, taking one {@code
 * Event_<source>} (its key, time and value columns, all required) or an array of them.
 */
final class OpenApi {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OpenApi() {}

  /** The document for a model served under {@code name}. */
  static byte[] document(String name, ModelBundle bundle) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("openapi", "3.0.3");
    root.putObject("info").put("title", "mlengine model server: " + name)
        .put("version", bundle.id())
        .put("description", "Scores requests with the bundle " + bundle.id() + " (" + bundle.modelKind() + ").");
    ObjectNode paths = root.putObject("paths");
    post(paths, "/predict", "Score one row", "Row", "Prediction");
    post(paths, "/v2/models/" + name + "/infer", "Score a batch of rows (KServe V2, one input per column)",
        "InferenceRequest", "InferenceResponse");
    get(paths, "/v2/models/" + name, "The model's metadata (KServe V2)");
    get(paths, "/v2", "The server's metadata (KServe V2)");
    get(paths, "/v2/health/live", "Liveness");
    get(paths, "/v2/health/ready", "Readiness: 503 until a model is loaded");
    paths.putObject("/metrics").putObject("get").put("summary", "Prometheus metrics").putObject("responses")
        .putObject("200").put("description", "The Prometheus text format").putObject("content")
        .putObject("text/plain").putObject("schema").put("type", "string");
    get(paths, "/openapi.json", "This document");
    ObjectNode schemas = root.putObject("components").putObject("schemas");
    events(name, bundle, paths, schemas);

    schemas.set("Row", row(bundle.inputSchema()));
    schemas.set("Prediction", prediction(bundle));
    ObjectNode error = schemas.putObject("Error").put("type", "object");
    error.putArray("required").add("error");
    error.putObject("properties").putObject("error").put("type", "string")
        .put("description", "What was wrong, what was expected and how to fix it");
    schemas.putObject("InferenceRequest").put("type", "object")
        .put("description", "{\"id\": \"...\", \"inputs\": [{\"name\": column, \"datatype\": \"FP64\" | \"BYTES\" | ...,"
            + " \"shape\": [n], \"data\": [...]}]}, one input per column of Row");
    schemas.putObject("InferenceResponse").put("type", "object")
        .put("description", "{\"model_name\", \"model_version\", \"id\", \"outputs\": [label BYTES [n], probabilities FP64"
            + " [n, classes]] or [value FP64 [n]]}");
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode row(Schema schema) {
    ObjectNode row = MAPPER.createObjectNode().put("type", "object");
    ArrayNode required = row.putArray("required");
    ObjectNode properties = row.putObject("properties");
    for (Schema.Field field : schema.columns()) {
      required.add(field.name());
      ObjectNode p = properties.putObject(field.name());
      switch (field.type()) {
        case NUMERIC -> p.put("type", "number");
        case CATEGORICAL -> {
          p.put("type", "string");
          if (!field.categories().isEmpty()) {
            ArrayNode values = p.putArray("enum");
            field.categories().forEach(values::add);
            values.addNull();   // nullable: null is a missing value, and OpenAPI 3.0 wants it in the enum
          }
        }
        case TEXT -> p.put("type", "string");
        case TIMESTAMP -> p.put("type", "string").put("format", "date-time");
        case VECTOR -> p.put("type", "object").put("description", "a VECTOR input: not accepted over HTTP");
      }
      p.put("nullable", true);
    }
    return row;
  }

  /** The events endpoint of every source the bundle's steps read, with its event's schema. */
  private static void events(String name, ModelBundle bundle, ObjectNode paths, ObjectNode schemas) {
    List<EventSource> sources = bundle.pipeline().eventSources();
    if (sources.isEmpty()) {
      return;
    }
    Set<String> names = new LinkedHashSet<>();
    sources.forEach(s -> names.add(s.name()));
    for (String source : names) {
      String event = "Event_" + source;
      schemas.set(event, row(new Schema(EventCodec.forSource(source, sources).columns())));
      ObjectNode one = MAPPER.createObjectNode().put("$ref", "#/components/schemas/" + event);
      ObjectNode body = schemas.putObject("Events_" + source);
      body.put("description", "One event of source '" + source + "', or an array of them, appended in order");
      body.putArray("oneOf").add(one).addObject().put("type", "array").put("minItems", 1).set("items", one.deepCopy());
      post(paths, "/v2/models/" + name + "/events/" + source, "Append events of source '" + source + "' to the history the"
          + " steps read (answered once they are as durable as its fsync policy makes them)", "Events_" + source, "EventsAppended");
    }
    ObjectNode appended = schemas.putObject("EventsAppended").put("type", "object");
    ObjectNode properties = appended.putObject("properties");
    properties.putObject("model_name").put("type", "string");
    properties.putObject("source").put("type", "string");
    properties.putObject("appended").put("type", "integer").put("description", "how many events were appended");
    properties.putObject("durability").put("type", "string").put("description", "where they are kept and how durable");
  }

  private static ObjectNode prediction(ModelBundle bundle) {
    ObjectNode prediction = MAPPER.createObjectNode().put("type", "object");
    ObjectNode properties = prediction.putObject("properties");
    properties.putObject("request_id").put("type", "string");
    properties.putObject("model_version").put("type", "string").put("description", "the bundle id that answered");
    ObjectNode answer = properties.putObject("answer").put("type", "object");
    ObjectNode answerProperties = answer.putObject("properties");
    ArrayNode kinds = answerProperties.putObject("kind").put("type", "string").putArray("enum");
    kinds.add("MODEL").add("ARM").add("FALLBACK").add("ABSTAINED");
    answerProperties.putObject("name").put("type", "string");
    answerProperties.putObject("reason").put("type", "string");
    if (bundle.pipeline().task() == Task.REGRESSION) {
      properties.putObject("value").put("type", "number");
    } else {
      ArrayNode classes = properties.putObject("label").put("type", "string").putArray("enum");
      bundle.pipeline().classes().forEach(classes::add);
      ObjectNode probabilities = properties.putObject("probabilities").put("type", "object");
      ObjectNode each = probabilities.putObject("properties");
      for (String c : bundle.pipeline().classes()) {
        each.putObject(c).put("type", "number");
      }
    }
    return prediction;
  }

  private static void post(ObjectNode paths, String path, String summary, String request, String response) {
    ObjectNode post = paths.putObject(path).putObject("post").put("summary", summary);
    post.putObject("requestBody").put("required", true).putObject("content").putObject("application/json")
        .putObject("schema").put("$ref", "#/components/schemas/" + request);
    ObjectNode responses = post.putObject("responses");
    responses.putObject("200").put("description", "Scored").putObject("content").putObject("application/json")
        .putObject("schema").put("$ref", "#/components/schemas/" + response);
    for (String status : new String[] {"400", "408", "413", "415", "503"}) {
      responses.putObject(status).put("description", describe(status)).putObject("content").putObject("application/json")
          .putObject("schema").put("$ref", "#/components/schemas/Error");
    }
  }

  private static String describe(String status) {
    return switch (status) {
      case "400" -> "Malformed JSON, a missing column or a value of the wrong type";
      case "408" -> "The body did not arrive within the request time limit";
      case "413" -> "The body is larger than the limit";
      case "415" -> "The Content-Type is not application/json";
      default -> "No model loaded yet, shutting down, or scoring took longer than the time limit";
    };
  }

  private static void get(ObjectNode paths, String path, String summary) {
    paths.putObject(path).putObject("get").put("summary", summary).putObject("responses").putObject("200")
        .put("description", "OK").putObject("content").putObject("application/json").putObject("schema").put("type", "object");
  }
}
