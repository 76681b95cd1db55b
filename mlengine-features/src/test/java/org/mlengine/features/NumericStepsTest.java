package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mlengine.features.Fixtures.assertClose;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.QuantileBinsTransform;
import org.mlengine.runtime.internal.steps.ScaleTransform;

/**
 * minMax, robustScale, log1p, clip and quantileBins. Expected values marked "sklearn" were
 * computed with scikit-learn 1.2.1 / numpy 1.24 (MinMaxScaler, RobustScaler, KBinsDiscretizer,
 * numpy.quantile) and copied here.
 */
class NumericStepsTest {

  private static final double NA = Double.NaN;

  private static FitContext context(double... x) {
    return Fixtures.context(Table.builder().numeric("x", x).numeric("y", new double[x.length]).build());
  }

  private static double[] apply(FittedTransform fitted, double... x) {
    return fitted.apply(Table.builder().numeric("x", x).build()).numericColumn("x");
  }

  // ---- minMax ----

  @Test
  void minMax_usesTrainingRangeOnly_neverRefits() {
    // sklearn MinMaxScaler fitted on [1, 2, 3, 4]: 5 -> 1.333333, 0 -> -0.333333, 2.5 -> 0.5
    FittedTransform fitted = Features.minMax("x").fit(context(1, 2, NA, 3, 4));
    assertClose(new double[] {1.333333, -0.333333, 0.5, NA}, apply(fitted, 5, 0, 2.5, NA));
  }

  @Test
  void minMax_constantColumn_getsRangeOne() {
    assertClose(new double[] {0, 1}, apply(Features.minMax("x").fit(context(3, 3, 3)), 3, 4));
  }

  @Test
  void minMax_allMissing_isRefused() {
    var e = assertThrows(InvalidInputException.class, () -> Features.minMax("x").fit(context(NA, NA)));
    assertEquals("min_max cannot learn the scale of column 'x': every training row is missing. Drop the column, or"
        + " impute it first with Features.impute(\"x\").constant(0.0).", e.getMessage());
  }

  // ---- robustScale ----

  @Test
  void robustScale_matchesScikitLearn() {
    // sklearn RobustScaler on [1, 2, 3, 4, 10, NaN, 7.5]: center 3.5, scale 4.375;
    // 0 -> -0.8, 5 -> 0.342857, 100 -> 22.057143, NaN -> NaN
    FittedTransform fitted = Features.robustScale("x").fit(context(1, 2, 3, 4, 10, NA, 7.5));
    assertEquals(new ScaleTransform.Scale("x", 3.5, 4.375), ((ScaleTransform) fitted).scales().get(0));
    assertClose(new double[] {-0.8, 0.342857, 22.057143, NA}, apply(fitted, 0, 5, 100, NA));
  }

  @Test
  void robustScale_zeroInterquartileRange_getsScaleOne() {
    assertClose(new double[] {0, 2}, apply(Features.robustScale("x").fit(context(1, 5, 5, 5, 5, 9)), 5, 7));
  }

  // ---- log1p ----

  @Test
  void log1p_appliesLogOfOnePlusX_missingStaysMissing() {
    FittedTransform fitted = Features.log1p("x").fit(context(0, 1));
    assertClose(new double[] {0, Math.log(2), Math.log1p(-0.5), NA}, apply(fitted, 0, 1, -0.5, NA));
  }

  @Test
  void log1p_valueAtOrBelowMinusOne_isRefusedNamingColumnAndValue() {
    FittedTransform fitted = Features.log1p("x").fit(context(0, 1));
    var e = assertThrows(InvalidInputException.class, () -> apply(fitted, 3, -1));
    assertEquals("x", e.column());
    assertEquals("column 'x' holds -1.0 at row 1; log1p needs values greater than -1, where log(1 + x) is defined."
        + " Clip the column first, e.g. Features.clip(\"x\").between(0, Double.POSITIVE_INFINITY), or leave it out of"
        + " log1p.", e.getMessage());
    assertThrows(InvalidInputException.class, () -> apply(fitted, -7));
  }

  @Test
  void log1p_trainingValueAtOrBelowMinusOne_isRefusedInTraining() {
    FitContext context = context(0, -2);
    Rescale step = Features.log1p("x");
    assertThrows(InvalidInputException.class, () -> step.applyToTraining(step.fit(context), context));
  }

  // ---- clip ----

  @Test
  void clip_between_clipsBothSides() {
    FittedTransform fitted = Features.clip("x").between(0, 10).fit(context(1, 2));
    assertClose(new double[] {0, 5, 10, NA}, apply(fitted, -3, 5, 42, NA));
  }

  @Test
  void clip_betweenWithInfiniteBound_clipsOneSide() {
    FittedTransform fitted = Features.clip("x").between(0, Double.POSITIVE_INFINITY).fit(context(1, 2));
    assertClose(new double[] {0, 1e300}, apply(fitted, -3, 1e300));
  }

  @Test
  void clip_quantiles_learnedOnTrainingWithNumpyInterpolation() {
    // numpy.quantile([1, 2, 3, 4, 10, 7.5, -3, 0.5, 6, 6], [0.1, 0.9]) = [0.15, 7.75]
    FittedTransform fitted = Features.clip("x").quantiles(0.1, 0.9).fit(context(1, 2, 3, 4, 10, 7.5, -3, 0.5, 6, 6, NA));
    assertClose(new double[] {0.15, 7.75, 5}, apply(fitted, -100, 100, 5));
  }

