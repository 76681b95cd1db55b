package org.mlengine.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.serving.Deployment;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;
import org.mlengine.serving.Request;

class JsonCodecTest {
  static Predictor predictor;
  static JsonCodec codec;

  @BeforeAll
  static void load() {
    predictor = Predictor.of(CreditModels.classifier());
    codec = new JsonCodec(predictor.inputSchema());
  }

  @AfterAll
  static void close() {
    predictor.close();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(UTF_8);
  }

  private static String refusal(String body) {
    return assertThrows(HttpError.class, () -> codec.request(utf8(body))).getMessage();
  }

  private static String scoringError(String body) {
    return assertThrows(InvalidInputException.class, () -> predictor.predict(codec.request(utf8(body)))).getMessage();
  }

  @Test
  void request_applicant_givesEachColumnTheValueThePredictorTakes() {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("Seniority", 9.0);
    expected.put("Home", "rent");
    expected.put("Time", 60.0);
    expected.put("Age", 30.0);
    expected.put("Marital", "married");
    expected.put("Records", "no");
    expected.put("Job", "freelance");
    expected.put("Expenses", 73.0);
    expected.put("Income", 129.0);
    expected.put("Assets", 0.0);
    expected.put("Debt", 0.0);
    expected.put("Amount", 800.0);
    expected.put("Price", 846.0);
    assertEquals(expected, codec.request(utf8(CreditModels.APPLICANT)).values());
    assertEquals(predictor.predict(CreditModels.credit().row(0)), predictor.predict(codec.request(utf8(CreditModels.APPLICANT))));
  }

  @Test
  void request_keysOutsideTheSchemaAndNulls_skipsTheKeysAndKeepsTheNulls() {
    String body = CreditModels.APPLICANT.replace("\"Income\":129", "\"Income\":null,\"note\":{\"from\":[\"crm\"]}");
    Map<String, Object> values = codec.request(utf8(body)).values();
    assertEquals(13, values.size());
    assertTrue(values.containsKey("Income"));
    assertNull(values.get("Income"));
  }

  @Test
  void request_wholeNumberForACategory_isALongThePredictorTakes() {
    Object job = codec.request(utf8(CreditModels.APPLICANT.replace("\"Job\":\"freelance\"", "\"Job\":3"))).values().get("Job");
    assertEquals(3L, job);
  }

  @Test
  void request_malformedJson_namesTheProblemAndWhere() {
    assertEquals("the body is not valid JSON: Unexpected character ('}' (code 125)): was expecting double-quote to start"
        + " field name (line 1, column 13). Send one JSON object of column -> value, e.g. {\"Seniority\":1.5,\"Home\":\"ignore\"}.",
        refusal("{\"Age\": 30, }"));
  }

  @Test
  void request_cutShort_saysTheBodyEndedEarly() {
    assertEquals("the body is not valid JSON: Unexpected end-of-input: expected close marker for Object (start marker at"
        + " [line: 1, column: 1]) (line 1, column 11). Send one JSON object of column -> value, e.g. {\"Seniority\":1.5,\"Home\":\"ignore\"}.",
        refusal("{\"Age\": 30"));
  }

  @Test
  void request_emptyBody_asksForAnObject() {
    assertEquals("the body is empty; send one JSON object of column -> value, e.g. {\"Seniority\":1.5,\"Home\":\"ignore\"}."
        + " Score many rows at once with POST /v2/models/<name>/infer.", refusal(""));
  }

  @Test
  void request_array_pointsToTheBatchEndpoint() {
    assertEquals("the body is a JSON array; send one JSON object of column -> value, e.g."
        + " {\"Seniority\":1.5,\"Home\":\"ignore\"}. Score many rows at once with POST /v2/models/<name>/infer.",
        refusal("[" + CreditModels.APPLICANT + "]"));
  }

  @Test
  void request_twoValues_refusesTheSecond() {
    assertEquals("the body holds more than one JSON value (a JSON object after the object, at line 1, column 4); send exactly"
        + " one JSON object of column -> value, e.g. {\"Seniority\":1.5,\"Home\":\"ignore\"}.", refusal("{} {}"));
  }

