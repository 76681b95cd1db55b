package org.mlengine.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * A large batch read and written on several threads ({@link BatchPool}) gives the same table and
 * the same bytes as read and written in order on one, and the same bytes as the writer before
 * batches were cut into runs.
 */
class V2BatchTest {
  private static final BatchPool POOL = new BatchPool(1);

  @AfterAll
  static void closePool() {
    POOL.close();
  }

  @Test
  void response_classification_onThePool_isByteForByteTheAnswerWrittenInOneGo() throws IOException {
    Predictor predictor = Predictor.of(CreditModels.classifier());
    V2Codec codec = codec(predictor);
    for (int rows : new int[] {0, 1, 4095, 4096, 8191, 8193, 40_001}) {
      List<Prediction> predictions = predictor.predictAll(creditRows(predictor, rows));
      String id = "batch \"7\" é\u0001/" + rows;
      byte[] reference = reference(codec, predictor.bundle().pipeline().task(), predictor.bundle().pipeline().classes(), id,
          predictions, "v0");
      assertArrayEquals(reference, codec.response(id, predictions, "v0"), rows + " rows in order");
      assertArrayEquals(reference, joined(codec.response(id, predictions, "v0", POOL)), rows + " rows on the pool");
    }
  }

  @Test
  void response_regression_onThePool_isByteForByteTheAnswerWrittenInOneGo() throws IOException {
    Predictor predictor = Predictor.of(CreditModels.regression());
    V2Codec codec = codec(predictor);
    for (int rows : new int[] {0, 3, 12_289, 30_000}) {
      List<Prediction> predictions = predictor.predictAll(creditRows(predictor, rows));
      byte[] reference = reference(codec, Task.REGRESSION, List.of(), "r", predictions, "v1");
      assertArrayEquals(reference, codec.response("r", predictions, "v1"), rows + " rows in order");
      assertArrayEquals(reference, joined(codec.response("r", predictions, "v1", POOL)), rows + " rows on the pool");
    }
  }

  @Test
  void request_largeBodyOnThePool_readsTheSameTableAsInOrder() {
    Predictor predictor = Predictor.of(CreditModels.classifier());
    V2Codec codec = codec(predictor);
    byte[] body = body(creditRows(predictor, 30_000), "{\"id\":\"b-1\",\"parameters\":{\"content_type\":\"pd\",\"x\":[1,{\"y\":null}]},"
        + "\"inputs\":[", "]}");
    V2Layout layout = V2Layout.scan(body);
    assertNotNull(layout, "the plain shape is cut, so the pool reads it");
    assertEquals(13, layout.inputs());
    V2Codec.Inference inOrder = codec.request(body);
    V2Codec.Inference inParts = codec.inParts(body, layout, POOL);   // no fallback to the reader in order
    List<Boolean> fallbacks = new ArrayList<>();
    V2Codec.Inference onPool = codec.request(body, POOL, fallbacks::add);
    assertEquals(List.of(), fallbacks, "a valid body is read in parts, never again in order");
    assertEquals("b-1", inParts.id());
    assertEquals("b-1", onPool.id());
    assertSameTable(inOrder.rows(), inParts.rows());
    assertSameTable(inOrder.rows(), onPool.rows());
    assertEquals(predictor.predictAll(inOrder.rows()), predictor.predictAll(onPool.rows()));
  }

  @Test
  void request_largeBodyWithAMistakeLate_isRefusedWithTheMessageTheReaderInOrderGives() {
    Predictor predictor = Predictor.of(CreditModels.classifier());
    V2Codec codec = codec(predictor);
    String good = new String(body(creditRows(predictor, 20_000), "{\"inputs\":[", "]}"), UTF_8);
    int lastData = good.lastIndexOf("\"data\":[") + "\"data\":[".length();
    String bad = good.substring(0, lastData) + "\"x\"," + good.substring(lastData);   // a string among a numeric column's values
    HttpError inOrder = assertThrows(HttpError.class, () -> codec.request(bad.getBytes(UTF_8)));
    List<Boolean> fallbacks = new ArrayList<>();
    HttpError onPool = assertThrows(HttpError.class, () -> codec.request(bad.getBytes(UTF_8), POOL, fallbacks::add));
    assertEquals(inOrder.getMessage(), onPool.getMessage());
    assertEquals(400, onPool.status());
    assertEquals(List.of(true), fallbacks, "read again in order once, and refused by that reader too");
  }

  @Test
  void infer_largeInvalidBody_countsAFallbackInTheMetrics() throws IOException {
    String refused = "mlengine_batch_read_fallbacks_total{model=\"credit\",outcome=\"refused\"} ";
    String read = "mlengine_batch_read_fallbacks_total{model=\"credit\",outcome=\"read\"} ";
    try (Predictor predictor = Predictor.of(CreditModels.classifier());
        ModelServer server = ModelServer.forPredictor("credit", Predictor.of(CreditModels.classifier())).port(0).build()
            .start()) {
      Http http = new Http(server);
      String good = new String(body(creditRows(predictor, 20_000), "{\"inputs\":[", "]}"), UTF_8);
      assertEquals(200, http.post("/v2/models/credit/infer", good).statusCode());
      String before = http.get("/metrics").body();
      assertEquals(0.0, meter(before, refused), before);
      assertEquals(0.0, meter(before, read), before);
      int lastData = good.lastIndexOf("\"data\":[") + "\"data\":[".length();
      String bad = good.substring(0, lastData) + "\"x\"," + good.substring(lastData);
      assertEquals(400, http.post("/v2/models/credit/infer", bad).statusCode());
      String after = http.get("/metrics").body();
      assertEquals(1.0, meter(after, refused), after);
      assertEquals(0.0, meter(after, read), after);
    }
  }

