package org.mlengine.features;

import static org.mlengine.features.Fixtures.assertClose;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.core.Partition;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;

/**
 * The published values of ../shared/reference/features_vectors.md (sections 1, 2, 3, 7, 8, 10, 11),
 * computed there with numpy and scikit-learn's formulas. Shared data: X=[A,A,A,B,B,C],
 * y=[1,1,0,0,0,1], prior 0.5, population variance 0.25.
 */
class ReferenceVectorsTest {

  /** X=[A,B,C,D]: the three training categories and one unseen. */
  private static final Table ABCD = Table.builder().categorical("X", "A", "B", "C", "D").build();

  private static double[] encode(MeanEncoding step, FitContext context) {
    return step.fit(context).apply(ABCD).numericColumn("X");
  }

  @Test
  void fixedSmoothing_m0_isTheCategoryMean() {
    // §1, m = 0: A = 0.666667, B = 0, C = 1; unseen -> 0.5
    assertClose(new double[] {0.666667, 0, 1, 0.5},
        encode(Features.meanEncoding("X").smoothing(0), Fixtures.classification(Fixtures.shared())));
  }

  @Test
  void fixedSmoothing_m1_matchesReference() {
    // §1, m = 1: A = 0.625, B = 0.166667, C = 0.75
    assertClose(new double[] {0.625, 0.166667, 0.75, 0.5},
        encode(Features.meanEncoding("X").smoothing(1), Fixtures.classification(Fixtures.shared())));
  }

  @Test
  void fixedSmoothing_m2_matchesReference() {
    // §1, m = 2: A = 0.6, B = 0.25, C = 0.666667
    assertClose(new double[] {0.6, 0.25, 0.666667, 0.5},
        encode(Features.meanEncoding("X").smoothing(2), Fixtures.classification(Fixtures.shared())));
  }

  @Test
  void autoSmoothing_binaryTarget_matchesScikitLearn() {
    // §2: A = 0.628571 (lambda = 0.771429), B = 0, C = 1 (a singleton is not shrunk)
    assertClose(new double[] {0.628571, 0, 1, 0.5},
        encode(Features.meanEncoding("X").autoSmoothing(), Fixtures.classification(Fixtures.shared())));
  }

  @Test
  void autoSmoothing_isTheDefault() {
    assertClose(new double[] {0.628571, 0, 1, 0.5},
        encode(Features.meanEncoding("X"), Fixtures.classification(Fixtures.shared())));
  }

  @Test
  void autoSmoothing_continuousTarget_matchesScikitLearn() {
    // §2: y = [4,6,8,1,3,10] (mean 5.333333, variance 9.222222): A = 5.941392, B = 2.171429, C = 10
    Table train = Table.builder()
        .categorical("X", "A", "A", "A", "B", "B", "C")
        .numeric("y", 4, 6, 8, 1, 3, 10)
        .build();
    assertClose(new double[] {5.941392, 2.171429, 10, 5.333333},
        encode(Features.meanEncoding("X").autoSmoothing(), FitContext.of(train, "y", Split.random(0.8), 42)));
  }

  @Test
  void crossFitting_explicitFolds_matchesReference() {
    // §3: m = 1, folds {0,2,4} and {1,3,5}; row 5 (C, absent from its training fold) gets that fold's prior 1/3
    FitContext context = Fixtures.classification(Fixtures.shared()).withCrossFitPartitions(List.of(
        Partition.of(new int[] {1, 3, 5}, new int[] {0, 2, 4}),
        Partition.of(new int[] {0, 2, 4}, new int[] {1, 3, 5})));
    MeanEncoding step = Features.meanEncoding("X").smoothing(1);
    FittedTransform fitted = step.fit(context);

    assertClose(new double[] {0.833333, 0.444444, 0.833333, 0.166667, 0.333333, 0.333333},
        step.applyToTraining(fitted, context).numericColumn("X"));
    assertClose(new double[] {0.625, 0.625, 0.625, 0.166667, 0.166667, 0.75},
        fitted.apply(context.table()).numericColumn("X"));
  }

