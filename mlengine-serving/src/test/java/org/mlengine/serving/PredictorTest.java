package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.core.TestData;
import org.mlengine.core.Trainers;
import org.mlengine.features.Features;

class PredictorTest {
  @TempDir Path dir;

  /** x1, x2 numeric, a categorical "c" one-hot encoded with the "error" policy. */
  private static PipelineResult withCategory() {
    Table base = TestData.binary(300, 21);
    String[] c = new String[base.rowCount()];
    for (int r = 0; r < c.length; r++) {
      c[r] = r % 3 == 0 ? "red" : r % 3 == 1 ? "green" : "blue";
    }
    return Pipeline.builder().target("y").split(Split.stratified(0.8))
        .add(Features.oneHot("c").onUnknown(Features.Unknown.ERROR))
        .trainer(Trainers.logisticRegression()).seed(3).build().fit(base.withCategorical("c", c));
  }

  private static Map<String, Object> request(double x1, double x2, String c) {
    Map<String, Object> m = new HashMap<>();
    m.put("x1", x1);
    m.put("x2", x2);
    m.put("c", c);
    return m;
  }

  @Test
  void predict_map_equalsTheFittedPipelineAndCarriesTheBundleId() throws Exception {
    PipelineResult result = withCategory();
    Path file = dir.resolve("m.mlb");
    result.bundle().save(file);
    try (Predictor predictor = Predictor.load(file)) {
      Prediction p = predictor.predict(request(1.5, -0.2, "red"));
      var expected = result.pipeline().score(Table.builder().numeric("x1", 1.5).numeric("x2", -0.2).categorical("c", "red").build());
      assertEquals(expected.label(0), p.label().orElseThrow());
      assertEquals(expected.probability(0, 1), p.probability("yes"), 0);
      assertEquals(result.bundle().id(), p.bundleId());
      assertEquals(1.0, p.probability("no") + p.probability("yes"), 1e-12);
    }
  }

  @Test
  void predict_numericText_isParsed() {
    Predictor predictor = Predictor.of(withCategory().bundle());
    Map<String, Object> m = request(0, 0, "red");
    m.put("x1", " 1.5 ");
    assertEquals(predictor.predict(request(1.5, 0, "red")), predictor.predict(m));
  }

  @Test
  void predict_missingColumn_namesItAndWhatTheModelReads() {
    Predictor predictor = Predictor.of(withCategory().bundle());
    Map<String, Object> m = request(1, 2, "red");
    m.remove("x2");
    var e = assertThrows(InvalidInputException.class, () -> predictor.predict(m));
    assertEquals("x2", e.column());
    assertEquals("missing column 'x2' (NUMERIC); the model reads [x1, x2, c]. Add it to the request; give a missing value as null.", e.getMessage());
  }

  @Test
  void predict_wrongType_namesColumnValueAndExpectation() {
    Predictor predictor = Predictor.of(withCategory().bundle());
    Map<String, Object> m = request(1, 2, "red");
    m.put("x1", "lots");
    var e = assertThrows(InvalidInputException.class, () -> predictor.predict(m));
    assertEquals("x1", e.column());
    assertEquals("column 'x1' is NUMERIC but the request gives String \"lots\"; expected a number (or numeric text).", e.getMessage());
    m.put("x1", 1.0);
    m.put("c", 2.5);
    var e2 = assertThrows(InvalidInputException.class, () -> predictor.predict(m));
    assertEquals("column 'c' is CATEGORICAL but the request gives Double 2.5; expected text (or a whole number).", e2.getMessage());
  }

  @Test
  void predict_unknownCategoryUnderErrorPolicy_isATypedError() {
    Predictor predictor = Predictor.of(withCategory().bundle());
    var e = assertThrows(InvalidInputException.class, () -> predictor.predict(request(1, 2, "purple")));
    assertEquals("c", e.column());
    assertEquals("column 'c' has unknown category 'purple' at row 0; known categories are [blue, green, red]. "
        + "Use Features.oneHot(\"c\").onUnknown(Unknown.IGNORE) to encode it as all zeros, or retrain with data that has it.", e.getMessage());
  }

  @Test
  void predict_missingNumericWithoutImputation_saysToImpute() {
    Predictor predictor = Predictor.of(withCategory().bundle());
    var e = assertThrows(InvalidInputException.class, () -> predictor.predict(request(Double.NaN, 2, "red")));
    assertEquals("x1", e.column());
    assertEquals("feature 'x1' is missing (NaN) after all steps at row 0; the model cannot score a missing value. "
        + "Send a value, or add Features.impute(\"x1\") to the pipeline.", e.getMessage());
  }

  @Test
  void closed_predictorRefusesWork() {
    Predictor predictor = Predictor.of(withCategory().bundle());
    predictor.close();
    var e = assertThrows(IllegalStateException.class, () -> predictor.predict(request(1, 2, "red")));
    assertEquals("this predictor is closed; load the bundle again with Predictor.load(path)", e.getMessage());
  }

  @Test
  void predictAll_equalsRowByRowPredictions() {
    PipelineResult result = withCategory();
    Predictor predictor = Predictor.of(result.bundle());
    Table rows = TestData.binary(30, 5).drop("y").withCategorical("c", repeat("blue", 30));
    List<Prediction> batch = predictor.predictAll(rows);
    for (int r = 0; r < rows.rowCount(); r++) {
      assertEquals(batch.get(r), predictor.predict(rows.row(r)));
    }
  }

  @Test
  void sixteenThreadsSharingOnePredictor_getTheSingleThreadedAnswers_overAMillionPredictions() throws Exception {
    Predictor predictor = Predictor.of(withCategory().bundle());
    String id = predictor.bundle().id();
    List<Map<String, Object>> requests = new ArrayList<>();
    List<Prediction> expected = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Map<String, Object> m = request(Math.sin(i) * 3, Math.cos(i), i % 3 == 0 ? "red" : i % 3 == 1 ? "green" : "blue");
      requests.add(m);
      expected.add(predictor.predict(m));
    }
    int threads = 16;
    int perThread = 1_000_000 / threads;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t * 37;
        results.add(pool.submit(() -> {
          int mismatches = 0;
          for (int k = 0; k < perThread; k++) {
            int i = (offset + k) % requests.size();
            Prediction p = predictor.predict(requests.get(i));
            if (!p.equals(expected.get(i)) || !p.bundleId().equals(id)) {
              mismatches++;
            }
          }
          return mismatches;
        }));
      }
      for (Future<Integer> f : results) {
        assertEquals(0, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void predictAll_withARefusedRow_namesThatRow() {
    Predictor predictor = Predictor.of(withCategory().bundle());
    Table rows = TestData.binary(6, 5).drop("y").withCategorical("c", repeat("blue", 6));
    double[] x1 = rows.numericColumn("x1");
    x1[3] = Double.NaN;
    var e = assertThrows(InvalidInputException.class, () -> predictor.predictAll(rows.withNumeric("x1", x1)));
    assertEquals("feature 'x1' is missing (NaN) after all steps at row 3; the model cannot score a missing value. "
        + "Send a value, or add Features.impute(\"x1\") to the pipeline.", e.getMessage());
  }

  private static String[] repeat(String value, int n) {
    String[] out = new String[n];
    java.util.Arrays.fill(out, value);
    return out;
  }
}
