package org.mlengine.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlengine.runtime.BundleFormatException;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.runtime.Fingerprint;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.FeatureMatrix;
import org.mlengine.runtime.internal.LinearModel;
import org.mlengine.runtime.internal.RuntimeAccess;

/**
 * Issue #14, item 4: an infinite training number never reaches a trainer, a trainer that diverges
 * makes no model, and {@code save()} writes no bundle a loader refuses.
 */
class NonFiniteTest {

  static Stream<Trainer> trainers() {
    return Stream.of(Trainers.logisticRegression(), Trainers.xgboost().trees(5), Trainers.randomForest().trees(5), Trainers.cart());
  }

  private static Pipeline pipeline(Trainer trainer) {
    return Pipeline.builder().target("y").split(Split.stratified(0.8)).trainer(trainer).bootstrap(0).seed(1).build();
  }

  /** TestData.binary(200, 5) with x1 infinite in rows 3 and 17: before, logistic regression trained to NaN weights. */
  private static Table withInfinities() {
    Table base = TestData.binary(200, 5);
    double[] x1 = base.numericColumn("x1");
    x1[3] = Double.POSITIVE_INFINITY;
    x1[17] = Double.NEGATIVE_INFINITY;
    return base.withNumeric("x1", x1);
  }

  private static final String X1_REFUSED = "the data fail 1 check; nothing was split or fitted:\n- column 'x1' holds 2 infinite"
      + " values in 200 rows (Infinity at row 3, -Infinity at row 17); every number a model learns from must be finite"
      + " (scikit-learn refuses it too: \"Input X contains infinity\"). Before fitting, replace them with NaN and add"
      + " Features.impute(\"x1\") if they stand for unknown values, or with a finite cap if they stand for very large ones"
      + " (Features.clip cannot: a request holding Infinity is refused too), or drop those rows.";

  @ParameterizedTest
  @MethodSource("trainers")
  void fit_infiniteTrainingFeature_isRefusedBeforeAnyTrainer_namingColumnRowsAndCount(Trainer trainer) {
    var e = assertThrows(IllegalArgumentException.class, () -> pipeline(trainer).fit(withInfinities()));
    assertEquals(X1_REFUSED, e.getMessage());
  }

  @Test
  void fit_1e309ReadFromCsv_isRefusedAsInfinity_withTheRowOfTheFile() throws IOException {
    StringBuilder csv = new StringBuilder("x1,x2,y\n");
    Table base = TestData.binary(60, 8);
    for (int r = 0; r < base.rowCount(); r++) {
      String x1 = r == 41 ? "1e309" : Double.toString(base.numeric("x1", r));
      csv.append(x1).append(',').append(base.numeric("x2", r)).append(',').append(base.string("y", r)).append('\n');
    }
    Table table = Table.readCsv(new StringReader(csv.toString()), "inline.csv", CsvOptions.defaults());
    var e = assertThrows(IllegalArgumentException.class, () -> pipeline(Trainers.logisticRegression()).fit(table));
    assertTrue(e.getMessage().startsWith("the data fail 1 check; nothing was split or fitted:\n- column 'x1' holds 1 infinite value"
        + " in 60 rows (Infinity at row 41); every number a model learns from must be finite"), e.getMessage());
  }

  @Test
  void fit_manyInfinities_namesTheFirstThreeRows_andIsListedBesideOtherFailures() {
    Table base = TestData.regression(100, 2);
    double[] x2 = base.numericColumn("x2");
    double[] y = base.numericColumn("y");
    for (int r = 10; r < 15; r++) {
      x2[r] = Double.POSITIVE_INFINITY;
    }
    y[4] = Double.NEGATIVE_INFINITY;
    Table table = base.withNumeric("x2", x2).withNumeric("y", y);
    Pipeline p = Pipeline.builder().target("y").split(Split.random(0.8)).trainer(Trainers.linearSgd()).bootstrap(0).build();
    String m = assertThrows(IllegalArgumentException.class, () -> p.fit(table)).getMessage();
    assertTrue(m.startsWith("the data fail 2 checks; nothing was split or fitted:\n- column 'x2' holds 5 infinite values in 100"
        + " rows (Infinity at row 10, Infinity at row 11, Infinity at row 12, ...); every number"), m);
    assertTrue(m.endsWith("\n- target 'y' holds 1 infinite value in 100 rows (-Infinity at row 4); a target must be a finite number."
        + " Correct those rows or drop them before fitting."), m);
  }

