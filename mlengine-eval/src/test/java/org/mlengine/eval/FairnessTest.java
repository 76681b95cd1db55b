package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.core.TestData;
import org.mlengine.core.Trainers;

/**
 * Group fairness on {@link SliceTest}'s hand-made table (see its comment for each held-out row's
 * prediction and truth), by Home with "yes" positive. Selected = predicted yes: positions 0, 1,
 * 4, 5, 7, 8, 10.
 *
 * <pre>
 * group      rows  selected      positives  TP  FP  TPR        FPR
 * owner      4,5,6,7   4,5,7 → 3/4   4,5,7      3   0   3/3 = 1    0/1 = 0
 * parents    10,11     10    → 1/2   10,11      1   0   1/2        (no negatives)
 * rent       0,1,2,3   0,1   → 2/4   0,3        1   1   1/2        1/2
 * (missing)  8,9       8     → 1/2   (none)     0   1   (none)     1/2
 * </pre>
 *
 * Demographic-parity difference = 3/4 − 1/2 = 1/4; equal-opportunity difference = 1 − 1/2 = 1/2
 * over the three groups with positives.
 */
class FairnessTest {
  private static final Table TABLE = SliceTest.table();
  private static final PipelineResult RESULT = SliceTest.fit(TABLE);

  @Test
  void run_handTable_givesExactRatesAndDifferences() {
    FairnessReport f = Fairness.of(RESULT, TABLE, "Home").positive("yes").resamples(500).seed(11).run();
    assertEquals("predicted label", f.decision());
    assertEquals(List.of("owner", "parents", "rent", "(missing)"), f.groups().stream().map(GroupRates::group).toList());
    assertEquals(List.of("4 3 3 3 0", "2 1 2 1 0", "4 2 2 1 1", "2 1 0 0 1"), f.groups().stream()
        .map(g -> g.rows() + " " + g.selected() + " " + g.positives() + " " + g.truePositives() + " " + g.falsePositives())
        .toList());
    GroupRates owner = f.groups().get(0);
    assertEquals(Estimate.of(0.75, Bounds.wilson(3, 4, 0.95)), owner.selectionRate());
    assertEquals(Estimate.of(1.0, Bounds.wilson(3, 3, 0.95)), owner.truePositiveRate());
    assertEquals(Estimate.of(0.0, Bounds.wilson(0, 1, 0.95)), owner.falsePositiveRate());
    GroupRates parents = f.groups().get(1);
    assertEquals(Estimate.undefined("the group has no rows of another class"), parents.falsePositiveRate());
    GroupRates missing = f.groups().get(3);
    assertEquals(Estimate.undefined("the group has no rows of the positive class"), missing.truePositiveRate());
    assertEquals(Estimate.of(0.5, Bounds.wilson(1, 2, 0.95)), missing.falsePositiveRate());

    assertEquals(0.25, f.demographicParityDifference().value());
    assertEquals(0.5, f.equalOpportunityDifference().value());
    assertEquals("left out groups without a row of the positive class 'yes': [(missing)]", f.equalOpportunityDifference().note());
    Interval dp = f.demographicParityDifference().interval().orElseThrow();
    assertTrue(dp.lower() >= 0 && dp.upper() <= 1, dp.toString());
    // The bootstrap as documented: per resample, draw each group's size of rows with replacement from
    // the group (groups in report order, one SplittableRandom seeded 11), take max − min of the
    // selection rates, then NumPy 'linear' percentiles 2.5 and 97.5 of the 500 differences.
    int[][] groups = {{4, 5, 6, 7}, {10, 11}, {0, 1, 2, 3}, {8, 9}};
    boolean[] selected = {true, true, false, false, true, true, false, true, true, false, true, false};
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    double[] draws = new double[500];
    for (int b = 0; b < draws.length; b++) {
      double max = 0;
      double min = 1;
      for (int[] g : groups) {
        int picked = 0;
        for (int i = 0; i < g.length; i++) {
          picked += selected[g[random.nextInt(g.length)]] ? 1 : 0;
        }
        max = Math.max(max, (double) picked / g.length);
        min = Math.min(min, (double) picked / g.length);
      }
      draws[b] = max - min;
    }
    java.util.Arrays.sort(draws);
    assertEquals(new Interval(Quantiles.linear(draws, 0.025), Quantiles.linear(draws, 0.975)), dp);
    // Seeded: the same seed gives the same intervals.
    assertEquals(f, Fairness.of(RESULT, TABLE, "Home").positive("yes").resamples(500).seed(11).run());
  }

