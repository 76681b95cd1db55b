package org.mlengine.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mlengine.runtime.InvalidInputException;

/**
 * A prediction log's line, format {@value #VERSION}: one JSON object, written field by field
 * with a {@link JsonGenerator} (no tree per line) and read back into a {@link LoggedPrediction}.
 *
 * <pre>
 * {"v":1,"id":"r-7","time":"2026-12-07T14:30:00.123Z","epoch_ms":1796654400123,"model":"champion",
 *  "shadow":false,"bundle":"9f2c...","latency_ns":41250,"inputs":{"Income":52000.0,"email":"sha256:..."},
 *  "label":"good","probabilities":{"bad":0.12,"good":0.88},"answer":{"kind":"MODEL","name":"champion"}}
 * </pre>
 *
 * A refused request has {@code "failure"} and no prediction fields; a regression has
 * {@code "value"}; a fallback or an abstention has the answer's {@code "reason"}; a request
 * that was not timed (see {@link PredictionLog}) has no {@code "latency_ns"}.
 */
final class LogJson {
  /** One record's bytes, serialized before any of them goes to the file: a record that fails leaves nothing behind. */
  static final class RecordBytes extends ByteArrayOutputStream {
    RecordBytes() {
      super(1 << 10);
    }

    byte[] bytes() {
      return buf;
    }
  }

  static final int VERSION = 1;
  /** What a refusal's reason or an error's message that names a masked column is written as. */
  static final String WITHHELD = "withheld: it names a masked column";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private LogJson() {}

  /** What the writer does to named inputs: drop their value, or replace it by a salted SHA-256. */
  static final class Masking {
    final Set<String> redacted;
    final Set<String> hashed;
    private final byte[] salt;
    private final MessageDigest digest;

    Masking(Set<String> redacted, Set<String> hashed, byte[] salt) {
      this.redacted = Set.copyOf(redacted);
      this.hashed = Set.copyOf(hashed);
      this.salt = salt.clone();
      try {
        this.digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", e);
      }
    }

    boolean masks(String column) {
      return redacted.contains(column) || hashed.contains(column);
    }

    /**
     * Whether the text names a masked column: a refusal's reason or an error's message that does
     * may quote the value next to the name (Limits: {@code column 'Income' is 52000, above ...}).
     */
    boolean named(String text) {
      for (String column : redacted) {
        if (text.contains(column)) {
          return true;
        }
      }
      for (String column : hashed) {
        if (text.contains(column)) {
          return true;
        }
      }
      return false;
    }

    /** The text, or {@link LogJson#WITHHELD} when it names a masked column. */
    String unlessNamed(String text) {
      return named(text) ? WITHHELD : text;
    }

