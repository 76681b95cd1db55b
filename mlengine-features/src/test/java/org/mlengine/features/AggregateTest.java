package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlengine.features.AggregateFixtures.at;
import static org.mlengine.features.AggregateFixtures.calls;
import static org.mlengine.features.AggregateFixtures.customers;
import static org.mlengine.features.AggregateFixtures.fit;
import static org.mlengine.features.AggregateFixtures.historyOf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.spi.EventTransform;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.History;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.AggregateCodec;
import org.mlengine.runtime.internal.steps.AggregateTransform;

/**
 * The aggregate step on hand-computed tables (customers with snapshot times, their calls with
 * minutes and kinds), the rolling-window reference vectors, the bundle state and the error
 * messages.
 */
class AggregateTest {

  private static final List<String> ALL = List.of("calls_count", "calls_sum_Minutes", "calls_mean_Minutes", "calls_std_Minutes",
      "calls_min_Minutes", "calls_max_Minutes", "calls_distinct_Kind", "calls_mode_Kind", "calls_latest_Kind",
      "calls_days_since_latest", "calls_mode_Minutes", "calls_latest_Minutes");

  private static Aggregate everything() {
    return Features.aggregate("calls", calls()).on("Customer").timedBy("At").asOf("Snapshot")
        .count().sum("Minutes").mean("Minutes").std("Minutes").min("Minutes").max("Minutes")
        .distinctCount("Kind").mode("Kind").latest("Kind").timeSinceLatest(Duration.ofDays(1))
        .mode("Minutes").latest("Minutes");
  }

  private static final double NaN = Double.NaN;

  // ---- values, by hand ----

  @Test
  void apply_everyStatistic_matchesHandComputedValues() {
    Table out = fit(everything(), customers()).apply(customers());

    // Rows: c1 at 2024-03-01 (calls 01-01 10 billing, 01-10 20 support, 02-01 NaN support, 02-20 4 no kind;
    // the 03-01 cancellation is at the cutoff and left out), c2 at 03-01 (2023-10-01 7 billing, then 02-28T12
    // 5 billing and 9 support at one instant), c3 (no calls), c1 at 01-15 (01-01 and 01-10).
    assertEquals(customers().columnNames().size() + ALL.size(), out.columnNames().size());
    assertEquals(ALL, out.columnNames().subList(customers().columnNames().size(), out.columnNames().size()));
    assertArrayEquals(new double[] {4, 3, 0, 2}, out.numericColumn("calls_count"));
    assertArrayEquals(new double[] {34, 21, 0, 30}, out.numericColumn("calls_sum_Minutes"));
    assertArrayEquals(new double[] {34.0 / 3, 7, NaN, 15}, out.numericColumn("calls_mean_Minutes"), 1e-15);
    // Sample std (ddof 1): c1 {10, 20, 4} -> sqrt(196/3); c2 {7, 5, 9} -> 2; c1 early {10, 20} -> sqrt(50).
    assertArrayEquals(new double[] {Math.sqrt(196.0 / 3), 2, NaN, Math.sqrt(50)}, out.numericColumn("calls_std_Minutes"), 1e-14);
    assertArrayEquals(new double[] {4, 5, NaN, 10}, out.numericColumn("calls_min_Minutes"));
    assertArrayEquals(new double[] {20, 9, NaN, 20}, out.numericColumn("calls_max_Minutes"));
    assertArrayEquals(new double[] {2, 2, 0, 2}, out.numericColumn("calls_distinct_Kind"));
    assertEquals(ColumnType.CATEGORICAL, out.type("calls_mode_Kind"));
    // c1: support twice; c2: billing twice; c1 early: billing and support once each -> the smaller, billing.
    assertArrayEquals(new String[] {"support", "billing", null, "billing"}, out.stringColumn("calls_mode_Kind"));
    // c1: the 02-20 call has no kind, so the 02-01 one's; c2: two calls at one instant -> the later row of the calls table.
    assertArrayEquals(new String[] {"support", "support", null, "support"}, out.stringColumn("calls_latest_Kind"));
    assertArrayEquals(new double[] {10, 1.5, NaN, 5}, out.numericColumn("calls_days_since_latest"));
    assertEquals(ColumnType.NUMERIC, out.type("calls_mode_Minutes"));
    assertArrayEquals(new double[] {4, 5, NaN, 10}, out.numericColumn("calls_mode_Minutes"));
    assertArrayEquals(new double[] {4, 9, NaN, 20}, out.numericColumn("calls_latest_Minutes"));
    // The parent's columns are untouched.
    assertEquals(customers().row(1).toMap(), out.select(customers().columnNames().toArray(String[]::new)).row(1).toMap());
  }

