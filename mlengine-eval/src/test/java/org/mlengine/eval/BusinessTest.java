package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.core.Trainers;

/** Cost matrices, user metrics and the validation-only threshold chooser. */
class BusinessTest {
  private static final List<String> BINARY = List.of("neg", "pos");

  /** Scores 0.1 0.3 0.4 0.6 0.8 0.9 of P(pos); truth neg neg pos neg pos pos. */
  static Outcomes tinyValidation() {
    return binary(new double[] {0.1, 0.3, 0.4, 0.6, 0.8, 0.9}, new int[] {0, 0, 1, 0, 1, 1});
  }

  static Outcomes binary(double[] positive, int[] truth) {
    double[][] p = new double[positive.length][];
    for (int i = 0; i < p.length; i++) {
      p[i] = new double[] {1 - positive[i], positive[i]};
    }
    return Outcomes.classification(BINARY, truth, p);
  }

  private static PipelineResult result(Outcomes test, Optional<Outcomes> validation) {
    return new PipelineResult(
        null, null, null, Map.of(), Map.of(), List.of(), List.of(), test, validation);
  }

  // ---------------------------------------------------------------- cost matrix

  @Test
  void costMatrix_fourRows_isTheMeanCostComputedByHand() {
    // bad->bad 0, bad->good 10, good->bad 1, good->good 0: (0 + 10 + 1 + 0) / 4 = 2.75
    Outcomes o = Outcomes.classification(
        List.of("bad", "good"),
        new int[] {0, 0, 1, 1},
        new double[][] {{0.9, 0.1}, {0.3, 0.7}, {0.6, 0.4}, {0.2, 0.8}});
    Metric cost = Business.costMatrix(List.of("bad", "good"), new double[][] {{0, 10}, {1, 0}});
    assertEquals(2.75, cost.evaluate(o), 0.0);
    assertEquals("mean_cost", cost.name());
    assertFalse(cost.greaterIsBetter());
    // The same matrix with the classes listed the other way round.
    Metric swapped = Business.costMatrix(List.of("good", "bad"), new double[][] {{0, 1}, {10, 0}});
    assertEquals(2.75, swapped.evaluate(o), 0.0);
  }

  @Test
  void costMatrix_copiesTheArray() {
    double[][] c = {{0, 10}, {1, 0}};
    Metric cost = Business.costMatrix(List.of("bad", "good"), c);
    c[0][1] = 1000;
    Outcomes o = Outcomes.classification(List.of("bad", "good"), new int[] {0}, new double[][] {{0.2, 0.8}});
    assertEquals(10.0, cost.evaluate(o), 0.0);
  }

