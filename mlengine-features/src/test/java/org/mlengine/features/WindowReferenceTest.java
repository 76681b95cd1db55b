package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.spi.EventTransform;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;

/**
 * The rolling-window values of {@code shared/reference/features_vectors.md} §9, computed by
 * pandas: {@code x = [1, 3, 2, 5, 4]}, W = 3, excluding the current row ({@code shift(1)},
 * {@code closed='left'}), min_periods = 3. The rows are one day apart, so the slope per day is
 * the reference slope per step. The "next step" row is a request one day after the last row,
 * answered from a history holding the five rows.
 */
class WindowReferenceTest {
  private static final double NA = Double.NaN;
  private static final Instant DAY0 = Instant.parse("2024-01-01T00:00:00Z");

  /** x = [1, 3, 2, 5, 4] on five consecutive days, with a target y that no step reads. */
  private static Table series() {
    return Table.builder()
        .timestamp("date", DAY0, day(1), day(2), day(3), day(4))
        .numeric("x", 1, 3, 2, 5, 4)
        .numeric("y", 0, 0, 0, 0, 0)
        .build();
  }

  private static Instant day(int d) {
    return DAY0.plus(Duration.ofDays(d));
  }

  private static EventTransform fit(Window window) {
    return window.fit(FitContext.of(series(), "y", Split.timeOrdered("date", 0.8), 1));
  }

  /** Row by row, the tolerance of the reference's six decimals; NaN only where NaN is expected. */
  private static void assertColumn(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int r = 0; r < expected.length; r++) {
      if (Double.isNaN(expected[r])) {
        assertEquals(Double.NaN, actual[r], what + " row " + r);
      } else {
        assertEquals(expected[r], actual[r], 5e-7, what + " row " + r);
      }
    }
  }

  private static final Window LAST3 = Features.window("x").orderedBy("date").last(3)
      .mean().std().std(0).median().min().max().slope(Duration.ofDays(1));

  private static final List<String> COLUMNS = List.of("x_mean_3rows", "x_std_3rows", "x_std_pop_3rows", "x_median_3rows",
      "x_min_3rows", "x_max_3rows", "x_slope_per_1d_3rows");

  /** Per column of {@link #COLUMNS}: rows 0-2 (fewer than 3 values), row 3 ([1,3,2]), row 4 ([3,2,5]). */
  private static final double[][] TABLE = {
      {NA, NA, NA, 2, 3.333333},
      {NA, NA, NA, 1, 1.527525},
      {NA, NA, NA, 0.816497, 1.247219},
      {NA, NA, NA, 2, 3},
      {NA, NA, NA, 1, 2},
      {NA, NA, NA, 3, 5},
      {NA, NA, NA, 0.5, 1.0},
  };

  /** The "next step" row: window [2, 5, 4]. */
  private static final double[] NEXT_STEP = {3.666667, 1.527525, 1.247219, 4, 2, 5, 1.0};

  @Test
  void last3_overTheTable_reproducesPandasRollingShiftedByOne() {
    Table out = fit(LAST3).apply(series());
    for (int c = 0; c < COLUMNS.size(); c++) {
      assertColumn(TABLE[c], out.numericColumn(COLUMNS.get(c)), COLUMNS.get(c));
    }
    // exact where the arithmetic allows it
    assertEquals(2.0, out.numeric("x_mean_3rows", 3));
    assertEquals(1.0, out.numeric("x_std_3rows", 3));
    assertEquals(0.5, out.numeric("x_slope_per_1d_3rows", 3));
    assertEquals(1.0, out.numeric("x_slope_per_1d_3rows", 4));
  }

  @Test
  void last3_nextStep_fromAHistoryOfTheFiveRows_reproducesTheReference() {
    EventTransform window = fit(LAST3);
    History history = History.inMemory(Retention.unbounded(), window.sources());
    history.appendAll(History.ROWS, series());
    Table request = Table.builder().timestamp("date", day(5)).build();
    Table out = window.apply(request, history);
    for (int c = 0; c < COLUMNS.size(); c++) {
      assertColumn(new double[] {NEXT_STEP[c]}, out.numericColumn(COLUMNS.get(c)), COLUMNS.get(c));
    }
    // and each of the table's rows, answered from the same history, as the table path answered it
    Table offline = window.apply(series());
    Table online = window.apply(series().select("date"), history);
    for (String c : COLUMNS) {
      Fixtures.assertSameTable(offline.select(c), online.select(c));
    }
  }

  @Test
  void minObservations1_means_matchPandasMinPeriods1() {
    Table out = fit(Features.window("x").orderedBy("date").last(3).minObservations(1).mean()).apply(series());
    assertColumn(new double[] {NA, 1, 2, 2, 3.333333}, out.numericColumn("x_mean_3rows"), "min_periods=1 mean");
  }

  @Test
  void lag1_isTheSeriesShiftedByOne() {
    Table out = fit(Features.window("x").orderedBy("date").lag(1)).apply(series());
    assertColumn(new double[] {NA, 1, 3, 2, 5}, out.numericColumn("x_lag1"), "lag-1");
  }

  @Test
  void expandingMean_isPandasExpandingMeanShiftedByOne() {
    Table out = fit(Features.window("x").orderedBy("date").expanding().mean()).apply(series());
    assertColumn(new double[] {NA, 1, 2, 2, 2.75}, out.numericColumn("x_mean_all"), "expanding mean, shifted");
    assertEquals(2.75, out.numeric("x_mean_all", 4));
  }

  @Test
  void threeDayDuration_onDailyRows_equalsTheThreeRowWindow() {
    Table out = fit(Features.window("x").orderedBy("date").over(Duration.ofDays(3)).minObservations(3).mean().median())
        .apply(series());
    assertColumn(TABLE[0], out.numericColumn("x_mean_3d"), "3-day mean");
    assertColumn(TABLE[3], out.numericColumn("x_median_3d"), "3-day median");
  }
}