  @Test
  void apply_inclusiveCutoff_countsTheCallAtTheSnapshotInstant() {
    Table exclusive = fit(everything(), customers()).apply(customers());
    Table inclusive = fit(everything().inclusive(), customers()).apply(customers());

    assertEquals(4, exclusive.numeric("calls_count", 0));
    assertEquals(5, inclusive.numeric("calls_count", 0));
    assertEquals(64, inclusive.numeric("calls_sum_Minutes", 0));
    assertEquals(16, inclusive.numeric("calls_mean_Minutes", 0));
    assertEquals(30, inclusive.numeric("calls_max_Minutes", 0));
    assertEquals(3, inclusive.numeric("calls_distinct_Kind", 0));
    assertEquals("cancel", inclusive.string("calls_latest_Kind", 0));
    assertEquals(0, inclusive.numeric("calls_days_since_latest", 0));
    // The other rows have no call at their cutoff instant.
    for (String c : List.of("calls_count", "calls_sum_Minutes", "calls_days_since_latest")) {
      for (int r = 1; r < 4; r++) {
        assertEquals(exclusive.numeric(c, r), inclusive.numeric(c, r), c + " row " + r);
      }
    }
  }

  @Test
  void apply_lookBack_countsOnlyCallsInTheWindowAndNamesIt() {
    Table out = fit(everything().lookBack(Duration.ofDays(90)), customers()).apply(customers());

    assertTrue(out.hasColumn("calls_90d_mean_Minutes"));
    assertTrue(out.hasColumn("calls_90d_days_since_latest"));
    // 90 days before 2024-03-01 is 2023-12-02: c2's call of 2023-10-01 drops out.
    assertArrayEquals(new double[] {4, 2, 0, 2}, out.numericColumn("calls_90d_count"));
    assertArrayEquals(new double[] {34, 14, 0, 30}, out.numericColumn("calls_90d_sum_Minutes"));
    assertEquals(Math.sqrt(8), out.numeric("calls_90d_std_Minutes", 1), 1e-15);
    assertEquals("billing", out.string("calls_90d_mode_Kind", 1)); // billing and support once each
  }

  @Test
  void apply_lookBackBoundary_includesACallExactlyAtCutoffMinusWindow() {
    Table sixty = fit(Features.aggregate("calls", calls()).on("Customer").timedBy("At").asOf("Snapshot").count().sum("Minutes")
        .lookBack(Duration.ofDays(60)), customers()).apply(customers());
    Table fiftyNine = fit(Features.aggregate("calls", calls()).on("Customer").timedBy("At").asOf("Snapshot").count().sum("Minutes")
        .lookBack(Duration.ofDays(59)), customers()).apply(customers());

    // 2024-03-01 minus 60 days is 2024-01-01T00:00, the instant of c1's first call.
    assertEquals(4, sixty.numeric("calls_60d_count", 0));
    assertEquals(34, sixty.numeric("calls_60d_sum_Minutes", 0));
    assertEquals(3, fiftyNine.numeric("calls_59d_count", 0));
    assertEquals(24, fiftyNine.numeric("calls_59d_sum_Minutes", 0));
  }

  @Test
  void apply_entityWithoutEarlierCalls_getsZeroCountsAndMissingValues() {
    Table out = fit(everything(), customers()).apply(customers());

    int c3 = 2;
    assertEquals(0, out.numeric("calls_count", c3));
    assertEquals(0, out.numeric("calls_sum_Minutes", c3));
    assertEquals(0, out.numeric("calls_distinct_Kind", c3));
    for (String c : List.of("calls_mean_Minutes", "calls_std_Minutes", "calls_min_Minutes", "calls_max_Minutes",
        "calls_days_since_latest", "calls_mode_Minutes", "calls_latest_Minutes", "calls_mode_Kind", "calls_latest_Kind")) {
      assertTrue(out.isMissing(c, c3), c);
    }
  }

