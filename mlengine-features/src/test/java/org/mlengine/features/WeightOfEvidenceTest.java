package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mlengine.features.Fixtures.assertClose;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.core.Partition;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.WeightOfEvidenceTransform;

class WeightOfEvidenceTest {

  private static final List<Partition> TWO_FOLDS = List.of(
      Partition.of(new int[] {1, 3, 5}, new int[] {0, 2, 4}),
      Partition.of(new int[] {0, 2, 4}, new int[] {1, 3, 5}));

  @Test
  void apply_replacesColumnInPlace_missingAndUnseenGetZero() {
    Table train = Table.builder()
        .numeric("Income", 1, 2, 3, 4, 5, 6, 7)
        .categorical("X", "A", "A", "A", "B", "B", "C", null)
        .categorical("y", "1", "1", "0", "0", "0", "1", "1")
        .build();
    FittedTransform fitted = Features.weightOfEvidence("X").fit(Fixtures.classification(train));
    Table out = fitted.apply(train);
    assertEquals(List.of("Income", "X", "y"), out.columnNames());
    assertEquals(ColumnType.NUMERIC, out.type("X"));
    // P = 4, N = 3 (the missing row counts): A = ln[(3/6)/(2/5)], B = ln[(1/6)/(3/5)], C = ln[(2/6)/(1/5)]
    assertClose(new double[] {Math.log(1.25), Math.log(1.25), Math.log(1.25), Math.log(5 / 18.0),
        Math.log(5 / 18.0), Math.log(5 / 3.0), 0}, out.numericColumn("X"));
    assertClose(new double[] {0, 0},
        fitted.apply(Table.builder().categorical("X", "castle", null).build()).numericColumn("X"));
  }

  @Test
  void apply_positiveIsTheSecondSortedClass() {
    Table train = Table.builder().categorical("X", "A", "A", "B", "B").categorical("y", "good", "good", "bad", "good")
        .build();
    // classes [bad, good]: P counts good (3), N counts bad (1); A = ln[(3/5)/(1/3)], B = ln[(2/5)/(2/3)]
    FittedTransform fitted = Features.weightOfEvidence("X").fit(Fixtures.classification(train));
    assertClose(new double[] {Math.log(1.8), Math.log(0.6)},
        fitted.apply(Table.builder().categorical("X", "A", "B").build()).numericColumn("X"));
    assertEquals("good", ((WeightOfEvidenceTransform) fitted).positive());
  }

  @Test
  void regularization_changesTheShrinkage() {
    // r = 0.5, P = N = 3: A (2 pos, 1 neg) = ln[(2.5/4)/(1.5/4)] = ln(5/3)
    FittedTransform fitted =
        Features.weightOfEvidence("X").regularization(0.5).fit(Fixtures.classification(Fixtures.shared()));
    assertClose(new double[] {Math.log(5 / 3.0)},
        fitted.apply(Table.builder().categorical("X", "A").build()).numericColumn("X"));
  }

  @Test
  void applyToTraining_explicitFolds_isOutOfFold() {
    FitContext context = Fixtures.classification(Fixtures.shared()).withCrossFitPartitions(TWO_FOLDS);
    WeightOfEvidence step = Features.weightOfEvidence("X");
    FittedTransform fitted = step.fit(context);
    // rows 0,2,4 learn from rows 1,3,5 (P = 2, N = 1): A = ln 1.5, B = ln(3/8);
    // rows 1,3,5 learn from rows 0,2,4 (P = 1, N = 2): A = ln(4/3), B = ln(2/3), C unseen = 0
    assertClose(new double[] {Math.log(1.5), Math.log(4 / 3.0), Math.log(1.5), Math.log(2 / 3.0), Math.log(3 / 8.0), 0},
        step.applyToTraining(fitted, context).numericColumn("X"));
    // the full fit, for every later row: §7
    assertClose(new double[] {0.405465, 0.405465, 0.405465, -1.098612, -1.098612, 0.693147},
        fitted.apply(context.table()).numericColumn("X"));
  }

  @Test
  void applyToTraining_rowInNoTestPart_getsZero() {
    FitContext context = Fixtures.classification(Fixtures.shared()).withCrossFitPartitions(List.of(
        Partition.of(new int[] {0, 1, 2}, new int[] {3, 4})));
    WeightOfEvidence step = Features.weightOfEvidence("X");
    // rows 3, 4 (B) learn from A rows only, where B is unseen: 0; the other rows are held out by no fold: 0
    assertClose(new double[] {0, 0, 0, 0, 0, 0}, step.applyToTraining(step.fit(context), context).numericColumn("X"));
  }