  /** The value of the Prometheus sample whose name and labels are {@code series}. */
  private static double meter(String scrape, String series) {
    int at = scrape.indexOf(series);
    assertTrue(at >= 0, () -> series + "is not in\n" + scrape);
    int end = scrape.indexOf('\n', at);
    return Double.parseDouble(scrape.substring(at + series.length(), end));
  }

  @Test
  void inParts_inputTwiceOrUnnamed_namesItAsTheReaderInOrderDoes() {
    Predictor predictor = Predictor.of(CreditModels.classifier());
    V2Codec codec = codec(predictor);
    String good = new String(body(creditRows(predictor, 20_000), "{\"inputs\":[", "]}"), UTF_8);
    for (String bad : List.of(good.replace("{\"name\":\"Amount\"", "{\"name\":\"Income\""),
        good.replace("{\"name\":\"Amount\",", "{"))) {
      byte[] body = bad.getBytes(UTF_8);
      HttpError inOrder = assertThrows(HttpError.class, () -> codec.request(body));
      HttpError inParts = assertThrows(HttpError.class, () -> codec.inParts(body, V2Layout.scan(body), POOL));
      assertEquals(inOrder.getMessage(), inParts.getMessage());
    }
  }

  /** A V2 body with one input per column of {@code rows}, numbers as FP64 and categories as BYTES. */
  static byte[] body(Table rows, String before, String after) {
    StringBuilder out = new StringBuilder(before);
    List<String> names = rows.columnNames();
    for (int c = 0; c < names.size(); c++) {
      String name = names.get(c);
      boolean numeric = List.of(CreditModels.NUMERIC).contains(name);
      out.append(c == 0 ? "" : ",").append("{\"name\":\"").append(name).append("\",\"shape\":[").append(rows.rowCount())
          .append("],\"datatype\":\"").append(numeric ? "FP64" : "BYTES").append("\",\"data\":[");
      for (int r = 0; r < rows.rowCount(); r++) {
        Object v = rows.value(name, r);
        out.append(r == 0 ? "" : ",").append(v == null ? "null" : numeric ? String.valueOf(v) : "\"" + v + "\"");
      }
      out.append("]}");
    }
    return out.append(after).toString().getBytes(UTF_8);
  }

  /** The credit data's columns a predictor reads, its rows repeated up to {@code n}. */
  static Table creditRows(Predictor predictor, int n) {
    Table credit = CreditModels.credit();
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i % credit.rowCount();
    }
    return credit.select(predictor.inputSchema().names().toArray(String[]::new)).rows(rows);
  }

  static void assertSameTable(Table expected, Table actual) {
    assertEquals(expected.columnNames(), actual.columnNames());
    assertEquals(expected.rowCount(), actual.rowCount());
    for (String name : expected.columnNames()) {
      for (int r = 0; r < expected.rowCount(); r++) {
        assertEquals(expected.value(name, r), actual.value(name, r), name + " row " + r);
      }
    }
  }

  private static V2Codec codec(Predictor predictor) {
    return new V2Codec("credit", predictor.inputSchema(), predictor.bundle().pipeline().task(),
        predictor.bundle().pipeline().classes());
  }

  private static byte[] joined(ByteBuffer[] pieces) {
    int size = 0;
    for (ByteBuffer piece : pieces) {
      size += piece.remaining();
    }
    ByteBuffer all = ByteBuffer.allocate(size);
    for (ByteBuffer piece : pieces) {
      all.put(piece.duplicate());
    }
    return all.array();
  }

  /** The answer as the writer before runs wrote it: one generator, row after row. */
  private static byte[] reference(V2Codec codec, Task task, List<String> classes, String id, List<Prediction> predictions,
      String servingVersion) throws IOException {
    int n = predictions.size();
    String version = n == 0 ? servingVersion : predictions.get(0).bundleId();
    ByteArrayBuilder bytes = new ByteArrayBuilder();
    JsonFactory json = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
    try (JsonGenerator out = json.createGenerator(bytes)) {
      out.writeStartObject();
      out.writeStringField("model_name", "credit");
      out.writeStringField("model_version", version);
      out.writeStringField("id", id);
      out.writeArrayFieldStart("outputs");
      if (task == Task.REGRESSION) {
        start(out, "value", "FP64", n);
        for (Prediction p : predictions) {
          number(out, p.value());
        }
      } else {
        start(out, "label", "BYTES", n);
        for (Prediction p : predictions) {
          out.writeString(p.label().orElse(null));
        }
        out.writeEndArray();
        out.writeEndObject();
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
        for (Prediction p : predictions) {
          for (String c : classes) {
            number(out, p.label().isPresent() ? p.probability(c) : Double.NaN);
          }
        }
      }
      out.writeEndArray();
      out.writeEndObject();
      out.writeEndArray();
      out.writeEndObject();
    }
    return bytes.toByteArray();
  }

  private static void start(JsonGenerator out, String name, String datatype, int n) throws IOException {
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
}
