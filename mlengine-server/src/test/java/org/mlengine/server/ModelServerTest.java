package org.mlengine.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/** The endpoints of the contract, each error case with its exact status and body; the server stays up throughout. */
class ModelServerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int LIMIT = 64 * 1024;
  static ModelServer server;
  static Http http;
  static Predictor reference;

  @BeforeAll
  static void start() throws IOException {
    reference = Predictor.of(CreditModels.classifier());
    server = ModelServer.forPredictor("credit", Predictor.of(CreditModels.classifier())).port(0)
        .maxBodyBytes(LIMIT).requestTimeout(Duration.ofMillis(500)).build().start();
    http = new Http(server);
  }

  @AfterAll
  static void stop() {
    server.close();
    reference.close();
  }

  static void assertError(HttpResponse<String> response, int status, String message) {
    assertEquals(new String(JsonCodec.error(message), java.nio.charset.StandardCharsets.UTF_8), response.body());
    assertEquals(status, response.statusCode(), response.body());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
  }

  @Test
  void predict_applicant_answersWithTheContractsBody() {
    HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(server.url() + "/predict"))
        .header("Content-Type", "application/json").header("X-Request-Id", "r-1")
        .POST(HttpRequest.BodyPublishers.ofString(CreditModels.APPLICANT)));
    Prediction p = reference.predict(CreditModels.credit().row(0));
    assertEquals("{\"request_id\":\"r-1\",\"model_version\":\"" + p.bundleId() + "\",\"answer\":{\"kind\":\"MODEL\","
        + "\"name\":\"champion\"},\"label\":\"" + p.label().orElseThrow() + "\",\"probabilities\":{\"bad\":"
        + p.probability("bad") + ",\"good\":" + p.probability("good") + "}}", response.body());
    assertEquals(200, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
  }

  @Test
  void predict_withoutRequestId_getsOneTheServerMade() throws IOException {
    JsonNode answer = JSON.readTree(http.post("/predict", CreditModels.APPLICANT).body());
    assertTrue(answer.get("request_id").asText().matches("[0-9a-f]{8}-[0-9]+"), answer.toString());
  }

  @Test
  void predict_malformedJson_is400WithWhereItBroke() {
    assertError(http.post("/predict", "{\"Age\": 30, }"), 400, "the body is not valid JSON: Unexpected character ('}' (code"
        + " 125)): was expecting double-quote to start field name (line 1, column 13). Send one JSON object of column ->"
        + " value, e.g. {\"Seniority\":1.5,\"Home\":\"ignore\"}.");
  }

  @Test
  void predict_wrongType_is400WithThePredictorsMessage() {
    assertError(http.post("/predict", CreditModels.APPLICANT.replace("\"Age\":30", "\"Age\":\"thirty\"")), 400,
        "column 'Age' is NUMERIC but the request gives String \"thirty\"; expected a number (or numeric text).");
  }

  @Test
  void predict_missingColumn_is400WithThePredictorsMessage() {
    assertError(http.post("/predict", CreditModels.APPLICANT.replace("\"Income\":129,", "")), 400,
        "missing column 'Income' (NUMERIC); the model reads [Seniority, Home, Time, Age, Marital, Records, Job, Expenses,"
            + " Income, Assets, Debt, Amount, Price]. Add it to the request; give a missing value as null.");
  }

  @Test
  void predict_badRequestIdHeader_is400() {
    HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(server.url() + "/predict"))
        .header("X-Request-Id", "x".repeat(200)).POST(HttpRequest.BodyPublishers.ofString(CreditModels.APPLICANT)));
    assertError(response, 400, "the X-Request-Id header is \"" + "x".repeat(37) + "...\"; send 1 to 128 visible ASCII"
        + " characters, or leave it out for an id the server makes.");
  }

  @Test
  void predict_wrongContentType_is415() {
    HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(server.url() + "/predict"))
        .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString("Age\n30\n")));
    assertError(response, 415, "the body is text/csv; send it as application/json (Content-Type: application/json).");
  }

  @Test
  void predict_get_is405NamingTheMethodToUse() {
    HttpResponse<String> response = http.get("/predict");
    assertError(response, 405, "GET /predict is not allowed; /predict takes POST with one JSON object of column -> value.");
    assertEquals("POST", response.headers().firstValue("Allow").orElseThrow());
  }

  @Test
  void unknownPath_is404ListingTheEndpoints() {
    assertError(http.get("/score"), 404, "no endpoint /score; this server answers POST /predict, POST"
        + " /v2/models/credit/infer, GET /v2/models/credit, GET /v2/models/credit/ready, GET /v2, GET /v2/health/live,"
        + " GET /v2/health/ready, GET /metrics and GET /openapi.json.");
    assertError(http.get("/v2/models/fraud"), 404, "no model 'fraud' here; this server serves 'credit' (GET /v2/models/credit).");
  }

  @Test
  void predict_bodyOverTheLimit_is413NamingTheLimitAndTheFix() throws IOException {
    try (Http.Raw raw = http.open()) {
      String response = raw.write("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: 100000\r\n\r\n{\"Age\":").response();
      assertTrue(Http.statusLine(response).startsWith("HTTP/1.1 413 "), response);
      assertEquals("{\"error\":\"the body is 100000 bytes; the limit is 65536 bytes. Send fewer rows per request, or raise"
          + " the limit (mlengine serve --max-body-bytes N, ModelServer builder maxBodyBytes(N)).\"}", Http.body(response));
    }
    assertEquals(200, http.get("/v2/health/live").statusCode());
  }

  @Test
  void infer_chunkedBodyOverTheLimit_is413NamingTheLimitAndTheFix() throws IOException {
    try (Http.Raw raw = http.open()) {
      raw.write("POST /v2/models/credit/infer HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n");
      String chunk = "[" + "1,".repeat(4000) + "1]";
      String response;
      try {
        for (int sent = 0; sent < LIMIT * 3 / 2; sent += chunk.length()) {
          raw.write(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
        }
        raw.write("0\r\n\r\n");
      } catch (IOException closedWhileSending) {
        // The server may answer and close before the client has sent all: the answer is still there to read.
      }
      response = raw.response();
      assertTrue(Http.statusLine(response).startsWith("HTTP/1.1 413 "), response);
      assertEquals("{\"error\":\"the body is larger than the limit of 65536 bytes. Send fewer rows per request, or raise"
          + " the limit (mlengine serve --max-body-bytes N, ModelServer builder maxBodyBytes(N)).\"}", Http.body(response));
    }
    assertEquals(200, http.get("/v2/health/live").statusCode());
  }

  @Test
  void infer_chunkedBodyFarOverTheLimit_isCutOffAndTheServerStaysUp() throws IOException {
    try (Http.Raw raw = http.open()) {
      raw.write("POST /v2/models/credit/infer HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n");
      String chunk = "1,".repeat(8000);
      try {
        for (int sent = 0; sent < 10 * LIMIT; sent += chunk.length()) {
          raw.write(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
        }
      } catch (IOException cutOff) {
        // Past twice the limit the server closes the connection; what matters is that it stays up.
      }
    }
    assertEquals(200, http.get("/v2/health/live").statusCode());
    assertEquals(200, http.post("/predict", CreditModels.APPLICANT).statusCode());
  }

  @Test
  void predict_expectContinue_getsA100BeforeTheBody_thenTheAnswer() throws IOException {
    try (Http.Raw raw = http.open()) {
      raw.write("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
          + "Content-Length: " + CreditModels.APPLICANT.length() + "\r\nConnection: close\r\n\r\n");
      assertEquals("HTTP/1.1 100 Continue", raw.line(Duration.ofSeconds(5)), "curl waits a second for it before each large body");
      assertEquals("", raw.line(Duration.ofSeconds(5)));
      String response = raw.write(CreditModels.APPLICANT).response();
      assertEquals("HTTP/1.1 200 OK", Http.statusLine(response), response);
    }
  }

  @Test
  void predict_expectContinue_overTheLimit_is413WithoutA100() throws IOException {
    try (Http.Raw raw = http.open()) {
      String response = raw.write("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Expect: 100-continue\r\nContent-Length: 100000\r\n\r\n").response();
      assertTrue(Http.statusLine(response).startsWith("HTTP/1.1 413 "), response);
    }
  }

  @Test
  void predict_clientStopsHalfWayThroughTheBody_is408AndTheServerStaysUp() throws IOException {
    try (Http.Raw raw = http.open()) {
      String response = raw.write("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + CreditModels.APPLICANT.length() + "\r\n\r\n" + CreditModels.APPLICANT.substring(0, 40))
          .response();
      assertTrue(Http.statusLine(response).startsWith("HTTP/1.1 408 "), response);
      assertEquals("{\"error\":\"the body did not arrive within the request time limit of 500 ms; send the whole request at"
          + " once. Raise the limit with mlengine serve --request-timeout-ms N (ModelServer builder requestTimeout).\"}",
          Http.body(response));
    }
    assertEquals(200, http.post("/predict", CreditModels.APPLICANT).statusCode());
  }

  @Test
  void infer_twoRows_answersLabelsAndProbabilitiesWithTheIdEchoed() {
    String body = "{\"id\":\"batch-1\",\"inputs\":[" + v2Inputs(CreditModels.credit(), 0, 2) + "]}";
    List<Prediction> expected = reference.predictAll(CreditModels.credit().rows(new int[] {0, 1}).drop("Status"));
    HttpResponse<String> response = http.post("/v2/models/credit/infer", body);
    assertEquals("{\"model_name\":\"credit\",\"model_version\":\"" + reference.bundle().id() + "\",\"id\":\"batch-1\","
        + "\"outputs\":[{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[2],\"data\":[\""
        + expected.get(0).label().orElseThrow() + "\",\"" + expected.get(1).label().orElseThrow() + "\"]},"
        + "{\"name\":\"probabilities\",\"datatype\":\"FP64\",\"shape\":[2,2],\"parameters\":{\"classes\":[\"bad\",\"good\"]},"
        + "\"data\":[" + expected.get(0).probability("bad") + "," + expected.get(0).probability("good") + ","
        + expected.get(1).probability("bad") + "," + expected.get(1).probability("good") + "]}]}", response.body());
    assertEquals(200, response.statusCode());
  }

  @Test
  void infer_missingInput_is400NamingTheColumnAndItsDatatypes() {
    String inputs = v2Inputs(CreditModels.credit().drop("Home"), 0, 1);
    assertError(http.post("/v2/models/credit/infer", "{\"inputs\":[" + inputs + "]}"), 400, "missing input 'Home'"
        + " (CATEGORICAL, send it as BYTES or INT64 or INT32 or BOOL); the model reads [Seniority, Home, Time, Age, Marital,"
        + " Records, Job, Expenses, Income, Assets, Debt, Amount, Price].");
  }

  @Test
  void infer_wrongDatatypeOrShape_is400() {
    String inputs = v2Inputs(CreditModels.credit(), 0, 1);
    assertError(http.post("/v2/models/credit/infer", "{\"inputs\":[" + inputs.replace(
        "{\"name\":\"Age\",\"datatype\":\"FP64\"", "{\"name\":\"Age\",\"datatype\":\"BYTES\"") + "]}"), 400,
        "input 'Age' is BYTES but column 'Age' is NUMERIC; send it as FP64 or FP32 or FP16 or INT64 or INT32 or INT16 or"
            + " INT8 or UINT64 or UINT32 or UINT16 or UINT8.");
    assertError(http.post("/v2/models/credit/infer", "{\"inputs\":[" + inputs.replace(
        "{\"name\":\"Age\",\"datatype\":\"FP64\",\"shape\":[1]", "{\"name\":\"Age\",\"datatype\":\"FP64\",\"shape\":[2]")
        + "]}"), 400, "input 'Age' has shape [2] but holds 1 values; send as many values as the shape says.");
  }

  @Test
  void infer_idLongerThanARequestId_is400() {
    String body = "{\"id\":\"" + "b".repeat(200) + "\",\"inputs\":[" + v2Inputs(CreditModels.credit(), 0, 1) + "]}";
    assertError(http.post("/v2/models/credit/infer", body), 400, "the request's \"id\" is \"" + "b".repeat(37) + "...\"; send"
        + " 1 to 128 visible ASCII characters, or leave it out for an id the server makes.");
  }

  @Test
  void infer_inputsWithoutData_scoreNoRows_insteadOfFailing() {
    String inputs = v2Inputs(CreditModels.credit(), 0, 1).replaceAll("\"shape\":\\[1\\],\"data\":\\[[^\\]]*\\]", "\"shape\":[0]");
    HttpResponse<String> response = http.post("/v2/models/credit/infer", "{\"id\":\"none\",\"inputs\":[" + inputs + "]}");
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.body().contains("{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[0],\"data\":[]}"), response.body());
  }

  @Test
  void events_toAModelThatReadsNoPastEvents_is404() {
    assertError(http.post("/v2/models/credit/events/rows", "{\"Income\":1}"), 404, "model 'credit' reads no past events, so it"
        + " takes none; its bundle has no window or aggregate step.");
  }

  @Test
  void head_onAGetEndpoint_answersItsStatusWithoutABody() {
    HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v2/health/ready"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertEquals(200, response.statusCode());
    assertEquals("", response.body());
  }

  @Test
  void forBundle_withStepsThatReadThePast_withoutAHistory_isRefusedAtStart_notAnsweredWith503s() {
    java.nio.file.Path windows = java.nio.file.Path.of("../mlengine-serving/src/test/resources/golden/format-1/chicago-windows.mlb");
    IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ModelServer.forBundle(windows).port(0).build().start());
    assertTrue(refused.getMessage().endsWith("has window or aggregate steps that read each request's past events, and this"
        + " server keeps no history of them, so every answer would fail; give it one (mlengine serve BUNDLE.mlb --history DIR,"
        + " or --history redis://HOST:PORT; ModelServer builder diskHistory(dir, FsyncPolicy.always()) or redisHistory(uri))"
        + " and append events with POST /v2/models/chicago-windows/events/<source>, or serve it in process with"
        + " Predictor.withHistory(...)."), refused.getMessage());
  }

  /** V2 inputs for rows [from, to) of a table: NUMERIC as FP64, the others as BYTES. */
  static String v2Inputs(Table table, int from, int to) {
    List<String> inputs = new ArrayList<>();
    for (Schema.Field field : table.schema().columns()) {
      boolean numeric = field.type() == org.mlengine.runtime.ColumnType.NUMERIC;
      StringBuilder data = new StringBuilder();
      for (int r = from; r < to; r++) {
        data.append(r > from ? "," : "").append(numeric ? String.valueOf(table.numeric(field.name(), r))
            : "\"" + table.string(field.name(), r) + "\"");
      }
      inputs.add("{\"name\":\"" + field.name() + "\",\"datatype\":\"" + (numeric ? "FP64" : "BYTES") + "\",\"shape\":["
          + (to - from) + "],\"data\":[" + data + "]}");
    }
    return String.join(",", inputs);
  }

  @Test
  void metadataAndHealth_answerKServesShapes() throws IOException {
    assertEquals("{\"live\":true}", http.get("/v2/health/live").body());
    assertEquals("{\"ready\":true}", http.get("/v2/health/ready").body());
    assertEquals("{\"name\":\"credit\",\"ready\":true}", http.get("/v2/models/credit/ready").body());
    assertEquals("{\"name\":\"mlengine\",\"version\":\"development\",\"extensions\":[]}", http.get("/v2").body());
    JsonNode metadata = JSON.readTree(http.get("/v2/models/credit").body());
    assertEquals(reference.bundle().id(), metadata.get("versions").get(0).asText());
    assertEquals(13, metadata.get("inputs").size());
    assertEquals("{\"name\":\"Home\",\"datatype\":\"BYTES\",\"shape\":[-1],\"parameters\":{\"categories\":[\"ignore\","
        + "\"other\",\"owner\",\"parents\",\"priv\",\"rent\"]}}", metadata.get("inputs").get(1).toString());
    assertEquals("[{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[-1]},{\"name\":\"probabilities\",\"datatype\":"
        + "\"FP64\",\"shape\":[-1,2]}]", metadata.get("outputs").toString());
  }

  @Test
  void metrics_countRequestsErrorsLatencyAndTheModelVersion() {
    http.post("/predict", CreditModels.APPLICANT);
    http.post("/predict", "{");
    String text = http.get("/metrics").body();
    for (String meter : List.of("mlengine_requests_total{endpoint=\"predict\",status=\"200\"}",
        "mlengine_request_errors_total{endpoint=\"predict\",status=\"400\"}",
        "mlengine_request_seconds_bucket{endpoint=\"predict\",le=",
        "mlengine_rows_scored_total{model=\"credit\"}",
        "mlengine_model_swaps_total{model=\"credit\"} 0.0",
        "mlengine_model_swap_failures_total{model=\"credit\"} 0.0",
        "mlengine_model_info{model=\"credit\",version=\"" + reference.bundle().id() + "\"} 1",
        "jvm_memory_used_bytes")) {
      assertTrue(text.contains(meter), meter + " is not in\n" + text);
    }
  }

  @Test
  void openapi_listsEveryInputColumnWithItsType() throws IOException {
    JsonNode doc = JSON.readTree(http.get("/openapi.json").body());
    assertEquals("3.0.3", doc.get("openapi").asText());
    JsonNode row = doc.get("components").get("schemas").get("Row");
    List<String> names = new ArrayList<>();
    row.get("properties").fieldNames().forEachRemaining(names::add);
    assertEquals(reference.inputSchema().names(), names);
    assertEquals("{\"type\":\"number\",\"nullable\":true}", row.get("properties").get("Age").toString());
    assertEquals("{\"type\":\"string\",\"enum\":[\"ignore\",\"other\",\"owner\",\"parents\",\"priv\",\"rent\",null],"
        + "\"nullable\":true}", row.get("properties").get("Home").toString());
    assertTrue(doc.get("paths").has("/v2/models/credit/infer"));
  }
}