  @Test
  void apply_offlineHistoryAndRowKernel_agreeBitForBit() throws ReflectiveOperationException {
    for (Aggregate step : List.of(everything(), everything().inclusive(), everything().lookBack(Duration.ofDays(45)))) {
      EventTransform t = fit(step, customers());
      History history = historyOf(t, calls(), "At");
      Table offline = t.apply(customers());
      Table online = t.apply(customers(), history);
      Fixtures.assertSameTable(offline, online);
      List<String> outputs = offline.columnNames().subList(customers().columnNames().size(), offline.columnNames().size());
      AggregateFixtures.Kernel kernel = new AggregateFixtures.Kernel(t, customers().select("Customer", "Snapshot").schema(), outputs);
      for (int r = 0; r < customers().rowCount(); r++) {
        Object[] row = kernel.run(customers(), r, history);
        for (int s = 0; s < outputs.size(); s++) {
          Object expected = offline.value(outputs.get(s), r);
          assertEquals(expected == null && offline.type(outputs.get(s)) == ColumnType.NUMERIC ? NaN : expected, row[s],
              outputs.get(s) + " row " + r);
        }
      }
    }
  }

  /**
   * features_vectors.md §9, rolling over x=[1,3,2,5,4] (one value a day), excluding the current
   * row: a look-back of 3 days is pandas' {@code rolling(3, closed='left')}.
   */
  @Test
  void apply_oneSeriesAsOfEachDay_reproducesTheRollingReferenceVectors() {
    String[] series = {"s", "s", "s", "s", "s"};
    Table x = Table.builder().categorical("Series", series)
        .timestamp("Day", at("2024-01-01"), at("2024-01-02"), at("2024-01-03"), at("2024-01-04"), at("2024-01-05"))
        .numeric("x", 1, 3, 2, 5, 4).build();
    Table days = Table.builder().categorical("Series", "s", "s", "s", "s", "s", "s")
        .timestamp("Day", at("2024-01-01"), at("2024-01-02"), at("2024-01-03"), at("2024-01-04"), at("2024-01-05"), at("2024-01-06"))
        .categorical("y", "a", "b", "a", "b", "a", "b").build();
    Aggregate base = Features.aggregate("x", x).on("Series").timedBy("Day").asOf("Day");

    Table window = fit(base.count().mean("x").std("x").min("x").max("x").lookBack(Duration.ofDays(3)), days).apply(days);
    // Rows 3, 4 and the next step: windows [1,3,2], [3,2,5], [2,5,4].
    assertArrayEquals(new double[] {2, 3.333333, 3.666667}, tail(window.numericColumn("x_3d_mean_x")), 1e-6);
    assertArrayEquals(new double[] {1, 1.527525, 1.527525}, tail(window.numericColumn("x_3d_std_x")), 1e-6);
    assertArrayEquals(new double[] {1, 2, 2}, tail(window.numericColumn("x_3d_min_x")));
    assertArrayEquals(new double[] {3, 5, 5}, tail(window.numericColumn("x_3d_max_x")));
    // min_periods=1: means [NaN, 1, 2, 2, 3.333333].
    assertArrayEquals(new double[] {NaN, 1, 2, 2, 3.333333}, head(window.numericColumn("x_3d_mean_x")), 1e-6);

    Table expanding = fit(base.mean("x").latest("x"), days).apply(days);
    assertArrayEquals(new double[] {NaN, 1, 2, 2, 2.75}, head(expanding.numericColumn("x_mean_x")), 1e-15);
    assertArrayEquals(new double[] {NaN, 1, 3, 2, 5}, head(expanding.numericColumn("x_latest_x")));

    // Including the current row (pandas' default window of 3): the row and the two days before it.
    Table including = fit(base.mean("x").lookBack(Duration.ofDays(2)).inclusive(), days).apply(days);
    assertArrayEquals(new double[] {2, 3.333333, 3.666667}, java.util.Arrays.copyOfRange(including.numericColumn("x_2d_mean_x"), 2, 5),
        1e-6);
  }

  private static double[] tail(double[] column) {
    return java.util.Arrays.copyOfRange(column, 3, 6);
  }

  private static double[] head(double[] column) {
    return java.util.Arrays.copyOfRange(column, 0, 5);
  }

  // ---- the step's contract ----