  @Test
  void run_defaults_takeTheSecondClassAsPositive() {
    FairnessReport f = Fairness.of(RESULT, TABLE, "Home").run();
    assertEquals("yes", f.positive());
    assertEquals(12, f.testRows());
    assertTrue(f.intervalMethod().contains("1000 resamples, seed 0"), f.intervalMethod());
  }

  @Test
  void run_threshold_selectsByTheProbability() {
    // Every row has P(yes) >= 0: all selected, every rate 1, both differences 0.
    FairnessReport all = Fairness.of(RESULT, TABLE, "Home").positive("yes").threshold(0.0).run();
    assertEquals("P(yes) >= 0.0", all.decision());
    assertTrue(all.groups().stream().allMatch(g -> g.selected() == g.rows() && g.selectionRate().value() == 1.0));
    assertEquals(Estimate.of(0.0, new Interval(0, 0)), all.demographicParityDifference());
    assertEquals(0.0, all.equalOpportunityDifference().value());
    // The tree's probabilities are 0 or 1, so P(yes) >= 1 selects exactly the predicted yes rows.
    FairnessReport one = Fairness.of(RESULT, TABLE, "Home").positive("yes").threshold(1.0).run();
    assertEquals(Fairness.of(RESULT, TABLE, "Home").positive("yes").run().groups(), one.groups());
  }

  @Test
  void run_numericColumn_groupsByTrainingQuartiles() {
    FairnessReport f = Fairness.of(RESULT, TABLE, "Income").positive("no").run();
    assertEquals(List.of("< 37.5", "in [37.5, 65)", "in [65, 92.5)", ">= 92.5", "(missing)"),
        f.groups().stream().map(GroupRates::group).toList());
    assertEquals(12, f.groups().stream().mapToInt(GroupRates::rows).sum());
  }

  @Test
  void run_regressionResult_saysToCompareErrorsInstead() {
    Table table = TestData.regression(60, 1).withCategorical("g", SliceTest.groups(60));
    PipelineResult regression = Pipeline.builder().target("y").split(Split.random(0.8)).drop("g")
        .trainer(Trainers.cart().maxDepth(2)).bootstrap(0).build().fit(table);
    var e = assertThrows(IllegalArgumentException.class, () -> Fairness.of(regression, table, "g").run());
    assertEquals("Fairness cannot run:\n- group fairness compares predicted classes, but the result is REGRESSION (target"
        + " 'y'); for a regressor compare errors across groups with ErrorAnalysis.slices(result, table).metric(Metrics.rmse())"
        + ".columns(\"g\")", e.getMessage());
  }

  @Test
  void run_positiveNotAClass_namesTheClasses() {
    var e = assertThrows(IllegalArgumentException.class, () -> Fairness.of(RESULT, TABLE, "Home").positive("good").run());
    assertEquals("Fairness cannot run:\n- the positive class 'good' is not one of the result's classes [no, yes]; give one of"
        + " them, e.g. positive(\"yes\")", e.getMessage());
  }