  @Test
  void costMatrix_wrongShape_saysTheExpectedShape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Business.costMatrix(List.of("bad", "good"), new double[][] {{0, 1}}));
    assertEquals(
        "Business.costMatrix: cost has 1 rows for 2 classes [bad, good]; expected a 2x2 matrix, "
            + "cost[true][predicted]",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Business.costMatrix(List.of("bad", "good"), new double[][] {{0, 1}, {1}}));
    assertEquals(
        "Business.costMatrix: cost[1] has 1 columns for 2 classes [bad, good]; expected 2, one "
            + "per predicted class",
        e.getMessage());
  }

  @Test
  void costMatrix_badLabelsOrValues_sayWhatToFix() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Business.costMatrix(List.of("bad", "bad"), new double[][] {{0, 1}, {1, 0}}));
    assertEquals(
        "Business.costMatrix: classes lists 'bad' twice; expected each class once — remove the "
            + "duplicate",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Business.costMatrix(List.of("bad", "good"), new double[][] {{0, Double.NaN}, {1, 0}}));
    assertEquals(
        "Business.costMatrix: cost[0][1] is NaN; expected a finite cost in every row — give every "
            + "pair a cost (0 for no cost, negative for a gain)",
        e.getMessage());
  }

  @Test
  void costMatrix_otherClasses_saysToUseTheClassifiersClasses() {
    Metric cost = Business.costMatrix(List.of("bad", "good"), new double[][] {{0, 10}, {1, 0}});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> cost.evaluate(tinyValidation()));
    assertEquals(
        "Business.costMatrix: the outcomes have classes [neg, pos] but the cost matrix has "
            + "[bad, good]; expected the same classes (in any order) — build the matrix with the "
            + "classifier's classes",
        e.getMessage());
  }

  // ---------------------------------------------------------------- user metric

  @Test
  void of_userFunction_isEvaluatedAndNamed() {
    Metric profit = Business.of("profit", o -> {
      int[] t = o.trueClasses();
      int[] p = o.predictedClasses();
      double sum = 0;
      for (int i = 0; i < t.length; i++) {
        if (p[i] == 1) {
          sum += t[i] == 1 ? 50 : -200;
        }
      }
      return sum;
    }, true);
    // Predicted pos (p >= 0.5 by argmax, ties to neg): 0.6 neg, 0.8 pos, 0.9 pos → -200 + 100.
    assertEquals(-100.0, profit.evaluate(tinyValidation()), 0.0);
    assertEquals("profit", profit.name());
  }

  @Test
  void of_blankNameOrNaN_sayWhatToFix() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Business.of(" ", o -> 0.0, true));
    assertEquals(
        "Business.of: name is blank; expected the name to report the metric under, e.g. \"profit\"",
        e.getMessage());
    Metric nan = Business.of("nan", o -> Double.NaN, true);
    e = assertThrows(IllegalArgumentException.class, () -> nan.evaluate(tinyValidation()));
    assertEquals(
        "nan: the function returned NaN; expected a number — make it defined on every non-empty "
            + "set of outcomes",
        e.getMessage());
  }

  // ---------------------------------------------------------------- threshold chooser

  @Test
  void chooseThreshold_accuracyOnTinySet_picksTheLowestOfTheTiedBest() {
    // Accuracy by cut: 0→3/6 0.1→3/6 0.3→4/6 0.4→5/6 0.6→4/6 0.8→5/6 0.9→4/6 1→3/6.
    Threshold t = Business.chooseThreshold(
        result(tinyValidation(), Optional.of(tinyValidation())), Metrics.accuracy());
    assertEquals(new Threshold(0.4, "pos", "accuracy", 5.0 / 6), t);
  }

  @Test
  void chooseThreshold_costMatrix_minimisesTheLoss() {
    // A missed positive costs 10, a false alarm 1: cut 0.4 leaves one false alarm, 1/6.
    Metric cost = Business.costMatrix(BINARY, new double[][] {{0, 1}, {10, 0}});
    Threshold t = Business.chooseThreshold(result(tinyValidation(), Optional.of(tinyValidation())), cost);
    assertEquals(0.4, t.threshold(), 0.0);
    assertEquals(1.0 / 6, t.validationValue(), 1e-15);
    assertEquals("mean_cost", t.objective());
  }

  @Test
  void chooseThreshold_testWouldPickAnother_usesOnlyValidation() {
    // On these test rows the best accuracy cut is 0.95 (3/4); validation's is 0.4.
    Outcomes test = binary(new double[] {0.2, 0.5, 0.7, 0.95}, new int[] {1, 0, 0, 1});
    assertEquals(0.95, Business.choose(test, Metrics.accuracy()).threshold(), 0.0);
    Threshold t = Business.chooseThreshold(result(test, Optional.of(tinyValidation())), Metrics.accuracy());
    assertEquals(0.4, t.threshold(), 0.0);
    assertEquals(5.0 / 6, t.validationValue(), 0.0);
    // Reported once on the test part: 0.2 neg ✗, 0.5 pos ✗, 0.7 pos ✗, 0.95 pos ✓.
    assertEquals(0.25, t.evaluate(Metrics.accuracy(), test), 0.0);
  }

  @Test
  void chooseThreshold_noValidationPart_refusesAndNamesTheSplit() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Business.chooseThreshold(result(tinyValidation(), Optional.empty()), Metrics.accuracy()));
    assertEquals(
        "Business.chooseThreshold: the result has no validation part; expected validation "
            + "outcomes to tune the threshold on (never the test part) — fit with a validation "
            + "part, e.g. .split(Split.stratified(0.8).validation(0.1))",
        e.getMessage());
  }

  @Test
  void chooseThreshold_multiClass_refuses() {
    Outcomes three = Outcomes.classification(
        List.of("a", "b", "c"), new int[] {0, 1, 2},
        new double[][] {{0.8, 0.1, 0.1}, {0.1, 0.8, 0.1}, {0.1, 0.1, 0.8}});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Business.chooseThreshold(result(three, Optional.of(three)), Metrics.accuracy()));
    assertEquals(
        "Business.chooseThreshold: the validation outcomes are 3 classes [a, b, c]; expected a "
            + "binary classifier's (two classes) — a threshold on P(positive) needs two classes; "
            + "for more, use the most probable class",
        e.getMessage());
  }

  @Test
  void chooseThreshold_regressionObjective_refuses() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Business.chooseThreshold(
            result(tinyValidation(), Optional.of(tinyValidation())), Metrics.rmse()));
    assertEquals(
        "Business.chooseThreshold: rmse does not support classification; expected a "
            + "classification metric, e.g. Metrics.f1(Average.BINARY) or Business.costMatrix(...)",
        e.getMessage());
  }

  @Test
  void apply_otherPositiveClass_refuses() {
    Threshold t = new Threshold(0.5, "yes", "accuracy", 0.9);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.apply(tinyValidation()));
    assertEquals(
        "Threshold.apply: the outcomes have classes [neg, pos]; expected two classes with 'yes' "
            + "second, as on the validation part the threshold was chosen on",
        e.getMessage());
  }

  @Test
  void apply_threshold_predictsPositiveAtOrAboveTheCut() {
    Outcomes hard = new Threshold(0.4, "pos", "accuracy", 0.0).apply(tinyValidation());
    assertEquals(List.of(0, 0, 1, 1, 1, 1), java.util.Arrays.stream(hard.predictedClasses()).boxed().toList());
    Outcomes none = new Threshold(1.0, "pos", "accuracy", 0.0).apply(tinyValidation());
    assertEquals(0, java.util.Arrays.stream(none.predictedClasses()).sum());
  }

  @Test
  void chooseThreshold_pipelineWithValidation_tunesOnValidationOnly() {
    Random random = new Random(5);
    int n = 400;
    double[] x1 = new double[n];
    String[] y = new String[n];
    for (int i = 0; i < n; i++) {
      x1[i] = random.nextGaussian();
      y[i] = x1[i] + random.nextGaussian() > 0.8 ? "yes" : "no";
    }
    Table table = Table.builder().numeric("x1", x1).categorical("y", y).build();
    PipelineResult result = Pipeline.builder()
        .target("y")
        .split(Split.stratified(0.8).validation(0.1))
        .trainer(Trainers.logisticRegression())
        .seed(3)
        .build()
        .fit(table);
    Metric cost = Business.costMatrix(List.of("no", "yes"), new double[][] {{0, 1}, {5, 0}});
    Threshold t = Business.chooseThreshold(result, cost);
    Outcomes validation = result.validationOutcomes().orElseThrow();
    assertEquals(Business.choose(validation, cost), t);
    assertEquals(t.validationValue(), t.evaluate(cost, validation), 0.0);
    // Missed "yes" rows cost 5: the tuned cut is below the argmax cut of 0.5.
    assertEquals(true, t.threshold() < 0.5, t.toString());
  }
}
