package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.TestData;
import org.mlengine.core.Trainers;
import org.mlengine.features.Features;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;

/**
 * Issue #14, item 5: an infinite number is refused by every predict path with the same rule and
 * the same words; the batch paths name the row. Before, {@code predictAll(Table)} and {@code
 * predict(Row)} returned NaN probabilities for it and only the map path refused it.
 */
class PredictorInfinityTest {
  static ModelBundle bundle;

  @BeforeAll
  static void fit() {
    bundle = Pipeline.builder().target("y").split(Split.stratified(0.8)).add(Features.impute("x1").median())
        .trainer(Trainers.logisticRegression()).bootstrap(0).seed(3).build().fit(TestData.binary(300, 21)).bundle();
  }

  /** Three requests; x2 is Infinity in row 2 (and, when {@code alsoX1}, x1 is -Infinity in row 1). */
  private static Table requests(boolean alsoX1) {
    return Table.builder()
        .numeric("x1", 0.5, alsoX1 ? Double.NEGATIVE_INFINITY : 0.1, -0.3)
        .numeric("x2", -1.0, 0.2, Double.POSITIVE_INFINITY)
        .build();
  }

  private static void assertRefused(String column, String message, org.junit.jupiter.api.function.Executable call) {
    InvalidInputException e = assertThrows(InvalidInputException.class, call);
    assertEquals(message, e.getMessage());
    assertEquals(column, e.column());
  }

  @Test
  void predictAll_infinityInRow2_isRefusedNamingTheRow_onTheCompiledAndTheTablePath() throws IOException {
    String message = "column 'x2' is Infinity at row 2; expected a finite number. Send null or NaN for a missing value.";
    Predictor predictor = Predictor.of(bundle);
    assertRefused("x2", message, () -> predictor.predictAll(requests(false)));
    assertRefused("x2", message, () -> bundle.pipeline().score(requests(false)));
    assertRefused("x2", message, () -> bundle.pipeline().transform(requests(false)));
  }

  @Test
  void predictAll_twoInfiniteRows_namesTheFirst() {
    assertRefused("x1", "column 'x1' is -Infinity at row 1; expected a finite number. Send null or NaN for a missing value.",
        () -> Predictor.of(bundle).predictAll(requests(true)));
  }

  @Test
  void predictRow_namesTheRowOfItsTable_andTheMapPathSaysTheSameWithoutARow() {
    Predictor predictor = Predictor.of(bundle);
    Table table = requests(false);
    assertRefused("x2", "column 'x2' is Infinity at row 2; expected a finite number. Send null or NaN for a missing value.",
        () -> predictor.predict(table.row(2)));
    assertRefused("x2", "column 'x2' is Infinity; expected a finite number. Send null or NaN for a missing value.",
        () -> predictor.predict(Map.of("x1", -0.3, "x2", Double.POSITIVE_INFINITY)));
    assertRefused("x2", "column 'x2' is Infinity; expected a finite number. Send null or NaN for a missing value.",
        () -> predictor.predict(Map.of("x1", -0.3, "x2", "1e309")));
  }

  @Test
  void predict_finiteRows_scoreAsBefore_andAgreeAcrossPaths() {
    Predictor predictor = Predictor.of(bundle);
    Table ok = Table.builder().numeric("x1", 0.5, 0.1).numeric("x2", -1.0, 0.2).build();
    List<Prediction> all = predictor.predictAll(ok);
    for (int r = 0; r < ok.rowCount(); r++) {
      double p = all.get(r).probability("yes");
      assertFalse(Double.isNaN(p));
      assertEquals(p, predictor.predict(ok.row(r)).probability("yes"), 1e-12);
      assertEquals(p, predictor.predict(Map.of("x1", ok.numeric("x1", r), "x2", ok.numeric("x2", r))).probability("yes"), 1e-12);
    }
  }

  @Test
  void predict_stepThatOverflows_isRefusedOnTheRowAndTheTablePathAlike(@TempDir Path dir) throws IOException {
    // x2 in thousandths: standardize divides by a scale near 0.001, so 1e306 becomes about 1e309, which is Infinity.
    Table train = TestData.binary(300, 22);
    double[] x2 = train.numericColumn("x2");
    for (int r = 0; r < x2.length; r++) {
      x2[r] /= 1000;
    }
    ModelBundle scaled = Pipeline.builder().target("y").split(Split.stratified(0.8)).add(Features.standardize("x2"))
        .trainer(Trainers.logisticRegression()).bootstrap(0).seed(3).build().fit(train.withNumeric("x2", x2)).bundle();
    Path path = dir.resolve("scaled.mlb");
    scaled.save(path);
    Predictor predictor = Predictor.load(path);
    String message = "feature 'x2' is Infinity after all steps at row 0; the model needs finite numbers, and a step overflowed on"
        + " this row's values. Send values within the range the pipeline was trained on, or clip the columns this feature is"
        + " made from with Features.clip(...) before that step.";
    assertRefused("x2", message, () -> predictor.predict(Map.of("x1", 0.1, "x2", 1e306)));
    Table rows = Table.builder().numeric("x1", 0.1, 0.2).numeric("x2", 0.001, 1e306).build();
    assertRefused("x2", message.replace("at row 0", "at row 1"), () -> predictor.predictAll(rows));
  }
}