  @Test
  void run_threeClassesWithoutPositive_asksWhichIsPositive() {
    Table table = TestData.binary(90, 2);
    String[] y = table.stringColumn("y");
    for (int i = 0; i < y.length; i += 3) {
      y[i] = "maybe";
    }
    Table three = table.withCategorical("y", y).withCategorical("g", SliceTest.groups(90));
    PipelineResult result = Pipeline.builder().target("y").split(Split.stratified(0.8)).drop("g")
        .trainer(Trainers.cart().maxDepth(2)).bootstrap(0).build().fit(three);
    var e = assertThrows(IllegalArgumentException.class, () -> Fairness.of(result, three, "g").run());
    assertEquals("Fairness cannot run:\n- the result has 3 classes [maybe, no, yes]; say which one is positive, e.g."
        + " positive(\"maybe\")", e.getMessage());
    FairnessReport f = Fairness.of(result, three, "g").positive("maybe").run();
    assertEquals(List.of("a", "b"), f.groups().stream().map(GroupRates::group).toList());
  }

  @Test
  void run_badColumns_sayWhatIsWrong() {
    var unknown = assertThrows(IllegalArgumentException.class, () -> Fairness.of(RESULT, TABLE, "Hom").run());
    assertEquals("Fairness cannot run:\n- column 'Hom' is not in the table; the sensitive column must be one of its columns"
        + " [t, x, y, Home, Income, Notes]. Check the spelling", unknown.getMessage());
    var text = assertThrows(IllegalArgumentException.class, () -> Fairness.of(RESULT, TABLE, "Notes").run());
    assertEquals("Fairness cannot run:\n- column 'Notes' is TEXT; the sensitive column must be CATEGORICAL or NUMERIC (values"
        + " to group rows by). Pick a column of values that name the groups", text.getMessage());
    int[][] indices = new int[TABLE.rowCount()][];
    double[][] values = new double[TABLE.rowCount()][];
    for (int r = 0; r < indices.length; r++) {
      indices[r] = new int[] {r % 2};
      values[r] = new double[] {1.0};
    }
    Table withVector = TABLE.withVector("bag", List.of("a", "b"), indices, values);
    var vector = assertThrows(IllegalArgumentException.class, () -> Fairness.of(RESULT, withVector, "bag").run());
    assertEquals("Fairness cannot run:\n- column 'bag' is VECTOR; the sensitive column must be CATEGORICAL or NUMERIC (values"
        + " to group rows by). Pick a column of values that name the groups", vector.getMessage());
  }

  @Test
  void run_everyProblem_isReportedAtOnce() {
    Table shorter = TABLE.rows(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    var e = assertThrows(IllegalArgumentException.class, () -> Fairness.of(RESULT, shorter, "Notes").positive("maybe").run());
    assertEquals("Fairness cannot run:\n"
        + "- the positive class 'maybe' is not one of the result's classes [no, yes]; give one of them, e.g. positive(\"yes\")\n"
        + "- the table has 10 rows but the result's partition (train 12, validation 0, test 12 rows) refers to row 23; pass"
        + " the table that was given to fit\n"
        + "- column 'Notes' is TEXT; the sensitive column must be CATEGORICAL or NUMERIC (values to group rows by). Pick a"
        + " column of values that name the groups", e.getMessage());
  }

  @Test
  void setters_checkTheirArgument() {
    Fairness f = Fairness.of(RESULT, TABLE, "Home");
    assertEquals("Fairness.threshold(1.5): expected a probability of the positive class in [0, 1], e.g. 0.5",
        assertThrows(IllegalArgumentException.class, () -> f.threshold(1.5)).getMessage());
    assertEquals("Fairness.bins(1) would not split anything; give at least 2 bins, e.g. bins(4) for quartiles",
        assertThrows(IllegalArgumentException.class, () -> f.bins(1)).getMessage());
    assertEquals("Fairness.resamples(10): expected at least 100 resamples, e.g. 1000",
        assertThrows(IllegalArgumentException.class, () -> f.resamples(10)).getMessage());
    assertEquals("Fairness: column is null; expected the name of the sensitive column, e.g. \"Marital\"",
        assertThrows(IllegalArgumentException.class, () -> Fairness.of(RESULT, TABLE, null)).getMessage());
  }
}