  @Test
  void standardize_oneToFour_usesPopulationSd() {
    // §10: mean 2.5, population sd 1.118034, z(4) = 1.341641 (not Spark's 1.161895)
    Table train = Table.builder().numeric("x", 1, 2, 3, 4).numeric("y", 0, 1, 0, 1).build();
    Table out = Features.standardize("x").fit(Fixtures.context(train)).apply(train);
    assertClose(new double[] {-1.341641, -0.447214, 0.447214, 1.341641}, out.numericColumn("x"));
  }

  @Test
  void impute_fitOnTrain_fillsTestWithTrainMean() {
    // §11: fit on [1, NaN, 3] gives 2; a test NaN becomes 2 whatever the test mean
    Table train = Table.builder().numeric("x", 1, Double.NaN, 3).numeric("y", 0, 1, 0).build();
    Table test = Table.builder().numeric("x", Double.NaN, 100, 200).build();
    FittedTransform fitted = Features.impute("x").fit(Fixtures.context(train));
    assertClose(new double[] {1, 2, 3}, fitted.apply(train).numericColumn("x"));
    assertClose(new double[] {2, 100, 200}, fitted.apply(test).numericColumn("x"));
  }

  // ---- categorical, cyclical, numeric: §7, §8, §10 ----

  @Test
  void weightOfEvidence_r1_matchesReference() {
    // §7, r = 1, P = N = 3: A = ln 1.5, B = ln(1/3), C = ln 2 (the singleton C is not forced to 0); unseen D -> 0
    assertClose(new double[] {0.405465, -1.098612, 0.693147, 0},
        Features.weightOfEvidence("X").regularization(1).fit(Fixtures.classification(Fixtures.shared()))
            .apply(ABCD).numericColumn("X"));
  }

  @Test
  void sineCosine_period7_matchesReference() {
    // §8: sin/cos(2 pi d / 7) for d = 0..6
    Table days = Table.builder().numeric("d", 0, 1, 2, 3, 4, 5, 6).numeric("y", 0, 1, 0, 1, 0, 1, 0).build();
    Table out = Features.sineCosine("d", 7).fit(Fixtures.context(days)).apply(days);
    assertClose(new double[] {0, 0.781831, 0.974928, 0.433884, -0.433884, -0.974928, -0.781831},
        out.numericColumn("d_sin"));
    assertClose(new double[] {1, 0.623490, -0.222521, -0.900969, -0.900969, -0.222521, 0.623490},
        out.numericColumn("d_cos"));
  }

  @Test
  void sineCosine_period7_day6DiffersFromDay0() {
    // §8: feature-engine's learned max = 6 puts d = 6 on (0, 1), the point of d = 0; an explicit period 7 does not
    Table days = Table.builder().numeric("d", 0, 6).numeric("y", 0, 1).build();
    Table out = Features.sineCosine("d", 7).fit(Fixtures.context(days)).apply(days);
    double[] sin = out.numericColumn("d_sin");
    double[] cos = out.numericColumn("d_cos");
    org.junit.jupiter.api.Assertions.assertTrue(Math.hypot(sin[1] - sin[0], cos[1] - cos[0]) > 0.8,
        "day 6 and day 0 must be distinct points, one step of 2 pi / 7 apart");
    assertClose(new double[] {-0.781831}, new double[] {sin[1]});
  }

  @Test
  void minMax_oneToFour_mapsTestValueFiveOutsideTheUnitRange() {
    // §10: fitted on [1, 2, 3, 4], a test value of 5 becomes 1.333333; no refit
    Table train = Table.builder().numeric("x", 1, 2, 3, 4).numeric("y", 0, 1, 0, 1).build();
    FittedTransform fitted = Features.minMax("x").fit(Fixtures.context(train));
    assertClose(new double[] {0, 1 / 3.0, 2 / 3.0, 1}, fitted.apply(train).numericColumn("x"));
    assertClose(new double[] {1.333333, -0.333333},
        fitted.apply(Table.builder().numeric("x", 5, 0).build()).numericColumn("x"));
  }
}
