package org.mlengine.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Schema;
import org.mlengine.serving.Answer;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Request;

/**
 * The JSON of one request and its answer, shared by the HTTP server and the serverless handler:
 * reads {@code {"column": value, ...}} into a {@link Request} for a model's input schema, and
 * writes a {@link Prediction} or an error as the body the contract gives:
 *
 * <pre>{@code
 * {"request_id":"r-1","model_version":"<bundle id>","answer":{"kind":"MODEL","name":"champion"},
 *  "label":"good","probabilities":{"bad":0.2,"good":0.8}}      (regression: "value":1.5)
 * {"error":"missing column 'Income' (NUMERIC); ..."}
 * }</pre>
 *
 * <p>Each value becomes the Java value the {@link org.mlengine.serving.Predictor} checks for the
 * column's type (a number as a double for a NUMERIC column, a whole number as a Long for a
 * CATEGORICAL or TIMESTAMP one, text as a String, true/false as a Boolean, null as a missing
 * value), so a wrong type gets the predictor's own message when the request is scored. Keys
 * outside the schema are skipped, as the predictor ignores them. A JSON object or array as a
 * column's value, a key given twice and a body that is not one JSON object are refused here,
 * naming what was wrong. Thread-safe.
 */
final class JsonCodec {
  /** Deeper nesting than a request needs is refused by the parser before it costs anything. */
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
      .build();

  private final Map<String, Schema.Field> fields;
  private final String example;

  /** A codec for requests to a model with this input schema. */
  JsonCodec(Schema schema) {
    this.fields = new HashMap<>();
    for (Schema.Field field : schema.columns()) {
      fields.put(field.name(), field);
    }
    this.example = example(schema.columns());
  }

