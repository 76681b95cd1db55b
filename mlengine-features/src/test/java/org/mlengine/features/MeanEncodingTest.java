package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mlengine.features.Fixtures.assertClose;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.core.Partition;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;

class MeanEncodingTest {

  private static final List<Partition> TWO_FOLDS = List.of(
      Partition.of(new int[] {1, 3, 5}, new int[] {0, 2, 4}),
      Partition.of(new int[] {0, 2, 4}, new int[] {1, 3, 5}));

  @Test
  void apply_binaryTarget_replacesColumnInPlaceWithNumeric() {
    Table train = Table.builder()
        .numeric("Income", 1, 2, 3, 4, 5, 6)
        .categorical("X", "A", "A", "A", "B", "B", "C")
        .categorical("y", "1", "1", "0", "0", "0", "1")
        .build();
    Table out = Features.meanEncoding("X").smoothing(1).fit(Fixtures.classification(train)).apply(train);
    assertEquals(List.of("Income", "X", "y"), out.columnNames());
    assertEquals(ColumnType.NUMERIC, out.type("X"));
  }

  @Test
  void apply_binaryTarget_encodesTheSecondSortedClass() {
    Table train = Table.builder()
        .categorical("X", "A", "A", "B", "B")
        .categorical("y", "good", "good", "bad", "good")
        .build();
    // classes sorted: [bad, good]; encoded: P(good)
    Table out = Features.meanEncoding("X").smoothing(0).fit(Fixtures.classification(train)).apply(train);
    assertClose(new double[] {1, 1, 0.5, 0.5}, out.numericColumn("X"));
  }

  @Test
  void apply_missingAndUnseenCategories_getThePrior() {
    FittedTransform fitted = Features.meanEncoding("X").smoothing(1).fit(Fixtures.classification(Fixtures.shared()));
    Table test = Table.builder().categorical("X", "castle", null, "A").build();
    assertClose(new double[] {0.5, 0.5, 0.625}, fitted.apply(test).numericColumn("X"));
  }

  @Test
  void apply_missingCategoryInTraining_countsTowardsThePriorOnly() {
    Table train = Table.builder()
        .categorical("X", "A", "A", null, null)
        .categorical("y", "1", "1", "0", "0")
        .build();
    FittedTransform fitted = Features.meanEncoding("X").smoothing(0).fit(Fixtures.classification(train));
    assertClose(new double[] {1, 1, 0.5, 0.5}, fitted.apply(train).numericColumn("X"));
  }

  @Test
  void apply_multiClassTarget_appendsOneColumnPerClass() {
    Table train = Table.builder()
        .categorical("Job", "A", "A", "B", "B", "B", "C")
        .numeric("Income", 1, 2, 3, 4, 5, 6)
        .categorical("y", "x", "y", "z", "z", "x", "y")
        .build();
    FittedTransform fitted = Features.meanEncoding("Job").smoothing(0).fit(Fixtures.classification(train));
    Table out = fitted.apply(train.drop("y"));
    assertEquals(List.of("Income", "Job@x", "Job@y", "Job@z"), out.columnNames());
    assertClose(new double[] {0.5, 0.5, 1 / 3.0, 1 / 3.0, 1 / 3.0, 0}, out.numericColumn("Job@x"));
    assertClose(new double[] {0.5, 0.5, 0, 0, 0, 1}, out.numericColumn("Job@y"));
    assertClose(new double[] {0, 0, 2 / 3.0, 2 / 3.0, 2 / 3.0, 0}, out.numericColumn("Job@z"));
  }

  @Test
  void applyToTraining_multiClass_isOutOfFoldPerClass() {
    Table train = Table.builder()
        .categorical("Job", "A", "A", "A", "A")
        .categorical("y", "x", "y", "z", "x")
        .build();
    FitContext context = Fixtures.classification(train).withCrossFitPartitions(List.of(
        Partition.of(new int[] {2, 3}, new int[] {0, 1}),
        Partition.of(new int[] {0, 1}, new int[] {2, 3})));
    MeanEncoding step = Features.meanEncoding("Job").smoothing(0);
    Table out = step.applyToTraining(step.fit(context), context);
    assertEquals(List.of("y", "Job@x", "Job@y", "Job@z"), out.columnNames());
    // rows 0,1 learn from rows 2,3 (z, x); rows 2,3 learn from rows 0,1 (x, y)
    assertClose(new double[] {0.5, 0.5, 0.5, 0.5}, out.numericColumn("Job@x"));
    assertClose(new double[] {0, 0, 0.5, 0.5}, out.numericColumn("Job@y"));
    assertClose(new double[] {0.5, 0.5, 0, 0}, out.numericColumn("Job@z"));
  }