  @Test
  void request_keyTwice_namesIt() {
    assertEquals("column 'Age' appears twice in the JSON object; send each column once.",
        refusal(CreditModels.APPLICANT.replace("\"Age\":30", "\"Age\":30,\"Age\":31")));
    assertEquals("column 'note' appears twice in the JSON object; send each column once.",
        refusal("{\"note\":1,\"note\":[2]}"));
  }

  @Test
  void request_objectAsAValue_namesTheColumnAndWhatItExpects() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> codec.request(utf8(CreditModels.APPLICANT.replace("\"Age\":30", "\"Age\":{\"years\":30}"))));
    assertEquals("Age", e.column());
    assertEquals("column 'Age' is NUMERIC but the request gives a JSON object; expected a number, or null for a missing value.",
        e.getMessage());
    assertEquals("column 'Home' is CATEGORICAL but the request gives a JSON array; expected text (or a whole number), or null"
        + " for a missing value.", assertThrows(InvalidInputException.class,
            () -> codec.request(utf8(CreditModels.APPLICANT.replace("\"rent\"", "[\"rent\"]")))).getMessage());
  }

  @Test
  void request_wrongTypeOrMissingColumn_getsThePredictorsMessage() {
    assertEquals("column 'Age' is NUMERIC but the request gives String \"thirty\"; expected a number (or numeric text).",
        scoringError(CreditModels.APPLICANT.replace("\"Age\":30", "\"Age\":\"thirty\"")));
    assertEquals("column 'Age' is NUMERIC but the request gives Boolean true; expected a number (or numeric text).",
        scoringError(CreditModels.APPLICANT.replace("\"Age\":30", "\"Age\":true")));
    assertEquals("column 'Home' is CATEGORICAL but the request gives Double 1.5; expected text (or a whole number).",
        scoringError(CreditModels.APPLICANT.replace("\"rent\"", "1.5")));
    assertEquals("missing column 'Income' (NUMERIC); the model reads [Seniority, Home, Time, Age, Marital, Records, Job,"
        + " Expenses, Income, Assets, Debt, Amount, Price]. Add it to the request; give a missing value as null.",
        scoringError(CreditModels.APPLICANT.replace("\"Income\":129,", "")));
  }

  @Test
  void prediction_classification_writesTheContractsBody() {
    try (Deployment deployment = Deployment.single(Predictor.of(CreditModels.classifier()))) {
      Prediction p = deployment.predict("r-1", codec.request(utf8(CreditModels.APPLICANT)));
      assertEquals("{\"request_id\":\"r-1\",\"model_version\":\"" + p.bundleId() + "\",\"answer\":{\"kind\":\"MODEL\","
          + "\"name\":\"champion\"},\"label\":\"" + p.label().orElseThrow() + "\",\"probabilities\":{\"bad\":"
          + p.probability("bad") + ",\"good\":" + p.probability("good") + "}}", new String(JsonCodec.prediction(p), UTF_8));
    }
  }

  @Test
  void prediction_regression_writesTheValue() {
    try (Deployment deployment = Deployment.single(Predictor.of(CreditModels.regression()))) {
      Prediction p = deployment.predict("r-2", Request.builder().put("Status", "good").put("Seniority", 9).put("Home", "rent")
          .put("Time", 60).put("Age", 30).put("Marital", "married").put("Records", "no").put("Job", "freelance")
          .put("Expenses", 73).put("Income", 129).put("Assets", 0).put("Debt", 0).put("Price", 846).build());
      assertEquals("{\"request_id\":\"r-2\",\"model_version\":\"" + p.bundleId() + "\",\"answer\":{\"kind\":\"MODEL\","
          + "\"name\":\"champion\"},\"value\":" + p.value() + "}", new String(JsonCodec.prediction(p), UTF_8));
    }
  }

  @Test
  void error_quotesAndNewlines_areEscaped() {
    assertEquals("{\"error\":\"column 'Age' is \\\"x\\\"\\nsee\"}", new String(JsonCodec.error("column 'Age' is \"x\"\nsee"), UTF_8));
  }
}
