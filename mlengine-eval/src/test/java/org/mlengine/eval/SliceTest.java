package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.runtime.IntArray;
import org.mlengine.runtime.Table;
import org.mlengine.core.Trainers;

/**
 * Slices of a small hand-made table. Rows 0–11 train (time 0–11), rows 12–23 are held out (a
 * time-ordered 50/50 split). A depth-1 tree on x learns "yes" for x = 1 and "no" for x = 0 from
 * the pure training rows, so each held-out row's prediction is known by hand:
 *
 * <pre>
 * pos  x  pred  y    ok  Home     Income
 *  0   1  yes   yes  ✓   rent     10
 *  1   1  yes   no   ✗   rent     40
 *  2   0  no    no   ✓   rent     70
 *  3   0  no    yes  ✗   rent     100
 *  4   1  yes   yes  ✓   owner    37.5
 *  5   1  yes   yes  ✓   owner    65
 *  6   0  no    no   ✓   owner    200
 *  7   1  yes   yes  ✓   owner    NaN
 *  8   1  yes   no   ✗   (null)   5
 *  9   0  no    no   ✓   (null)   92.5
 * 10   1  yes   yes  ✓   parents  50
 * 11   0  no    yes  ✗   parents  NaN
 * </pre>
 *
 * Overall accuracy 8/12. Training incomes 10, 20, ..., 120: NumPy 'linear' quartiles at index
 * 11·q: q = 0.25 → 2.75 → 30 + 0.75·10 = 37.5; q = 0.5 → 5.5 → 65; q = 0.75 → 8.25 → 92.5.
 */