  @Test
  void apply_regressionTarget_encodesTheMean() {
    Table train = Table.builder()
        .categorical("X", "A", "A", "B")
        .numeric("y", 1, 3, 10)
        .build();
    FittedTransform fitted = Features.meanEncoding("X").smoothing(0).fit(Fixtures.context(train));
    Table test = Table.builder().categorical("X", "A", "B", "Z").build();
    assertClose(new double[] {2, 10, 14 / 3.0}, fitted.apply(test).numericColumn("X"));
  }

  @Test
  void applyToTraining_rowInNoTestPart_getsTheFullPrior() {
    Table train = Fixtures.shared();
    FitContext context = Fixtures.classification(train).withCrossFitPartitions(List.of(
        Partition.of(new int[] {0, 1, 2}, new int[] {3, 4})));
    MeanEncoding step = Features.meanEncoding("X").smoothing(1);
    double[] out = step.applyToTraining(step.fit(context), context).numericColumn("X");
    // rows 3, 4 (B) learn from rows 0-2 (A only, prior 2/3), where B is unseen: the fold's prior 2/3;
    // rows 0-2 and 5 are held out by no fold: the full prior 0.5
    assertClose(new double[] {0.5, 0.5, 0.5, 2 / 3.0, 2 / 3.0, 0.5}, out);
  }

  @Test
  void applyToTraining_foldWithoutTrainingRows_keepsTheFullPrior() {
    FitContext context = Fixtures.classification(Fixtures.shared()).withCrossFitPartitions(List.of(
        Partition.of(new int[0], new int[] {0, 1, 2, 3, 4, 5})));
    MeanEncoding step = Features.meanEncoding("X");
    assertClose(new double[] {0.5, 0.5, 0.5, 0.5, 0.5, 0.5},
        step.applyToTraining(step.fit(context), context).numericColumn("X"));
  }

  @Test
  void applyToTraining_defaultFolds_differsFromFullFit() {
    Table train = Table.builder()
        .categorical("X", "A", "A", "A", "A", "B", "B", "B", "B", "A", "B")
        .categorical("y", "1", "1", "0", "1", "0", "0", "1", "0", "1", "0")
        .build();
    FitContext context = Fixtures.classification(train);
    MeanEncoding step = Features.meanEncoding("X").smoothing(1).folds(2);
    FittedTransform fitted = step.fit(context);
    double[] outOfFold = step.applyToTraining(fitted, context).numericColumn("X");
    double[] full = fitted.apply(train).numericColumn("X");
    assertFalse(java.util.Arrays.equals(full, outOfFold));
    assertClose(outOfFold, step.applyToTraining(fitted, context).numericColumn("X"));
  }

  @Test
  void applyToTraining_rowHeldOutTwice_isRefused() {
    FitContext context = Fixtures.classification(Fixtures.shared()).withCrossFitPartitions(List.of(
        Partition.of(new int[] {0, 1}, new int[] {2, 3}),
        Partition.of(new int[] {0, 1}, new int[] {3, 4})));
    MeanEncoding step = Features.meanEncoding("X");
    var e = assertThrows(IllegalArgumentException.class, () -> step.applyToTraining(step.fit(context), context));
    assertEquals("row 3 is held out by cross-fitting folds 0 and 1; each row may be held out by at most one fold",
        e.getMessage());
  }

  @Test
  void applyToTraining_rowOutsideTable_isRefused() {
    FitContext context = Fixtures.classification(Fixtures.shared()).withCrossFitPartitions(List.of(
        Partition.of(new int[] {0, 1}, new int[] {9})));
    MeanEncoding step = Features.meanEncoding("X");
    var e = assertThrows(IllegalArgumentException.class, () -> step.applyToTraining(step.fit(context), context));
    assertEquals("cross-fitting fold 0 names row 9, but the training part has 6 rows", e.getMessage());
  }

