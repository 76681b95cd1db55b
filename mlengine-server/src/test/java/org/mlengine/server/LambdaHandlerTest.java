package org.mlengine.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/** The Lambda handler answering events recorded in API Gateway's shapes (src/test/resources/lambda). */
class LambdaHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path directory;
  static Path bundle;
  static LambdaHandler handler;

  @BeforeAll
  static void load() throws IOException {
    bundle = directory.resolve("credit.mlb");
    CreditModels.classifier().save(bundle);
    handler = new LambdaHandler(bundle);
  }

  /** The response a handler gives to a recorded event, checked to be a proxy response. */
  private static Response invoke(LambdaHandler handler, byte[] event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, new TestContext());
    JsonNode response = JSON.readTree(out.toByteArray());
    assertEquals("application/json", response.path("headers").path("Content-Type").asText());
    assertEquals(false, response.path("isBase64Encoded").asBoolean(true));
    return new Response(response.path("statusCode").asInt(), response.path("body").asText());
  }

  private static Response invoke(String recordedEvent) throws IOException {
    return invoke(handler, recorded(recordedEvent));
  }

  private static byte[] recorded(String name) throws IOException {
    try (InputStream in = LambdaHandlerTest.class.getResourceAsStream("/lambda/" + name)) {
      return in.readAllBytes();
    }
  }

  private record Response(int status, String body) {}

  /** The body the contract gives for the recorded events' applicant, scored by the bundle in process. */
  private static String answer(String requestId) throws IOException {
    try (Predictor predictor = Predictor.load(bundle)) {
      JsonNode event = JSON.readTree(recorded("rest-v1-predict.json"));
      @SuppressWarnings("unchecked")
      Map<String, Object> row = JSON.readValue(event.path("body").asText(), Map.class);
      Prediction p = predictor.predict(new JsonCodec(predictor.inputSchema()).request(JSON.writeValueAsBytes(row)));
      return "{\"request_id\":\"" + requestId + "\",\"model_version\":\"" + p.bundleId() + "\",\"answer\":{\"kind\":\"MODEL\","
          + "\"name\":\"champion\"},\"label\":\"" + p.label().orElseThrow() + "\",\"probabilities\":{\"bad\":"
          + p.probability("bad") + ",\"good\":" + p.probability("good") + "}}";
    }
  }

  @Test
  void handleRequest_restApiPredict_scoresTheRowUnderTheCallersRequestId() throws IOException {
    assertEquals(new Response(200, answer("loan-4711")), invoke("rest-v1-predict.json"));
  }

  @Test
  void handleRequest_httpApiPredict_takesApiGatewaysRequestId() throws IOException {
    assertEquals(new Response(200, answer("JKJaXmPLvHcESHA=")), invoke("http-v2-predict.json"));
  }

  @Test
  void handleRequest_base64Body_isDecoded() throws IOException {
    assertEquals(new Response(200, answer("77375676-xmpl-4b79-853a-f982474efe18")), invoke("rest-v1-predict-base64.json"));
  }

  @Test
  void handleRequest_requestIdThatIsNoId_is400() throws IOException {
    String event = new String(recorded("rest-v1-predict.json"), UTF_8).replace("\"loan-4711\"", "\"loan 4711\"");
    assertEquals(new Response(400, "{\"error\":\"the X-Request-Id header is \\\"loan 4711\\\"; send 1 to 128 visible"
        + " ASCII characters, or leave it out for API Gateway's request id.\"}"), invoke(handler, event.getBytes(UTF_8)));
  }

  @Test
  void handleRequest_malformedJson_is400WithWhereItBroke() throws IOException {
    assertEquals(new Response(400, "{\"error\":\"the body is not valid JSON: Unexpected end-of-input within/between Object entries (line 1,"
        + " column 41). Send one JSON object of column -> value, e.g. {\\\"Seniority\\\":1.5,\\\"Home\\\":\\\"ignore\\\"}.\"}"),
        invoke("http-v2-malformed-json.json"));
  }

  @Test
  void handleRequest_wrongType_is400WithThePredictorsMessage() throws IOException {
    assertEquals(new Response(400, "{\"error\":\"column 'Income' is NUMERIC but the request gives String \\\"high\\\";"
        + " expected a number (or numeric text).\"}"), invoke("http-v2-wrong-type.json"));
  }

  @Test
  void handleRequest_otherMethodOrPath_is405Or404() throws IOException {
    String endpoints = "This function answers POST /predict, POST /v2/models/credit/infer, GET /v2/models/credit and GET"
        + " /openapi.json.";
    assertEquals(new Response(405, "{\"error\":\"GET /predict is not served; send POST /predict with one JSON object of"
        + " column -> value. " + endpoints + "\"}"), invoke("rest-v1-get-predict.json"));
    assertEquals(new Response(404, "{\"error\":\"no endpoint at /score; this function answers POST /predict, POST"
        + " /v2/models/credit/infer, GET /v2/models/credit and GET /openapi.json.\"}"), invoke("http-v2-unknown-path.json"));
    String otherModel = new String(recorded("http-v2-infer.json"), UTF_8).replace("/v2/models/credit/", "/v2/models/fraud/");
    assertEquals(new Response(404, "{\"error\":\"no model 'fraud' here; this function serves 'credit' (GET"
        + " /v2/models/credit).\"}"), invoke(handler, otherModel.getBytes(UTF_8)));
  }

  @Test
  void handleRequest_v2Infer_scoresTheBatchUnderItsId() throws IOException {
    Response response = invoke("http-v2-infer.json");
    assertEquals(200, response.status(), response.body());
    JsonNode body = JSON.readTree(response.body());
    JsonNode inputs = JSON.readTree(JSON.readTree(recorded("http-v2-infer.json")).path("body").asText()).path("inputs");
    try (Predictor predictor = Predictor.load(bundle)) {
      List<String> labels = new ArrayList<>();
      List<Double> probabilities = new ArrayList<>();
      for (int row = 0; row < 2; row++) {
        Map<String, Object> values = new HashMap<>();
        for (JsonNode input : inputs) {
          JsonNode value = input.path("data").path(row);
          values.put(input.path("name").asText(), value.isTextual() ? value.asText() : value.asDouble());
        }
        Prediction p = predictor.predict(values);
        labels.add(p.label().orElseThrow());
        probabilities.add(p.probability("bad"));
        probabilities.add(p.probability("good"));
      }
      assertEquals("credit", body.path("model_name").asText());
      assertEquals(predictor.bundle().id(), body.path("model_version").asText());
      assertEquals("batch-1", body.path("id").asText());
      assertEquals(labels, JSON.convertValue(body.path("outputs").path(0).path("data"), List.class));
      assertEquals(probabilities, JSON.convertValue(body.path("outputs").path(1).path("data"), List.class));
    }
  }

  @Test
  void handleRequest_v2MetadataAndOpenApi_describeTheBundle() throws IOException {
    Response metadata = invoke("http-v2-metadata.json");
    assertEquals(200, metadata.status(), metadata.body());
    JsonNode body = JSON.readTree(metadata.body());
    assertEquals("credit", body.path("name").asText());
    assertEquals(13, body.path("inputs").size());
    String openApi = new String(recorded("http-v2-metadata.json"), UTF_8).replace("/v2/models/credit", "/openapi.json");
    Response document = invoke(handler, openApi.getBytes(UTF_8));
    assertEquals(200, document.status(), document.body());
    assertTrue(JSON.readTree(document.body()).path("paths").has("/predict"), document.body());
  }

  @Test
  void handleRequest_notAnApiGatewayEvent_is400SayingWhatItExpects() throws IOException {
    String expected = "expected an Amazon API Gateway proxy event: a REST API's (payload format 1.0, with httpMethod and"
        + " path) or an HTTP API's (payload format 2.0, with \\\"version\\\":\\\"2.0\\\" and requestContext.http.method);"
        + " invoke the function through API Gateway with a Lambda proxy integration, or send such an event.";
    assertEquals(new Response(400, "{\"error\":\"the event has neither httpMethod nor \\\"version\\\":\\\"2.0\\\"; "
        + expected + "\"}"), invoke(handler, "{\"Records\":[{\"eventSource\":\"aws:s3\"}]}".getBytes(UTF_8)));
    assertEquals(new Response(400, "{\"error\":\"the event is a JSON array; " + expected + "\"}"),
        invoke(handler, "[1]".getBytes(UTF_8)));
    assertEquals(new Response(400, "{\"error\":\"the event's rawPath is missing; " + expected + "\"}"),
        invoke(handler, "{\"version\":\"2.0\",\"requestContext\":{\"http\":{\"method\":\"POST\"}}}".getBytes(UTF_8)));
    assertEquals(new Response(400, "{\"error\":\"the event is not JSON (Unrecognized token 'predict': was expecting"
        + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')); expected an Amazon API"
        + " Gateway proxy event.\"}"), invoke(handler, "predict please".getBytes(UTF_8)));
  }

  @Test
  void handleRequest_bodyMarkedBase64ButNot_is400() throws IOException {
    String event = new String(recorded("rest-v1-predict-base64.json"), UTF_8).replaceFirst("\"body\": \"[^\"]*\"",
        "\"body\": \"{not base64}\"");
    assertEquals(new Response(400, "{\"error\":\"the event's body is marked isBase64Encoded but is not base64 (Illegal"
        + " base64 character 7b); send the body base64-encoded, or set isBase64Encoded to false.\"}"),
        invoke(handler, event.getBytes(UTF_8)));
  }

  @Test
  void handleRequest_bundleFileGoneAfterStart_stillAnswers(@TempDir Path elsewhere) throws IOException {
    Path copy = Files.copy(bundle, elsewhere.resolve("credit.mlb"));
    LambdaHandler loadedOnce = new LambdaHandler(copy);
    Files.delete(copy);
    for (int i = 0; i < 3; i++) {
      assertEquals(new Response(200, answer("loan-4711")), invoke(loadedOnce, recorded("rest-v1-predict.json")));
    }
  }

  @Test
  void bundle_variableUnsetOrNamingNoFile_saysHowToSetIt() {
    assertEquals("MLENGINE_BUNDLE is not set; set it in the function's environment to the path of the bundle file to"
        + " serve, e.g. MLENGINE_BUNDLE=/var/task/credit.mlb for a bundle at the root of the function's zip.",
        assertThrows(IllegalStateException.class, () -> LambdaHandler.bundle(Map.of())).getMessage());
    assertEquals("MLENGINE_BUNDLE=/var/task/nothing.mlb names no file; package the bundle with the function (files at"
        + " the zip's root are under /var/task, a layer's under /opt) and set the variable to its path.",
        assertThrows(IllegalStateException.class,
            () -> LambdaHandler.bundle(Map.of("MLENGINE_BUNDLE", "/var/task/nothing.mlb"))).getMessage());
    assertEquals(bundle, LambdaHandler.bundle(Map.of("MLENGINE_BUNDLE", bundle.toString())));
  }

  @Test
  void constructor_fileThatIsNoBundle_namesTheVariableAndTheFile(@TempDir Path elsewhere) throws IOException {
    Path notABundle = Files.writeString(elsewhere.resolve("credit.mlb"), "Status,Income\n");
    String message = assertThrows(IllegalStateException.class, () -> new LambdaHandler(notABundle)).getMessage();
    assertTrue(message.startsWith("MLENGINE_BUNDLE=" + notABundle + " could not be loaded: "), message);
    assertTrue(message.endsWith("; point it at a bundle file (.mlb) written by ModelBundle.save and packaged with the"
        + " function."), message);
  }
}