class SliceTest {
  static final double[] X = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0, 1, 0};
  static final String[] Y = {"no", "no", "no", "no", "no", "no", "yes", "yes", "yes", "yes", "yes", "yes",
      "yes", "no", "no", "yes", "yes", "yes", "no", "yes", "no", "no", "yes", "yes"};
  static final String[] HOME = {"rent", "rent", "rent", "owner", "owner", "owner", "rent", "rent", "rent", "owner", "owner",
      "owner", "rent", "rent", "rent", "rent", "owner", "owner", "owner", "owner", null, null, "parents", "parents"};
  static final double[] INCOME = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120,
      10, 40, 70, 100, 37.5, 65, 200, Double.NaN, 5, 92.5, 50, Double.NaN};

  static Table table() {
    Instant[] t = new Instant[X.length];
    String[] notes = new String[X.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = Instant.ofEpochSecond(i * 3600L);
      notes[i] = "note " + i;
    }
    return Table.builder().timestamp("t", t).numeric("x", X).categorical("y", Y).categorical("Home", HOME)
        .numeric("Income", INCOME).text("Notes", notes).build();
  }

  static PipelineResult fit(Table table) {
    return Pipeline.builder().target("y").split(Split.timeOrdered("t", 0.5)).drop("Home", "Income", "Notes")
        .trainer(Trainers.cart().maxDepth(1).minChildWeight(1)).bootstrap(0).seed(3).build().fit(table);
  }

  private static final Table TABLE = table();
  private static final PipelineResult RESULT = fit(TABLE);

  @Test
  void fit_handTable_predictsAsTheCommentSays() {
    assertEquals(IntArray.copyOf(List.of(12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23)), RESULT.partition().test());
    int[] predicted = RESULT.testOutcomes().predictedClasses();
    for (int i = 0; i < predicted.length; i++) {
      assertEquals(X[12 + i] == 1 ? "yes" : "no", RESULT.testOutcomes().classes().get(predicted[i]), "held-out row " + i);
    }
  }

  @Test
  void run_defaults_slicesEveryCategoricalAndNumericColumnButTheTarget() {
    SliceReport report = ErrorAnalysis.slices(RESULT, TABLE).minRows(2).run();
    assertEquals("accuracy", report.metricName());
    assertEquals(List.of("x", "Home", "Income"), report.columns()); // t is TIMESTAMP, y the target, Notes TEXT
    // x in training: six 0s, six 1s; quantiles at index 11·q = 0, 2.75, 5.5, 8.25, 11 → 0, 0, 0.5, 1, 1;
    // the repeated 0 and 1 are dropped, leaving the inner edge 0.5.
    assertEquals(Map.of("x", List.of(0.5), "Income", List.of(37.5, 65.0, 92.5)), report.edges());
    // x < 0.5: positions 2, 3, 6, 9, 11 → 3 of 5 right; x >= 0.5: 0, 1, 4, 5, 7, 8, 10 → 5 of 7.
    assertEquals(List.of("x < 0.5 5 " + 3.0 / 5, "x >= 0.5 7 " + 5.0 / 7),
        report.column("x").stream().map(s -> s.label() + " " + s.rows() + " " + s.value().value()).toList());
  }

  @Test
  void run_accuracy_givesExactSlicesCountsAndOrder() {
    SliceReport report = ErrorAnalysis.slices(RESULT, TABLE).metric(Metrics.accuracy()).columns("Home", "Income").minRows(2).run();
    assertEquals(8.0 / 12, report.overall().value());
    assertEquals(Bounds.wilson(8, 12, 0.95), report.overall().interval().orElseThrow());
    assertEquals(12, report.testRows());
    assertEquals("Wilson 95%", report.intervalMethod());

    // worseBy = 8/12 − value; ties keep column order (categories sorted, missing last; bins ascending).
    List<String> order = report.slices().stream().map(s -> s.label() + " " + s.rows() + " " + s.value().value()).toList();
    assertEquals(List.of(
        "Home=parents 2 0.5",           // 10 ✓, 11 ✗: worse by 8/12 − 1/2 = 1/6
        "Home=rent 4 0.5",              // 0 ✓, 1 ✗, 2 ✓, 3 ✗
        "Home missing 2 0.5",           // 8 ✗, 9 ✓
        "Income < 37.5 2 0.5",          // 10 ✓ and 5 ✗ (below the training range)
        "Income missing 2 0.5",         // 7 ✓, 11 ✗
        "Income in [37.5, 65) 3 " + 2.0 / 3,  // 37.5 ✓ (an edge opens its bin), 40 ✗, 50 ✓: worse by 0
        "Income >= 92.5 3 " + 2.0 / 3,        // 92.5 ✓, 100 ✗, 200 ✓
        "Home=owner 4 1.0",             // 4, 5, 6, 7 ✓: worse by −1/3
        "Income in [65, 92.5) 2 1.0"),  // 65 ✓, 70 ✓
        order);
    assertTrue(report.slices().stream().allMatch(s -> s.status() == Slice.Status.RANKED));
    Slice rent = report.slices().get(1);
    assertEquals(8.0 / 12 - 0.5, rent.worseBy());
    assertEquals(Bounds.wilson(2, 4, 0.95), rent.value().interval().orElseThrow());
    assertEquals("Home=rent (n=4): accuracy 0.5000 [0.1500, 0.8500] vs 0.6667 overall", rent.toString());
    assertEquals(List.of(report.slices().get(0), rent), report.worst(2));
    assertEquals(4, report.column("Home").size());
    // Per column the slices hold every held-out row once.
    assertEquals(12, report.column("Home").stream().mapToInt(Slice::rows).sum());
    assertEquals(12, report.column("Income").stream().mapToInt(Slice::rows).sum());
  }

  @Test
  void run_minRows_listsSmallSlicesAfterTheRankedOnes() {
    SliceReport report = ErrorAnalysis.slices(RESULT, TABLE).columns("Home", "Income").minRows(3).run();
    List<String> order = report.slices().stream().map(s -> s.label() + " " + s.status()).toList();
    assertEquals(List.of(
        "Home=rent RANKED", "Income in [37.5, 65) RANKED", "Income >= 92.5 RANKED", "Home=owner RANKED",
        "Home=parents TOO_SMALL", "Home missing TOO_SMALL", "Income < 37.5 TOO_SMALL", "Income in [65, 92.5) TOO_SMALL",
        "Income missing TOO_SMALL"), order);
    assertEquals(4, report.worst(10).size());
    Slice parents = report.slices().get(4);
    assertEquals(0.5, parents.value().value());
    assertEquals("Home=parents (n=2): accuracy 0.5000 [0.0945, 0.9055] vs 0.6667 overall; too small to rank", parents.toString());
  }

  @Test
  void run_rocAuc_reportsSlicesWithOneClassAsUndefined() {
    SliceReport report = ErrorAnalysis.slices(RESULT, TABLE).metric(Metrics.rocAuc()).columns("Home", "Income").minRows(2)
        .resamples(200).seed(7).run();
    // Home=parents holds 10 and 11 (both yes), Home missing 8 and 9 (both no), Income missing 7 and 11
    // (both yes): one class each.
    List<Slice> undefined = report.slices().stream().filter(s -> s.status() == Slice.Status.UNDEFINED).toList();
    assertEquals(List.of("Home=parents", "Home missing", "Income missing"), undefined.stream().map(Slice::label).toList());
    assertTrue(Double.isNaN(undefined.get(1).worseBy()));
    assertEquals("Home missing (n=2): roc_auc undefined vs 0.6571 overall (roc_auc is undefined when y_true has one"
        + " class (all 'no'); the held-out part needs both classes — use a stratified split)", undefined.get(1).toString());
    assertEquals("bootstrap percentile 95% (200 resamples, seed 7)", report.intervalMethod());
    // Overall: 7 positives (5 with p = 1, 2 with p = 0), 5 negatives (2 with p = 1, 3 with p = 0); of the
    // 35 pairs 5·3 = 15 are ordered right and 5·2 + 2·3 = 16 tie: AUC = (15 + 16/2) / 35 = 23/35.
    assertEquals(23.0 / 35, report.overall().value(), 1e-15);
    // Home=rent: positives 0 (p=1) and 3 (p=0), negatives 1 (p=1) and 2 (p=0): of the 4 pairs one is
    // ordered right, one wrong and two tie (½ each): AUC = (1 + 0 + ½ + ½) / 4 = 0.5.
    Slice rent = report.column("Home").stream().filter(s -> s.label().equals("Home=rent")).findFirst().orElseThrow();
    assertEquals(0.5, rent.value().value());
    assertEquals(Bounds.bootstrapPercentile(Metrics.rocAuc(), Resampling.subset(RESULT.testOutcomes(), new int[] {0, 1, 2, 3}),
        new Bootstrap(200, 0.95, 7)), rent.value().interval().orElseThrow());
  }

  @Test
  void run_aLoss_ranksTheHighestLossFirst() {
    SliceReport report = ErrorAnalysis.slices(RESULT, TABLE).metric(Metrics.logLoss()).columns("Home").minRows(2)
        .resamples(100).run();
    assertEquals(false, report.greaterIsBetter());
    Slice worst = report.worst(1).get(0);
    for (Slice s : report.slices()) {
      assertEquals(s.value().value() - report.overall().value(), s.worseBy(), 1e-12);
      assertTrue(s.value().value() <= worst.value().value(), s.toString());
    }
    assertTrue(worst.worseBy() > 0);
  }

  @Test
  void toMap_givesPlainDataForJson() {
    SliceReport report = ErrorAnalysis.slices(RESULT, TABLE).columns("Home").minRows(2).run();
    Map<String, Object> map = report.toMap();
    assertEquals("accuracy", map.get("metric"));
    assertEquals(12, map.get("testRows"));
    assertEquals(List.of("Home"), map.get("columns"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> slices = (List<Map<String, Object>>) map.get("slices");
    assertEquals(4, slices.size());
    Map<String, Object> first = slices.get(0);
    assertEquals("Home=parents", first.get("label"));
    assertEquals("RANKED", first.get("status"));
    assertEquals(2, first.get("rows"));
    Interval wilson = Bounds.wilson(1, 2, 0.95);
    java.util.LinkedHashMap<String, Object> value = new java.util.LinkedHashMap<>();
    value.put("value", 0.5);
    value.put("lower", wilson.lower());
    value.put("upper", wilson.upper());
    assertEquals(value, first.get("value"));
  }

  @Test
  void run_badColumnsAndMetric_reportsEveryProblemAtOnce() {
    var e = assertThrows(IllegalArgumentException.class, () -> ErrorAnalysis.slices(RESULT, TABLE)
        .metric(Metrics.rmse()).columns("Home", "Hom", "Notes", "t").run());
    assertEquals("ErrorAnalysis.slices cannot run:\n"
        + "- the metric rmse does not support CLASSIFICATION results; pick a metric for CLASSIFICATION, e.g."
        + " metric(Metrics.accuracy())\n"
        + "- column 'Hom' is not in the table; a slice column must be one of its columns [t, x, y, Home, Income, Notes]."
        + " Check the spelling\n"
        + "- column 'Notes' is TEXT; a slice column must be CATEGORICAL or NUMERIC (values to group rows by). Leave it out"
        + " of columns(...)\n"
        + "- column 't' is TIMESTAMP; a slice column must be CATEGORICAL or NUMERIC (values to group rows by). Leave it"
        + " out of columns(...)", e.getMessage());
  }

  @Test
  void run_anotherTable_saysWhichCountsOrRowsDiffer() {
    Table shorter = TABLE.rows(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19});
    var rows = assertThrows(IllegalArgumentException.class, () -> ErrorAnalysis.slices(RESULT, shorter).run());
    assertEquals("ErrorAnalysis.slices cannot run:\n- the table has 20 rows but the result's partition (train 12, validation"
        + " 0, test 12 rows) refers to row 23; pass the table that was given to fit", rows.getMessage());

    String[] flipped = Y.clone();
    flipped[14] = "yes";
    Table relabelled = TABLE.withCategorical("y", flipped);
    var target = assertThrows(IllegalArgumentException.class, () -> ErrorAnalysis.slices(RESULT, relabelled).run());
    assertEquals("ErrorAnalysis.slices cannot run:\n- row 14 of the table (held-out row 2) has y = yes but the result's test"
        + " outcomes have no; pass the table that was given to fit, rows in the same order", target.getMessage());

    var noTarget = assertThrows(IllegalArgumentException.class, () -> ErrorAnalysis.slices(RESULT, TABLE.drop("y")).run());
    assertEquals("ErrorAnalysis.slices cannot run:\n- the table has no column 'y', the result's target; pass the table that"
        + " was given to fit", noTarget.getMessage());
  }

  @Test
  void setters_checkTheirArgument() {
    ErrorAnalysis a = ErrorAnalysis.slices(RESULT, TABLE);
    assertEquals("ErrorAnalysis.slices.bins(1) would not split anything; give at least 2 bins, e.g. bins(4) for quartiles",
        assertThrows(IllegalArgumentException.class, () -> a.bins(1)).getMessage());
    assertEquals("ErrorAnalysis.slices.minRows(0): expected at least 1 row, e.g. minRows(30)",
        assertThrows(IllegalArgumentException.class, () -> a.minRows(0)).getMessage());
    assertEquals("ErrorAnalysis.slices.columns(): 'Home' is named twice; name each column once",
        assertThrows(IllegalArgumentException.class, () -> a.columns("Home", "Home")).getMessage());
    assertEquals("ErrorAnalysis.slices.columns(): no column given; name at least one, e.g. columns(\"Home\", \"Income\"), or"
        + " leave columns(...) out to slice every CATEGORICAL and NUMERIC column",
        assertThrows(IllegalArgumentException.class, () -> a.columns()).getMessage());
    assertEquals("ErrorAnalysis.slices.confidence(1.0): expected a level in (0, 1), e.g. 0.95",
        assertThrows(IllegalArgumentException.class, () -> a.confidence(1.0)).getMessage());
    assertEquals("ErrorAnalysis.slices: result is null; expected the PipelineResult that pipeline.fit(table) returned",
        assertThrows(IllegalArgumentException.class, () -> ErrorAnalysis.slices(null, TABLE)).getMessage());
    // A setter returns a changed copy and leaves the original as it was.
    assertEquals(4, a.run().edges().get("Income").size() + 1);
    assertEquals(2, a.bins(2).run().edges().get("Income").size() + 1);
  }

  @Test
  void run_regression_defaultsToRmseAndRanksTheLargestErrorFirst() {
    Table table = org.mlengine.core.TestData.regression(80, 4).withCategorical("g", groups(80));
    PipelineResult result = Pipeline.builder().target("y").split(Split.random(0.75)).drop("g")
        .trainer(Trainers.cart().maxDepth(2)).bootstrap(0).seed(1).build().fit(table);
    SliceReport report = ErrorAnalysis.slices(result, table).columns("g").minRows(1).resamples(100).run();
    assertEquals("rmse", report.metricName());
    // Each slice's RMSE by hand: sqrt(mean((actual − predicted)²)) over the held-out rows of its group.
    double[] actual = result.testOutcomes().actualValues();
    double[] predicted = result.testOutcomes().predictedValues();
    int[] test = result.partition().test().toArray();
    for (Slice s : report.slices()) {
      double sum = 0;
      int rows = 0;
      for (int i = 0; i < test.length; i++) {
        if (s.label().equals("g=" + table.string("g", test[i]))) {
          sum += (actual[i] - predicted[i]) * (actual[i] - predicted[i]);
          rows++;
        }
      }
      assertEquals(rows, s.rows());
      assertEquals(Math.sqrt(sum / rows), s.value().value(), 1e-12);
      assertEquals(s.value().value() - report.overall().value(), s.worseBy(), 1e-12);
    }
    assertTrue(report.slices().get(0).value().value() >= report.slices().get(1).value().value());
  }

  /** Group labels a, b, b, a, b, b, ... for n rows. */
  static String[] groups(int n) {
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = i % 3 == 0 ? "a" : "b";
    }
    return out;
  }
}
