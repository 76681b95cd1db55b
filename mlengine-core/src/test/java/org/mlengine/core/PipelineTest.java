package org.mlengine.core;

import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.MetricEstimate;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Scores;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.RowScorer;
import org.mlengine.runtime.spi.RowBuffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

class PipelineTest {

  private static Pipeline.Builder logistic() {
    return Pipeline.builder()
        .target("y")
        .split(Split.stratified(0.8))
        .trainer(Trainers.logisticRegression())
        .metrics(TestData.accuracy())
        .seed(42);
  }

  @Test
  void fit_separableNumericData_learnsAndReportsHeldOutMetric() {
    PipelineResult result = logistic().build().fit(TestData.binary(400, 1));
    assertTrue(result.metrics().get("accuracy") > 0.8, "accuracy " + result.metrics());
    assertEquals(80, result.partition().test().length());
    assertEquals(List.of("x1", "x2"), result.pipeline().featureNames());
    assertEquals(List.of("no", "yes"), result.pipeline().classes());
    assertEquals("linear", result.bundle().modelKind());
    assertEquals(320, result.bundle().trainingRows());
  }

  @Test
  void fit_sameSpecDataAndSeed_giveTheSameBundleId() {
    Table data = TestData.binary(200, 2);
    String first = logistic().build().fit(data).bundle().id();
    String second = logistic().build().fit(data).bundle().id();
    assertEquals(first, second);
    assertNotEquals(first, logistic().seed(7).build().fit(data).bundle().id());
  }

