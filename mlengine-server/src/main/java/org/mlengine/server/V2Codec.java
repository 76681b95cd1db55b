package org.mlengine.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.serving.Prediction;

/**
 * The open inference protocol's (KServe V2) JSON for a model: an infer request's columnar
 * inputs into a {@link Table}, the predictions into its outputs, and the model's metadata.
 *
 * <pre>{@code
 * {"id":"42","inputs":[{"name":"Age","datatype":"FP64","shape":[2],"data":[30,58]},
 *                      {"name":"Home","datatype":"BYTES","shape":[2],"data":["rent","owner"]}, ...]}
 * {"model_name":"credit","model_version":"<bundle id>","id":"42","outputs":[
 *   {"name":"label","datatype":"BYTES","shape":[2],"data":["good","bad"]},
 *   {"name":"probabilities","datatype":"FP64","shape":[2,2],"parameters":{"classes":["bad","good"]},
 *    "data":[0.3,0.7,0.6,0.4]}]}                    (regression: {"name":"value","datatype":"FP64",...})
 * }</pre>
 *
 * <p>One input per input column (as MLServer's pandas codec has them), of shape {@code [n]} or
 * {@code [n,1]}, the data flat or nested; a NUMERIC column takes FP64, FP32, INT64, INT32, INT16,
 * INT8 or the UINT types; a CATEGORICAL one BYTES, a whole-number type or BOOL; TEXT takes BYTES;
 * TIMESTAMP takes BYTES (ISO-8601 instants) or INT64 (epoch milliseconds). null is a missing
 * value. Inputs that name no column are skipped; request {@code outputs} and {@code parameters}
 * are ignored (every output is returned). Thread-safe.
 */
final class V2Codec {
  /** Batches are mostly numbers: the fast double parser and writer (Jackson's, exact) halve their cost. */
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
      .build();