  @Test
  void sources_nameTheRelatedTableByItsKeyTimeAndColumnsRead() {
    EventTransform t = fit(everything().lookBack(Duration.ofDays(90)), customers());

    assertEquals(List.of(new EventSource("calls", Optional.of("Customer"), "At",
        List.of(new Schema.Field("Minutes", ColumnType.NUMERIC, List.of()), new Schema.Field("Kind", ColumnType.CATEGORICAL, List.of())),
        Optional.of(Duration.ofDays(90)), 0)), t.sources());
    assertEquals(List.of(), t.pastColumns());
    assertEquals(List.of("Customer", "Snapshot"), t.inputColumns());
    assertFalse(everything().readsOwnRows());
    assertEquals(Optional.empty(), fit(everything(), customers()).sources().get(0).horizon());
  }

  @Test
  void on_parentAndChildKeysNamedDifferently_joinsOnThem() {
    Table renamed = customers().withCategorical("Client", customers().stringColumn("Customer")).drop("Customer");
    Table out = fit(Features.aggregate("calls", calls()).on("Client", "Customer").timedBy("At").asOf("Snapshot").count(), renamed)
        .apply(renamed);

    assertArrayEquals(new double[] {4, 3, 0, 2}, out.numericColumn("calls_count"));
  }

  @Test
  void timeSinceLatest_otherUnits_nameTheUnit() {
    Aggregate step = Features.aggregate("calls", calls()).on("Customer").timedBy("At").asOf("Snapshot")
        .timeSinceLatest(Duration.ofHours(1)).timeSinceLatest(Duration.ofDays(7)).timeSinceLatest(Duration.ofHours(12));
    EventTransform t = fit(step, customers());
    Table out = t.apply(customers());

    assertEquals(List.of(), t.sources().get(0).values()); // reads no column of calls: the history keeps keys and times
    Fixtures.assertSameTable(out, t.apply(customers(), historyOf(t, calls(), "At")));
    assertEquals(36, out.numeric("calls_hours_since_latest", 1));
    assertEquals(1.5 / 7, out.numeric("calls_weeks_since_latest", 1));
    assertEquals(3, out.numeric("calls_12h_units_since_latest", 1));
  }

  @Test
  void options_returnChangedCopies_leavingTheStepUntouched() {
    Aggregate base = Features.aggregate("calls", calls()).on("Customer").timedBy("At").asOf("Snapshot").count();
    Aggregate windowed = base.lookBack(Duration.ofDays(30));

    assertEquals(List.of("calls_count"), base.spec().get("statistics"));
    assertEquals(List.of("calls_30d_count"), windowed.spec().get("statistics"));
    assertEquals("aggregate{source=calls, relatedRows=9, on=[Customer, Customer], timedBy=At, asOf=Snapshot, inclusive=false,"
        + " lookBack=PT720H, statistics=[calls_30d_count]}", windowed.toString());
  }

  // ---- the bundle ----

  @Test
  void codec_roundTrip_keepsTheDefinitionButNoRows() {
    EventTransform fitted = fit(everything().lookBack(Duration.ofDays(90)).inclusive(), customers());
    AggregateCodec codec = new AggregateCodec();
    ObjectNode state = codec.write(fitted);
    FittedTransform read = codec.read(state);

    assertEquals(((AggregateTransform) fitted).definition(), ((AggregateTransform) read).definition());
    assertEquals(state, codec.write(read));
    assertFalse(state.toString().contains("billing"), "the related rows are not written: " + state);
    assertEquals(7776000000L, state.get("lookBackMillis").longValue());
    Fixtures.assertSameTable(fitted.apply(customers()), ((EventTransform) read).apply(customers(), historyOf(fitted, calls(), "At")));
  }