  @Test
  void compiledLinearRegression_equalsTribuoPrediction() throws Exception {
    PipelineResult result = Pipeline.builder().target("y").split(Split.random(0.8))
        .trainer(Trainers.linearSgd().epochs(20).learningRate(0.5)).seed(5).keepTribuoModel().build().fit(TestData.regression(300, 4));
    @SuppressWarnings("unchecked")
    Model<Regressor> model = (Model<Regressor>) TribuoTraining.read(tribuoBytes(result), "test");
    Table test = TestData.regression(50, 98);
    Scores scores = result.pipeline().score(test);
    for (int r = 0; r < test.rowCount(); r++) {
      double[] x = {test.numeric("x1", r), test.numeric("x2", r)};
      Prediction<Regressor> p = model.predict(new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, new String[] {"x1", "x2"}, x));
      assertEquals(p.getOutput().getValues()[0], scores.value(r), 1e-9);
    }
    assertEquals(3.0, result.pipeline().score(Table.builder().numeric("x1", 1).numeric("x2", 0).build()).value(0) - 1, 0.3);
  }

  @Test
  void cart_compilesToATreeAndClassifies() {
    PipelineResult result = logistic().trainer(Trainers.cart().maxDepth(4)).build().fit(TestData.binary(400, 6));
    assertEquals("tree", result.bundle().modelKind());
    assertTrue(result.metrics().get("accuracy") > 0.7, "accuracy " + result.metrics());
  }

  @Test
  void build_withNothingSet_listsEveryProblemAtOnce() {
    var e = assertThrows(IllegalArgumentException.class, () -> Pipeline.builder().build());
    assertEquals("""
        the pipeline is not complete:
        - no target; call .target("column") with the column to predict.
        - no split; call .split(Split.stratified(0.8)) (or random, group, timeOrdered) so the model is judged on rows it never saw.
        - no trainer; call .trainer(Trainers.logisticRegression()) or another trainer.""", e.getMessage());
  }

  @Test
  void fit_unknownTargetAndTextColumn_listsBothProblems() {
    Table data = Table.builder().numeric("x", 1, 2, 3, 4).text("note", "a b", "c d", "e f", "g h").categorical("y", "a", "b", "a", "b").build();
    var e = assertThrows(IllegalArgumentException.class, () -> logistic().target("Y").build().fit(data));
    assertEquals("""
        the pipeline does not fit this table:
        - target 'Y' is not in the table; the table has [x, note, y]. Check the spelling.
        - column 'note' is TEXT and no step turns it into numbers; add a step that reads it, or leave it out with .drop("note").
        - column 'y' is CATEGORICAL and no step turns it into numbers; add Features.oneHot("y") or Features.meanEncoding("y"), or leave it out with .drop("y").""",
        e.getMessage());
  }

  @Test
  void fit_logisticRegressionOnNumericTarget_saysHowToFix() {
    var e = assertThrows(IllegalArgumentException.class, () -> logistic().build().fit(TestData.regression(50, 1)));
    assertEquals("""
        the pipeline does not fit this table:
        - logistic_regression is a classifier but target 'y' makes this REGRESSION. Use Trainers.linearSgd() for regression, or call .task(Task.CLASSIFICATION) on the pipeline builder to treat the target's values as classes.""",
        e.getMessage());
  }

  @Test
  void fit_missingFeatureValues_namesTheFeatureAndTheFix() {
    Table data = TestData.binary(100, 3).withNumeric("x2", new double[100]);
    double[] withGap = data.numericColumn("x1");
    for (int r = 0; r < withGap.length; r += 10) {
      withGap[r] = Double.NaN;
    }
    Table gappy = data.withNumeric("x1", withGap);
    var e = assertThrows(IllegalArgumentException.class, () -> logistic().split(Split.random(0.5)).seed(1).build().fit(gappy));
    assertTrue(e.getMessage().startsWith("feature 'x1' has "), e.getMessage());
    assertTrue(e.getMessage().endsWith("missing values in the training part after all steps; the trainer needs numbers. Add Features.impute(\"x1\") before the steps that read it."), e.getMessage());
  }

  @Test
  void score_missingColumn_isATypedErrorNamingIt() {
    PipelineResult result = logistic().build().fit(TestData.binary(100, 3));
    var e = assertThrows(InvalidInputException.class, () -> result.pipeline().score(Table.builder().numeric("x1", 1).build()));
    assertEquals("x2", e.column());
    assertEquals("missing column 'x2' (NUMERIC); the model reads [x1, x2]. Add the column; give a missing value as null (or NaN) rather than leaving it out.", e.getMessage());
  }

  @Test
  void score_missingValueInTheSecondBlock_namesTheRowOfTheWholeTable() {
    PipelineResult result = logistic().build().fit(TestData.binary(200, 3));
    Table large = TestData.binary(70_000, 4);   // scored 65,536 rows a block: row 66,000 is in the second
    double[] x1 = large.numericColumn("x1");
    x1[66_000] = Double.NaN;
    var e = assertThrows(InvalidInputException.class, () -> result.pipeline().score(large.withNumeric("x1", x1)));
    assertEquals("feature 'x1' is missing (NaN) after all steps at row 66000; the model cannot score a missing value. Send a value,"
        + " or add Features.impute(\"x1\") to the pipeline.", e.getMessage());
    assertEquals(70_000, result.pipeline().score(large).size());
  }

  @Test
  void score_emptyTable_givesNoScores() {
    PipelineResult result = logistic().build().fit(TestData.binary(200, 3));
    assertEquals(0, result.pipeline().score(TestData.binary(0, 3)).size());
  }

  @Test
  void fit_tableHoldingAOneHotColumnAsBytes_auditsAndTrainsAsOnTheDoubles() {
    // Not a table a caller can make through the API any more, but the audit and the fit read such a column as its doubles.
    Table data = TestData.binary(300, 5);
    byte[] flags = new byte[data.rowCount()];
    for (int r = 0; r < flags.length; r++) {
      flags[r] = (byte) (data.string("y", r).equals("yes") ^ r % 5 == 0 ? 1 : 0);
    }
    List<org.mlengine.runtime.internal.Column> columns = new java.util.ArrayList<>(RuntimeAccess.tables().columns(data));
    columns.add(new org.mlengine.runtime.internal.Column.Indicator("flag", flags));
    Table compact = RuntimeAccess.tables().of(columns);
    Table plain = data.withNumeric("flag", compact.numericColumn("flag"));
    assertEquals(logistic().build().fit(plain).bundle().id(), logistic().build().fit(compact).bundle().id());
  }

  @Test
  void cartRegression_compilesToATree() {
    PipelineResult result = Pipeline.builder().target("y").split(Split.random(0.8))
        .trainer(Trainers.cart().maxDepth(5)).seed(1).build().fit(TestData.regression(400, 8));
    assertEquals("tree", result.bundle().modelKind());
    Scores scores = result.pipeline().score(Table.builder().numeric("x1", 1, -1).numeric("x2", 0, 0).build());
    assertTrue(scores.value(0) > scores.value(1), "a larger x1 means a larger y");
  }

  @Test
  void explicitClassificationTask_treatsNumericTargetAsClasses() {
    Table data = TestData.binary(200, 4);
    double[] y = new double[200];
    for (int r = 0; r < 200; r++) {
      y[r] = data.string("y", r).equals("yes") ? 1 : 0;
    }
    PipelineResult result = logistic().task(Task.CLASSIFICATION).build().fit(data.withNumeric("y", y));
    assertEquals(List.of("0", "1"), result.pipeline().classes());
    assertTrue(result.metrics().get("accuracy") >= 0.75, "accuracy " + result.metrics());
  }

  @Test
  void vectorColumn_feedsOneFeaturePerDimension_andSurvivesTheBundle() throws Exception {
    Table base = TestData.binary(200, 9);
    int[][] idx = new int[200][];
    double[][] val = new double[200][];
    for (int r = 0; r < 200; r++) {
      boolean yes = base.string("y", r).equals("yes");
      idx[r] = r % 4 == 0 ? new int[0] : new int[] {yes ? 0 : 1, 2};
      val[r] = r % 4 == 0 ? new double[0] : new double[] {1.0, 0.5};
    }
    Table data = base.drop("x2").withVector("words", List.of("words:good", "words:bad", "words:meh"), idx, val);
    PipelineResult result = logistic().build().fit(data);
    assertEquals(List.of("x1", "words:good", "words:bad", "words:meh"), result.pipeline().featureNames());
    assertTrue(result.metrics().get("accuracy") > 0.85, "accuracy " + result.metrics());

    var file = java.nio.file.Files.createTempFile("vector", ".mlb");
    try {
      result.bundle().save(file);
      ModelBundle loaded = ModelBundle.load(file);
      assertEquals(result.bundle().id(), loaded.id());
      Table probe = data.rows(new int[] {0, 1, 2, 3}).drop("y");
      for (int r = 0; r < 4; r++) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(
            result.pipeline().score(probe).probabilities(r), loaded.pipeline().score(probe).probabilities(r));
      }
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  @Test
  void withVector_indicesOutOfOrder_isRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Table.builder().numeric("x", 1).build()
        .withVector("v", List.of("a", "b"), new int[][] {{1, 0}}, new double[][] {{1, 1}}));
    assertEquals("vector column 'v' row 0: index 0 is out of order or outside its 2 dimensions; indices must increase strictly", e.getMessage());
  }

  @Test
  void rowScorer_ofAStepFreePipeline_equalsTheTablePath() {
    PipelineResult result = logistic().build().fit(TestData.binary(200, 12));
    RowScorer scorer = RuntimeAccess.pipelines().rowScorer(result.pipeline()).orElseThrow();
    Table probe = TestData.binary(30, 13);
    Scores table = result.pipeline().score(probe);
    RowBuffer row = scorer.newBuffer();
    for (int r = 0; r < probe.rowCount(); r++) {
      row.setNumber(scorer.inputSlot(0), probe.numeric("x1", r));
      row.setNumber(scorer.inputSlot(1), probe.numeric("x2", r));
      org.junit.jupiter.api.Assertions.assertArrayEquals(table.probabilities(r), scorer.score(row));
    }
  }

  @Test
  void estimates_carryIntervalsAroundTheValueAndTheBaselines() {
    PipelineResult result = logistic().bootstrap(1000).build().fit(TestData.binary(400, 21));
    MetricEstimate accuracy = result.estimates().get(0);
    assertEquals("accuracy", accuracy.name());
    assertTrue(accuracy.lower() <= accuracy.value() && accuracy.value() <= accuracy.upper(), accuracy.toString());
    assertEquals(java.util.Set.of("zero_rule", "uniform_random", "stratified_random"), accuracy.baselines().keySet());
    assertEquals("bootstrap percentile (1000 resamples), 95%", accuracy.method());
    assertEquals(List.of(), result.warnings());
    assertEquals(result.estimates(), result.bundle().estimates());
  }

  @Test
  void aModelNoBetterThanItsBaseline_isReportedAsAWarning() {
    Table noise = TestData.binary(300, 22);
    double[] x = new double[300];
    java.util.Random random = new java.util.Random(3);
    for (int r = 0; r < 300; r++) {
      x[r] = random.nextGaussian();
    }
    Table useless = noise.withNumeric("x1", x).withNumeric("x2", x.clone());
    PipelineResult result = logistic().bootstrap(1000).build().fit(useless);
    assertTrue(result.warnings().stream().anyMatch(w -> w.startsWith("accuracy ") && w.contains("zero_rule baseline")
        && w.endsWith("; paired bootstrap, 1000 resamples)")), result.warnings()::toString);
  }

  @Test
  void bootstrapZero_isTheAnalyticDefault_noIntervalForAMetricWithoutOne() {
    PipelineResult result = logistic().bootstrap(0).build().fit(TestData.binary(200, 23));
    assertTrue(Double.isNaN(result.estimates().get(0).lower()));
    assertEquals("none (no analytic interval for accuracy; ask for .bootstrap(1000))", result.estimates().get(0).method());
    assertEquals(logistic().build().spec(), logistic().bootstrap(0).build().spec());
    var e = assertThrows(IllegalArgumentException.class, () -> logistic().bootstrap(50));
    assertEquals("bootstrap(50): give at least 100 resamples (e.g. 1000), or 0 for the analytic intervals and tests (the default)",
        e.getMessage());
  }

  /** Tribuo's protobuf form of a result's model; the pipeline must keep it ({@code keepTribuoModel()}). */
  static byte[] tribuoBytes(PipelineResult result) {
    java.nio.ByteBuffer protobuf = result.bundle().tribuoModel().orElseThrow(() -> new AssertionError("no Tribuo entry"));
    byte[] bytes = new byte[protobuf.remaining()];
    protobuf.get(bytes);
    return bytes;
  }
}
