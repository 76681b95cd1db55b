package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.core.TestData;
import org.mlengine.core.Trainers;
import org.mlengine.features.Features;

/** Every kind of bad request, answered with a typed, exact error or the bundle's declared policy. */
class PredictorBadInputTest {
  /** x1 imputed (so null/NaN follow the impute policy), x2 not (so a missing x2 is an error), c one-hot with "error". */
  static Predictor predictor;

  @BeforeAll
  static void fit() {
    Table base = TestData.binary(300, 21);
    String[] c = new String[base.rowCount()];
    for (int r = 0; r < c.length; r++) {
      c[r] = r % 3 == 0 ? "red" : r % 3 == 1 ? "green" : "blue";
    }
    predictor = Predictor.of(Pipeline.builder().target("y").split(Split.stratified(0.8))
        .add(Features.impute("x1").median(), Features.oneHot("c").onUnknown(Features.Unknown.ERROR))
        .trainer(Trainers.logisticRegression()).seed(3).build().fit(base.withCategorical("c", c)).bundle());
  }

  static Map<String, Object> valid() {
    Map<String, Object> m = new HashMap<>();
    m.put("x1", 0.5);
    m.put("x2", -1.0);
    m.put("c", "red");
    return m;
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        bad("missing column", m -> m.remove("x2"), "x2",
            "missing column 'x2' (NUMERIC); the model reads [x1, x2, c]. Add it to the request; give a missing value as null."),
        bad("null without imputation", m -> m.put("x2", null), "x2",
            "feature 'x2' is missing (NaN) after all steps at row 0; the model cannot score a missing value. Send a value, or add Features.impute(\"x2\") to the pipeline."),
        bad("NaN without imputation", m -> m.put("x2", Double.NaN), "x2",
            "feature 'x2' is missing (NaN) after all steps at row 0; the model cannot score a missing value. Send a value, or add Features.impute(\"x2\") to the pipeline."),
        bad("+Infinity", m -> m.put("x1", Double.POSITIVE_INFINITY), "x1",
            "column 'x1' is Infinity; expected a finite number. Send null or NaN for a missing value."),
        bad("-Infinity", m -> m.put("x2", Double.NEGATIVE_INFINITY), "x2",
            "column 'x2' is -Infinity; expected a finite number. Send null or NaN for a missing value."),
        bad("numeric text that overflows", m -> m.put("x2", "1e999"), "x2",
            "column 'x2' is Infinity; expected a finite number. Send null or NaN for a missing value."),
        bad("wrong type for a number", m -> m.put("x1", true), "x1",
            "column 'x1' is NUMERIC but the request gives Boolean true; expected a number (or numeric text)."),
        bad("non-numeric text", m -> m.put("x1", "12 apples"), "x1",
            "column 'x1' is NUMERIC but the request gives String \"12 apples\"; expected a number (or numeric text)."),
        bad("wrong type for a category", m -> m.put("c", 2.5), "c",
            "column 'c' is CATEGORICAL but the request gives Double 2.5; expected text (or a whole number)."),
        bad("unknown category under 'error'", m -> m.put("c", "purple"), "c",
            "column 'c' has unknown category 'purple' at row 0; known categories are [blue, green, red]. Use Features.oneHot(\"c\").onUnknown(Unknown.IGNORE) to encode it as all zeros, or retrain with data that has it."),
        bad("a 10 MB category", m -> m.put("c", "x".repeat(10 << 20)), "c",
            "column 'c' holds 10485760 characters; the limit is 1000000. Send the category's name, not a document."),
        bad("a 10 MB number", m -> m.put("x1", "9".repeat(10 << 20)), "x1",
            "column 'x1' is NUMERIC but the request gives String \"" + "9".repeat(57) + "...\"; expected a number (or numeric text)."));
  }

  private static Arguments bad(String what, Consumer<Map<String, Object>> change, String column, String message) {
    return Arguments.of(what, change, column, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void badRequest_isATypedErrorWithTheExactMessage(String what, Consumer<Map<String, Object>> change, String column, String message) {
    Map<String, Object> request = valid();
    change.accept(request);
    var e = assertThrows(InvalidInputException.class, () -> predictor.predict(request), what);
    assertEquals(column, e.column());
    assertEquals(message, e.getMessage());
  }

  static Stream<Arguments> answeredByPolicy() {
    return Stream.of(
        Arguments.of("null imputed", (Consumer<Map<String, Object>>) m -> m.put("x1", null), "x1", Double.NaN),
        Arguments.of("NaN imputed", (Consumer<Map<String, Object>>) m -> m.put("x1", Double.NaN), "x1", Double.NaN),
        Arguments.of("numeric text", (Consumer<Map<String, Object>>) m -> m.put("x2", " -1.0 "), "x2", -1.0),
        Arguments.of("a whole number as Integer", (Consumer<Map<String, Object>>) m -> m.put("x2", -1), "x2", -1.0),
        Arguments.of("empty category = missing", (Consumer<Map<String, Object>>) m -> m.put("c", ""), "c", null),
        Arguments.of("extra column ignored", (Consumer<Map<String, Object>>) m -> m.put("unused", "anything"), "unused", "anything"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answeredByPolicy")
  void acceptedRequest_equalsTheCanonicalForm(String what, Consumer<Map<String, Object>> change, String column, Object canonical) {
    Map<String, Object> request = valid();
    change.accept(request);
    Map<String, Object> expected = valid();
    if (expected.containsKey(column)) {
      expected.put(column, canonical);
    }
    assertEquals(predictor.predict(expected), predictor.predict(request), what);
  }

  @Test
  void aMapWith100000Keys_isAnsweredFromTheSchemaColumnsOnly() {
    Map<String, Object> request = valid();
    for (int i = 0; i < 100_000; i++) {
      request.put("noise" + i, i);
    }
    assertEquals(predictor.predict(valid()), predictor.predict(request));
  }

  /** A pipeline reading a TEXT column (TF-IDF) and a TIMESTAMP column (calendar parts). */
  static Predictor textAndTime() {
    int n = 60;
    String[] words = {"good", "bad", "fine", "great", "awful", "okay"};
    String[] review = new String[n];
    java.time.Instant[] when = new java.time.Instant[n];
    String[] label = new String[n];
    for (int r = 0; r < n; r++) {
      review[r] = words[r % 6] + " " + words[(r * 5) % 6] + " food";
      when[r] = java.time.Instant.parse("2024-01-01T00:00:00Z").plus(java.time.Duration.ofHours(7L * r));
      label[r] = r % 6 == 0 || r % 6 == 3 ? "yes" : "no";
    }
    Table table = Table.builder().text("review", review).timestamp("when", when).categorical("label", label).build();
    return Predictor.of(Pipeline.builder().target("label").split(Split.random(0.8))
        .add(Features.tfidf("review"), Features.calendar(java.time.ZoneOffset.UTC, "when").parts(Features.CalendarPart.HOUR))
        .trainer(Trainers.logisticRegression()).seed(4).build().fit(table).bundle());
  }

  @Test
  void textAndTimestamps_emptyTextIsAnEmptyDocument_hugeTextAndFarInstantsAreRefused() {
    Predictor p = textAndTime();
    Map<String, Object> request = new HashMap<>();
    request.put("review", "");
    request.put("when", java.time.Instant.parse("2024-03-01T10:00:00Z"));
    Prediction empty = p.predict(request);
    request.put("review", null);
    assertEquals(empty, p.predict(request), "empty text and a missing text are both an empty document");

    request.put("review", "x".repeat(10 << 20));
    var tooLong = assertThrows(InvalidInputException.class, () -> p.predict(request));
    assertEquals("column 'review' holds 10485760 characters; the limit is 1000000. Shorten the text before scoring it.", tooLong.getMessage());

    request.put("review", "good food");
    request.put("when", java.time.Instant.MAX);
    var far = assertThrows(InvalidInputException.class, () -> p.predict(request));
    assertEquals("when", far.column());
    assertEquals("column 'when' is +1000000000-12-31T23:59:59.999999999Z, outside the supported range; expected an instant"
        + " within 2^53 milliseconds (about 285,000 years) of 1970.", far.getMessage());

    request.put("when", "yesterday");
    var text = assertThrows(InvalidInputException.class, () -> p.predict(request));
    assertEquals("column 'when' is TIMESTAMP but the request gives String \"yesterday\"; expected an ISO-8601 instant such as"
        + " 2024-03-01T12:00:00Z.", text.getMessage());
  }

  @Test
  void nullRequest_saysWhatToPass() {
    var e = assertThrows(NullPointerException.class, () -> predictor.predict((Map<String, ?>) null));
    assertEquals("the request map is null; pass a Map from column name to value", e.getMessage());
  }
}