  @Test
  void clip_withoutBounds_isAProblem() {
    assertEquals(List.of("clip of [x] has no bounds; add .between(lower, upper) for fixed bounds or"
            + " .quantiles(0.01, 0.99) for bounds learned from the training rows."),
        Fixtures.problems(Features.clip("x"), Table.builder().numeric("x", 1).build()));
  }

  @Test
  void clip_badBounds_areRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Features.clip("x").between(5, 1));
    assertEquals("between(5.0, 1.0) is not a range; give lower <= upper, e.g. between(0, 100), or between(0,"
        + " Double.POSITIVE_INFINITY) to clip one side only", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Features.clip("x").between(NA, 1));
    e = assertThrows(IllegalArgumentException.class, () -> Features.clip("x").quantiles(0.99, 0.01));
    assertEquals("quantiles(0.99, 0.01) are not quantiles with 0 <= lower < upper <= 1; give e.g."
        + " quantiles(0.01, 0.99)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Features.clip("x").quantiles(1, 99));
  }

  @Test
  void clip_spec_writesOpenSidesAsText() {
    assertEquals(Map.of("columns", List.of("x"), "between", List.of(0.0, "Infinity")),
        Features.clip("x").between(0, Double.POSITIVE_INFINITY).spec());
    assertEquals("clip{columns=[x], quantiles=[0.01, 0.99]}", Features.clip("x").quantiles(0.01, 0.99).toString());
  }

  // ---- quantileBins ----

  @Test
  void quantileBins_matchesScikitLearnKBinsDiscretizer() {
    // sklearn KBinsDiscretizer(n_bins=4, strategy='quantile', encode='ordinal') on
    // [3.2, 1, 1, 1, 2, 5, 8, 13, 21, 2.5, 2.5, 0.1]: edges [0.1, 1, 2.5, 5.75, 21];
    // -5, 1, 1.5, 2.5, 2.75, 3.2, 13, 100 -> 0, 1, 1, 2, 2, 2, 3, 3
    FittedTransform fitted =
        Features.quantileBins("x").bins(4).fit(context(3.2, 1, 1, 1, 2, 5, 8, 13, 21, 2.5, 2.5, 0.1, NA));
    assertEquals(List.of(1.0, 2.5, 5.75), ((QuantileBinsTransform) fitted).edges().get(0).inner());
    assertClose(new double[] {0, 1, 1, 2, 2, 2, 3, 3, NA}, apply(fitted, -5, 1, 1.5, 2.5, 2.75, 3.2, 13, 100, NA));
  }

  @Test
  void quantileBins_ties_dropNarrowBinsAsScikitLearn() {
    // sklearn with n_bins=5 on [1, 1, 1, 1, 1, 1, 2, 3]: edges [1, 1.6, 3], 2 bins;
    // 0, 1, 2, 2.5, 3, 4 -> 0, 0, 1, 1, 1, 1
    FittedTransform fitted = Features.quantileBins("x").bins(5).fit(context(1, 1, 1, 1, 1, 1, 2, 3));
    assertEquals(1, ((QuantileBinsTransform) fitted).edges().get(0).inner().size());
    assertClose(new double[] {0, 0, 1, 1, 1, 1}, apply(fitted, 0, 1, 2, 2.5, 3, 4));
  }

  @Test
  void quantileBins_constantColumn_isOneBin() {
    assertClose(new double[] {0, 0, 0}, apply(Features.quantileBins("x").bins(3).fit(context(4, 4, 4)), 0, 4, 9));
  }

  @Test
  void quantileBins_defaultAndBadBins() {
    assertEquals(Map.of("columns", List.of("x"), "bins", 5), Features.quantileBins("x").spec());
    var e = assertThrows(IllegalArgumentException.class, () -> Features.quantileBins("x").bins(1));
    assertEquals("bins(1) would not split anything; give at least 2 bins, e.g. bins(4) for quartiles", e.getMessage());
  }

  // ---- shared ----

  @Test
  void wrongType_hasTheHouseMessage_forEveryNumericStep() {
    Table table = Table.builder().categorical("x", "a").build();
    for (var step : List.of(Features.minMax("x"), Features.robustScale("x"), Features.log1p("x"),
        Features.clip("x").between(0, 1), Features.quantileBins("x"))) {
      assertEquals(List.of("column 'x' is CATEGORICAL; " + step.name() + " needs NUMERIC. Declare it with"
          + " CsvOptions.numeric(\"x\") or drop it."), Fixtures.problems(step, table));
    }
  }

  @Test
  void names_areTheCodecTags() {
    assertEquals("min_max", Features.minMax("x").name());
    assertEquals("robust_scale", Features.robustScale("x").name());
    assertEquals("log1p", Features.log1p("x").name());
    assertEquals("clip", Features.clip("x").name());
    assertEquals("quantile_bins", Features.quantileBins("x").name());
    assertEquals("frequency_encoding", Features.frequencyEncoding("x").name());
    assertEquals("weight_of_evidence", Features.weightOfEvidence("x").name());
    assertEquals("sine_cosine", Features.sineCosine("x", 7).name());
    assertEquals("calendar", Features.calendar(java.time.ZoneOffset.UTC, "x").name());
    assertEquals("group_rare", Features.groupRare("x").name());
  }
}