  @Test
  void applyToTraining_groupSplit_neverLearnsFromTheRowsOwnGroup() {
    // one category per customer (an ID-like column): with group folds a customer's rows are always
    // encoded from other customers, where their category is unseen, so nothing of their labels leaks
    String[] customer = new String[40];
    String[] label = new String[40];
    for (int r = 0; r < 40; r++) {
      customer[r] = "c" + (r / 4);
      label[r] = (r / 4) % 2 == 0 ? "good" : "bad";
    }
    Table train = Table.builder().categorical("customer", customer).categorical("X", customer)
        .categorical("y", label).build();
    FitContext context = FitContext.of(train, "y", Split.group("customer", 0.8), 5);
    WeightOfEvidence woe = Features.weightOfEvidence("X").folds(5);
    assertClose(new double[40], woe.applyToTraining(woe.fit(context), context).numericColumn("X"));
    // the same folds give mean encoding the prior of the other customers' rows, never the row's own label
    MeanEncoding mean = Features.meanEncoding("X").smoothing(0).folds(5);
    double[] encoded = mean.applyToTraining(mean.fit(context), context).numericColumn("X");
    for (Partition p : context.crossFitPartitions(5)) {
      double prior = p.train().stream().mapToDouble(r -> label[r].equals("good") ? 1 : 0).average().orElseThrow();
      p.test().forEach(r -> assertEquals(prior, encoded[r], 1e-12, "row " + r));
    }
  }

  @Test
  void fit_multiClassTarget_isRefusedPointingToMeanEncoding() {
    Table train = Table.builder().categorical("X", "A", "B", "C").categorical("y", "a", "b", "c").build();
    var e = assertThrows(IllegalArgumentException.class,
        () -> Features.weightOfEvidence("X").fit(Fixtures.classification(train)));
    assertEquals("weight_of_evidence needs a binary target, but target 'y' has 3 classes in the training rows:"
        + " [a, b, c]. Use Features.meanEncoding(\"X\"), which encodes one column per class.", e.getMessage());
  }

  @Test
  void fit_oneClassInTraining_isRefused() {
    Table train = Table.builder().categorical("X", "A", "B").categorical("y", "a", "a").build();
    var e = assertThrows(IllegalArgumentException.class,
        () -> Features.weightOfEvidence("X").fit(Fixtures.classification(train)));
    assertEquals("weight_of_evidence needs a binary target, but target 'y' has 1 class in the training rows: [a]."
        + " Both classes must occur in training; a stratified split keeps them, e.g. Split.stratified(0.8).",
        e.getMessage());
  }

  @Test
  void fit_regressionTarget_isRefused() {
    Table train = Table.builder().categorical("X", "A", "B").categorical("Z", "u", "v").numeric("y", 1, 2).build();
    var e = assertThrows(IllegalArgumentException.class,
        () -> Features.weightOfEvidence("X", "Z").fit(Fixtures.context(train)));
    assertEquals("weight_of_evidence needs a binary target, but target 'y' is a regression target. Use"
        + " Features.meanEncoding(\"X\", \"Z\"), which encodes the target mean.", e.getMessage());
  }

  @Test
  void applyToTraining_foreignTransform_isRefused() {
    FitContext context = Fixtures.classification(Fixtures.shared()).withCrossFitPartitions(TWO_FOLDS);
    FittedTransform other = Features.meanEncoding("X").fit(context);
    var e = assertThrows(IllegalArgumentException.class,
        () -> Features.weightOfEvidence("X").applyToTraining(other, context));
    assertEquals("weight_of_evidence.applyToTraining needs the transform this step's fit(context) returned, got a"
        + " 'mean_encoding' transform of [X]", e.getMessage());
  }

  @Test
  void applyToTraining_rowHeldOutTwice_isRefusedAsForMeanEncoding() {
    FitContext context = Fixtures.classification(Fixtures.shared()).withCrossFitPartitions(List.of(
        Partition.of(new int[] {0, 1}, new int[] {2, 3}),
        Partition.of(new int[] {0, 1}, new int[] {3, 4})));
    WeightOfEvidence step = Features.weightOfEvidence("X");
    var e = assertThrows(IllegalArgumentException.class, () -> step.applyToTraining(step.fit(context), context));
    assertEquals("row 3 is held out by cross-fitting folds 0 and 1; each row may be held out by at most one fold",
        e.getMessage());
  }

  @Test
  void check_textColumn_hasTheHouseMessage() {
    Table table = Table.builder().text("Job", "a b", "c").categorical("y", "1", "0").build();
    assertEquals(List.of("column 'Job' is TEXT; weight_of_evidence needs CATEGORICAL. Declare it with"
            + " CsvOptions.categorical(\"Job\") or drop it."),
        Fixtures.problems(Features.weightOfEvidence("Job"), table));
  }

  @Test
  void options_outOfRange_areRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Features.weightOfEvidence("X").regularization(0));
    assertEquals("regularization(0.0) is not a finite number > 0; with 0 a category seen with one class only gets an"
        + " infinite value. Give e.g. regularization(1), the default", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Features.weightOfEvidence("X").folds(1));
    assertEquals("folds(1): cross-fitting needs at least 2 folds, so that no row is encoded with its own label; the"
        + " default is 5", e.getMessage());
  }

  @Test
  void spec_listsOptions_andOptionsLeaveTheStepUntouched() {
    WeightOfEvidence base = Features.weightOfEvidence("Job");
    WeightOfEvidence changed = base.regularization(0.5).folds(3);
    assertEquals(Map.of("columns", List.of("Job"), "regularization", 1.0, "folds", 5), base.spec());
    assertEquals("weight_of_evidence{columns=[Job], regularization=0.5, folds=3}", changed.toString());
  }
}