  /** The version-1 state, pinned: a bundle written today must read the same definition tomorrow. */
  @Test
  void codec_versionOneState_isPinnedAndComputesTheSameValues() throws java.io.IOException {
    String golden = "{\"version\":1,\"source\":\"calls\",\"parentKey\":\"Customer\",\"childKey\":\"Customer\",\"time\":\"At\","
        + "\"cutoff\":\"Snapshot\",\"inclusive\":false,\"lookBackMillis\":7776000000,\"values\":[{\"name\":\"Minutes\","
        + "\"type\":\"NUMERIC\"},{\"name\":\"Kind\",\"type\":\"CATEGORICAL\"}],\"statistics\":[{\"kind\":\"count\"},"
        + "{\"kind\":\"mean\",\"column\":\"Minutes\"},{\"kind\":\"mode\",\"column\":\"Kind\"},{\"kind\":\"since_latest\","
        + "\"unitMillis\":86400000}]}";
    EventTransform fitted = fit(Features.aggregate("calls", calls()).on("Customer").timedBy("At").asOf("Snapshot")
        .count().mean("Minutes").mode("Kind").timeSinceLatest(Duration.ofDays(1)).lookBack(Duration.ofDays(90)), customers());
    AggregateCodec codec = new AggregateCodec();

    assertEquals(golden, codec.write(fitted).toString());
    EventTransform read = (EventTransform) codec.read(new com.fasterxml.jackson.databind.ObjectMapper().readTree(golden));
    Fixtures.assertSameTable(fitted.apply(customers()), read.apply(customers(), historyOf(fitted, calls(), "At")));
  }