  @Test
  void applyToTraining_foreignTransform_isRefused() {
    FitContext context = Fixtures.classification(Fixtures.shared()).withCrossFitPartitions(TWO_FOLDS);
    FittedTransform other = Features.oneHot("X").fit(context);
    var e = assertThrows(IllegalArgumentException.class,
        () -> Features.meanEncoding("X").applyToTraining(other, context));
    assertEquals("mean_encoding.applyToTraining needs the transform this step's fit(context) returned, got a"
        + " 'one_hot' transform of [X]", e.getMessage());
  }

  @Test
  void fit_targetAmongColumns_isRefused() {
    Table train = Table.builder().categorical("X", "A", "B").categorical("y", "1", "0").build();
    var e = assertThrows(IllegalArgumentException.class,
        () -> Features.meanEncoding("X", "y").fit(Fixtures.classification(train)));
    assertEquals("mean_encoding reads column 'y', which is the target; a feature step must not read the target, or"
        + " the model sees its own answer. Remove 'y' from the step's columns.", e.getMessage());
  }

  @Test
  void fit_regressionTargetMissing_isRefused() {
    Table train = Table.builder().categorical("X", "A", "B").numeric("y", 1, Double.NaN).build();
    var e = assertThrows(IllegalArgumentException.class,
        () -> Features.meanEncoding("X").fit(FitContext.of(train, "y", Split.random(0.8), 1)));
    assertEquals("target 'y' is missing at row 1; drop rows without a label before fitting", e.getMessage());
  }

  @Test
  void check_textColumn_saysHowToDeclareIt() {
    Table table = Table.builder().text("Job", "a b", "c").categorical("y", "1", "0").build();
    assertEquals(
        List.of("column 'Job' is TEXT; mean_encoding needs CATEGORICAL. Declare it with CsvOptions.categorical(\"Job\")"
            + " or drop it."),
        Fixtures.problems(Features.meanEncoding("Job"), table));
  }

  @Test
  void apply_numericColumn_isRefusedNamingTheColumn() {
    FittedTransform fitted = Features.meanEncoding("X").fit(Fixtures.classification(Fixtures.shared()));
    Table test = Table.builder().numeric("X", 1, 2).build();
    var e = assertThrows(InvalidInputException.class, () -> fitted.apply(test));
    assertEquals("X", e.column());
    assertEquals("column 'X' is NUMERIC; mean_encoding expects CATEGORICAL. Send strings in it, with null for a"
        + " missing value.", e.getMessage());
  }

  @Test
  void apply_requestWithOnlyNull_isTreatedAsMissing() {
    FittedTransform fitted = Features.meanEncoding("X").smoothing(1).fit(Fixtures.classification(Fixtures.shared()));
    java.util.Map<String, Object> request = new java.util.HashMap<>();
    request.put("X", null);
    Table row = Table.fromRows(List.of(request));
    assertClose(new double[] {0.5}, fitted.apply(row.row(0)).numericColumn("X"));
  }

  @Test
  void spec_listsOptions() {
    assertEquals(Map.of("columns", List.of("Job"), "smoothing", 10.0, "folds", 5),
        Features.meanEncoding("Job").smoothing(10).spec());
    assertEquals(Map.of("columns", List.of("Job", "Home"), "smoothing", "auto", "folds", 3),
        Features.meanEncoding("Job", "Home").folds(3).spec());
  }

  @Test
  void options_outOfRange_areRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Features.meanEncoding("Job").smoothing(-1));
    assertEquals("smoothing(-1.0) is not a finite number >= 0; give the prior's weight in rows, e.g. smoothing(10),"
        + " or use autoSmoothing()", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Features.meanEncoding("Job").smoothing(Double.NaN));
    assertEquals("smoothing(NaN) is not a finite number >= 0; give the prior's weight in rows, e.g. smoothing(10),"
        + " or use autoSmoothing()", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Features.meanEncoding("Job").folds(1));
    assertEquals("folds(1): cross-fitting needs at least 2 folds, so that no row is encoded with its own label; the"
        + " default is 5", e.getMessage());
  }

  @Test
  void options_leaveTheStepUntouched() {
    MeanEncoding base = Features.meanEncoding("Job");
    MeanEncoding changed = base.smoothing(3).folds(7);
    assertEquals("auto", base.spec().get("smoothing"));
    assertEquals(5, base.spec().get("folds"));
    assertEquals(3.0, changed.spec().get("smoothing"));
    assertEquals("mean_encoding{columns=[Job], smoothing=3.0, folds=7}", changed.toString());
  }
}