    /**
     * {@code sha256:} and the hex digest of the salt, a zero byte and the value's text (a number's
     * as a double's, so that 5 and 5.0 hash alike). One writer thread uses this.
     */
    String hash(Object value) {
      String text = value instanceof Number n ? Double.toString(n.doubleValue()) : value.toString();
      digest.reset();
      digest.update(salt);
      digest.update((byte) 0);
      return "sha256:" + HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** Writes one record (without the line's end); the inputs are {@code names[i]} = {@code values[i]}, i &lt; {@code count}. */
  static void write(JsonGenerator g, Served s, String[] names, Object[] values, int count, Masking masking)
      throws IOException {
    g.writeStartObject();
    g.writeNumberField("v", VERSION);
    g.writeStringField("id", s.requestId());
    g.writeStringField("time", Instant.ofEpochMilli(s.epochMillis()).toString());
    g.writeNumberField("epoch_ms", s.epochMillis());
    g.writeStringField("model", s.model());
    g.writeBooleanField("shadow", s.shadow());
    Prediction p = s.prediction().orElse(null);
    if (p != null) {
      g.writeStringField("bundle", p.bundleId());
    }
    if (s.latencyNanos() != Observers.NOT_TIMED) {   // a request the deployment did not time has none
      g.writeNumberField("latency_ns", s.latencyNanos());
    }
    g.writeObjectFieldStart("inputs");
    for (int i = 0; i < count; i++) {
      g.writeFieldName(names[i]);
      writeInput(g, names[i], values[i], masking);
    }
    g.writeEndObject();
    if (p != null) {
      writePrediction(g, p, masking);
    }
    if (s.failure().isPresent()) {
      g.writeStringField("failure", failure(s.failure().get(), masking));
    }
    g.writeEndObject();
  }

  private static void writeInput(JsonGenerator g, String column, Object value, Masking masking) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (masking.redacted.contains(column)) {
      g.writeString(LoggedPrediction.REDACTED);
    } else if (masking.hashed.contains(column)) {
      g.writeString(masking.hash(value));
    } else if (value instanceof Double || value instanceof Float) {
      writeDouble(g, ((Number) value).doubleValue());
    } else if (value instanceof BigDecimal d) {
      g.writeNumber(d);   // exactly: longValue() would drop the fraction and wrap past 2^63
    } else if (value instanceof BigInteger i) {
      g.writeNumber(i);
    } else if (value instanceof Number n) {
      g.writeNumber(n.longValue());
    } else {
      g.writeString(value.toString());
    }
  }

  /** NaN (a missing number) as null; the infinities as text, which JSON has no number for. */
  private static void writeDouble(JsonGenerator g, double v) throws IOException {
    if (Double.isNaN(v)) {
      g.writeNull();
    } else if (Double.isInfinite(v)) {
      g.writeString(Double.toString(v));
    } else {
      g.writeNumber(v);
    }
  }

  private static void writePrediction(JsonGenerator g, Prediction p, Masking masking) throws IOException {
    if (p.label().isPresent()) {
      g.writeStringField("label", p.label().get());
    }
    Map<String, Double> probabilities = p.probabilities();
    if (!probabilities.isEmpty()) {
      g.writeObjectFieldStart("probabilities");
      for (Map.Entry<String, Double> e : probabilities.entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    }
    if (!Double.isNaN(p.value())) {
      g.writeFieldName("value");
      writeDouble(g, p.value());
    }
    Answer a = p.answer();
    g.writeObjectFieldStart("answer");
    g.writeStringField("kind", a.kind().name());
    g.writeStringField("name", a.name());
    if (a.reason().isPresent()) {
      g.writeStringField("reason", masking.unlessNamed(a.reason().get()));
    }
    g.writeEndObject();
  }

  /** The error's message, withheld when it is about a masked column or names one (it may quote the value). */
  private static String failure(RuntimeException e, Masking masking) {
    if (e instanceof InvalidInputException invalid && invalid.column() != null && masking.masks(invalid.column())) {
      return "invalid input in column '" + invalid.column() + "' (message withheld: the column is redacted or hashed)";
    }
    return masking.unlessNamed(LoggedPrediction.message(e));
  }

  /** Reads a line back. */
  static LoggedPrediction parse(String line) throws IOException {
    JsonNode n = MAPPER.readTree(line);
    if (n == null || !n.isObject()) {
      throw new IOException("not a JSON object");
    }
    int version = n.path("v").asInt(-1);
    if (version != VERSION) {
      throw new IOException("format version " + n.path("v") + "; this mlengine reads version " + VERSION);
    }
    Map<String, Object> inputs = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : required(n, "inputs").properties()) {
      JsonNode v = e.getValue();
      inputs.put(e.getKey(), v.isNull() ? null : v.isNumber() ? (Object) v.asDouble() : v.asText());
    }
    Map<String, Double> probabilities = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.path("probabilities").properties()) {
      probabilities.put(e.getKey(), e.getValue().asDouble());
    }
    JsonNode a = n.path("answer");
    Optional<Answer> answer = a.isObject()
        ? Optional.of(new Answer(Answer.Kind.valueOf(required(a, "kind").asText()), required(a, "name").asText(),
            text(a, "reason")))
        : Optional.empty();
    JsonNode value = n.path("value");
    return new LoggedPrediction(required(n, "id").asText(), required(n, "epoch_ms").asLong(),
        required(n, "model").asText(), required(n, "shadow").asBoolean(), text(n, "bundle"), inputs,
        text(n, "label"), probabilities, value.isNumber() ? value.asDouble()
            : value.isTextual() ? Double.parseDouble(value.asText()) : Double.NaN,
        answer, n.path("latency_ns").asLong(Observers.NOT_TIMED), text(n, "failure"));
  }

  private static JsonNode required(JsonNode n, String field) throws IOException {
    JsonNode v = n.get(field);
    if (v == null) {
      throw new IOException("no \"" + field + "\" field");
    }
    return v;
  }

  private static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }
}