  /**
   * For a part of a body ({@link #request(byte[], BatchPool)}): an input object lies two levels
   * deep in the body (the request object, its inputs array), so it may nest two levels less.
   */
  private static final JsonFactory PART = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(62).build())
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .build();

  private static final List<String> NUMBER_TYPES = List.of("FP64", "FP32", "FP16", "INT64", "INT32", "INT16", "INT8",
      "UINT64", "UINT32", "UINT16", "UINT8");

  /** An infer request: its id (null when absent) and its rows. */
  record Inference(String id, Table rows) {}

  private final String modelName;
  private final Schema schema;
  private final Map<String, Schema.Field> fields;
  /** Each categorical column's known categories, by column name, found in a body by their bytes. */
  private final Map<String, KnownStrings> known;
  private final Task task;
  private final List<String> classes;

  /**
   * A codec for a model's inputs and outputs. The task and classes are fixed for the codec's life:
   * a deployment swaps only to models with the same inputs, task and classes.
   */
  V2Codec(String modelName, Schema schema, Task task, List<String> classes) {
    this.modelName = modelName;
    this.schema = schema;
    this.task = task;
    this.classes = classes == null ? List.of() : List.copyOf(classes);
    this.fields = new HashMap<>();
    this.known = new HashMap<>();
    for (Schema.Field field : schema.columns()) {
      fields.put(field.name(), field);
      KnownStrings categories = field.type() == ColumnType.CATEGORICAL ? KnownStrings.of(field.categories()) : null;
      if (categories != null) {
        known.put(field.name(), categories);
      }
    }
  }

  /**
   * The rows an infer request holds, one column per input.
   *
   * @throws HttpError (400) naming the problem: not JSON, no inputs, a missing column, a datatype
   *     the column cannot take, a value of the wrong kind, shapes that disagree
   */
  Inference request(byte[] body) {
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new HttpError(400, "the body is not a JSON object; send an inference request: {\"inputs\":[{\"name\":\""
            + schema.columns().get(0).name() + "\",\"datatype\":\"" + datatypes(schema.columns().get(0).type()).get(0)
            + "\",\"shape\":[1],\"data\":[...]}, ...]} with one input per column.");
      }
      String id = null;
      Map<String, Input> inputs = null;
      for (String key = parser.nextFieldName(); key != null; key = parser.nextFieldName()) {
        JsonToken token = parser.nextToken();
        if (key.equals("id")) {
          if (token != JsonToken.VALUE_STRING) {
            throw new HttpError(400, "the request's \"id\" is " + JsonCodec.kind(token) + "; expected a string.");
          }
          id = JsonCodec.requestId(parser.getText(), "the request's \"id\"", "an id the server makes");
        } else if (key.equals("inputs")) {
          inputs = inputs(parser, token, body);
        } else {
          parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw new HttpError(400, "the body holds more than one JSON value; send exactly one inference request object.");
      }
      if (inputs == null) {
        throw new HttpError(400, "the request has no \"inputs\"; send one input per column the model reads: "
            + schema.names() + ".");
      }
      return new Inference(id, table(inputs));
    } catch (JsonProcessingException e) {
      throw new HttpError(400, "the body is not valid JSON: " + e.getOriginalMessage().replaceAll("\\[Source: [^;]*; ", "[")
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ")") + ". Send an inference request: {\"inputs\":[...]}.");
    } catch (IOException e) {
      throw new UncheckedIOException("reading a request body held in memory", e);
    }
  }

  /** Bodies smaller than this are read in order: the scan and the hand-off would cost more than they save. */
  private static final int PARALLEL_BYTES = 256 << 10;

  /** Told each time a large body read in parts failed and was read again in order. */
  @FunctionalInterface
  interface Fallbacks {
    /**
     * One fallback: {@code refused} when the reader in order refused the body too (an invalid
     * body, as expected); otherwise the parts' reader failed on a body the reader in order
     * accepts, which is a bug in {@link PlainInput} or {@link V2Layout}.
     */
    void fellBack(boolean refused);
  }

  /**
   * {@link #request(byte[])}, each input parsed on one of the pool's threads when the body is
   * large and of the plain shape {@link V2Layout} cuts. The answer is the same: each input is read
   * by the same code from its own range of the body; should any part fail, the body is read again
   * in order, so that the error is the one the reader in order names (the first in the body), and
   * {@code fallbacks} is told, so that a reader of parts that fails on valid bodies shows in the
   * metrics, not only as a slowdown.
   */
  Inference request(byte[] body, BatchPool pool, Fallbacks fallbacks) {
    if (body.length < PARALLEL_BYTES) {
      return request(body);
    }
    V2Layout layout = V2Layout.scan(body);
    if (layout == null || !layout.hasInputs() || layout.inputs() < 2) {
      return request(body);
    }
    try {
      return inParts(body, layout, pool);
    } catch (RuntimeException inParts) {
      Inference inOrder;
      try {
        inOrder = request(body);
      } catch (RuntimeException refused) {
        fallbacks.fellBack(true);
        throw refused;
      }
      fallbacks.fellBack(false);
      return inOrder;
    }
  }

  /**
   * The request read from the parts {@code layout} cut {@code body} into, the inputs on the pool's
   * threads; throws on any problem, without trying to name it as the reader in order would.
   */
  Inference inParts(byte[] body, V2Layout layout, BatchPool pool) {
    String id = null;
    for (int k = 0; k < layout.others(); k++) {
      String value = topLevel(body, layout.otherStart(k), layout.otherEnd(k), layout.otherKey(k).equals("id"));
      id = layout.otherKey(k).equals("id") ? value : id;
    }
    Input[] read = new Input[layout.inputs()];
    pool.run(read.length, i -> read[i] = input(body, layout.inputStart(i), layout.inputEnd(i)));
    Map<String, Input> inputs = new HashMap<>();
    for (Input input : read) {
      if (input.name == null) {
        throw new HttpError(400, "an input has no \"name\"; name each input after the column it holds.");
      }
      if (inputs.put(input.name, input) != null) {
        throw new HttpError(400, "input '" + input.name + "' appears twice; send each column once.");
      }
    }
    return new Inference(id, table(inputs));
  }

  /**
   * The top-level value in {@code body[start, end)}, checked as the reader in order checks it:
   * the request id when {@code isId} (null if the value is not a string: the reader in order then
   * says so), otherwise null once the value is found to be one JSON value.
   */
  private static String topLevel(byte[] body, int start, int end, boolean isId) {
    try (JsonParser parser = PART.createParser(body, start, end - start)) {
      JsonToken token = parser.nextToken();
      if (isId && token != JsonToken.VALUE_STRING) {
        throw new HttpError(400, "the request's \"id\" is not a string");
      }
      String id = isId ? JsonCodec.requestId(parser.getText(), "the request's \"id\"", "an id the server makes") : null;
      parser.skipChildren();
      if (parser.nextToken() != null) {
        throw new HttpError(400, "more than one value");
      }
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The input object in {@code body[start, end)}, read as the reader in order reads it: by {@link
   * PlainInput} when it is plain, else by the JSON parser.
   */
  private Input input(byte[] body, int start, int end) {
    Input plain = PlainInput.read(body, start, end, known);
    return plain != null ? plain : jsonInput(body, start, end);
  }

  /** The input object in {@code body[start, end)}, read by the JSON parser. */
  Input jsonInput(byte[] body, int start, int end) {
    try (JsonParser parser = PART.createParser(body, start, end - start)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new HttpError(400, "not an object");
      }
      Input input = input(parser, body, start);
      if (parser.nextToken() != null) {
        throw new HttpError(400, "more than one value");
      }
      return input;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One input's declaration and values, as read. */
  static final class Input {
    String name;
    String datatype;
    int[] shape;
    Values data;
  }

  /** An input's values in order: numbers in a double array, text and booleans as strings; null is missing. */
  static final class Values {
    double[] numbers;
    String[] strings;
    boolean hasNumbers;
    boolean hasText;
    boolean hasBooleans;
    boolean hasFractions;
    int size;

    /** Room for {@code expected} values (the input's shape, when it came before the data; it grows past that if need be). */
    Values(int expected) {
      numbers = new double[Math.max(16, expected)];
    }

    /** The numbers, in an array of exactly {@code size}. */
    double[] numbers() {
      return size == numbers.length ? numbers : Arrays.copyOf(numbers, size);
    }

    void add(double number, String text) {
      if (size == numbers.length) {
        numbers = Arrays.copyOf(numbers, size * 2);
        if (strings != null) {
          strings = Arrays.copyOf(strings, size * 2);
        }
      }
      numbers[size] = number;
      if (text != null) {
        if (strings == null) {
          strings = new String[numbers.length];
        }
        strings[size] = text;
      }
      size++;
    }
  }

  private Map<String, Input> inputs(JsonParser parser, JsonToken token, byte[] body) throws IOException {
    if (token != JsonToken.START_ARRAY) {
      throw new HttpError(400, "the request's \"inputs\" is " + JsonCodec.kind(token) + "; expected an array of inputs, one per column.");
    }
    Map<String, Input> inputs = new HashMap<>();
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      if (t != JsonToken.START_OBJECT) {
        throw new HttpError(400, "an element of \"inputs\" is " + JsonCodec.kind(t) + "; expected an object {\"name\", \"datatype\","
            + " \"shape\", \"data\"}.");
      }
      Input input = input(parser, body, 0);
      if (input.name == null) {
        throw new HttpError(400, "an input has no \"name\"; name each input after the column it holds.");
      }
      if (inputs.put(input.name, input) != null) {
        throw new HttpError(400, "input '" + input.name + "' appears twice; send each column once.");
      }
    }
    return inputs;
  }

  /** One input; {@code base} is where the parser's input starts in {@code body}. */
  private Input input(JsonParser parser, byte[] body, int base) throws IOException {
    Input input = new Input();
    for (String key = parser.nextFieldName(); key != null; key = parser.nextFieldName()) {
      JsonToken token = parser.nextToken();
      switch (key) {
        case "name" -> input.name = string(parser, token, "an input's \"name\"");
        case "datatype" -> input.datatype = string(parser, token, "an input's \"datatype\"");
        case "shape" -> input.shape = shape(parser, token);
        case "data" -> {
          if (token != JsonToken.START_ARRAY) {
            throw new HttpError(400, "the \"data\" of an input is " + JsonCodec.kind(token) + "; expected an array of values.");
          }
          // The shape, when it came first, sizes the values; a lying shape is refused later, so it
          // may not claim more values than the body could hold (two bytes each at least).
          int expected = input.shape == null || input.shape.length == 0 ? 0 : Math.min(input.shape[0], body.length / 2 + 1);
          input.data = new Values(expected);
          data(parser, input.data, body, base, input.name == null ? null : known.get(input.name));
        }
        default -> parser.skipChildren();
      }
    }
    return input;
  }

  private static String string(JsonParser parser, JsonToken token, String what) throws IOException {
    if (token != JsonToken.VALUE_STRING) {
      throw new HttpError(400, what + " is " + JsonCodec.kind(token) + "; expected a string.");
    }
    return parser.getText();
  }

  private static int[] shape(JsonParser parser, JsonToken token) throws IOException {
    if (token != JsonToken.START_ARRAY) {
      throw new HttpError(400, "an input's \"shape\" is " + JsonCodec.kind(token) + "; expected an array of sizes such as [3].");
    }
    int[] shape = new int[0];
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      if (t != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT || parser.getIntValue() < 0) {
        throw new HttpError(400, "an input's \"shape\" holds " + parser.getText() + "; expected sizes (whole numbers >= 0).");
      }
      shape = Arrays.copyOf(shape, shape.length + 1);
      shape[shape.length - 1] = parser.getIntValue();
    }
    return shape;
  }

  /**
   * Reads the values of a data array, nested arrays flattened in row-major order. A string among
   * {@code categories} (the column's known categories, when the input's name came before its data)
   * is found by its bytes in {@code body} and not decoded.
   */
  private static void data(JsonParser parser, Values values, byte[] body, int base, KnownStrings categories)
      throws IOException {
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      switch (t) {
        case VALUE_NUMBER_INT -> {
          values.hasNumbers = true;
          double x = parser.getDoubleValue();
          // Beyond 2^53 a double rounds the number: keep its digits, which a category is named by.
          values.add(x, Math.abs(x) < 0x1p53 ? null : parser.getText());
        }
        case VALUE_NUMBER_FLOAT -> {
          values.hasNumbers = true;
          double x = parser.getDoubleValue();
          values.hasFractions |= x != Math.rint(x);
          values.add(x, null);
        }
        case VALUE_STRING -> {
          values.hasText = true;
          String category = categories == null ? null : categories.find(body, stringStart(parser, body, base));
          values.add(Double.NaN, category != null ? category : parser.getText());
        }
        case VALUE_TRUE, VALUE_FALSE -> {
          values.hasBooleans = true;
          values.add(Double.NaN, t == JsonToken.VALUE_TRUE ? "true" : "false");
        }
        case VALUE_NULL -> values.add(Double.NaN, null);
        case START_ARRAY -> data(parser, values, body, base, categories);
        default -> throw new HttpError(400, "the \"data\" of an input holds " + JsonCodec.kind(t) + "; expected numbers, strings,"
            + " booleans or null.");
      }
    }
  }

  /**
   * Where the current string token's content starts in {@code body}: just past its opening quote
   * (a parser's offsets count from where its input starts, {@code base} in the body).
   */
  private static int stringStart(JsonParser parser, byte[] body, int base) {
    long offset = parser.currentTokenLocation().getByteOffset();
    long quote = offset < 0 ? body.length : base + offset;
    return quote >= 0 && quote < body.length && body[(int) quote] == '"' ? (int) quote + 1 : body.length;
  }

  private Table table(Map<String, Input> inputs) {
    int rows = -1;
    String first = null;
    Table.Builder table = Table.builder();
    for (Schema.Field field : schema.columns()) {
      Input input = inputs.get(field.name());
      if (input == null) {
        throw new HttpError(400, "missing input '" + field.name() + "' (" + field.type() + ", send it as "
            + String.join(" or ", datatypes(field.type())) + "); the model reads " + schema.names() + ".");
      }
      int n = rows(input);
      if (rows >= 0 && n != rows) {
        throw new HttpError(400, "input '" + field.name() + "' holds " + n + " rows but input '" + first + "' holds " + rows
            + "; every input needs one value per row.");
      }
      rows = n;
      first = field.name();
      add(table, field, input);
    }
    return table.build();
  }

  private static int rows(Input input) {
    int size = input.data == null ? 0 : input.data.size;
    if (input.shape == null || input.shape.length == 0 || input.shape.length > 2
        || (input.shape.length == 2 && input.shape[1] != 1)) {
      throw new HttpError(400, "input '" + input.name + "' has shape " + (input.shape == null ? "none" : Arrays.toString(input.shape))
          + "; expected [n] or [n, 1], one value per row.");
    }
    if (input.shape[0] != size) {
      throw new HttpError(400, "input '" + input.name + "' has shape " + Arrays.toString(input.shape) + " but holds " + size
          + " values; send as many values as the shape says.");
    }
    return size;
  }

  private static void add(Table.Builder table, Schema.Field field, Input input) {
    String name = field.name();
    if (field.type() == ColumnType.VECTOR) {
      throw new InvalidInputException(name, "column '" + name + "' is a VECTOR input, which an inference request cannot"
          + " carry; score such rows in process with Predictor.predictAll(Table).");
    }
    String datatype = input.datatype;
    List<String> accepted = datatypes(field.type());
    if (datatype == null || !accepted.contains(datatype)) {
      throw new HttpError(400, "input '" + name + "' is " + (datatype == null ? "without a datatype" : datatype)
          + " but column '" + name + "' is " + field.type() + "; send it as " + String.join(" or ", accepted) + ".");
    }
    Values v = input.data != null ? input.data : new Values(0);
    boolean numbers = NUMBER_TYPES.contains(datatype);
    if (numbers ? v.hasText || v.hasBooleans : datatype.equals("BOOL") ? v.hasNumbers || v.hasText : v.hasNumbers || v.hasBooleans) {
      throw new HttpError(400, "input '" + name + "' is " + datatype + " but holds " + (numbers ? "text or booleans"
          : datatype.equals("BOOL") ? "numbers or text" : v.hasNumbers ? "numbers" : "booleans") + "; send "
          + (numbers ? "numbers" : datatype.equals("BOOL") ? "true or false" : "strings") + " (null for a missing value).");
    }
    int n = v.size;
    switch (field.type()) {
      case NUMERIC -> table.numeric(name, v.numbers());
      case CATEGORICAL -> {
        if (numbers && v.hasFractions) {
          throw new HttpError(400, "input '" + name + "' holds fractions, but column '" + name + "' is CATEGORICAL; send its"
              + " categories as BYTES, or whole numbers as INT64.");
        }
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
          String digits = v.strings == null ? null : v.strings[i];
          out[i] = !numbers ? digits : digits != null ? digits : Double.isNaN(v.numbers[i]) ? null : Long.toString((long) v.numbers[i]);
        }
        table.categorical(name, out);
      }
      case TEXT -> table.text(name, v.strings == null ? new String[n] : Arrays.copyOf(v.strings, n));
      default -> table.timestamp(name, instants(name, v, numbers));
    }
  }

  private static Instant[] instants(String name, Values v, boolean epochMillis) {
    Instant[] out = new Instant[v.size];
    for (int i = 0; i < out.length; i++) {
      if (epochMillis) {
        out[i] = Double.isNaN(v.numbers[i]) ? null : Instant.ofEpochMilli((long) v.numbers[i]);
      } else if (v.strings != null && v.strings[i] != null) {
        try {
          out[i] = OffsetDateTime.parse(v.strings[i]).toInstant();
        } catch (DateTimeParseException e) {
          throw new HttpError(400, "input '" + name + "' holds \"" + v.strings[i] + "\" at row " + i + "; expected an ISO-8601"
              + " instant such as 2024-03-01T12:00:00Z.");
        }
      }
    }
    return out;
  }

  /** The datatypes a column of this type takes, the preferred one first. */
  static List<String> datatypes(ColumnType type) {
    return switch (type) {
      case NUMERIC -> NUMBER_TYPES;
      case CATEGORICAL -> List.of("BYTES", "INT64", "INT32", "BOOL");
      case TEXT -> List.of("BYTES");
      case TIMESTAMP -> List.of("BYTES", "INT64");
      case VECTOR -> List.of();
    };
  }

  /**
   * The infer response: the label and class probabilities (classes in the parameters), or the
   * value, for every row in order; a row nobody answered has null there.
   */
  byte[] response(String id, List<Prediction> predictions, String servingVersion) {
    ByteBuffer[] pieces = response(id, predictions, servingVersion, BatchPool.SEQUENTIAL);
    int size = 0;
    for (ByteBuffer piece : pieces) {
      size += piece.remaining();
    }
    ByteBuffer all = ByteBuffer.allocate(size);
    for (ByteBuffer piece : pieces) {
      all.put(piece);
    }
    return all.array();
  }

  /**
   * {@link #response(String, List, String)} in pieces to send in order, not joined: a large
   * batch's values are written a run of rows at a time, on the pool's threads. The bytes are the
   * same whatever the pool: each run is written as Jackson writes an array's values, joined by
   * commas, into the skeleton Jackson writes around them.
   */
  ByteBuffer[] response(String id, List<Prediction> predictions, String servingVersion, BatchPool pool) {
    int n = predictions.size();
    String version = n == 0 ? servingVersion : predictions.get(0).bundleId();
    ByteArrayBuilder bytes = new ByteArrayBuilder(512);
    int[] holes = new int[2];   // where each data array's values go in the skeleton
    int outputs = 0;
    try (JsonGenerator out = JSON.createGenerator(bytes)) {
      out.writeStartObject();
      out.writeStringField("model_name", modelName);
      out.writeStringField("model_version", version);
      out.writeStringField("id", id);
      out.writeArrayFieldStart("outputs");
      if (task == Task.REGRESSION) {
        startOutput(out, "value", "FP64", n);
        holes[outputs++] = hole(out, bytes);
        out.writeEndArray();
        out.writeEndObject();
      } else {
        startOutput(out, "label", "BYTES", n);
        holes[outputs++] = hole(out, bytes);
        out.writeEndArray();
        out.writeEndObject();
        startProbabilities(out, n);
        holes[outputs++] = hole(out, bytes);
        out.writeEndArray();
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON into memory", e);
    }
    byte[] skeleton = bytes.toByteArray();
    int runs = runs(n, pool);
    ByteBuffer[][] values = new ByteBuffer[outputs][runs];
    pool.run(runs * outputs, k -> values[k / runs][k % runs] = values(predictions, k / runs, k % runs, runs));
    return assemble(skeleton, holes, values);
  }

  /** Rows a run of values holds at least: fewer is not worth a hand-off. */
  private static final int RUN_ROWS = 4096;

  /** How many runs of rows a batch's values are written in: enough for the pool's threads to share them. */
  private static int runs(int rows, BatchPool pool) {
    return Math.max(1, Math.min(rows / RUN_ROWS, 4 * pool.parallelism()));
  }

  /** The skeleton's length so far: where a data array's values go. */
  private static int hole(JsonGenerator out, ByteArrayBuilder bytes) throws IOException {
    out.flush();
    return bytes.size();
  }

  private void startProbabilities(JsonGenerator out, int n) throws IOException {
    out.writeStartObject();
    out.writeStringField("name", "probabilities");
    out.writeStringField("datatype", "FP64");
    out.writeArrayFieldStart("shape");
    out.writeNumber(n);
    out.writeNumber(classes.size());
    out.writeEndArray();
    out.writeObjectFieldStart("parameters");
    out.writeArrayFieldStart("classes");
    for (String c : classes) {
      out.writeString(c);
    }
    out.writeEndArray();
    out.writeEndObject();
    out.writeArrayFieldStart("data");
  }

  /**
   * The values of output {@code output} (the value or label, then the probabilities) for run
   * {@code run} of {@code runs} of the rows, as Jackson writes them in an array, without the
   * brackets.
   */
  private ByteBuffer values(List<Prediction> predictions, int output, int run, int runs) {
    int n = predictions.size();
    int from = (int) ((long) n * run / runs);
    int to = (int) ((long) n * (run + 1) / runs);
    Written bytes = new Written((to - from) * (output == 0 && task != Task.REGRESSION ? 8 : 40) + 16);
    try (JsonGenerator out = JSON.createGenerator(bytes)) {
      out.writeStartArray();
      for (int r = from; r < to; r++) {
        Prediction p = predictions.get(r);
        if (task == Task.REGRESSION) {
          number(out, p.value());
        } else if (output == 0) {
          out.writeString(p.label().orElse(null));
        } else {
          boolean answered = p.label().isPresent();
          for (String c : classes) {
            number(out, answered ? p.probability(c) : Double.NaN);
          }
        }
      }
      out.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON into memory", e);
    }
    return bytes.inside();
  }

  /** What a generator wrote, in place: its array's values without the brackets around them. */
  private static final class Written extends java.io.ByteArrayOutputStream {
    Written(int size) {
      super(size);
    }

    ByteBuffer inside() {
      return ByteBuffer.wrap(buf, 1, count - 2);
    }
  }

  /** The skeleton cut at its holes, each hole filled with its runs' values joined by commas. */
  private static ByteBuffer[] assemble(byte[] skeleton, int[] holes, ByteBuffer[][] values) {
    java.util.ArrayList<ByteBuffer> pieces = new java.util.ArrayList<>();
    int at = 0;
    for (int h = 0; h < values.length; h++) {
      pieces.add(ByteBuffer.wrap(skeleton, at, holes[h] - at));
      at = holes[h];
      boolean first = true;
      for (ByteBuffer run : values[h]) {
        if (!run.hasRemaining()) {
          continue;
        }
        if (!first) {
          pieces.add(ByteBuffer.wrap(COMMA));
        }
        pieces.add(run);
        first = false;
      }
    }
    pieces.add(ByteBuffer.wrap(skeleton, at, skeleton.length - at));
    return pieces.toArray(ByteBuffer[]::new);
  }

  private static final byte[] COMMA = {','};

  private static void startOutput(JsonGenerator out, String name, String datatype, int n) throws IOException {
    out.writeStartObject();
    out.writeStringField("name", name);
    out.writeStringField("datatype", datatype);
    out.writeArrayFieldStart("shape");
    out.writeNumber(n);
    out.writeEndArray();
    out.writeArrayFieldStart("data");
  }

  private static void number(JsonGenerator out, double x) throws IOException {
    if (Double.isNaN(x)) {
      out.writeNull();
    } else {
      out.writeNumber(x);
    }
  }

  /** The model's metadata (V2 {@code GET /v2/models/<name>}): its version, inputs from the schema, outputs. */
  byte[] metadata(ModelBundle bundle) {
    ByteArrayBuilder bytes = new ByteArrayBuilder(1024);
    try (JsonGenerator out = JSON.createGenerator(bytes)) {
      out.writeStartObject();
      out.writeStringField("name", modelName);
      out.writeArrayFieldStart("versions");
      out.writeString(bundle.id());
      out.writeEndArray();
      out.writeStringField("platform", "mlengine");
      out.writeArrayFieldStart("inputs");
      for (Schema.Field field : bundle.inputSchema().columns()) {
        out.writeStartObject();
        out.writeStringField("name", field.name());
        out.writeStringField("datatype", field.type() == ColumnType.VECTOR ? "FP64" : datatypes(field.type()).get(0));
        out.writeArrayFieldStart("shape");
        out.writeNumber(-1);
        out.writeEndArray();
        if (!field.categories().isEmpty()) {
          out.writeObjectFieldStart("parameters");
          out.writeArrayFieldStart("categories");
          for (String c : field.categories()) {
            out.writeString(c);
          }
          out.writeEndArray();
          out.writeEndObject();
        }
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeArrayFieldStart("outputs");
      if (bundle.pipeline().task() == Task.REGRESSION) {
        metadataOutput(out, "value", List.of(-1));
      } else {
        metadataOutput(out, "label", List.of(-1));
        metadataOutput(out, "probabilities", List.of(-1, bundle.pipeline().classes().size()));
      }
      out.writeEndArray();
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON into memory", e);
    }
    return bytes.toByteArray();
  }

  private static void metadataOutput(JsonGenerator out, String name, List<Integer> shape) throws IOException {
    out.writeStartObject();
    out.writeStringField("name", name);
    out.writeStringField("datatype", name.equals("label") ? "BYTES" : "FP64");
    out.writeArrayFieldStart("shape");
    for (int size : shape) {
      out.writeNumber(size);
    }
    out.writeEndArray();
    out.writeEndObject();
  }
}