  @Test
  void apply_transformReadFromABundle_saysToScoreThroughAHistory() {
    AggregateCodec codec = new AggregateCodec();
    EventTransform read = (EventTransform) codec.read(codec.write(fit(everything(), customers())));

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> read.apply(customers()));
    assertEquals("aggregate 'calls' was read from a bundle, and a bundle holds no rows of the related table 'calls' (they are data,"
        + " not fitted state). Score through a Predictor with a History holding source 'calls' (predictor.withHistory(history)),"
        + " or call FittedPipeline.transform(table, history) or apply(table, history).", e.getMessage());
  }

  @Test
  void codec_unknownStatistic_namesTheFieldAndTheChoices() {
    AggregateCodec codec = new AggregateCodec();
    ObjectNode state = codec.write(fit(everything(), customers()));
    ((ObjectNode) state.get("statistics").get(1)).put("kind", "median");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.read(state));
    assertEquals("aggregate state field 'statistics[1].kind' is 'median'; expected one of count, sum, mean, std, min, max,"
        + " distinct, mode, latest, since_latest", e.getMessage());
  }

  @Test
  void codec_statisticOfAnUnlistedColumn_isInconsistentState() {
    AggregateCodec codec = new AggregateCodec();
    ObjectNode state = codec.write(fit(everything(), customers()));
    ((ObjectNode) state.get("statistics").get(1)).put("column", "Cost");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.read(state));
    assertEquals("aggregate state is inconsistent: statistic sum reads column 'Cost', which has no type among"
        + " {Minutes=NUMERIC, Kind=CATEGORICAL}", e.getMessage());
  }

  // ---- error messages ----

  @Test
  void on_keyAbsentFromTheRelatedTable_namesItsColumns() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Features.aggregate("calls", calls()).on("Custmer"));
    assertEquals("aggregate 'calls' reads column 'Custmer' of 'calls' (its key), which is not in that table; it has"
        + " [Customer, At, Minutes, Kind]. Check the spelling.", e.getMessage());
  }

  @Test
  void on_relatedRowsWithoutKey_areRefusedWithTheirRows() {
    Table calls = calls().withCategorical("Customer", new String[] {"c1", null, "c1", "c4", "c2", "c1", null, "c2", "c1"});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Features.aggregate("calls", calls).on("Customer"));
    assertEquals("2 row(s) of 'calls' have no key in 'Customer' (rows [1, 6]); every related row needs the entity it belongs to."
        + " Drop those rows or fill them in.", e.getMessage());
  }

  @Test
  void timedBy_notATimestamp_saysHowToDeclareIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Features.aggregate("calls", calls()).timedBy("Minutes"));
    assertEquals("column 'Minutes' of 'calls' is NUMERIC; its time needs TIMESTAMP. Declare it with CsvOptions.timestamp(\"Minutes\")"
        + " when reading 'calls'.", e.getMessage());
  }

  @Test
  void mean_severalBadColumns_reportsEveryProblemAtOnce() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Features.aggregate("calls", calls()).mean("Kind", "Minuts", "Minutes"));
    assertEquals("column 'Kind' of 'calls' is CATEGORICAL; mean needs NUMERIC. Declare it with CsvOptions.numeric(\"Kind\") when"
        + " reading 'calls'.\n"
        + "aggregate 'calls' reads column 'Minuts' of 'calls' (mean), which is not in that table; it has [Customer, At, Minutes,"
        + " Kind]. Check the spelling.", e.getMessage());
  }

  @Test
  void mean_askedTwice_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Features.aggregate("calls", calls()).mean("Minutes").count().mean("Minutes"));
    assertEquals("aggregate 'calls' already computes calls_mean_Minutes; ask for each statistic once", e.getMessage());
  }

  @Test
  void sum_infiniteValue_isRefused() {
    Table calls = calls().withNumeric("Minutes", new double[] {4, 5, 30, Double.POSITIVE_INFINITY, 7, 10, NaN, 9, 20});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Features.aggregate("calls", calls).sum("Minutes"));
    assertEquals("column 'Minutes' of 'calls' is Infinity at row 3; aggregates need finite numbers, with NaN for a missing value.",
        e.getMessage());
  }

  @Test
  void lookBack_notPositive_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Features.aggregate("calls", calls()).lookBack(Duration.ZERO));
    assertEquals("lookBack(PT0S) of aggregate 'calls' needs a positive duration of whole milliseconds, e.g."
        + " lookBack(Duration.ofDays(90)); leave it out to count every earlier row", e.getMessage());
  }

  @Test
  void check_unfinishedStepOnAParentTable_listsEveryProblem() {
    List<String> problems = Fixtures.problems(Features.aggregate("calls", calls()), customers());
    assertEquals(List.of(
        "aggregate 'calls' has no key; call .on(\"Customer\") (or .on(parentKey, childKey)) with the column joining the tables.",
        "aggregate 'calls' has no time column; call .timedBy(\"At\") with the related table's TIMESTAMP column.",
        "aggregate 'calls' has no cutoff; call .asOf(\"Snapshot\") with the parent table's TIMESTAMP column before which related"
            + " rows count.",
        "aggregate 'calls' computes nothing; ask for at least one statistic, e.g. .count() or .mean(\"Minutes\")."), problems);
  }

  @Test
  void check_parentColumnsAbsentOrMistyped_areReported() {
    Table parents = customers().drop("Snapshot").withNumeric("Customer", new double[] {1, 2, 3, 1});
    List<String> problems = Fixtures.problems(everything(), parents);
    assertEquals(List.of(
        "column 'Customer' is NUMERIC; aggregate 'calls' needs CATEGORICAL. Declare it with CsvOptions.categorical(\"Customer\") or"
            + " drop it.",
        "aggregate 'calls' reads column 'Snapshot', which is not in the table; the table has [Customer, Tenure, Churned]. Check the"
            + " spelling."), problems);
  }

  @Test
  void apply_parentRowWithoutCutoff_namesTheRow() {
    EventTransform t = fit(everything(), customers());
    Table parents = customers().withTimestamp("Snapshot", new long[] {0, Long.MIN_VALUE, 0, 0});

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> t.apply(parents));
    assertEquals("Snapshot", e.column());
    assertEquals("aggregate 'calls' needs the cutoff time 'Snapshot' of every row (only rows of 'calls' before it count), but row 1"
        + " has none; drop such rows or fill in the time", e.getMessage());
  }

  @Test
  void rowKernel_withoutHistory_saysHowToAttachOne() throws ReflectiveOperationException {
    EventTransform t = fit(everything(), customers());
    AggregateFixtures.Kernel kernel = new AggregateFixtures.Kernel(t, customers().select("Customer", "Snapshot").schema(), ALL);

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> kernel.run(customers(), 0, null));
    assertEquals("aggregate 'calls' reads each row's past rows of 'calls' from a History, and this row has none attached; score"
        + " through predictor.withHistory(history), with the application appending each event of 'calls' to the history, or attach"
        + " one with RowBuffer.setHistory(history)", e.getMessage());
  }

  @Test
  void rowKernel_keyNeverSeen_getsZeroCount() throws ReflectiveOperationException {
    EventTransform t = fit(everything(), customers());
    AggregateFixtures.Kernel kernel = new AggregateFixtures.Kernel(t, customers().select("Customer", "Snapshot").schema(), ALL);
    Table stranger = Table.fromRows(List.of(Map.of("Customer", "c99", "Snapshot", at("2024-03-01"))));

    Object[] out = kernel.run(stranger, 0, historyOf(t, calls(), "At"));
    assertEquals(0.0, out[0]);
    assertNull(out[7]);
  }
}