  /**
   * The request a body holds: one JSON object of column to value.
   *
   * @throws HttpError (400) when the body is not one JSON object, or gives a key twice
   * @throws InvalidInputException when a schema column's value is a JSON object or array, or
   *     the column is a VECTOR input
   */
  Request request(byte[] body) {
    try (JsonParser parser = JSON.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new HttpError(400, (first == null ? "the body is empty" : "the body is " + kind(first))
            + "; send one JSON object of column -> value, e.g. " + example + ". Score many rows at once with POST"
            + " /v2/models/<name>/infer.");
      }
      Map<String, Object> values = new LinkedHashMap<>();
      for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
        JsonToken token = parser.nextToken();
        Schema.Field field = fields.get(name);
        if (values.containsKey(name)) {
          throw new HttpError(400, "column '" + name + "' appears twice in the JSON object; send each column once.");
        }
        if (field == null) {
          parser.skipChildren();
          values.put(name, Skipped.KEY);
          continue;
        }
        values.put(name, value(field, token, parser));
      }
      JsonToken after = parser.nextToken();
      if (after != null) {
        throw new HttpError(400, "the body holds more than one JSON value (" + kind(after) + " after the object, at "
            + where(parser) + "); send exactly one JSON object of column -> value, e.g. " + example + ".");
      }
      values.values().removeIf(v -> v == Skipped.KEY);
      return Request.copyOf(values);
    } catch (JsonProcessingException e) {
      throw new HttpError(400, "the body is not valid JSON: " + withoutSource(e.getOriginalMessage()) + " (" + where(e) + "). Send one"
          + " JSON object of column -> value, e.g. " + example + ".");
    } catch (IOException e) {
      throw new UncheckedIOException("reading a request body held in memory", e);
    }
  }

  /** Stands for the value of a key outside the schema, so that it too is refused when given twice. */
  private enum Skipped { KEY }

  private static Object value(Schema.Field field, JsonToken token, JsonParser parser) throws IOException {
    String column = field.name();
    if (field.type() == ColumnType.VECTOR) {
      throw new InvalidInputException(column, "column '" + column + "' is a VECTOR input, which a JSON request cannot"
          + " carry; score such rows in process with Predictor.predictAll(Table).");
    }
    switch (token) {
      case VALUE_NULL:
        return null;
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_FLOAT:
        return parser.getDoubleValue();
      case VALUE_NUMBER_INT:
        if (field.type() == ColumnType.NUMERIC) {
          return parser.getDoubleValue();
        }
        JsonParser.NumberType size = parser.getNumberType();
        return size == JsonParser.NumberType.INT || size == JsonParser.NumberType.LONG ? (Object) parser.getLongValue()
            : parser.getNumberValue();
      default:
        throw new InvalidInputException(column, "column '" + column + "' is " + field.type() + " but the request gives "
            + kind(token) + "; expected " + expected(field.type()) + ", or null for a missing value.");
    }
  }

  private static String expected(ColumnType type) {
    return switch (type) {
      case NUMERIC -> "a number";
      case CATEGORICAL -> "text (or a whole number)";
      case TEXT -> "text";
      case TIMESTAMP -> "an ISO-8601 instant such as \"2024-03-01T12:00:00Z\" or epoch milliseconds";
      case VECTOR -> "a vector";
    };
  }

  /** How a JSON token reads in an error message: "a JSON string", "JSON null"... */
  static String kind(JsonToken token) {
    return switch (token) {
      case START_OBJECT -> "a JSON object";
      case START_ARRAY -> "a JSON array";
      case VALUE_STRING -> "a JSON string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a JSON number";
      case VALUE_TRUE, VALUE_FALSE -> "a JSON boolean";
      case VALUE_NULL -> "JSON null";
      default -> "JSON " + token.asString();
    };
  }

  private static String where(JsonParser parser) {
    return "line " + parser.currentTokenLocation().getLineNr() + ", column " + parser.currentTokenLocation().getColumnNr();
  }

  /** Jackson's message without its "[Source: REDACTED ...; " part, which says nothing to a client. */
  private static String withoutSource(String message) {
    return message.replaceAll("\\[Source: [^;]*; ", "[");
  }

  private static String where(JsonProcessingException e) {
    return e.getLocation() == null ? "at the end of the body"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  /** A small request for the schema's first columns, for the messages' examples. */
  private static String example(List<Schema.Field> columns) {
    StringBuilder out = new StringBuilder("{");
    for (Schema.Field field : columns.subList(0, Math.min(2, columns.size()))) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append('"').append(field.name()).append("\":").append(switch (field.type()) {
        case NUMERIC -> "1.5";
        case CATEGORICAL -> field.categories().isEmpty() ? "\"a\"" : "\"" + field.categories().get(0) + "\"";
        case TEXT -> "\"some text\"";
        case TIMESTAMP -> "\"2024-03-01T12:00:00Z\"";
        case VECTOR -> "null";
      });
    }
    return out.append('}').toString();
  }

  /**
   * The answer to one scored request: request id, model version (the bundle id), who answered
   * (and why, for a fallback or an abstention), then the label and class probabilities, or the
   * value; an abstention has neither.
   */
  static byte[] prediction(Prediction prediction) {
    ByteArrayBuilder bytes = new ByteArrayBuilder(256);
    try (JsonGenerator out = JSON.createGenerator(bytes)) {
      out.writeStartObject();
      out.writeStringField("request_id", prediction.requestId().orElse(null));
      out.writeStringField("model_version", prediction.bundleId());
      Answer answer = prediction.answer();
      out.writeObjectFieldStart("answer");
      out.writeStringField("kind", answer.kind().name());
      out.writeStringField("name", answer.name());
      if (answer.reason().isPresent()) {
        out.writeStringField("reason", answer.reason().get());
      }
      out.writeEndObject();
      if (prediction.label().isPresent()) {
        out.writeStringField("label", prediction.label().get());
        out.writeObjectFieldStart("probabilities");
        for (Map.Entry<String, Double> p : prediction.probabilities().entrySet()) {
          out.writeNumberField(p.getKey(), p.getValue());
        }
        out.writeEndObject();
      } else if (!Double.isNaN(prediction.value())) {
        out.writeNumberField("value", prediction.value());
      }
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON into memory", e);
    }
    return bytes.toByteArray();
  }

  /**
   * The answer to appended events: {@code {"model_name":..., "source":..., "appended":n,
   * "durability":...}}, the last saying how durable they are now (the history's fsync policy).
   */
  static byte[] appended(String model, String source, int count, String durability) {
    ByteArrayBuilder bytes = new ByteArrayBuilder(128 + durability.length());
    try (JsonGenerator out = JSON.createGenerator(bytes)) {
      out.writeStartObject();
      out.writeStringField("model_name", model);
      out.writeStringField("source", source);
      out.writeNumberField("appended", count);
      out.writeStringField("durability", durability);
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON into memory", e);
    }
    return bytes.toByteArray();
  }

  /** The longest request id taken from a caller (a header or a batch's {@code "id"}). */
  static final int MAX_REQUEST_ID = 128;

  /**
   * A caller's request id, checked: 1 to {@link #MAX_REQUEST_ID} visible ASCII characters (ids
   * are copied into every row's answer and the logs, so their size is bounded).
   *
   * @param what names where the id came from in the message, e.g. {@code "the X-Request-Id header"}
   * @param otherwise what leaving it out gives, e.g. {@code "an id the server makes"}
   */
  static String requestId(String id, String what, String otherwise) {
    if (id.isEmpty() || id.length() > MAX_REQUEST_ID || !id.chars().allMatch(c -> c > 32 && c < 127)) {
      throw new HttpError(400, what + " is \"" + (id.length() > 40 ? id.substring(0, 37) + "..." : id) + "\"; send 1 to "
          + MAX_REQUEST_ID + " visible ASCII characters, or leave it out for " + otherwise + ".");
    }
    return id;
  }

  /** The body of an error answer, KServe's shape: {@code {"error":"<message>"}}; a null message is named as such. */
  static byte[] error(String message) {
    message = message == null ? "(no message)" : message;
    ByteArrayBuilder bytes = new ByteArrayBuilder(128 + message.length());
    try (JsonGenerator out = JSON.createGenerator(bytes)) {
      out.writeStartObject();
      out.writeStringField("error", message);
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON into memory", e);
    }
    return bytes.toByteArray();
  }
}