  @Test
  void fit_infinityInADroppedColumn_isNoConcernOfTheModel() {
    double[] note = new double[200];
    note[5] = Double.POSITIVE_INFINITY;
    Table table = TestData.binary(200, 5).withNumeric("note", note);
    Pipeline p = Pipeline.builder().target("y").split(Split.stratified(0.8)).drop("note").trainer(Trainers.logisticRegression())
        .bootstrap(0).build();
    assertEquals(2, p.fit(table).pipeline().featureNames().size());
  }

  // ---- divergence ----

  /**
   * Finite features and targets near 1e200 (measured: a fit of linear_sgd on them gave NaN weights,
   * and the bundle then failed to load): the squared loss's gradient overflows, AdaGrad divides
   * Infinity by Infinity, and the NaN spreads to every weight.
   */
  private static Table huge() {
    Table base = TestData.regression(200, 5);
    double[] x1 = base.numericColumn("x1");
    double[] y = base.numericColumn("y");
    for (int r = 0; r < x1.length; r++) {
      x1[r] *= 1e200;
      y[r] *= 1e200;
    }
    return base.withNumeric("x1", x1).withNumeric("y", y);
  }

  @Test
  void fit_linearTrainerDiverges_isRefusedAtFitTime_namingTheLearningRate() {
    Pipeline p = Pipeline.builder().target("y").split(Split.random(0.8)).trainer(Trainers.linearSgd()).bootstrap(0).seed(1).build();
    var e = assertThrows(IllegalStateException.class, () -> p.fit(huge()));
    assertEquals("linear_sgd diverged: the trained model holds weights[0][0] = NaN (in model.json's terms); no model or"
        + " bundle was made. Lower the learning rate, e.g. learningRate(0.1) (it is 1.0), and put the features on one scale"
        + " with Features.standardize(...): a feature in the millions makes every step huge.", e.getMessage());
  }

  @Test
  void checkConverged_xgboostModelWithNaNLeaf_namesEta() {
    var e = assertThrows(IllegalStateException.class, () -> Trainers.xgboost().eta(0.5).checkConverged(
        new LinearModel(Task.REGRESSION, new double[][] {{Double.POSITIVE_INFINITY}}, new double[] {0})));
    assertEquals("xgboost diverged: the trained model holds weights[0][0] = Infinity (in model.json's terms); no model or bundle"
        + " was made. Lower eta, e.g. eta(0.05) (it is 0.5), or raise lambda(...) (it is 1.0), and put the features on one"
        + " scale with Features.standardize(...).", e.getMessage());
  }

  // ---- save ----

  @Test
  void save_modelWithNaNBias_writesNothing_andSaysWhy(@TempDir Path dir) {
    Table features = Table.builder().numeric("x", 1, 2, 3).build();
    FittedPipeline fitted = RuntimeAccess.pipelines().create(Table.builder().numeric("x", 1).build().schema(), "y", Task.REGRESSION,
        List.of(), List.of(), FeatureMatrix.Layout.of(features),
        new LinearModel(Task.REGRESSION, new double[][] {{0.5}}, new double[] {Double.NaN}));
    ModelBundle bundle = RuntimeAccess.bundles().builder(fitted).spec(Map.of("target", "y")).training(new Fingerprint(3, "abc"))
        .build();
    Path path = dir.resolve("diverged.mlb");
    var e = assertThrows(BundleFormatException.class, () -> bundle.save(path));
    assertEquals("this bundle's model holds bias[0] = NaN in entry 'model.json', and a bundle holds only finite numbers (JSON has"
        + " no NaN or Infinity), so no loader would accept it; nothing was written. The trainer diverged: refit with a lower"
        + " learning rate (learningRate(...), or eta(...) for xgboost) and with the features on one scale"
        + " (Features.standardize(...)).", e.getMessage());
    assertFalse(Files.exists(path));
    assertEquals(0, dir.toFile().list().length, "no temporary file is left behind");
  }

  @Test
  void save_finiteModel_isReadBackBeforeItIsMovedIntoPlace(@TempDir Path dir) throws IOException {
    ModelBundle bundle = pipeline(Trainers.logisticRegression()).fit(TestData.binary(200, 5)).bundle();
    Path path = dir.resolve("ok.mlb");
    bundle.save(path);
    assertEquals(bundle.id(), ModelBundle.load(path).id());
    assertEquals(List.of("ok.mlb"), List.of(dir.toFile().list()));
  }
}
